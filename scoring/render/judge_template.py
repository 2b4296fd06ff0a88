"""The judge file skeleton (`paritrana panel template`): a judge file
(docs/formats.md, "Judge files") with the judge's id, the stage, every
candidate entering the stage and every rubric item of the stage left
empty, and comments saying how to fill it in (Bahasa Indonesia, or
English).

An empty item is `null`, "not scored yet": the skeleton validates as it
is (with a warning per empty item) once the judge's name is in, and a
filled one scores. Text from the criteria and the candidates' files only
ever reaches comments after every line break and control character is
made a space, so it cannot end a comment and become YAML; ids are written
plain only when they are of the id alphabet, else quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Candidate, Category, Criteria, Judge, Lang, Stage
from ..output import write_atomic
from . import i18n_panel
from .panel_view import levels, scale, stage_items

_PLAIN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Anything that could end a YAML comment line or disturb a terminal: C0/C1
# controls, the Unicode line and paragraph separators, NEL, bidi controls.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")
COMMENT_MAX = 300  # characters of one descriptor or name in a comment


def comment_text(text: str) -> str:
    """One safe comment line's worth of `text`."""
    flat = " ".join(_BREAKS.sub(" ", text).split())
    return flat if len(flat) <= COMMENT_MAX else flat[: COMMENT_MAX - 1] + "\u2026"


def _reads_as_text(text: str) -> bool:
    """Does YAML read this plain scalar as the text itself (not `null`,
    `4`, `yes` as a boolean, `2023-02-20` as a date)?"""
    import yaml

    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain for ids that YAML reads as text, else double-quoted (JSON's
    escapes are YAML's), with every non-printable character escaped."""
    if _PLAIN.match(text) and _reads_as_text(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in quoted)


@dataclass(frozen=True)
class Entrants:
    """A category's candidates entering the stage (the staged ranking's)."""

    category: Category
    stage: Stage
    candidates: tuple[Candidate, ...]


def judge_template(
    criteria: Criteria,
    entrants: Sequence[Entrants],
    *,
    judge: Judge,
    stage_id: str,
    lang: Lang = "id",
    panel_date: date | None = None,
    criteria_hash: str = "",
) -> str:
    """The skeleton's text. The judge's details known (`judge.name` may be
    empty: it is then left for the secretariat to fill in)."""
    t = i18n_panel.template_text(lang)
    out: list[str] = []

    def note(text: str, indent: int = 0) -> None:
        out.append(" " * indent + "# " + comment_text(text))

    note(t["head"])
    status = t["official"] if criteria.status == "official" else t["proposal"]
    note(
        t["criteria"].format(
            title=criteria.title.get(lang), edition=criteria.edition, status=status
        )
    )
    if criteria_hash:
        note(t["criteria_hash"].format(digest=criteria_hash))
    if any(c.synthetic for e in entrants for c in e.candidates):
        note(t["synthetic"])
    note(t["how"])
    note(t["how_abstain"])
    note(t["how_check"])
    out.append("")
    note(t["judge"])
    out.append("judge:")
    out.append(f"  id: {scalar(judge.id)}")
    for key in ("name", "role", "organisation", "province"):
        value = getattr(judge, key)
        if value:
            out.append(f"  {key}: {scalar(value)}")
        else:
            out.append(f"  {key}:" + " " * (14 - len(key)) + f"# {comment_text(t[key])}")
    labels = sorted({e.stage.label.get(lang) for e in entrants})
    out.append(
        f"stage: {scalar(stage_id)}"
        + (f"  # {comment_text(t['stage'].format(label=', '.join(labels)))}" if labels else "")
    )
    out.append(
        f"date: {panel_date.isoformat()}" if panel_date else f"date:            # {t['date']}"
    )
    out.append("")
    first = next((c.id for e in entrants for c in e.candidates), "id-peserta")
    reason = t["example_reason"]
    note(t["conflicts"])
    note(f"  {first}: {reason}")
    out.append("conflicts:")
    note(t["waivers"])
    note(f"  {first}: {reason}")
    out.append("waivers:")
    out.append("")
    note(t["scores"])
    out.append("scores:")
    for group in entrants:
        items = stage_items(group.category, group.stage)
        for cand in group.candidates:
            label = t["candidate"].format(name=cand.name, category=group.category.label.get(lang))
            if cand.synthetic:
                label += f" ({t['synthetic']})"
            note(label, 2)
            out.append(f"  {scalar(cand.id)}:")
            for item in items:
                low, high = scale(item)
                note(
                    t["item"].format(label=item.label.get(lang), low=low, high=high),
                    4,
                )
                for level, text_id, text_en in levels(item):
                    text = text_en if lang == "en" else text_id
                    if text:
                        note(f"  {level} = {text}", 4)
                out.append(f"    {scalar(item.id)}:")
            note(f"comment: {t['comment']}", 4)
            note(t["abstain"], 4)
    return "\n".join(out) + "\n"


def write_new(path: Path, data: bytes, inputs: Sequence[Path] = ()) -> None:
    """Write `data` to `path`, which must not exist: a judge's file may
    already hold scores, so it is never replaced (OutputError naming it,
    exit 1); an input path is refused as for every output (exit 2).

    Atomic and no-clobber at once: the data goes to a temporary file in the
    same folder, which is then hard-linked to `path` (`link` fails if
    `path` appeared meanwhile) and removed.
    """
    write_atomic(Path(path), data, inputs=inputs, replace=False)
