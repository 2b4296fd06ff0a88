"""Candidate tables: a CSV or XLSX file, one row per candidate, read as columns.

Nothing is converted here: a CSV cell stays the text it was written as
(pyarrow reads every column as a string, so `007` stays `007` and `2.234`
stays `2.234`), and an XLSX cell keeps the type Excel stored it with
(text, number, true/false, date), so the validator can see what Excel did
to a value (scoring/validate/tables.py). Empty cells are missing.

Locations are as a spreadsheet shows them: rows counted from 1 at the top
of the file (the header is row 1 unless rows above it hold a title), and
for XLSX the sheet and the cell (`Kandidat!D14`).

The header is the first row, among the first HEADER_SEARCH, that has a
cell `id`; rows above it (a title, labels, units) are not read. Without
such a row the first row is the header (and the validator reports the
missing `id` column).

A table is held as columns (pyarrow string arrays and NumPy arrays), never
as one Python object per row: a 725,356-row CSV is read in one call.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..messages import _, number
from .files import TABLE_SUFFIXES, is_table

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

MAX_TABLE_BYTES = 1 << 30  # 1 GiB: a 725,356-row CSV of every field is about 200 MiB
HEADER_SEARCH = 20  # rows looked at for the header (the row with a cell `id`)
SHEET_NAMES = ("kandidat", "candidates")  # the sheet read, else the first one
DELIMITERS = (",", ";", "\t")
_CHUNK = 20_000  # XLSX rows turned into columns at a time

# XLSX cell types (RawColumn.types); a CSV has only text.
EMPTY, TEXT, NUMBER, BOOL, DATE = 0, 1, 2, 3, 4


@dataclass(eq=False)
class RawColumn:
    """One column of a table as written.

    text: every cell as text (pyarrow string array, null = empty): the
    CSV text, or for XLSX the text of a text cell and the shown form of
    any other cell (a number as `2234` or `2234.5`, `TRUE`, a date as
    `2022-01-01`). types and numbers (XLSX only): each cell's type
    (EMPTY, TEXT, NUMBER, BOOL, DATE) and the number of a NUMBER or BOOL
    cell (NaN otherwise).
    """

    name: str  # the header cell, stripped
    index: int  # 0-based position in the file's columns
    text: pa.Array
    types: np.ndarray | None = None  # int8, XLSX only
    numbers: np.ndarray | None = None  # float64, XLSX only


@dataclass(eq=False)
class BrokenRow:
    """A CSV row that does not split into the header's columns."""

    row: int  # spreadsheet row number
    text: str  # the row as written
    cells: int  # how many cells it has


@dataclass(eq=False)
class RawTable:
    path: str  # as given (for messages)
    sha256: str  # of the bytes read
    format: str  # "csv" | "xlsx"
    header_row: int  # spreadsheet row of the header
    columns: list[RawColumn]
    rows: np.ndarray  # int64: each data row's spreadsheet row number
    sheet: str | None = None  # XLSX: the sheet read
    first_column: int = 0  # XLSX: 0-based sheet column of the table's first column
    delimiter: str = ","
    broken: list[BrokenRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, column: int, row: int) -> str:
        """`Kandidat!D14` for XLSX (column: index into `columns`), else ''."""
        if self.sheet is None:
            return ""
        sheet = self.sheet
        if not sheet.replace("_", "").isalnum():
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{column_letters(self.first_column + self.columns[column].index)}{row}"


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (a spreadsheet's column name)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or why they cannot be read (only regular files are
    opened, without blocking, as for YAML files)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None, _("not a regular file")
            if info.st_size > MAX_TABLE_BYTES:
                return None, _too_big()
            raw = handle.read(MAX_TABLE_BYTES + 1)
    except FileNotFoundError:
        return None, _("not found")
    except OSError as exc:
        return None, _("cannot read: {reason}").format(reason=exc.strerror or exc)
    if len(raw) > MAX_TABLE_BYTES:
        return None, _too_big()
    return raw, None


def _too_big() -> str:
    return _("file is larger than {mib} MiB, the largest table read").format(
        mib=number(MAX_TABLE_BYTES >> 20)
    )


def load_table(path: Path) -> tuple[RawTable | None, list[Diagnostic]]:
    """Read a CSV or XLSX candidate table as columns of text (and, for
    XLSX, cell types); on a problem with the whole file, None and the
    problem (a row that does not split is kept in `broken`)."""
    from ..progress import task

    name = str(path)
    raw, problem = _read_bytes(path)
    if raw is None:
        return None, [Diagnostic(name, 0, 0, problem or _("not found"))]
    digest = _Digest(raw)
    with task(_("Reading {name}").format(name=path.name), None):
        if path.suffix.lower() == ".xlsx":
            return _load_xlsx(name, raw, digest)
        held = [raw]
        del raw  # _load_csv lets go of the bytes once they are parsed
        return _load_csv(name, held, digest)


