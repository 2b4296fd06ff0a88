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
