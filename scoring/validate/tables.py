"""Candidate tables (CSV, XLSX) -> a CandidateTable (docs/formats.md,
"Candidate tables").

Every value is read exactly as the same value of that field is read in a
candidate file (`read_value`: `2.234` people, `Rp 484.646.400`, `94,5`,
`ya`, `Perda`, and the same bounds). The common forms (plain digits,
dot-grouped thousands, decimal percents, ya/tidak) are read for a whole
column at once; every other text is read by `read_value`, once per
distinct text. On top of that, what Excel does to values is caught:
identifiers and long numbers written in scientific notation (`3.2E+15`),
identifiers stored as numbers, leading zeros dropped, and values turned
into dates or date serial numbers.

A row with an error is rejected (left out, and kept with its reasons for
`--rejects`); the other rows are kept. A problem with the header (a
duplicate or missing required column) rejects the whole file. Messages are
capped as Frictionless caps its reports: at most PER_KIND per column and
kind of problem, PER_FILE per file, then one line counting the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..fields import FIELDS, LEVELS, MAXIMUM, PARTNERED, PROGRAMMES
from ..load.safeyaml import Document, KeyPath, shown
from ..load.tables import BOOL, DATE, EMPTY, NUMBER, TEXT, RawTable, load_table
from ..messages import _, ngettext
from ..model import CandidateTable, Criteria, SourceFile
from ._common import (
    ID_RE,
    MAX_SHORT,
    MAX_TEXT,
    YEARS,
    Checker,
    fmt,
    read_value,
    suggest,
    year_text,
)

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

PER_KIND = 10  # messages per column and kind of problem, per file
PER_FILE = 100  # messages per file; the rest are counted
FEW = 5_000  # distinct texts of a column read one by one (Reader.encoded)

IDENTITY = ("id", "name", "category", "period", "province", "zone", "synthetic")
REQUIRED = ("id", "name", "category", "period")
# Columns of a YAML file's lists, which a cell cannot hold: what to give instead.
LIST_COLUMNS = {
    "regulations": "regulation.dedicated_level, regulation.supporting_count, policy.ptsp_required",
    "innovations": "innovation.count",
    "events": "outreach.events",
    "programmes": "compliance.programmes",
}
# The reasons columns a rejects file adds (render/rejects.py), in both
# languages: a rejects file sent back, corrected, reads as a table again.
REASON_COLUMNS = frozenset(
    {"file", "row", "column", "problem", "berkas", "baris", "kolom", "masalah"}
)

_SCIENTIFIC = re.compile(r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+")
# Month names as Excel shows them (English and Indonesian, short or long):
# `sekitar 120` is a word and a number, not a date.
_MONTH = r"(?:jan|feb|mar|apr|may|mei|jun|jul|aug|agu|agt|sep|oct|okt|nov|dec|des)[a-z]{0,6}"
_DATE_LIKE = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    rf"|\d{{1,2}}[-/ ]{_MONTH}(?:[-/ ]\d{{2,4}})?|{_MONTH}[-/ ]\d{{2,4}}",
    re.IGNORECASE,
)
_WHOLE_FAST = r"^(?:0|[1-9][0-9]{0,14})$"
_GROUPED_FAST = r"^[1-9][0-9]{0,2}(?:\.[0-9]{3}){1,4}$"
_PERCENT_FAST = r"^(?:0|[1-9][0-9]{0,2})(?:[.,][0-9]{1,12})?$"
LEVEL_FIELD = "regulation.dedicated_level"
PTSP_FIELD = "policy.ptsp_required"
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers
_SERIALS = (18_264, 73_050)  # 1950-01-01 to 2099-12-31: a date a candidate's year could have been


@dataclass
class RejectedRow:
    """A table row left out, as written, with why."""

    path: str
    row: int  # spreadsheet row number
    header: tuple[str, ...]  # the file's header
    cells: tuple[str | None, ...]  # the row's cells as written (None: empty)
    problems: tuple[tuple[str, str], ...]  # (column name or '', message)
    text: str | None = None  # a row that did not split into cells, as written
    delimiter: str = ","  # the CSV's (XLSX: ',')


@dataclass
class TableRead:
    table: CandidateTable | None  # the valid rows; None when the file could not be read
    diagnostics: list[Diagnostic]
    rejected: list[RejectedRow]
    rows: int = 0  # data rows read (empty rows not counted)
    ids: np.ndarray | None = None  # every row's id (None where it is not valid), rejected rows too
    id_rows: np.ndarray | None = None  # their spreadsheet rows

    def seen(self) -> dict[str, str]:
        """id -> where it is first given (`file:row`), rejected rows included:
        what a later file's duplicate ids are checked against."""
        if self.ids is None or self.id_rows is None or self.table is None:
            return {}
        path = self.table.sources[0].path
        found: dict[str, str] = {}
        for cid, row in zip(self.ids.tolist(), self.id_rows.tolist(), strict=True):
            if cid is not None and cid not in found:
                found[cid] = f"{path}:{row}"
        return found


@dataclass
class _Group:
    """Rows of one column with one kind of problem (messages built lazily)."""

    positions: np.ndarray  # int64 positions into the raw table's rows
    column: int  # index into RawTable.columns, -1 for the whole row
    kind: str
    severity: str
    message: Callable[[int], str]  # position -> message


@dataclass
class _Problems:
    groups: list[_Group] = field(default_factory=list)

    def add(
        self,
        positions: Any,
        column: int,
        kind: str,
        message: str | Callable[[int], str],
        severity: str = "error",
    ) -> None:
        import numpy as np

        pos = np.asarray(positions, dtype=np.int64).reshape(-1)
        if not len(pos):
            return
        fn = message if callable(message) else (lambda _p, m=message: m)
        self.groups.append(_Group(pos, column, kind, severity, fn))


def _year_of_serial(value: float) -> date | None:
    """The date Excel shows for serial number `value`, when it is a date of YEARS."""
    if not value.is_integer() or not _SERIALS[0] <= value <= _SERIALS[1]:
        return None
    day = _EXCEL_EPOCH + timedelta(days=int(value))
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def _ck(text: str | None, value: Any, key: str = "value") -> tuple[Checker, KeyPath]:
    """A Checker over one cell of column `key`: `text` as written (None: a
    typed XLSX cell, read as the value it holds)."""
    path: KeyPath = (key,)
    sources = {} if text is None else {path: (text, None)}
    doc = Document("", {key: value}, {path: (0, 0)}, {}, "", sources)
    return Checker(doc), path


def _text_problem(ck: Checker) -> tuple[str | None, list[str]]:
    """(the first error message or None, the warning messages)."""
    errors = [d.message for d in ck.diagnostics if d.severity == "error"]
    warnings = [d.message for d in ck.diagnostics if d.severity == "warning"]
    return (errors[0] if errors else None), warnings


