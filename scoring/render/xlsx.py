"""Workbook export: one sheet per category, numbers stored as numbers.

openpyxl is imported here only, when `rank --format xlsx` runs.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from ..model import Lang, Ranking
from .rows import candidate_rows


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def ranking_xlsx(ranking: Ranking, lang: Lang, generated: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .fmt import Formatter
    from .i18n import short_labels

    t = short_labels(lang)
    fmt = Formatter(lang)
    crit = ranking.criteria
    wb = Workbook()
    wb.remove(wb.active)
    stamp = datetime(generated.year, generated.month, generated.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = crit.title.get(lang)
    used: set[str] = set()
    bold = Font(bold=True)
    for result in ranking.results:
        cat = result.category
        ws = wb.create_sheet(_sheet_title(cat.id, used))
        ws.append([f"{crit.title.get(lang)}: {cat.label.get(lang)}"])
        ws["A1"].font = bold
        ws.append([
            f"{t['edition']}: {crit.edition} ({t[crit.status]})",
            f"{t['generated']}: {fmt.date(generated)}",
            f"{t['missing']}: {t['policy_' + cat.missing]}",
        ])
        header = [t["rank"], t["id"], t["name"], t["province"], t["total"], t["max_total"]]
        header += [f"{p.label.get(lang)} ({t['points']})" for p in cat.pillars]
        header += [f"{i.label.get(lang)} ({t['score']})" for i in cat.indicators]
        header += [t["flags"]]
        ws.append(header)
        for cell in ws[3]:
            cell.font = bold
        ws.freeze_panes = "A4"
        for row in candidate_rows(result):
            c = row.candidate
            values: list[object] = [row.rank, c.id, c.name, c.province,
                                    round(row.total, 6), round(row.max_total, 6)]
            values += [round(p.points, 6) for p in row.pillars]
            values += [None if i.score is None else round(i.score, 6) for i in row.indicators]
            values += [" ".join(row.flags)]
            ws.append(values)
        ws.column_dimensions["C"].width = 36
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
