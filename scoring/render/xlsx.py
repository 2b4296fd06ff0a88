"""Workbook export: one sheet per category, numbers stored as numbers.

Every text cell (names, provinces, labels from the criteria) goes through
`cells.xlsx_text` (control characters escaped, cut to a cell's size) and is
stored as a string cell: openpyxl would store a str starting with `=` as a
formula, so the data type is set explicitly, and a text that starts like a
formula also gets the quote-prefix style (see cells.py).

openpyxl is imported here only, when `rank --format xlsx` runs.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ..errors import printable
from ..model import Lang, Ranking
from .cells import looks_like_formula, xlsx_text
from .rows import candidate_rows, stage_view
from .wording import cutoff_text, stage_text, tie_text


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, no apostrophe at
    either end, unique; control characters escaped first."""
    base = re.sub(r"[\[\]:*?/\\]", "-", printable(text))[:31].strip("'") or "sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _append(ws: Any, values: Sequence[object], lang: Lang) -> None:
    """Append a row; text cells become string cells that are never formulas."""
    ws.append([xlsx_text(v, lang) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl guessed "f" for a leading "="
            if looks_like_formula(cell.value):
                cell.quotePrefix = True


def _number(x: float) -> float | None:
    """A finite number rounded to 6 decimals; an empty cell otherwise."""
    return round(x, 6) if math.isfinite(x) else None


def ranking_xlsx(ranking: Ranking, lang: Lang, generated: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .fmt import Formatter
    from .i18n import short_labels

    t = short_labels(lang)
    fmt = Formatter(lang)
    crit = ranking.criteria
    wb = Workbook()
    for sheet in list(wb.worksheets):  # the empty default sheet
        wb.remove(sheet)
    stamp = datetime(generated.year, generated.month, generated.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = xlsx_text(crit.title.get(lang), lang)
    used: set[str] = set()
    bold = Font(bold=True)
    for result in ranking.results:
        cat = result.category
        ws = wb.create_sheet(_sheet_title(cat.id, used))
        _append(ws, [f"{crit.title.get(lang)}: {cat.label.get(lang)}"], lang)
        ws["A1"].font = bold
        view = stage_view(result)
        facts = [
            f"{t['edition']}: {crit.edition} ({t[crit.status]})",
            f"{t['generated']}: {fmt.date(generated)}",
            f"{t['missing']}: {t['policy_' + cat.missing]}",
        ]
        # The stage and its cut-off, each in a cell of its own on row 2.
        facts += [
            text
            for text in (
                stage_text(view, lang, fmt.points),
                cutoff_text(view, lang, fmt.points),
                tie_text(view, lang),
            )
            if text
        ]
        _append(ws, facts, lang)
        header = [t["rank"], t["id"], t["name"], t["province"], t["total"], t["max_total"]]
        header += [f"{p.label.get(lang)} ({t['points']})" for p in cat.pillars]
        header += [f"{i.label.get(lang)} ({t['score']})" for i in cat.indicators]
        header += [t["flags"], t["stage"], t["complete"], t["shortlisted_col"]]
        _append(ws, header, lang)
        for cell in ws[3]:
            cell.font = bold
        ws.freeze_panes = "A4"
        for row in candidate_rows(result):
            c = row.candidate
            values: list[object] = [
                row.rank,
                c.id,
                c.name,
                c.province,
                _number(row.total),
                _number(row.max_total),
            ]
            values += [_number(p.points) for p in row.pillars]
            values += [None if i.score is None else _number(i.score) for i in row.indicators]
            values += [" ".join(row.flags)]
            # Issue 8's columns last, so every earlier column keeps its place;
            # yes/no as words (a workbook is read by people).
            values += [
                row.stage.id if row.stage is not None else None,
                fmt.yes_no(row.complete),
                fmt.yes_no(row.shortlisted),
            ]
            _append(ws, values, lang)
        ws.column_dimensions["C"].width = 36
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