class _Reader:
    """Reads one raw table into columns, collecting every problem."""

    def __init__(self, raw: RawTable, criteria: Criteria, known: Mapping[str, str]):
        import numpy as np

        self.raw = raw
        self.criteria = criteria
        self.known = known
        self.n = len(raw)
        self.problems = _Problems()
        self.diagnostics: list[Diagnostic] = []
        self.fatal = False
        self.bad = np.zeros(self.n, dtype=bool)
        self._trimmed: dict[int, pa.Array] = {}
        self._codes: dict[int, tuple[list[str], np.ndarray] | None] = {}
        self._id_texts: pa.Array | None = None  # ids() as text, null where not valid

    # --- locations ----------------------------------------------------------

    def column_number(self, column: int) -> int:
        return self.raw.first_column + self.raw.columns[column].index + 1

    def where(self, column: int, row: int, message: str) -> str:
        cell = self.raw.cell(column, row) if column >= 0 else ""
        return f"{cell}: {message}" if cell else message

    def header_diag(self, column: int, message: str, severity: str = "error") -> None:
        number = self.column_number(column) if column >= 0 else 0
        cell = self.raw.cell(column, self.raw.header_row) if column >= 0 else ""
        text = f"{cell}: {message}" if cell else message
        self.diagnostics.append(
            Diagnostic(self.raw.path, self.raw.header_row, number, text, severity)  # type: ignore[arg-type]
        )

    # --- header -------------------------------------------------------------

    def header(self) -> dict[str, int]:
        """Column name -> index into raw.columns, for the columns read."""
        by_fold = {name.casefold(): name for name in (*IDENTITY, *FIELDS)}
        seen: dict[str, int] = {}
        used: dict[str, int] = {}
        for j, column in enumerate(self.raw.columns):
            name = column.name
            if not name:
                if column.text.null_count < len(column.text):
                    self.header_diag(
                        j,
                        _(
                            "column {number} has no name in the header row: its cells are not read"
                        ).format(number=self.column_number(j)),
                        "warning",
                    )
                continue
            canonical = by_fold.get(name.casefold())
            key = canonical or name
            if key in seen:
                self.header_diag(
                    j,
                    _(
                        "column '{name}' appears twice (columns {first} and {second}); keep one"
                    ).format(
                        name=shown(name[:60]),
                        first=self.column_number(seen[key]),
                        second=self.column_number(j),
                    ),
                )
                self.fatal = True
                continue
            seen[key] = j
            if canonical is not None:
                used[canonical] = j
                continue
            if name.casefold() in REASON_COLUMNS:
                continue  # a rejects file's reasons, sent back corrected
            if name.casefold() in LIST_COLUMNS:
                self.header_diag(
                    j,
                    _(
                        "column '{name}' is not read: a list does not fit in a cell; give {instead} as columns instead"
                    ).format(name=shown(name[:60]), instead=LIST_COLUMNS[name.casefold()]),
                    "warning",
                )
                continue
            options = [*IDENTITY, *FIELDS]
            hint = suggest(name, options)
            if not hint:
                elsewhere = [f for f in FIELDS if f.endswith("." + name)]
                if elsewhere:
                    hint = _(" (did you mean '{match}'?)").format(match=elsewhere[0])
            self.header_diag(
                j,
                _("unknown column '{name}'{hint}: its cells are not read").format(
                    name=shown(name[:60]), hint=hint
                ),
                "warning",
            )
        for name in REQUIRED:
            if name not in used:
                self.header_diag(
                    -1, _("missing required column '{name}' in the header row").format(name=name)
                )
                self.fatal = True
        return used

    # --- cells --------------------------------------------------------------

    def trimmed(self, column: int) -> pa.Array:
        """The column's text without surrounding spaces; a blank cell is null."""
        import pyarrow.compute as pc

        if column not in self._trimmed:
            text = pc.utf8_trim_whitespace(self.raw.columns[column].text)
            self._trimmed[column] = pc.if_else(pc.equal(text, ""), None, text)
        return self._trimmed[column]

    def encoded(self, column: int) -> tuple[list[str], np.ndarray] | None:
        """(the column's distinct texts, each row's code into them, -1 for
        an empty cell), when the column has at most FEW distinct texts (a
        category, a year, ya/tidak, a count of months): then each text is
        read once, and nothing is read per row. None for a column of many
        (names, amounts): those are read by the vectorised forms."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if column in self._codes:
            return self._codes[column]
        texts = self.raw.columns[column].text
        n = len(texts)
        found: tuple[list[str], np.ndarray] | None = None
        few = n <= FEW
        if not few:
            sample = texts.take(pa.array(np.linspace(0, n - 1, 2_000).astype(np.int64)))
            few = len(pc.unique(sample)) <= 200
        if few:
            encoded = pc.dictionary_encode(texts)
            if len(encoded.dictionary) <= FEW:
                codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
                found = (encoded.dictionary.to_pylist(), np.asarray(codes, dtype=np.int64))
        self._codes[column] = found
        return found

    def spread(
        self,
        column: int,
        pending: np.ndarray,
        encoded: tuple[list[str], np.ndarray],
        read: Callable[[str], tuple[Any, str | None, list[str]]],
        out: np.ndarray,
        kind: str = "value",
    ) -> None:
        """Read each distinct text of the `pending` rows once with `read`
        (a text of spaces is missing); put the values into `out` and report
        the problems at every row that has the text."""
        import numpy as np

        uniques, codes = encoded
        pos = np.flatnonzero(pending & (codes >= 0))
        c = codes[pos]
        results: list[tuple[Any, str | None, list[str]]] = []
        for text in uniques:
            text = text.strip()
            results.append(read(text) if text else (None, None, []))
        missing = None if out.dtype == object else np.nan
        values = np.empty(len(uniques) + 1, dtype=out.dtype)
        values[:] = missing
        for u, (value, problem, _w) in enumerate(results):
            if problem is None and value is not None:
                values[u] = value
        out[pos] = values[c]
        flagged = [u for u, r in enumerate(results) if r[1] is not None or r[2]]
        if not flagged:
            return
        if len(flagged) > 8:
            order = np.argsort(c, kind="stable")
            ordered = c[order]
        for u in flagged:
            if len(flagged) > 8:
                lo, hi = np.searchsorted(ordered, [u, u + 1])
                hit = pos[order[lo:hi]]
            else:  # a few texts with a problem: one comparison each, no sort
                hit = pos[c == u]
            value, problem, warnings = results[u]
            if problem is not None:
                self.error(hit, column, kind, problem)
            for warning in warnings:
                self.warn(hit, column, kind, warning)

    def types(self, column: int) -> np.ndarray | None:
        return self.raw.columns[column].types

    def reject(self, positions: Any) -> None:
        self.bad[positions] = True

    def error(self, positions: Any, column: int, kind: str, message: Any) -> None:
        self.problems.add(positions, column, kind, message)

    def warn(self, positions: Any, column: int, kind: str, message: Any) -> None:
        self.problems.add(positions, column, kind, message, "warning")

    def dates(self, column: int, name: str) -> np.ndarray:
        """Positions of XLSX date cells, reported: Excel turned the value into a date."""
        import numpy as np

        types = self.types(column)
        if types is None:
            return np.zeros(0, dtype=np.int64)
        pos = np.flatnonzero(types == DATE)
        texts = self.raw.columns[column].text
        self.error(
            pos,
            column,
            "date",
            lambda p: _(
                "{name}: the cell holds the date {date}: Excel turned what was typed into a date; format the column as Text and type the value again"
            ).format(name=name, date=texts[p].as_py()),
        )
        return pos

    def slow(
        self,
        column: int,
        positions: np.ndarray,
        texts: pa.Array | None,
        read: Callable[[str], tuple[Any, str | None, list[str]]],
        out: np.ndarray,
        kind: str = "value",
        subset: pa.Array | None = None,
    ) -> None:
        """Read the texts at `positions` with `read` (value, error, warnings),
        once per distinct text; store values into `out`, report the rest.
        `subset`: those texts already taken (then `texts` is not read)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(positions):
            return
        if subset is None:
            assert texts is not None
            subset = pc.take(texts, pa.array(positions))
        encoded = subset.dictionary_encode()
        uniques = encoded.dictionary.to_pylist()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        results = [read(text) for text in uniques]
        for u, (value, problem, warnings) in enumerate(results):
            hit = positions[codes == u]
            if problem is not None:
                self.error(hit, column, kind, problem)
            else:
                out[hit] = value
                for warning in warnings:
                    self.warn(hit, column, kind, warning)
        del np

    # --- identity columns ----------------------------------------------------

    def objects(self, column: int | None, default: Any = None) -> np.ndarray:
        import numpy as np

        if column is None:
            out = np.empty(self.n, dtype=object)
            out[:] = default
            return out
        return _objects(self.trimmed(column))

    def required(self, column: int, name: str) -> None:
        """Every empty cell of a required column is an error."""
        import numpy as np

        encoded = self.encoded(column)
        if encoded is not None:
            uniques, codes = encoded
            blank = np.asarray([not u.strip() for u in uniques] + [True], dtype=bool)
            empty = np.flatnonzero(blank[codes])  # code -1 (an empty cell) is the last
        else:
            empty = np.flatnonzero(
                np.asarray(
                    self.trimmed(column).is_null().to_numpy(zero_copy_only=False), dtype=bool
                )
            )
        self.error(
            empty,
            column,
            "required",
            _("{name} is empty: every row needs a value in column '{name}'").format(name=name),
        )

    def ids(self, column: int) -> np.ndarray:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        texts = self.trimmed(column)
        values = _objects(texts)
        cleared = np.zeros(self.n, dtype=bool)  # set to None below
        types = self.types(column)
        dated = self.dates(column, "id")
        values[dated] = None
        cleared[dated] = True
        if types is not None:
            for p in np.flatnonzero(types == NUMBER):
                number = float(self.raw.columns[column].numbers[p])  # type: ignore[index]
                text = values[p]
                if not number.is_integer() or abs(number) >= 1e15:
                    self.error(
                        [p],
                        column,
                        "number-id",
                        _(
                            "id is stored as the number {text} in the workbook, so its digits are lost (Excel keeps 15); format the id column as Text and type the identifiers again"
                        ).format(text=text),
                    )
                    values[p] = None
                    cleared[p] = True
                else:
                    self.warn(
                        [p],
                        column,
                        "number-id",
                        _(
                            "id is stored as the number {text} in the workbook: Excel drops the leading zeros of numbers; format the id column as Text so identifiers stay as typed"
                        ).format(text=text),
                    )
        ok = _ids_ok(texts)
        ok[dated] = True
        for p in np.flatnonzero(~ok):
            text = str(values[p])
            if _SCIENTIFIC.fullmatch(text):
                message = _(
                    "id is written {text}: Excel turned a long identifier into scientific notation and lost its digits; format the id column as Text and type the identifiers again"
                ).format(text=shown(text[:40]))
            else:
                ck, path = _ck(text, text, "id")
                ck.identifier(path, text)
                message = _text_problem(ck)[0] or text
            self.error([p], column, "id", message)
            values[p] = None
            cleared[p] = True
        self.required(column, "id")
        if cleared.any():
            texts = pc.if_else(pa.array(cleared), pa.scalar(None, pa.string()), texts)
        self._id_texts = texts
        self.leading_zeros(column, values, texts)
        return values

    def leading_zeros(self, column: int, values: np.ndarray, texts: pa.Array) -> None:
        """Digit-only ids shorter than the column's ids with leading zeros:
        Excel drops leading zeros when it reads a column as numbers.
        `texts`: the ids as text, null where `values` is None."""
        import numpy as np
        import pyarrow.compute as pc

        # `^0[0-9]+$` and `^[1-9][0-9]*$`, without a regular expression.
        digits_only = pc.fill_null(pc.ascii_is_decimal(texts), False)
        if not pc.any(digits_only).as_py():
            return
        zero_first = pc.fill_null(pc.starts_with(texts, "0"), False)
        lengths = pc.fill_null(pc.utf8_length(texts), 0).to_numpy(zero_copy_only=False)
        digits_np = np.asarray(digits_only.to_numpy(zero_copy_only=False), dtype=bool)
        zero_first_np = np.asarray(zero_first.to_numpy(zero_copy_only=False), dtype=bool)
        zero_np = digits_np & zero_first_np & (lengths >= 2)
        if not zero_np.any():
            return
        longest = int(lengths[zero_np].max())
        example = values[np.flatnonzero(zero_np & (lengths == longest))[0]]
        short = np.flatnonzero(digits_np & ~zero_first_np & (lengths < longest))
        self.warn(
            short,
            column,
            "leading-zeros",
            lambda p: _(
                "id '{value}' has fewer digits than ids such as '{example}' of the same column: Excel may have dropped its leading zeros; format the id column as Text and type the identifiers again"
            ).format(value=values[p], example=example),
        )

    def texts(self, column: int | None, name: str, limit: int, required: bool) -> np.ndarray:
        import numpy as np
        import pyarrow.compute as pc

        if column is None:
            return self.objects(None)
        encoded = self.encoded(column)
        if encoded is not None:

            def read(text: str) -> tuple[Any, str | None, list[str]]:
                ck, path = _ck(None, text)
                found = ck.string(path, text, name, limit=limit)
                return found, _text_problem(ck)[0], []

            values = np.full(self.n, None, dtype=object)
            self.spread(column, encoded[1] >= 0, encoded, read, values, "text")
            values[self.dates(column, name)] = None
            if required:
                self.required(column, name)
            return values
        texts = self.trimmed(column)
        values = _objects(texts)
        dated = self.dates(column, name)
        values[dated] = None
        short = pc.fill_null(pc.less_equal(pc.utf8_length(texts), limit), True)
        ok = np.asarray(short.to_numpy(zero_copy_only=False), dtype=bool) & _no_control(texts)
        ok[dated] = True
        for p in np.flatnonzero(~ok):
            ck, path = _ck(None, values[p])
            ck.string(path, values[p], name, limit=limit)
            problem = _text_problem(ck)[0]
            if problem:
                self.error([p], column, "text", problem)
                values[p] = None
        if required:
            self.required(column, name)
        return values

    def categories(self, column: int) -> np.ndarray:
        import numpy as np

        values = self.texts(column, "category", MAX_SHORT, True)
        ids = [c.id for c in self.criteria.categories]
        for text in set(values.tolist()) - set(ids) - {None}:
            hit = np.flatnonzero(values == text)
            self.error(
                hit,
                column,
                "category",
                _("unknown category {raw}{hint}; categories are {names}").format(
                    raw=f"'{shown(str(text)[:40])}'", hint=suggest(text, ids), names=", ".join(ids)
                ),
            )
            values[hit] = None
        return values

    def periods(self, column: int) -> np.ndarray:
        import numpy as np

        out = np.full(self.n, np.nan)
        self.numbers_of(column, "period", out, self._read_year, self._typed_year)
        self.required(column, "period")
        edition = self.criteria.edition
        other = np.flatnonzero(~np.isnan(out) & (out != edition))
        self.warn(
            other,
            column,
            "period",
            lambda p: _("period {period} differs from the criteria edition {edition}").format(
                period=int(out[p]), edition=edition
            ),
        )
        return out

    def _year_message(self, number: float, message: str) -> str:
        day = _year_of_serial(number)
        if day is None:
            return message
        return _(
            "{message}: {value} is how Excel stores the date {date}; type the year ({year}) in a column formatted as Text"
        ).format(message=message, value=year_text(number), date=day.isoformat(), year=day.year)

    def _read_year(self, text: str) -> tuple[Any, str | None, list[str]]:
        value, ck = self._parse(text)
        year = ck.year(("value",), value, "period")
        problem, warnings = _text_problem(ck)
        if problem is not None and isinstance(value, int) and not isinstance(value, bool):
            problem = self._year_message(float(value), problem)
        return year, problem, warnings

    def _typed_year(self, number: float) -> tuple[Any, str | None, list[str]]:
        ck, path = _ck(None, int(number) if number.is_integer() else number)
        year = ck.year(path, ck.doc.data[path[0]], "period")
        problem, warnings = _text_problem(ck)
        if problem is not None:
            problem = self._year_message(number, problem)
        return year, problem, warnings

    @staticmethod
    def _parse(text: str) -> tuple[Any, Checker]:
        import yaml

        try:
            value: Any = yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            value = text
        if isinstance(value, (dict, list)) or value is None:
            value = text
        ck, _path = _ck(text, value)
        return value, ck

    def synthetic(self, column: int | None) -> np.ndarray:
        import numpy as np

        out = np.zeros(self.n, dtype=bool)
        if column is None:
            return out
        values = np.full(self.n, np.nan)
        self.bools(column, "synthetic", values)
        return np.nan_to_num(values, nan=0.0).astype(bool)

    # --- value columns ------------------------------------------------------

    def numbers_of(
        self,
        column: int,
        name: str,
        out: np.ndarray,
        read_text: Callable[[str], tuple[Any, str | None, list[str]]],
        read_typed: Callable[[float], tuple[Any, str | None, list[str]]] | None,
        fast: Sequence[tuple[str, bool]] = (),
        maximum: float | None = None,
        scientific: bool = True,
    ) -> bool:
        """Fill `out` (float64, NaN = missing) from the column: a column of
        few distinct texts one text at a time; otherwise fast forms (regex,
        strip dots) vectorised and the rest by `read_text` once per distinct
        text; XLSX number cells by `read_typed`. True when read by distinct
        texts (read_text's warnings then given already)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = self.encoded(column)
        types = self.types(column)
        if encoded is not None:
            texts = None
            pending = encoded[1] >= 0
        else:
            # The text as written: a cell the fast forms read has no spaces
            # around it, so only the cells they leave are trimmed (below).
            texts = self.raw.columns[column].text
            pending = ~np.asarray(texts.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        if types is not None:
            pending &= types == TEXT
            self.dates(column, name)
            typed = np.flatnonzero((types == NUMBER) | (types == BOOL))
            if len(typed) and read_typed is not None:
                numbers = self.raw.columns[column].numbers
                cache: dict[float, tuple[Any, str | None, list[str]]] = {}
                for p in typed:
                    x = float(numbers[p])  # type: ignore[index]
                    if types[p] == BOOL:
                        self.error(
                            [p],
                            column,
                            "value",
                            _("{name} must be a number, not {value}").format(
                                name=name, value="true" if x else "false"
                            ),
                        )
                        continue
                    if x not in cache:
                        cache[x] = read_typed(x)
                    value, problem, warnings = cache[x]
                    if problem is not None:
                        self.error([p], column, "value", problem)
                        continue
                    out[p] = value
                    for w in warnings:
                        self.warn([p], column, "value", w)
        if encoded is not None:

            def read(text: str) -> tuple[Any, str | None, list[str]]:
                if scientific and _SCIENTIFIC.fullmatch(text):
                    return None, self._scientific(name, text), []
                return read_text(text)

            self.spread(column, pending, encoded, read, out)
            return True
        assert texts is not None
        # The fast forms over the column as written, then over the trimmed
        # text of the cells left (a blank cell is missing, as when trimmed).
        _fast_forms(texts, None, pending, fast, maximum, out)
        rest = np.flatnonzero(pending)
        if not len(rest):
            return False
        sub = _trim(pc.take(texts, pa.array(rest)))
        filled = ~np.asarray(sub.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        if not filled.all():
            rest, sub = rest[filled], sub.filter(pa.array(filled))
        left = np.ones(len(rest), dtype=bool)
        _fast_forms(sub, rest, left, fast, maximum, out)
        if not left.all():
            rest, sub = rest[left], sub.filter(pa.array(left))
        if scientific and len(rest):
            sci = np.asarray(
                pc.fill_null(
                    pc.match_substring_regex(sub, "^" + _SCIENTIFIC.pattern + "$"), False
                ).to_numpy(zero_copy_only=False),
                dtype=bool,
            )
            if sci.any():
                hit, written = rest[sci], sub.filter(pa.array(sci))
                self.error(
                    hit,
                    column,
                    "scientific",
                    lambda p: self._scientific(
                        name, str(written[int(np.searchsorted(hit, p))].as_py())
                    ),
                )
                rest, sub = rest[~sci], sub.filter(pa.array(~sci))
        self.slow(column, rest, None, read_text, out, subset=sub)
        return False

    @staticmethod
    def _scientific(name: str, text: str) -> str:
        return _(
            "{name} is written {text} in scientific notation: Excel writes long numbers so, keeping only a few digits; format the column as Number without decimals (or as Text) and save the file again"
        ).format(name=name, text=shown(text[:40]))

    def _field_reader(self, name: str) -> Callable[[str], tuple[Any, str | None, list[str]]]:
        kind = FIELDS[name].type

        def read(text: str) -> tuple[Any, str | None, list[str]]:
            value, problems = read_value(name, text, self.raw.path)
            errors = [d.message for d in problems if d.severity == "error"]
            warnings = [d.message for d in problems if d.severity == "warning"]
            if errors:
                message = errors[0]
                if kind != "level" and _DATE_LIKE.fullmatch(text.strip()):
                    message = _(
                        "{message}; it looks like a date: Excel turns some values into dates (1-5 into 5-Jan); format the column as Text and type the value again"
                    ).format(message=message)
                return None, message, []
            if kind == "bool":
                return (1.0 if value else 0.0), None, warnings
            if kind == "level":
                return value, None, warnings
            return float(value), None, warnings

        return read

    def _typed_reader(self, name: str) -> Callable[[float], tuple[Any, str | None, list[str]]]:
        from .candidates import _field_value

        kind = FIELDS[name].type

        def read(number: float) -> tuple[Any, str | None, list[str]]:
            value: Any = int(number) if number.is_integer() and abs(number) < 1e16 else number
            ck, path = _ck(None, value)
            found = _field_value(ck, path, name, value)
            problem, warnings = _text_problem(ck)
            if problem is not None:
                return None, problem, []
            if kind == "percent" and 0 < number <= 1 and not number.is_integer():
                warnings = [
                    *warnings,
                    _(
                        "{name} is stored as {value}, which is how Excel stores {percent}% in a cell formatted as a percentage: did you mean {percent}%? (read as {value}%)"
                    ).format(name=name, value=fmt(number), percent=fmt(round(number * 100, 9))),
                ]
            return float(found), None, warnings  # type: ignore[arg-type]

        return read

    def bools(self, column: int, name: str, out: np.ndarray) -> None:
        import numpy as np
        import pyarrow.compute as pc

        types = self.types(column)
        reader = self._field_reader(name) if name in FIELDS else self._bool_text(name)
        encoded = self.encoded(column)
        if encoded is not None:
            pending = encoded[1] >= 0
            if types is not None:
                pending &= types == TEXT
                self._typed_bools(column, name, types, out)
            self.spread(column, pending, encoded, reader, out)
            return
        texts = self.trimmed(column)
        folded = pc.utf8_lower(texts)
        yes = pc.fill_null(pc.is_in(folded, value_set=_pa_strings(("ya", "yes", "true"))), False)
        no = pc.fill_null(pc.is_in(folded, value_set=_pa_strings(("tidak", "no", "false"))), False)
        yes_np = yes.to_numpy(zero_copy_only=False)
        no_np = no.to_numpy(zero_copy_only=False)
        pending = ~np.asarray(texts.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        if types is not None:
            self._typed_bools(column, name, types, out)
            pending &= types == TEXT
        out[yes_np & pending] = 1.0
        out[no_np & pending] = 0.0
        pending &= ~(yes_np | no_np)
        self.slow(column, np.flatnonzero(pending), texts, reader, out)

    def _typed_bools(self, column: int, name: str, types: np.ndarray, out: np.ndarray) -> None:
        """XLSX cells of a bool column that are not text: TRUE/FALSE cells
        are the bool; a number or a date is an error."""
        import numpy as np

        self.dates(column, name)
        numbers = self.raw.columns[column].numbers
        is_bool = types == BOOL
        out[is_bool] = numbers[is_bool]  # type: ignore[index]
        for p in np.flatnonzero(types == NUMBER):
            ck, path = _ck(None, float(numbers[p]))  # type: ignore[index]
            ck.boolean(path, float(numbers[p]), name)  # type: ignore[index]
            self.error([p], column, "value", _text_problem(ck)[0])

    def _bool_text(self, name: str) -> Callable[[str], tuple[Any, str | None, list[str]]]:
        def read(text: str) -> tuple[Any, str | None, list[str]]:
            value, ck = self._parse(text)
            found = ck.boolean(("value",), value, name)
            problem, warnings = _text_problem(ck)
            return (None if found is None else float(found)), problem, warnings

        return read

    def levels(self, column: int, name: str) -> np.ndarray:
        import numpy as np

        texts = self.raw.columns[column].text
        types = self.types(column)
        out = np.full(self.n, None, dtype=object)
        encoded = self.encoded(column)
        pending = (
            encoded[1] >= 0
            if encoded is not None
            else ~np.asarray(
                self.trimmed(column).is_null().to_numpy(zero_copy_only=False), dtype=bool
            )
        )
        if types is not None:
            self.dates(column, name)
            for p in np.flatnonzero((types == NUMBER) | (types == BOOL)):
                value = texts[p].as_py()
                self.error(
                    [p],
                    column,
                    "value",
                    _("{name} must be one of {names}, not {value}").format(
                        name=name, names=", ".join(LEVELS), value=value
                    ),
                )
            pending &= types == TEXT
        if encoded is not None:
            self.spread(column, pending, encoded, self._field_reader(name), out)
        else:
            self.slow(
                column, np.flatnonzero(pending), self.trimmed(column), self._field_reader(name), out
            )
        return out

    def value_column(self, column: int, name: str) -> np.ndarray:
        import numpy as np

        kind = FIELDS[name].type
        if kind == "level":
            return self.levels(column, name)
        out = np.full(self.n, np.nan)
        if kind == "bool":
            self.bools(column, name, out)
            return out
        maximum = MAXIMUM[kind]
        if name == "compliance.programmes":
            maximum = float(len(PROGRAMMES))
        fast: list[tuple[str, bool]]
        if kind == "percent":
            fast = [(_PERCENT_FAST, False)]
        else:
            fast = [(_WHOLE_FAST, False), (_GROUPED_FAST, True)]
        by_text = self.numbers_of(
            column,
            name,
            out,
            self._field_reader(name),
            self._typed_reader(name),
            fast,
            maximum,
        )
        if kind == "percent" and not by_text:
            # 0 < x <= 1 written with a separator: read_value's fraction warning.
            import pyarrow as pa
            import pyarrow.compute as pc

            candidates = np.flatnonzero((out > 0) & (out <= 1))  # NaN compares False
            types = self.types(column)
            if types is not None:
                candidates = candidates[types[candidates] == TEXT]
            written = _trim(pc.take(self.raw.columns[column].text, pa.array(candidates)))
            sep = np.asarray(
                pc.fill_null(pc.match_substring_regex(written, "[.,]"), False).to_numpy(
                    zero_copy_only=False
                ),
                dtype=bool,
            )
            suspicious = candidates[sep]
            texts = written.filter(pa.array(sep))
            reader = self._field_reader(name)
            said: dict[str, list[str]] = {}

            def fraction(p: int) -> str:
                text = str(texts[int(np.searchsorted(suspicious, p))].as_py())
                if text not in said:
                    said[text] = reader(text)[2]
                return "; ".join(said[text])

            self.warn(suspicious, column, "fraction", fraction)
        if name == "compliance.programmes":  # a count of distinct programmes
            over = np.flatnonzero(out > maximum)
            for p in over:
                ck, path = _ck(None, float(out[p]), name)
                ck.number(path, float(out[p]), name, minimum=0, maximum=maximum)
                self.error([p], column, "value", _text_problem(ck)[0])
            out[over] = np.nan
        return out

    # --- rows -------------------------------------------------------------

    def at_most(self, values: dict[str, np.ndarray], columns: dict[str, int]) -> None:
        import numpy as np

        for name, spec, partner in PARTNERED:
            if name not in values or partner not in values:
                continue
            value, limit = values[name], values[partner]
            over = np.flatnonzero(value > limit)  # NaN compares False: missing passes

            def message(p: int, name: str = name, partner: str = partner) -> str:
                return _("{name} ({value}) exceeds {partner} ({limit})").format(
                    name=name,
                    value=fmt(float(values[name][p])),
                    partner=partner,
                    limit=fmt(float(values[partner][p])),
                )

            if spec.over == "warning":
                self.warn(
                    over,
                    columns[name],
                    "at-most",
                    lambda p, m=message: _(
                        "{message}; possible, as the two come from different sources, but check both figures"
                    ).format(message=m(p)),
                )
            else:
                self.error(over, columns[name], "at-most", message)

    def duplicates(self, ids: np.ndarray, column: int) -> None:
        """An id given twice in the file (every later row is an error,
        naming the first) or already given in `known` (another file)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        present = np.flatnonzero(~_is_none(ids))
        if not len(present):
            return
        column_ids = self._id_texts
        if column_ids is None or len(column_ids) != self.n:
            column_ids = pa.array(ids, type=pa.string(), from_pandas=True)
        if len(present) < self.n:
            column_ids = column_ids.take(pa.array(present))
        elsewhere: list[int] = []
        if self.known:
            hits = pc.is_in(column_ids, value_set=pa.array(list(self.known), type=pa.string()))
            elsewhere = present[
                np.asarray(hits.to_numpy(zero_copy_only=False), dtype=bool)
            ].tolist()
        if not elsewhere and _strictly_increasing(column_ids):
            return  # ids in order, each once (an export sorted by id): no hashing
        # Each id's code, in the order ids first appear; a row whose code
        # appeared before is a later occurrence.
        encoded = pc.dictionary_encode(column_ids)
        codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        distinct = len(encoded.dictionary)
        if distinct == len(present) and not elsewhere:
            return  # every id once: the common case
        _u, first_index = np.unique(codes, return_index=True)
        first_pos = present[first_index]  # code -> the first row position with it
        later = np.ones(len(codes), dtype=bool)
        later[first_index] = False
        dup_positions = present[later].tolist()
        within = len(dup_positions) > 0
        code_at = np.full(self.n, -1, dtype=np.int64)
        code_at[present] = codes
        rows = self.raw.rows
        path = self.raw.path

        def message(p: int) -> str:
            cid = str(ids[p])
            first = ""
            if within:
                at = int(first_pos[code_at[p]])
                if at != p:
                    first = f"{path}:{rows[at]}"
            if not first:
                first = self.known.get(cid, "")
            return _("duplicate candidate id '{cand_id}' (also in {first_seen})").format(
                cand_id=shown(cid[:60]), first_seen=first
            )

        positions = sorted(set(dup_positions) | set(elsewhere))
        self.error(positions, column, "duplicate", message)

    def errors(self) -> np.ndarray:
        """Rows with an error so far (bool)."""
        import numpy as np

        bad = np.zeros(self.n, dtype=bool)
        for group in self.problems.groups:
            if group.severity == "error":
                bad[group.positions] = True
        return bad

    def missing_inputs(
        self,
        ids: np.ndarray,
        categories: np.ndarray,
        values: dict[str, np.ndarray],
        column: int,
        rejected: np.ndarray,
    ) -> None:
        """One warning per row listing the category's indicator inputs it
        lacks (as for a candidate file), for the rows kept."""
        import numpy as np

        for cat in self.criteria.categories:
            rows = categories == cat.id
            if not rows.any():
                continue
            inputs: list[str] = []
            covered_by: dict[str, str] = {}
            for indicator in cat.indicators:
                inp = indicator.input
                for name in inp.fields:
                    if name not in inputs:
                        inputs.append(name)
                    if inp.kind == "ratio" and inp.fallback is not None:
                        covered_by.setdefault(name, inp.fallback)
            if not inputs:
                continue

            def absent(name: str) -> np.ndarray:
                col = values.get(name)
                if col is None:
                    return np.ones(self.n, dtype=bool)
                return _is_none(col) if col.dtype == object else np.isnan(col)

            masks = {}
            for name in inputs:
                m = absent(name)
                fallback = covered_by.get(name)
                if fallback is not None:
                    m = m & absent(fallback)
                masks[name] = m
            anything = np.zeros(self.n, dtype=bool)
            for m in masks.values():
                anything |= m
            hit = np.flatnonzero(anything & rows & ~rejected)

            def message(p: int, inputs: list[str] = inputs, masks: dict = masks) -> str:  # type: ignore[type-arg]
                names = [n for n in inputs if masks[n][p]]
                return _(
                    "{cand_id}: {missing} of {total} indicator inputs missing: {names}"
                ).format(
                    cand_id=ids[p],
                    missing=fmt(len(names)),
                    total=fmt(len(inputs)),
                    names=", ".join(names),
                )

            self.warn(hit, column, "missing-inputs", message)

    # --- report -------------------------------------------------------------

    def report(self) -> tuple[list[Diagnostic], dict[int, list[tuple[str, str]]]]:
        """Capped diagnostics, and every rejected row's (column, message)."""
        import numpy as np

        raw = self.raw
        reasons: dict[int, list[tuple[int, str, str]]] = {}
        chosen: list[
            tuple[int, int, int, str, str]
        ] = []  # (row, column number, order, message, severity)
        summaries: list[Diagnostic] = []
        keys: dict[tuple[int, str, str], list[_Group]] = {}
        for group in self.problems.groups:
            if group.severity == "error":
                self.bad[group.positions] = True
                cname = raw.columns[group.column].name if group.column >= 0 else ""
                for p in group.positions.tolist():
                    reasons.setdefault(p, []).append((group.column, cname, group.message(p)))
            keys.setdefault((group.column, group.kind, group.severity), []).append(group)
        for (column, _kind, severity), groups in keys.items():
            pos = np.concatenate([g.positions for g in groups])
            which = np.concatenate([np.full(len(g.positions), k) for k, g in enumerate(groups)])
            order = np.lexsort((which, pos))
            shown_n = min(PER_KIND, len(order))
            number = self.column_number(column) if column >= 0 else 0
            for k in order[:shown_n]:
                p = int(pos[k])
                row = int(raw.rows[p])
                message = self.where(column, row, groups[int(which[k])].message(p))
                chosen.append((row, number, len(chosen), message, severity))
            more = len(order) - shown_n
            if more:
                rows = raw.rows[pos[order[shown_n:]]]
                cname = raw.columns[column].name if column >= 0 else ""
                text = (
                    ngettext(
                        "... and {count} more problem of this kind in column {column} (rows {first} to {last}); --rejects FILE.csv lists every rejected row",
                        "... and {count} more problems of this kind in column {column} (rows {first} to {last}); --rejects FILE.csv lists every rejected row",
                        more,
                    )
                    if severity == "error"
                    else ngettext(
                        "... and {count} more warning of this kind in column {column} (rows {first} to {last})",
                        "... and {count} more warnings of this kind in column {column} (rows {first} to {last})",
                        more,
                    )
                ).format(
                    count=fmt(more),
                    column=f"'{shown(cname[:60])}'",
                    first=int(rows.min()),
                    last=int(rows.max()),
                )
                summaries.append(Diagnostic(raw.path, 0, 0, text, severity))  # type: ignore[arg-type]
        chosen.sort()
        shown_all = chosen[:PER_FILE]
        out = [Diagnostic(raw.path, r, c, m, s) for r, c, _o, m, s in shown_all]  # type: ignore[arg-type]
        rest = chosen[PER_FILE:]
        if rest:
            errors = sum(1 for x in rest if x[4] == "error")
            summaries.append(
                Diagnostic(
                    raw.path,
                    0,
                    0,
                    _(
                        "... and {count} more problems and warnings not listed (at most {limit} are listed per file), from row {first}"
                    ).format(count=fmt(len(rest)), limit=fmt(PER_FILE), first=rest[0][0]),
                    "error" if errors else "warning",
                )
            )
        ordered = {
            p: [(c, m) for _j, c, m in sorted(found, key=lambda x: x[0])]
            for p, found in reasons.items()
        }
        return self.diagnostics + out + summaries, ordered


