"""How much of a candidate's text and lists a document prints.

Validation (scoring/validate) limits what a file may hold, but the
renderers are also fed model objects directly, and a document must stay a
document: one 100,000-character name or 100,000 assessors must not make
WeasyPrint spend minutes and gigabytes laying out a single scorecard. So
every text a candidate wrote is cut at a length no real one reaches, with
a note saying how much was cut, and every list is capped with "... and N
more". Both notes are in the document's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..model import Lang

T = TypeVar("T")

# Characters. The sample files' longest name is under 90 characters, their
# longest title about 160 and their longest note about 260. WeasyPrint's
# time grows faster than linearly with the length of an unbroken word
# (measured before these limits: one 30,000-character name, 48 s for a
# scorecard and 97 s for a ranked list on a loaded 2-core machine; 12
# signature blocks of 300 unbroken characters, 10 s with `overflow-wrap:
# anywhere`, 0.7 s with `break-word`), so the limits stay well below that.
NAME_MAX = 150  # candidate name, province, zone, ids, assessor and report names
TEXT_MAX = 500  # a note, a report title, a URL, a label or rule from the criteria
# Items of one list printed on one document.
LIST_MAX = 20  # notes, reports, and regulations or evidence of one indicator
PANEL_MAX = 12  # signature blocks, and panel scores of one indicator


def _count(n: int, lang: Lang) -> str:
    from .fmt import Formatter

    return Formatter(lang).count(n)


def cut_text(text: str, limit: int, lang: Lang = "id") -> str:
    """`text` if at most `limit` characters, else its start, an ellipsis and
    `[N karakter dipotong]` / `[N characters cut]`, `limit` characters in all
    (or the note alone when `limit` is shorter than the note)."""
    if len(text) <= limit:
        return text

    def note(n: int) -> str:
        if lang == "id":
            return f"\u2026 [{_count(n, lang)} karakter dipotong]"
        return f"\u2026 [{_count(n, lang)} character{'' if n == 1 else 's'} cut]"

    keep = max(limit - len(note(len(text))), 0)  # the note for the whole length is the widest
    return text[:keep] + note(len(text) - keep)


def cap_items(items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The first `limit` items and how many were left out."""
    return list(items[:limit]), max(len(items) - limit, 0)


def more_text(n: int, lang: Lang = "id") -> str:
    """`... dan 3 lainnya` / `... and 3 more`; empty for 0."""
    if n <= 0:
        return ""
    if lang == "id":
        return f"\u2026 dan {_count(n, lang)} lainnya"
    return f"\u2026 and {_count(n, lang)} more"
