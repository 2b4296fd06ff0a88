"""Text cells of the CSV and XLSX exports, made harmless to the reader's tools.

Names, provinces, zones and labels come from files other people wrote, and
a spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` (and,
in CSV, one that starts with a tab or a carriage return) as a formula:
`=HYPERLINK("http://...","y")` in a province becomes a live link, `+1+1` a
sum (OWASP, "CSV Injection"). So, for text only (numbers stay numbers):

- CSV: control, bidi-override and line-separator characters are written
  as escapes (`errors.printable`: `\\x07`, `\\u202e`), which also means no
  text cell contains a raw line break; then a text that starts with one of
  `= + - @ TAB CR` or with a single quote gets a single quote in front
  (OWASP's advice). Every text cell that starts with `'` therefore had one
  added: drop the first character to get the text back.
- XLSX: the same escapes (openpyxl refuses most control characters
  outright: IllegalCharacterError), text cut to what a cell can hold, and
  a text that looks like a formula is stored as a string cell with Excel's
  quote-prefix style, so it is shown as typed and stays text when edited.
"""

from __future__ import annotations

from typing import Any

from ..errors import printable
from ..model import Lang
from .limits import cut_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_MAX = 32_767  # characters an Excel cell holds


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """A text cell for CSV: escaped, and quote-prefixed when it could be a formula."""
    safe = printable(text)
    if looks_like_formula(safe) or safe.startswith("'"):
        return "'" + safe
    return safe


def xlsx_text(text: str, lang: Lang = "id") -> str:
    """A text cell for XLSX: escaped and no longer than a cell holds."""
    return cut_text(printable(text), XLSX_CELL_MAX, lang)


# --------------------------------------------------------------------------
# `csv_text` of a whole column (the columnar CSV export): pyarrow.compute
# and NumPy over the column's buffers, the Python function only for the
# few texts that hold something `printable` escapes.
# --------------------------------------------------------------------------

# errors.printable's characters, in RE2's syntax.
_UNPRINTABLE_RE2 = r"[\x00-\x1f\x{7f}-\x{9f}\x{2028}\x{2029}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
# A text starting with one of FORMULA_START or "'" gets a quote: all of
# them single ASCII bytes, so a text's first byte tells (the first byte of
# a longer UTF-8 character is 0x80 or more).
_QUOTE_BYTES = bytes(ord(c) for c in (*FORMULA_START, "'"))


def _first_bytes(arr: Any) -> Any:
    """Each string's first byte; 0 for an empty string or a null."""
    import numpy as np

    n = len(arr)
    out = np.zeros(n, dtype=np.uint8)
    _validity, offsets_buf, data_buf = arr.buffers()
    if n == 0 or data_buf is None or data_buf.size == 0:
        return out
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)  # pa.string()
    offsets = offsets[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts = offsets[:-1]
    given = offsets[1:] > starts
    if arr.null_count:
        given &= arr.is_valid().to_numpy(zero_copy_only=False)
    out[given] = data[starts[given]]
    return out


def csv_texts(values: Any) -> Any:
    """`csv_text` of each str of a column (an object ndarray, a sequence or
    a pyarrow string array), as a pyarrow string array; null for None.
    Tested against `csv_text` by property (tests/test_export_columns.py)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..errors import printable

    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    if arr.type != pa.string():
        arr = arr.cast(pa.string())  # a chunk of a column: small enough for int32 offsets
    # Printable ASCII needs no escape; only the other texts (accents, other
    # scripts, controls) are searched for what `printable` escapes.
    plain = pc.ascii_is_printable(arr)
    if not pc.all(plain).as_py():
        others = np.flatnonzero(~pc.fill_null(plain, True).to_numpy(zero_copy_only=False))
        found = pc.match_substring_regex(arr.take(pa.array(others)), _UNPRINTABLE_RE2)
        bad = np.zeros(len(arr), dtype=bool)
        bad[others] = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
        if bad.any():
            fixed = [printable(v) for v in arr.filter(pa.array(bad)).to_pylist()]
            arr = pc.replace_with_mask(arr, pa.array(bad), pa.array(fixed, arr.type))
    lead = np.isin(_first_bytes(arr), np.frombuffer(_QUOTE_BYTES, dtype=np.uint8))
    if not lead.any():
        return arr
    return pc.if_else(pa.array(lead), pc.binary_join_element_wise("'", arr, ""), arr)