def _ptsp_from_level(values: dict[str, np.ndarray]) -> None:
    """`policy.ptsp_required` of the rows that give `regulation.dedicated_level`
    but not it: false (a table's level stands for a YAML file's
    `regulations:`, which gives false when no regulation is scoped `ptsp`
    and the field is not written: docs/formats.md, "Derived fields")."""
    import numpy as np

    level = values.get(LEVEL_FIELD)
    if level is None:
        return
    given = ~_is_none(level)
    if not given.any():
        return
    ptsp = values.get(PTSP_FIELD)
    if ptsp is None:  # no such column: the level's rows still get it
        ptsp = values[PTSP_FIELD] = np.full(len(level), np.nan)
    ptsp[given & np.isnan(ptsp)] = 0.0


def _is_none(values: np.ndarray) -> np.ndarray:
    """Where an object column holds None (bool)."""
    import numpy as np

    return np.asarray(values == None, dtype=bool)  # noqa: E711 - elementwise


def _strictly_increasing(texts: pa.Array) -> bool:
    """Each text greater than the one before (so none is given twice);
    texts without nulls."""
    import pyarrow.compute as pc

    n = len(texts)
    if n < 2:
        return True
    return bool(pc.all(pc.greater(texts.slice(1), texts.slice(0, n - 1))).as_py())


