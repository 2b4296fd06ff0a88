"""Numbers, money and dates written the way a reader of each language expects.

One `Formatter` per language (numbers grouped with CLDR's marks by
`messages.decimal_text`, dates by Babel), so Indonesian
gets `2.234`, `Rp 484.646.400`, `67,5%`, `84,85`, `8 April 2022` and
English gets `2,234`, `Rp 484,646,400`, `67.5%`, `84.85`, `April 8, 2022`.

Decisions (house style):
- Money keeps the rupiah symbol in both languages (`Rp 484,646,400` in
  English, not `IDR ...`): the amounts are rupiah and Indonesian readers of
  the English sheet know the symbol. Babel writes `Rp484.646.400`; the
  house style puts a space after the symbol.
- Rounding is half-up on the decimal value as printed (`repr` of the float),
  done once (scoring/messages.py, `half_up`, shared with the messages'
  numbers), so 84.845 prints 84,85 everywhere; `round_half_up` is
  exported for the CSV/JSON writers so every output agrees.
- Points and totals always carry two decimals (`84,85`, `100,00`) so
  columns line up; scores (0-100) one decimal at most; weights as needed.
- A missing value (None or NaN) prints as an en dash, and so does an
  infinite one (no rule can score it: the engine treats it as missing).
- Every formatter is total over every float, whatever its magnitude
  (1e26 rupiah prints all its 27 digits, 5e-324 prints 0): the decimal
  arithmetic runs with enough precision for the largest double.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from babel.dates import format_date

from ..messages import decimal_text, half_up, round_half_up
from ..model import Lang
from . import i18n

__all__ = ["DASH", "Formatter", "round_half_up"]

DASH = "\u2013"


def _is_missing(x: Any) -> bool:
    """None, NaN and infinities: nothing a reader can be shown as a number."""
    if x is None or isinstance(x, bool):
        return x is None
    try:
        return not math.isfinite(x)
    except TypeError:
        return False


class Formatter:
    """Locale formatting bound to one language ("id" or "en")."""

    def __init__(self, lang: Lang = "id"):
        if lang not in ("id", "en"):
            raise ValueError(f"unknown language {lang!r}: use 'id' or 'en'")
        self.lang: Lang = lang
        self.locale = "id_ID" if lang == "id" else "en_US"

    # -- plain numbers -----------------------------------------------------
    def _dec(self, x: float, digits: int, places: int = 0) -> str:
        """`x` rounded half-up to `digits` decimals, written with at least
        `places` of them (messages.decimal_text: the messages' numbers are
        written the same way; -0.001 rounds to 0, never "-0")."""
        return decimal_text(half_up(x, digits), self.lang, places)

    def count(self, x: float | None) -> str:
        """Whole numbers: 2.234 (id) / 2,234 (en)."""
        if x is None or _is_missing(x):
            return DASH
        return self._dec(x, 0)

    def number(self, x: float | None, digits: int = 2) -> str:
        """A value with up to `digits` decimals, trailing zeros dropped."""
        if x is None or _is_missing(x):
            return DASH
        return self._dec(x, digits)

    def money(self, x: float | None) -> str:
        """Rupiah without decimals: Rp 484.646.400 (id) / Rp 484,646,400 (en)."""
        if _is_missing(x):
            return DASH
        return "Rp " + self.count(x)

    def percent(self, x: float | None, digits: int = 1) -> str:
        """`x` is already in percent (0-100): 67.5 -> 67,5% (id) / 67.5% (en)."""
        if _is_missing(x):
            return DASH
        return self.number(x, digits) + "%"

    def points(self, x: float | None) -> str:
        """Points and totals, two decimals: 84,85 (id) / 84.85 (en)."""
        if x is None or _is_missing(x):
            return DASH
        return self._dec(x, 2, 2)

    def score(self, x: float | None) -> str:
        """An indicator score 0-100, one decimal at most: 62,5 / 100."""
        return self.number(x, 1)

    def weight(self, x: float | None) -> str:
        return self.number(x, 2)

    def date(self, d: date | None) -> str:
        """The locale's long date: 8 April 2022 (id) / April 8, 2022 (en)."""
        if d is None:
            return DASH
        return format_date(d, "long", locale=self.locale)

    def yes_no(self, x: bool | None) -> str:
        if x is None:
            return DASH
        if self.lang == "en":
            return "yes" if x else "no"
        return "ya" if x else "tidak"

    # -- by unit -----------------------------------------------------------
    def value(self, x: Any, unit: str = "") -> str:
        """Any indicator value with its display unit.

        Money (`Rp`) and percent (`%`) get their own form; other units are
        written after the number (`1.854 orang`, `1,854 people`); booleans
        and level names are written as words. This is the `fmt` callable given to
        `describe_rule`.
        """
        if _is_missing(x):
            return DASH
        if isinstance(x, bool):
            return self.yes_no(x)
        if isinstance(x, str):
            return i18n.level(x, self.lang)
        if not isinstance(x, (int, float)):
            return str(x)
        if unit == "Rp":
            return self.money(x)
        if unit == "%":
            return self.percent(x, 2)
        text = self.number(x, 2)
        if not unit:
            return text
        return f"{text} {i18n.unit(unit, self.lang, round_half_up(x, 2))}"

    def __call__(self, x: Any, unit: str = "") -> str:
        return self.value(x, unit)
