"""HTML of the documents from templates/*.html.j2 (Jinja2).

Security: candidate files come from other people, so every template is
autoescaped (`autoescape=True`, not `select_autoescape()`, which leaves
`*.html.j2` raw) with StrictUndefined; values placed in CSS go through
`css_string`, and characters our font cannot draw (and bidi or control
characters) are written as code points by `printable`.

What the documents show comes from context.py; this module only places it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import CategoryResult, Lang, Ranking
from .context import ranklist_context, scorecard_context

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def css_string(value: Any) -> Any:
    """A CSS string literal for a <style> block; every risky character escaped.

    Autoescape does not cover CSS: quotes, backslashes, `<` (which could
    close the style element) and newlines become CSS hex escapes.
    """
    from markupsafe import Markup

    out = []
    for ch in str(value):
        if ch.isalnum() or ch in " .,:;-_/()+=#\u00b7":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')


# Explicit bidi embeddings, overrides and isolates. A candidate's text could
# use them to make what is printed read differently from what was written
# (U+202E turns the rest of a line around), so they are shown as code
# points. Arabic and Hebrew still run right to left by the Unicode
# bidirectional algorithm, which needs none of them.
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@functools.lru_cache(maxsize=1)
def font_coverage() -> frozenset[int]:
    """Code points the shipped font can draw (regular, bold and oblique),
    less the bidi controls."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    points: set[int] = set()
    for font in sorted((TEMPLATES_DIR / "fonts").glob("*.ttf")):
        with TTFont(str(font), lazy=True) as tt:
            points.update(tt.getBestCmap())
    return frozenset(points) - BIDI_CONTROLS


def printable(value: Any) -> Any:
    """Characters our font cannot draw, written as their code point.

    Without this a candidate's emoji becomes an empty box and WeasyPrint
    logs a warning per glyph; `[U+1F600]` keeps the text's meaning on paper.
    Bidi override controls are shown the same way (see BIDI_CONTROLS), and
    so are control characters (BEL, ESC, NUL: `[U+0007]`), which the font
    has no glyph for and which would otherwise reach the PDF's text layer,
    and from there a terminal that `pdftotext` prints to. Newlines and tabs
    are kept (HTML renders them as spaces). Applied to every `{{ ... }}`
    output (Jinja's `finalize`), before escaping. Markup we built ourselves
    is left alone.
    """
    from markupsafe import Markup

    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if value.isascii() and value.isprintable():
        return value
    cover = font_coverage()
    if all(ord(ch) in cover or ch in "\n\t" for ch in value):
        return value
    return "".join(ch if ord(ch) in cover or ch in "\n\t" else f"[U+{ord(ch):04X}]" for ch in value)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names are errors."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=printable,
    )
    env.filters["css_string"] = css_string
    return env


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def scorecard_html(
    ranking: Ranking,
    category_result: CategoryResult,
    index: int,
    lang: Lang,
    generated: date,
) -> str:
    ctx = scorecard_context(ranking, category_result, index, lang, generated)
    return render_html("scorecard.html.j2", ctx)


def ranklist_html(
    ranking: Ranking, lang: Lang, categories: Sequence[str] | None, generated: date
) -> str:
    return render_html("ranklist.html.j2", ranklist_context(ranking, lang, categories, generated))