def _trim(texts: pa.Array) -> pa.Array:
    """Without surrounding spaces; a blank cell is null (as _Reader.trimmed)."""
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(texts)
    return pc.if_else(pc.equal(text, ""), None, text)


def _whole(texts: pa.Array) -> pa.Array:
    """_WHOLE_FAST (`0`, or 1 to 15 digits without a leading zero) without a
    regular expression: ASCII digits only, 1 to 15 of them, no leading 0."""
    import pyarrow.compute as pc

    lengths = pc.binary_length(texts)
    return pc.and_(
        pc.and_(pc.ascii_is_decimal(texts), pc.less_equal(lengths, 15)),
        pc.or_(pc.invert(pc.starts_with(texts, "0")), pc.equal(lengths, 1)),
    )


def _fast_forms(
    texts: pa.Array,
    positions: np.ndarray | None,
    pending: np.ndarray,
    fast: Sequence[tuple[str, bool]],
    maximum: float | None,
    out: np.ndarray,
) -> None:
    """Read the `pending` texts that match a fast form (pattern, whether
    dots group thousands) and are at most `maximum` into `out` (at
    `positions`, None: the texts are the whole column), and mark them no
    longer pending."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    for pattern, dots in fast:
        if not pending.any():
            break
        left = np.flatnonzero(pending)
        few = len(left) <= len(texts) // 2  # look at the cells left only
        sub = pc.take(texts, pa.array(left)) if few else texts
        found = _whole(sub) if pattern == _WHOLE_FAST else pc.match_substring_regex(sub, pattern)
        match = np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
        if few:
            hit = left[match]
        else:
            match &= pending
            hit = np.flatnonzero(match)
        if not len(hit):
            continue
        if pattern == _WHOLE_FAST and len(hit) == len(texts) - texts.null_count:
            # Every cell written is a whole number: cast the column at once.
            numbers = pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)[hit]
        else:
            sub = pc.take(texts, pa.array(hit))
            if dots:
                sub = pc.replace_substring(sub, ".", "")
            elif pattern != _WHOLE_FAST:  # a whole number has no comma
                sub = pc.replace_substring(sub, ",", ".")
            numbers = pc.cast(sub, pa.float64()).to_numpy(zero_copy_only=False)
        good = np.ones(len(hit), dtype=bool) if maximum is None else numbers <= maximum
        where = hit[good] if positions is None else positions[hit[good]]
        out[where] = numbers[good]
        pending[hit[good]] = False


def _objects(texts: pa.Array) -> np.ndarray:
    """A string array as a (fresh, writable) object array, None for null."""
    return texts.to_numpy(zero_copy_only=False)


def _data_bytes(texts: pa.Array) -> np.ndarray | None:
    """The bytes of a string array's values (uint8, a view), or None when
    the array is not a plain string array. Bytes under null slots may be
    included: a check over them is conservative."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_string(texts.type):
        return None
    n = len(texts)
    buffers = texts.buffers()
    if n == 0 or buffers[1] is None:
        return np.zeros(0, dtype=np.uint8)
    offsets = np.frombuffer(buffers[1], dtype=np.int32, count=n + 1, offset=texts.offset * 4)
    start, end = int(offsets[0]), int(offsets[-1])
    if end <= start or buffers[2] is None:
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(buffers[2], dtype=np.uint8, count=end - start, offset=start)


