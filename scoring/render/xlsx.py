"""Workbook export, following Excel's conventions (docs/outputs.md, "Workbook").

Per category two sheets: the ranking (rank, id, name, province, totals,
points per pillar, score per indicator, flags, stage, complete,
shortlisted) and the values the candidates submitted (one column per field
the category's indicators read). Each has its title on row 1, facts on
row 2, the header on row 3, frozen and with an autofilter, and prints
landscape, fitted to the page's width, the header repeated on every page.

Numbers are number cells with Excel's built-in formats (`#,##0.00`,
`#,##0`): Excel shows them with the separators of the reader's own locale
(84,85 in Indonesia, 84.85 in England). A pending interview item shows the
word for pending, never 0; a missing value is an empty cell. Words (flags,
yes/no, levels) are in the sheet's language (`--lang`).

Every text cell (names, provinces, labels from the criteria) goes through
`cells.xlsx_text` (control characters escaped, cut to a cell's size) and is
stored as a string cell: openpyxl would store a str starting with `=` as a
formula, so the data type is set explicitly, and a text that starts like a
formula also gets the quote-prefix style (see cells.py).

The workbook is written in openpyxl's write-only mode (rows streamed to
the file, not held as cell objects). openpyxl is imported here only, when
`rank --format xlsx` runs.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ..errors import printable
from ..fields import FIELDS
from ..messages import _
from ..model import CandidateTable, CategoryResult, Lang, Ranking
from ..progress import task
from .cells import looks_like_formula, xlsx_text
from .rows import CandidateRow, candidate_row, input_fields, stage_view
from .wording import cutoff_text, stage_text, tie_text

# Excel's built-in number formats (ids 4 and 3): the reader's separators.
DECIMALS = "#,##0.00"
WHOLE = "#,##0"
# A submitted value that is not whole: at least two decimals, at most six,
# so no digit the candidate wrote is hidden.
FRACTION = "#,##0.00####"

# The second sheet's words (the rest are i18n.short_labels').
_WORDS = {
    "values_sheet": ("nilai", "values"),
    "values_title": ("Nilai yang diajukan", "Submitted values"),
    "field": ("Kolom", "Field"),
}

HEADER_ROW = 3
MIN_WIDTH, MAX_WIDTH = 8, 48  # characters
NUMBER_WIDTH = 20  # a number column's most: its header wraps instead


def _word(key: str, lang: Lang) -> str:
    pair = _WORDS[key]
    return pair[1] if lang == "en" else pair[0]


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


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


class _Sheet:
    """A write-only sheet and the cells its rows are made of."""

    def __init__(self, ws: Any, lang: Lang):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import Cell
        from openpyxl.styles import Alignment, Font

        self.cell_class = Cell
        self.ws = ws
        self.lang = lang
        self.cell_type = WriteOnlyCell
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def text(self, value: str, *, bold: bool = False, wrap: bool = False) -> Any:
        """A string cell that is never a formula (see cells.py)."""
        text = xlsx_text(value, self.lang)
        cell = self.cell_type(self.ws, value=text)
        cell.data_type = "s"  # openpyxl guessed "f" for a leading "="
        if looks_like_formula(text):
            cell.quotePrefix = True
        if bold:
            cell.font = self.bold
        if wrap:
            cell.alignment = self.wrap
        return cell

    def number(self, value: float | None, number_format: str = DECIMALS) -> Any:
        """A number cell rounded to 6 decimals, or an empty cell."""
        if value is None or not math.isfinite(value):
            return None
        cell = self.cell_type(self.ws, value=round(value, 6))
        cell.number_format = number_format
        return cell

    def row(self, values: Sequence[object]) -> None:
        """Append a row: a str becomes a string cell (`text`), a cell or a
        number is written as it is."""
        self.ws.append([self.text(v) if isinstance(v, str) else v for v in values])


def _set_up(ws: Any, widths: Sequence[float], rows: int, lang: Lang) -> None:
    """Column widths, frozen header, autofilter and print set-up of a sheet
    whose header is row 3 and that will hold `rows` rows below it."""
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[_column_letter(n)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    last = _column_letter(max(len(widths), 1))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4 (ECMA-376 paper size 9)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False


def _width(texts: Sequence[str], least: float = MIN_WIDTH) -> float:
    longest = max((len(t) for t in texts), default=0)
    return float(min(max(longest + 2, least), MAX_WIDTH))


def _sample(values: Sequence[object], n: int = 1000) -> list[str]:
    return [str(v) for v in values[:n] if v is not None]


def _flags(row: CandidateRow, t: dict[str, str]) -> str:
    """The terminal table's flags, in the sheet's language: incomplete,
    missing:N, pending:N (the stage's pending items)."""
    from .table import _flags as table_flags

    return table_flags(row, t)


def _ranking_sheet(
    wb: Any,
    result: CategoryResult,
    ranking: Ranking,
    lang: Lang,
    generated: date,
    used: set[str],
    progress: Any,
) -> str:
    """The ranking sheet of a category; its title."""
    from .fmt import Formatter
    from .i18n import short_labels

    t = short_labels(lang)
    fmt = Formatter(lang)
    crit = ranking.criteria
    cat = result.category
    title = _sheet_title(cat.id, used)
    ws = wb.create_sheet(title)
    sheet = _Sheet(ws, lang)
    view = stage_view(result)
    header = [t["rank"], t["id"], t["name"], t["province"], t["total"], t["max_total"]]
    header += [f"{p.label.get(lang)} ({t['points']})" for p in cat.pillars]
    header += [f"{i.label.get(lang)} ({t['score']})" for i in cat.indicators]
    header += [t["flags"], t["stage"], t["complete"], t["shortlisted_col"]]
    first = _first(result)
    ids = [c.id for c in first]
    provinces = [c.province for c in first]
    widths = [_width([t["rank"]]), _width([header[1], *ids]), 36.0]
    widths += [_width([header[3], *_sample(provinces)])]
    widths += [min(_width([h], 12), NUMBER_WIDTH) for h in header[4:-4]]
    widths += [
        _width([t["flags"]], 24),
        _width([t["stage"], result.stage.id if result.stage else ""]),
    ]
    widths += [_width([t["complete"]]), _width([t["shortlisted_col"]])]
    n = len(result.candidates)
    _set_up(ws, widths, n, lang)

    sheet.row([sheet.text(f"{crit.title.get(lang)}: {cat.label.get(lang)}", bold=True)])
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
    sheet.row(facts)
    sheet.row([sheet.text(h, bold=True, wrap=True) for h in header])
    pending = t["flag_pending"]
    pillar_of = {i.id: p for p in cat.pillars for i in p.indicators}
    for k in range(n):
        row = candidate_row(result, k, pillar_of)
        c = row.candidate
        values: list[object] = [row.rank, c.id, c.name, c.province]
        values += [sheet.number(row.total), sheet.number(row.max_total)]
        values += [sheet.number(p.points) for p in row.pillars]
        for i in row.indicators:
            if i.status == "pending":  # never 0: the interview is still to come
                values.append(pending)
            else:
                values.append(sheet.number(i.score))
        values += [_flags(row, t)]
        # Issue 8's columns last, so every earlier column keeps its place;
        # yes/no as words (a workbook is read by people).
        values += [
            row.stage.id if row.stage is not None else None,
            fmt.yes_no(row.complete),
            fmt.yes_no(row.shortlisted),
        ]
        sheet.row(values)
        progress.advance(1)
    return title


def _first(result: CategoryResult, n: int = 1000) -> list[Any]:
    """The first `n` candidates (for column widths)."""
    return [result.candidates[k] for k in range(min(n, len(result.candidates)))]


def category_fields(result: CategoryResult) -> list[str]:
    """The fields a category's indicators read (panel items excepted), in
    indicator order, each once: the columns of its values sheet."""
    seen: dict[str, None] = {}
    for indicator in result.category.indicators:
        if indicator.input.kind == "panel":
            continue
        for name in input_fields(indicator):
            seen.setdefault(name, None)
    return list(seen)


def _values_sheet(
    wb: Any,
    result: CategoryResult,
    ranking: Ranking,
    lang: Lang,
    ranking_title: str,
    used: set[str],
    progress: Any,
) -> None:
    """The values a category's candidates submitted, on the sheet after its
    ranking (named after it: `kabupaten-kota nilai`)."""
    from .fmt import Formatter
    from .i18n import level, short_labels

    t = short_labels(lang)
    fmt = Formatter(lang)
    cat = result.category
    suffix = " " + _word("values_sheet", lang)
    ws = wb.create_sheet(_sheet_title(ranking_title[: 31 - len(suffix)] + suffix, used))
    sheet = _Sheet(ws, lang)
    names = category_fields(result)
    labels = []
    for name in names:
        f = FIELDS.get(name)
        label = f.label.get(lang) if f is not None else name
        labels.append(f"{label} ({f.unit})" if f is not None and f.unit else label)
    header = [t["rank"], t["id"], t["name"], *labels]
    ids = [c.id for c in _first(result)]
    widths = [_width([t["rank"]]), _width([header[1], *ids]), 36.0]
    widths += [min(_width([label, name], 12), NUMBER_WIDTH) for label, name in zip(labels, names)]
    n = len(result.candidates)
    _set_up(ws, widths, n, lang)
    crit = ranking.criteria
    sheet.row(
        [
            sheet.text(
                f"{crit.title.get(lang)}: {cat.label.get(lang)}: {_word('values_title', lang)}",
                bold=True,
            )
        ]
    )
    # Row 2: each field's catalogue key above its column (what a candidate
    # file, a CSV or the template names it).
    sheet.row([None, None, _word("field", lang) + ":", *names])
    sheet.row([sheet.text(h, bold=True, wrap=True) for h in header])
    kinds = [FIELDS[name].type if name in FIELDS else "count" for name in names]
    table = result.candidates if isinstance(result.candidates, CandidateTable) else None
    columns = [table.column(f, kind) for f, kind in zip(names, kinds)] if table else []
    for k in range(n):
        rank = int(result.rank[k])
        complete = True if result.complete is None else bool(result.complete[k])
        if table is not None:  # read from the columns: no Candidate built
            given = [_given(col[k], kind) for col, kind in zip(columns, kinds)]
            cid, name_ = str(table.ids[k]), str(table.names[k])
        else:
            c = result.candidates[k]
            given = [c.values.get(f) for f in names]
            cid, name_ = c.id, c.name
        values: list[object] = [rank if rank > 0 and complete else None, cid, name_]
        for v, kind in zip(given, kinds):
            if v is None:
                values.append(None)
            elif kind == "bool" or isinstance(v, bool):
                values.append(fmt.yes_no(bool(v)))
            elif kind == "level" or isinstance(v, str):
                values.append(level(str(v), lang))
            else:
                x = float(v)  # type: ignore[arg-type]
                values.append(sheet.number(x, WHOLE if x.is_integer() else FRACTION))
        sheet.row(values)
        progress.advance(1)


def _given(x: object, kind: str) -> object:
    """A table cell as Candidate.values holds it: None when missing."""
    if kind == "level":
        return None if x is None else str(x)
    f = float(x)  # type: ignore[arg-type]
    if f != f:  # NaN: missing
        return None
    return bool(f) if kind == "bool" else f


def ranking_xlsx(ranking: Ranking, lang: Lang, generated: date) -> bytes:
    from openpyxl import Workbook

    crit = ranking.criteria
    wb = Workbook(write_only=True)
    stamp = datetime(generated.year, generated.month, generated.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = xlsx_text(crit.title.get(lang), lang)
    wb.properties.language = "en" if lang == "en" else "id-ID"
    used: set[str] = set()
    total = 2 * sum(len(r.candidates) for r in ranking.results)
    with task(_("Writing the workbook"), total) as progress:
        for result in ranking.results:
            title = _ranking_sheet(wb, result, ranking, lang, generated, used, progress)
            _values_sheet(wb, result, ranking, lang, title, used, progress)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
