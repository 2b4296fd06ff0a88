"""The rejects file (`--rejects FILE.csv`): the table rows set aside, as
they were written, each with why, for a secretariat to send back.

One line per rejected row: the row's cells under its file's header (the
union of the headers when several tables had rejected rows, in the order
first seen), then four columns saying where and what: the file, the row
(as the spreadsheet shows it), the columns with a problem, and the
problems (in the user's language). It opens cleanly in Excel: UTF-8 with
a byte-order mark, the delimiter of the table the rows came from (`;`
when that is what the region's Excel wrote), and text that a spreadsheet
would run as a formula neutralised (render/cells.py). A corrected rejects
file reads as a candidate table again: the four reason columns are
recognised and not read (validate/tables.py REASON_COLUMNS).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..messages import _
from .cells import csv_text

BOM = "\ufeff"


def reason_header() -> tuple[str, str, str, str]:
    return (_("file"), _("row"), _("column"), _("problem"))


def rejects_csv(rejected: Sequence[Any]) -> bytes:
    """The CSV bytes of the rejected rows (validate/tables.py RejectedRow)."""
    columns: dict[str, None] = {}
    for r in rejected:
        for name in r.header:
            if name:
                columns.setdefault(name, None)
    names = list(columns)
    delimiter = rejected[0].delimiter if rejected else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_text(n) for n in (*names, *reason_header())])
    for r in sorted(rejected, key=lambda r: (r.path, r.row)):
        cells = dict.fromkeys(names, "")
        for name, cell in zip(r.header, r.cells, strict=False):
            if name and cell is not None:
                cells[name] = cell
        where = ", ".join(dict.fromkeys(c for c, _m in r.problems if c))
        problems = "; ".join(m for _c, m in r.problems)
        writer.writerow(
            [csv_text(cells[n]) for n in names]
            + [csv_text(r.path), str(r.row), csv_text(where), csv_text(problems)]
        )
    return (BOM + out.getvalue()).encode("utf-8")


__all__ = ["reason_header", "rejects_csv"]