def _id_bytes(data: np.ndarray) -> bool:
    """Every byte is one an id may hold: a-z, 0-9 or '-' (by a few
    vectorised comparisons, without a per-byte table look-up)."""
    import numpy as np

    if not len(data):
        return True
    if int(data.min()) < 0x2D or int(data.max()) > 0x7A:  # '-' .. 'z'
        return False
    # Inside '-' .. 'z', only '.', '/' (2E-2F) and ':' .. '`' (3A-60) are not allowed.
    return not bool(((data - np.uint8(0x2E) < 2) | (data - np.uint8(0x3A) < 0x27)).any())


_CONTROL_RE = "[\\x00-\\x1f\\x7f-\\x9f\u202a-\u202e\u2066-\u2069]"


def _ids_ok(texts: pa.Array) -> np.ndarray:
    """Where a trimmed id cell is a valid id of at most MAX_SHORT
    characters (ID_RE), or empty (bool): when every byte of the column is
    one an id may hold, by a few vectorised tests instead of the regular
    expression."""
    import numpy as np
    import pyarrow.compute as pc

    data = _data_bytes(texts)
    if data is not None and _id_bytes(data):
        # Only a-z, 0-9, '-': ID_RE then fails only on a leading '-' or an empty text.
        lengths = pc.binary_length(texts)
        bad = pc.or_(
            pc.starts_with(texts, "-"),
            pc.or_(pc.less(lengths, 1), pc.greater(lengths, MAX_SHORT)),
        )
        return ~np.asarray(pc.fill_null(bad, False).to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(
        pc.fill_null(
            pc.and_(
                pc.match_substring_regex(texts, ID_RE.pattern),
                pc.less_equal(pc.utf8_length(texts), MAX_SHORT),
            ),
            True,
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )


def _no_control(texts: pa.Array) -> np.ndarray:
    """Where a cell holds no control or bidirectional-override character
    (_CONTROL_RE) (bool, True for null): the column's bytes are looked at
    once, and the regular expression runs only when one may be there."""
    import numpy as np
    import pyarrow.compute as pc

    data = _data_bytes(texts)
    if data is not None:
        # In UTF-8: U+0000-U+001F and U+007F are single bytes; U+0080-U+009F
        # are C2 80-9F; U+202A-U+202E are E2 80 AA-AE; U+2066-U+2069 are
        # E2 81 A6-A9 (C2 and E2 are only ever lead bytes). One pass finds
        # whether any of those bytes is there; only then are they looked at.
        suspect = len(data) > 0 and not (int(data.min()) >= 0x20 and int(data.max()) < 0x7F)
        if suspect:  # not printable ASCII alone: a byte of interest?
            suspect = bool(((data < 0x20) | (data == 0x7F) | (data == 0xC2) | (data == 0xE2)).any())
        if suspect and not bool(((data < 0x20) | (data == 0x7F)).any()):
            lead = np.flatnonzero(data[:-2] == 0xE2) if len(data) > 2 else np.zeros(0, np.int64)
            second, third = data[lead + 1], data[lead + 2]
            bidi = ((second == 0x80) & (third >= 0xAA) & (third <= 0xAE)) | (
                (second == 0x81) & (third >= 0xA6) & (third <= 0xA9)
            )
            lead = np.flatnonzero(data[:-1] == 0xC2) if len(data) > 1 else np.zeros(0, np.int64)
            suspect = bool(bidi.any()) or bool((data[lead + 1] <= 0x9F).any())
        if not suspect:
            return np.ones(len(texts), dtype=bool)
    return ~np.asarray(
        pc.fill_null(pc.match_substring_regex(texts, _CONTROL_RE), False).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )


def _pa_strings(values: Sequence[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(list(values), type=pa.string())


def _split(text: str, delimiter: str, width: int) -> tuple[str | None, ...]:
    """A row that did not split into the header's columns, cut into cells
    as well as it goes: extra cells joined into the last column."""
    import csv

    cells = next(csv.reader([text], delimiter=delimiter), [])
    if len(cells) > width > 0:
        cells = cells[: width - 1] + [delimiter.join(cells[width - 1 :])]
    return tuple(c if c else None for c in cells)


def _cells(raw: RawTable, positions: Sequence[int]) -> list[tuple[str | None, ...]]:
    """The cells of the rows `positions`, as written."""
    import pyarrow as pa

    index = pa.array(list(positions), type=pa.int64())
    columns = [column.text.take(index).to_pylist() for column in raw.columns]
    return list(zip(*columns, strict=True)) if columns else [() for _p in positions]


def validate_table(
    raw: RawTable, criteria: Criteria, known: Mapping[str, str] | None = None
) -> TableRead:
    """Check every row of a loaded table; the valid rows as a CandidateTable.

    `known`: candidate id -> where it was already read (other files), so
    an id given twice is an error in the later place."""
    import numpy as np

    from ..progress import task

    reader = _Reader(raw, criteria, known or {})
    header = tuple(c.name for c in raw.columns)
    with task(_("Checking {name}").format(name=Path(raw.path).name), len(raw.columns) + 4) as t:
        used = reader.header()
        broken = [
            RejectedRow(
                raw.path,
                b.row,
                header,
                _split(b.text, raw.delimiter, len(header)),
                (
                    (
                        "",
                        ngettext(
                            "the row has {cells} cell but the header has {width} columns; look for a stray '{delimiter}' or an unclosed quote",
                            "the row has {cells} cells but the header has {width} columns; look for a stray '{delimiter}' or an unclosed quote",
                            b.cells,
                        ).format(
                            cells=fmt(b.cells), width=fmt(len(raw.columns)), delimiter=raw.delimiter
                        ),
                    ),
                ),
                b.text,
                raw.delimiter,
            )
            for b in raw.broken
        ]
        broken_diags = [
            Diagnostic(
                raw.path,
                r.row,
                min(b.cells, len(raw.columns)) + 1,
                r.problems[0][1],
            )
            for r, b in zip(broken, raw.broken, strict=True)
        ]
        if reader.fatal:
            return TableRead(None, reader.diagnostics, [], len(raw))  # rows unread
        # Rows with every cell empty, or holding only spaces, are not rows
        # (Excel leaves them at the end; a cell's value is read trimmed).
        filled = np.zeros(len(raw), dtype=bool)
        for column in raw.columns:
            nonempty = _given(column.text)
            if nonempty is None:
                filled[:] = True  # a column with every cell given: every row is a row
                break
            if column.types is not None:
                nonempty |= column.types != EMPTY
            filled |= nonempty
        if not filled.any() and not raw.broken:
            return TableRead(None, [_no_rows(raw)], [], 0)
        if not filled.all():
            keep = np.flatnonzero(filled)
            raw = _take(raw, keep)
            reader = _Reader(raw, criteria, known or {})
            reader.header()
        t.advance(1)
        ids = reader.ids(used["id"])
        names = reader.texts(used["name"], "name", MAX_TEXT, True)
        categories = reader.categories(used["category"])
        periods = reader.periods(used["period"])
        provinces = reader.texts(used.get("province"), "province", MAX_SHORT, False)
        zones = reader.texts(used.get("zone"), "zone", MAX_SHORT, False)
        synthetic = reader.synthetic(used.get("synthetic"))
        t.advance(1)
        values: dict[str, np.ndarray] = {}
        for name in FIELDS:
            if name in used:
                values[name] = reader.value_column(used[name], name)
                t.advance(1)
        reader.at_most(values, {n: used[n] for n in values})
        reader.duplicates(ids, used["id"])
        _ptsp_from_level(values)
        reader.missing_inputs(ids, categories, values, used["id"], reader.errors())
        t.advance(1)
        diagnostics, reasons = reader.report()
        # The groups' messages are closures over the reader, which holds
        # the raw table: a cycle that would keep the file's Arrow columns
        # until the garbage collector runs (`read_table` frees them).
        reader.problems.groups.clear()
        good = np.flatnonzero(~reader.bad)
        bad = np.flatnonzero(reader.bad).tolist()
        rejected = broken + [
            RejectedRow(
                raw.path,
                int(raw.rows[p]),
                header,
                cells,
                tuple(reasons.get(p, ())),
                None,
                raw.delimiter,
            )
            for p, cells in zip(bad, _cells(raw, bad), strict=True)
        ]
        rejected.sort(key=lambda r: r.row)
        every = len(good) == len(raw)

        def kept(column: np.ndarray) -> np.ndarray:
            return column if every else column[good]  # no copy when no row is rejected

        table = CandidateTable(
            ids=kept(ids),
            names=kept(names),
            categories=kept(categories),
            periods=kept(periods).astype(np.int64),
            provinces=kept(provinces),
            zones=kept(zones),
            synthetic=kept(synthetic),
            values={k: kept(v) for k, v in values.items()},
            kinds={k: FIELDS[k].type for k in values},
            sources=(SourceFile(raw.path, raw.sha256),),
            source_index=np.zeros(len(good), dtype=np.int32),
            rows=kept(raw.rows).astype(np.int64, copy=False),
        )
        t.advance(1)
    return TableRead(table, broken_diags + diagnostics, rejected, len(raw), ids, raw.rows)


def _no_rows(raw: RawTable) -> Diagnostic:
    """A table with a header and not one candidate row (a blank template
    read back) is an error, as an empty candidate file or folder is."""
    if raw.sheet is not None:
        text = _(
            "sheet '{sheet}' has no candidate rows, only its header (row {row}); give one row per candidate below it"
        ).format(sheet=raw.sheet, row=raw.header_row)
    else:
        text = _(
            "the table has no candidate rows, only its header (row {row}); give one row per candidate below it"
        ).format(row=raw.header_row)
    return Diagnostic(raw.path, 0, 0, text)


def _take(raw: RawTable, keep: np.ndarray) -> RawTable:
    import pyarrow as pa

    from ..load.tables import RawColumn

    index = pa.array(keep)
    columns = [
        RawColumn(
            c.name,
            c.index,
            c.text.take(index),
            None if c.types is None else c.types[keep],
            None if c.numbers is None else c.numbers[keep],
        )
        for c in raw.columns
    ]
    return RawTable(
        raw.path,
        raw.sha256,
        raw.format,
        raw.header_row,
        columns,
        raw.rows[keep],
        raw.sheet,
        raw.first_column,
        raw.delimiter,
        raw.broken,
    )


def _given(text: Any) -> "np.ndarray | None":
    """Which cells of a column hold something other than spaces; None when
    every one does (the common case, told by one pass over the column)."""
    import numpy as np
    import pyarrow.compute as pc

    blank = pc.or_kleene(pc.utf8_is_space(text), pc.equal(pc.utf8_length(text), 0))
    if text.null_count == 0 and not pc.any(blank).as_py():
        return None
    return ~np.asarray(pc.fill_null(blank, True).to_numpy(zero_copy_only=False), dtype=bool)


def read_table(path: Path, criteria: Criteria, known: Mapping[str, str] | None = None) -> TableRead:
    """Load and check a CSV or XLSX candidate table (docs/formats.md,
    "Candidate tables"): the valid rows as a CandidateTable (None when the
    file cannot be read or its header is wrong), every problem (capped),
    and the rejected rows."""
    raw, problems = load_table(path)
    if raw is None:
        return TableRead(None, problems, [], 0)
    read = validate_table(raw, criteria, known)
    del raw
    _release_arrow_memory()
    return read


def _release_arrow_memory() -> None:
    """Give the memory Arrow's pool kept back to the system. The file's
    Arrow columns are gone once its values are read into the table, but
    Arrow's allocator (mimalloc) keeps their pages for its own later use,
    and the engine's NumPy arrays cannot use them: with the reader's cycle
    broken, the 1% bad-rows pool of 725,356 rows is 524 MB resident after
    loading instead of 925 MB (docs/benchmarks.md)."""
    import sys

    pa = sys.modules.get("pyarrow")
    if pa is not None:  # an XLSX read by calamine alone never loads it
        pa.default_memory_pool().release_unused()


__all__ = [
    "PER_FILE",
    "PER_KIND",
    "REASON_COLUMNS",
    "RejectedRow",
    "TableRead",
    "read_table",
    "validate_table",
]
