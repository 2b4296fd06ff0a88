"""The rule in words (criteria table of the scorecard, terminal breakdown).

`describe_rule` writes a scoring rule as a reader sees it, in Bahasa
Indonesia or English: `linier: 10% → 0, 52% → 100`, `count, cap 1
regulation`. Level names and units come from i18n.py (one table each), so
a level is called the same in the rule as in the value column.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import (
    BandsRule,
    CountRule,
    Lang,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    YesNoRule,
)
from . import i18n

NumberFormat = Callable[[float], str]

_WORDS: dict[str, tuple[str, str]] = {  # key: (Bahasa Indonesia, English)
    "linear": ("linier", "linear"),
    "lower": ("makin kecil makin baik", "lower is better"),
    "bands": ("ambang", "bands"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "count": ("jumlah, batas", "count, cap"),
    "rubric": ("rubrik panel", "panel rubric"),
}


def _plain(x: float) -> str:
    """Default number format: no exponent for ordinary amounts, no '.0'."""
    return format(float(x), ".12g")


def _with_unit(text: str, unit: str, lang: Lang, one: bool) -> str:
    """A formatted number with its unit in `lang`; in English singular when
    the number reads as one (`1 regulation`, `2 regulations`)."""
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit == "Rp":
        return f"Rp {text}"
    return f"{text} {i18n.unit(unit, lang, 1 if one else None)}"


def describe_rule(rule: Rule, unit: str, lang: Lang, fmt: NumberFormat | None = None) -> str:
    """The rule in words, e.g. 'linier: 10% → 0, 52% → 100'.

    `unit` is the indicator's unit as the field catalogue writes it
    (`regulasi`, `%`, `Rp`); it is translated here, per number. `fmt`
    formats numbers (the renderer passes a locale-aware Babel formatter);
    thresholds carry the unit, scores do not. An English unit is singular
    after a number that `fmt` writes as it writes 1 (`cap 1 regulation`).
    """
    f = fmt or _plain
    one = f(1)

    def v(x: float) -> str:
        text = f(x)
        return _with_unit(text, unit, lang, text == one)

    i = 1 if lang == "en" else 0
    w = {key: pair[i] for key, pair in _WORDS.items()}
    if isinstance(rule, LinearRule):
        text = f"{w['linear']}: {v(rule.floor)} → 0, {v(rule.target)} → 100"
        return f"{text} ({w['lower']})" if rule.direction == "lower" else text
    if isinstance(rule, BandsRule):
        parts = []
        if rule.bands and rule.bands[0].start > 0:
            parts.append(f"<{v(rule.bands[0].start)} → 0")
        parts += [f"≥{v(b.start)} → {f(b.score)}" for b in rule.bands]
        return f"{w['bands']}: " + "; ".join(parts)
    if isinstance(rule, YesNoRule):
        return f"{w['yes']} = {f(rule.yes)}, {w['no']} = {f(rule.no)}"
    if isinstance(rule, CountRule):
        return f"{w['count']} {v(rule.cap)}"
    if isinstance(rule, OrdinalRule):
        return "; ".join(f"{i18n.level(name, lang)} {f(score)}" for name, score in rule.levels)
    if isinstance(rule, RubricRule):
        return f"{w['rubric']} {f(rule.min)}–{f(rule.max)}"
    raise TypeError(f"unknown rule {rule!r}")