class _Digest:
    """The SHA-256 of the bytes read, computed in a thread while the table
    is parsed (hashlib and pyarrow both let go of the GIL): `str(digest)`
    waits for it. A small file is hashed at once."""

    def __init__(self, raw: bytes):
        self._hex: str | None = None
        self._thread = None
        if len(raw) < 1 << 20:
            self._hex = hashlib.sha256(raw).hexdigest()
            return
        import threading

        def run() -> None:
            self._hex = hashlib.sha256(raw).hexdigest()

        self._thread = threading.Thread(target=run, name="paritrana-sha256", daemon=True)
        self._thread.start()

    def __str__(self) -> str:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        assert self._hex is not None
        return self._hex


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def _delimiter(line: str) -> str:
    """`,` `;` or tab: whichever splits the header line most (outside quotes).
    Excel set to Indonesian writes `;`, since `,` is the decimal comma."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_index(records: list[list[str]]) -> int:
    for i, record in enumerate(records[:HEADER_SEARCH]):
        if any(cell.strip().casefold() == "id" for cell in record):
            return i
    return 0


def _decode_problem(name: str, raw: bytes) -> Diagnostic | None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        hint = ""
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = _(" (it looks like UTF-16)")
        return Diagnostic(
            name,
            row,
            0,
            _(
                "the file is not UTF-8{hint}: byte {byte} cannot be read; in Excel save it as 'CSV UTF-8 (Comma delimited)'"
            ).format(hint=hint, byte=f"0x{raw[exc.start]:02x}"),
        )
    return None


def _load_csv(
    name: str, held: list[bytes], digest: _Digest
) -> tuple[RawTable | None, list[Diagnostic]]:
    """`held`: the file's bytes, alone in a list so that they can be let go
    of as soon as pyarrow has parsed them (before the columns are joined)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    raw = held[0]
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = memoryview(raw)[3:] if bom else memoryview(raw)  # no copy of the file
    head = bytes(body[: 1 << 16]).decode("utf-8", errors="replace")
    if not head.strip():
        return None, [Diagnostic(name, 0, 0, _("the table is empty: it has no header row"))]
    delimiter = _delimiter(head.splitlines()[0] if head.splitlines() else head)
    lines = head if len(body) <= 1 << 16 else head[: head.rfind("\n") + 1] or head
    records = list(csv.reader(io.StringIO(lines, newline=""), delimiter=delimiter))
    records = records[: HEADER_SEARCH + 1]
    if not records:
        return None, [Diagnostic(name, 0, 0, _("the table is empty: it has no header row"))]
    index = _header_index(records)
    header = [cell.strip() for cell in records[index]]
    width = len(header)
    generated = [f"c{i}" for i in range(width)]
    broken: list[tuple[int | None, str, int]] = []

    def invalid(row: Any) -> str:
        broken.append((row.number, row.text, row.actual_columns))
        return "skip"

    # A line break inside a value needs quotes; without any quote in the
    # file, pyarrow may split the file at every line break (much faster).
    quoted = raw.find(b'"', 3 if bom else 0) >= 0

    source = [pa.py_buffer(body)]  # let go of after the parse (below)

    def read(threads: bool) -> pa.Table:
        return pcsv.read_csv(
            source[0],
            read_options=pcsv.ReadOptions(
                column_names=generated,
                skip_rows=index + 1,
                use_threads=threads,
                encoding="utf8",
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=invalid,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={c: pa.string() for c in generated},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )

    try:
        table = read(True)
        if broken and any(number is None for number, _t, _c in broken):
            broken.clear()  # only a single-threaded read numbers the rows
            table = read(False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        problem = _decode_problem(name, bytes(body))
        if problem is not None:
            return None, [problem]
        return None, [
            Diagnostic(name, 0, 0, _("cannot read the table: {reason}").format(reason=exc))
        ]
    sha256 = str(digest)  # the hash thread is done with the bytes too
    source.clear()
    del body, raw
    held.clear()
    first = index + 2  # the first data row, counted from 1 with the header
    n = table.num_rows
    bad_numbers = sorted(number for number, _t, _c in broken if number is not None)
    if bad_numbers:
        numbers = np.arange(first, first + n + len(bad_numbers), dtype=np.int64)
        rows = np.setdiff1d(numbers, np.asarray(bad_numbers, dtype=np.int64), assume_unique=True)
    else:
        rows = np.arange(first, first + n, dtype=np.int64)
    # One array per column; each column's chunks are let go as soon as it
    # is joined, so the file is never held twice over.
    chunked = table.columns
    del table
    columns = []
    for i in range(width):
        columns.append(RawColumn(header[i], i, chunked[i].combine_chunks()))
        chunked[i] = None  # type: ignore[call-overload]
    return (
        RawTable(
            name,
            sha256,
            "csv",
            index + 1,
            columns,
            rows,
            delimiter=delimiter,
            broken=[BrokenRow(int(number or 0), text, cells) for number, text, cells in broken],
        ),
        [],
    )


# --------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------


def _shown(value: Any) -> tuple[int, str | None, float]:
    """(type, text, number) of one XLSX cell as calamine gives it."""
    if isinstance(value, str):
        return (TEXT, value, float("nan")) if value.strip() else (EMPTY, None, float("nan"))
    if isinstance(value, bool):
        return BOOL, "TRUE" if value else "FALSE", 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e16:
            return NUMBER, str(int(number)), number
        return NUMBER, repr(number), number
    if isinstance(value, (datetime, date, time)):
        return DATE, value.isoformat(), float("nan")
    if isinstance(value, timedelta):
        return DATE, str(value), float("nan")
    if value is None:
        return EMPTY, None, float("nan")
    return TEXT, str(value), float("nan")


def _load_xlsx(name: str, raw: bytes, digest: _Digest) -> tuple[RawTable | None, list[Diagnostic]]:
    import numpy as np
    import pyarrow as pa
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = list(book.sheet_names)
        if not names:
            return None, [Diagnostic(name, 0, 0, _("the workbook has no sheets"))]
        chosen = next((s for s in names if s.strip().casefold() in SHEET_NAMES), names[0])
        sheet = book.get_sheet_by_name(chosen)
        start_row, start_col = sheet.start or (0, 0)
        rows_iter = iter(sheet.iter_rows())
        top: list[list[Any]] = []
        for row in rows_iter:
            top.append(list(row))
            if len(top) > HEADER_SEARCH:
                break
    except Exception as exc:  # noqa: BLE001 - calamine raises its own errors for damaged files
        return None, [
            Diagnostic(
                name,
                0,
                0,
                _("cannot read the workbook: {reason}").format(reason=str(exc)[:200]),
            )
        ]
    if not top:
        return None, [
            Diagnostic(
                name, 0, 0, _("sheet '{sheet}' is empty: it has no header row").format(sheet=chosen)
            )
        ]
    as_text = [[str(v) if isinstance(v, str) else "" for v in r] for r in top]
    index = _header_index(as_text)
    header_cells = top[index]
    header = [_shown(v)[1] or "" for v in header_cells]
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()  # trailing empty header cells: outside the table
    width = len(header)
    pending = top[index + 1 :]
    texts: list[list[pa.Array]] = [[] for _i in range(width)]
    types: list[list[np.ndarray]] = [[] for _i in range(width)]
    numbers: list[list[np.ndarray]] = [[] for _i in range(width)]
    count = 0

    def flush(chunk: list[list[Any]]) -> None:
        m = len(chunk)
        for j in range(width):
            t = np.zeros(m, dtype=np.int8)
            x = np.full(m, np.nan, dtype=np.float64)
            s: list[str | None] = [None] * m
            for i, r in enumerate(chunk):
                if j < len(r):
                    t[i], s[i], x[i] = _shown(r[j])
            texts[j].append(pa.array(s, type=pa.string()))
            types[j].append(t)
            numbers[j].append(x)

    chunk = pending
    try:
        for row in rows_iter:
            chunk.append(row)
            if len(chunk) >= _CHUNK:
                flush(chunk)
                count += len(chunk)
                chunk = []
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        return None, [
            Diagnostic(
                name, 0, 0, _("cannot read the workbook: {reason}").format(reason=str(exc)[:200])
            )
        ]
    if chunk:
        flush(chunk)
        count += len(chunk)
    columns = [
        RawColumn(
            header[j],
            j,
            pa.concat_arrays(texts[j]) if texts[j] else pa.array([], type=pa.string()),
            np.concatenate(types[j]) if types[j] else np.zeros(0, dtype=np.int8),
            np.concatenate(numbers[j]) if numbers[j] else np.zeros(0, dtype=np.float64),
        )
        for j in range(width)
    ]
    header_row = start_row + index + 1
    rows = np.arange(header_row + 1, header_row + 1 + count, dtype=np.int64)
    return (
        RawTable(
            name,
            str(digest),
            "xlsx",
            header_row,
            columns,
            rows,
            sheet=chosen,
            first_column=start_col,
        ),
        [],
    )


__all__ = [
    "BOOL",
    "DATE",
    "EMPTY",
    "NUMBER",
    "TABLE_SUFFIXES",
    "TEXT",
    "BrokenRow",
    "RawColumn",
    "RawTable",
    "column_letters",
    "is_table",
    "load_table",
]
