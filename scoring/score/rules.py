"""Scoring rules: a derived value -> a score 0-100, one column at a time.

Each rule is applied to a whole category's column at once (NumPy), so the
cost of scoring 725,000 employers is a handful of array operations per
indicator, not a Python loop per candidate.

Encoding of the input column (what `engine.derive` produces):

- numeric rules (linear, bands, count, rubric): float64, NaN = missing;
- yesno: float64, 1.0 = yes, 0.0 = no, NaN = missing;
- ordinal: float64 *level codes*, the position of the level in
  `OrdinalRule.levels` (0 = best, as listed), NaN = missing. Codes keep every
  column a float array (one dtype for derived values, no object arrays in
  the maths); `ordinal_codes` turns level names into codes, and
  `apply_rule` also accepts an array of names (None = missing) directly.

A missing value stays NaN in the score; the engine decides what a missing
score is worth (the missing-value policy), not the rule. Linear, count and
rubric scores are clipped to 0..100; bands, yesno and ordinal scores are the
rule's own, 0..100 by validation; so an extreme or infinite input can never
leave the scale.

The rules themselves are not checked here: each rule's invariants (linear
floor below target for "higher", ascending bands, scores 0..100, a cap > 0,
rubric min below max, the catalogue's levels, ...) have one home,
scoring/validate/rules.py, and every Rule in a validated Criteria holds
them. What is checked here is the column a rule is handed: a yesno value
that is not 0/1, a level name or code the rule does not list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..model import (
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    YesNoRule,
)

__all__ = ["apply_rule", "ends", "ordinal_codes"]


def _as_float(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def ordinal_codes(rule: OrdinalRule, names: Sequence[object] | np.ndarray) -> np.ndarray:
    """Level names -> float codes (index in `rule.levels`), NaN for None.

    A name the rule does not list is a contract violation (the validator
    requires every level of the catalogue), so it raises instead of
    scoring a silent 0. One comparison per level over the whole column.
    """
    arr = np.empty(len(names), dtype=object)
    arr[:] = names if isinstance(names, np.ndarray) else list(names)
    out = np.full(len(arr), math.nan, dtype=np.float64)
    seen = np.equal(arr, np.array(None, dtype=object))
    for i, (name, _) in enumerate(rule.levels):
        hit = np.equal(arr, name)
        out[hit] = float(i)
        seen |= hit
    if not seen.all():
        bad = arr[int(np.flatnonzero(~seen)[0])]
        known = ", ".join(n for n, _ in rule.levels)
        raise ValueError(f"unknown level {bad!r} (known: {known})")
    return out


def _between(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """lo -> 0, hi -> 100, a straight line between, clipped (linear, rubric).

    (x - lo) / (hi - lo) covers both directions: for a "lower" linear rule
    (lo = floor > hi = target) numerator and denominator change sign."""
    with np.errstate(invalid="ignore", over="ignore"):
        frac = (x - lo) / (hi - lo)
    return np.clip(frac, 0.0, 1.0) * 100.0


def ends(rule: LinearRule | RubricRule) -> tuple[float, float]:
    """The values that score 0 and 100 (linear: floor, target; rubric: min, max)."""
    if isinstance(rule, LinearRule):
        return float(rule.floor), float(rule.target)
    return float(rule.min), float(rule.max)


def _bands(rule: BandsRule, x: np.ndarray) -> np.ndarray:
    starts = np.array([b.start for b in rule.bands], dtype=np.float64)
    scores = np.array([b.score for b in rule.bands], dtype=np.float64)
    # Index of the last band whose start <= x; -1 below the first band.
    idx = np.searchsorted(starts, x, side="right") - 1
    out = np.where(idx >= 0, scores[np.maximum(idx, 0)], 0.0)
    out[np.isnan(x)] = math.nan
    return out


def _count(rule: CountRule, x: np.ndarray) -> np.ndarray:
    cap = float(rule.cap)
    return np.clip(x, 0.0, cap) / cap * 100.0


def _yesno(rule: YesNoRule, x: np.ndarray) -> np.ndarray:
    if np.any((x != 0.0) & (x != 1.0) & ~np.isnan(x)):
        raise ValueError("yesno values must be 1.0, 0.0 or NaN")
    out = np.where(x == 1.0, float(rule.yes), float(rule.no))
    out[np.isnan(x)] = math.nan
    return out


def _ordinal(rule: OrdinalRule, codes: np.ndarray) -> np.ndarray:
    scores = np.array([s for _, s in rule.levels], dtype=np.float64)
    missing = np.isnan(codes)
    valid = codes[~missing]
    if valid.size and (
        np.any(valid != np.floor(valid)) or valid.min() < 0 or valid.max() >= len(scores)
    ):
        raise ValueError("ordinal codes must index the rule's levels")
    out = np.full(codes.shape, math.nan)
    out[~missing] = scores[valid.astype(np.intp)]
    return out


def apply_rule(rule: Rule, values: np.ndarray) -> np.ndarray:
    """Score a whole column: float array in, float array 0..100 (NaN kept) out."""
    if isinstance(rule, OrdinalRule):
        arr = np.asarray(values)
        if arr.dtype.kind in "OUS":
            arr = ordinal_codes(rule, arr.tolist())
        return _ordinal(rule, _as_float(arr))
    x = _as_float(values)
    if isinstance(rule, (LinearRule, RubricRule)):
        return _between(x, *ends(rule))
    if isinstance(rule, BandsRule):
        return _bands(rule, x)
    if isinstance(rule, CountRule):
        return _count(rule, x)
    if isinstance(rule, YesNoRule):
        return _yesno(rule, x)
    raise TypeError(f"unknown rule {rule!r}")
