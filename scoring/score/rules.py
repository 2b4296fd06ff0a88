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
score is worth (the missing-value policy), not the rule. Every score is
clipped to 0..100, so an extreme or infinite input can never leave the scale.
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

__all__ = ["apply_rule", "ordinal_codes"]


def _as_float(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def ordinal_codes(rule: OrdinalRule, names: Sequence[object]) -> np.ndarray:
    """Level names -> float codes (index in `rule.levels`), NaN for None.

    A name the rule does not list is a contract violation (the validator
    requires every level of the catalogue), so it raises instead of
    scoring a silent 0.
    """
    index = {name: float(i) for i, (name, _) in enumerate(rule.levels)}
    out = np.empty(len(names), dtype=np.float64)
    for i, name in enumerate(names):
        if name is None:
            out[i] = math.nan
        else:
            code = index.get(name)  # type: ignore[call-overload]
            if code is None:
                known = ", ".join(n for n, _ in rule.levels)
                raise ValueError(f"unknown level {name!r} (known: {known})")
            out[i] = code
    return out


def _linear(rule: LinearRule, x: np.ndarray) -> np.ndarray:
    floor, target = float(rule.floor), float(rule.target)
    if rule.direction == "higher" and not floor < target:
        raise ValueError(f"linear rule 'higher' needs floor < target: {floor}, {target}")
    if rule.direction == "lower" and not floor > target:
        raise ValueError(f"linear rule 'lower' needs floor > target: {floor}, {target}")
    if rule.direction not in ("higher", "lower"):
        raise ValueError(f"unknown direction {rule.direction!r}")
    # (x - floor) / (target - floor) covers both directions: for "lower" both
    # numerator and denominator change sign, giving (floor - x) / (floor - target).
    with np.errstate(invalid="ignore", over="ignore"):
        frac = (x - floor) / (target - floor)
    return np.clip(frac, 0.0, 1.0) * 100.0


def _bands(rule: BandsRule, x: np.ndarray) -> np.ndarray:
    if not rule.bands:
        raise ValueError("bands rule without bands")
    starts = np.array([b.start for b in rule.bands], dtype=np.float64)
    if np.any(np.diff(starts) <= 0):
        raise ValueError("band starts must be strictly ascending")
    scores = np.clip(np.array([b.score for b in rule.bands], dtype=np.float64), 0, 100)
    # Index of the last band whose start <= x; -1 below the first band.
    idx = np.searchsorted(starts, x, side="right") - 1
    out = np.where(idx >= 0, scores[np.maximum(idx, 0)], 0.0)
    out[np.isnan(x)] = math.nan
    return out


def _count(rule: CountRule, x: np.ndarray) -> np.ndarray:
    cap = float(rule.cap)
    if not cap > 0 or math.isinf(cap):
        raise ValueError(f"count rule needs a finite cap > 0: {cap}")
    return np.clip(x, 0.0, cap) / cap * 100.0


def _yesno(rule: YesNoRule, x: np.ndarray) -> np.ndarray:
    if np.any((x != 0.0) & (x != 1.0) & ~np.isnan(x)):
        raise ValueError("yesno values must be 1.0, 0.0 or NaN")
    yes = min(max(float(rule.yes), 0.0), 100.0)
    no = min(max(float(rule.no), 0.0), 100.0)
    out = np.where(x == 1.0, yes, no)
    out[np.isnan(x)] = math.nan
    return out


def _ordinal(rule: OrdinalRule, codes: np.ndarray) -> np.ndarray:
    scores = np.clip(np.array([s for _, s in rule.levels], dtype=np.float64), 0, 100)
    missing = np.isnan(codes)
    valid = codes[~missing]
    if valid.size and (
        np.any(valid != np.floor(valid)) or valid.min() < 0 or valid.max() >= len(scores)
    ):
        raise ValueError("ordinal codes must index the rule's levels")
    out = np.full(codes.shape, math.nan)
    out[~missing] = scores[valid.astype(np.intp)]
    return out


def _rubric(rule: RubricRule, x: np.ndarray) -> np.ndarray:
    lo, hi = float(rule.min), float(rule.max)
    if not hi > lo:
        raise ValueError(f"rubric needs max > min: {lo}, {hi}")
    with np.errstate(invalid="ignore", over="ignore"):
        frac = (x - lo) / (hi - lo)
    return np.clip(frac, 0.0, 1.0) * 100.0


def apply_rule(rule: Rule, values: np.ndarray) -> np.ndarray:
    """Score a whole column: float array in, float array 0..100 (NaN kept) out."""
    if isinstance(rule, OrdinalRule):
        arr = np.asarray(values)
        if arr.dtype.kind in "OUS":
            arr = ordinal_codes(rule, arr.tolist())
        return _ordinal(rule, _as_float(arr))
    x = _as_float(values)
    if isinstance(rule, LinearRule):
        return _linear(rule, x)
    if isinstance(rule, BandsRule):
        return _bands(rule, x)
    if isinstance(rule, CountRule):
        return _count(rule, x)
    if isinstance(rule, YesNoRule):
        return _yesno(rule, x)
    if isinstance(rule, RubricRule):
        return _rubric(rule, x)
    raise TypeError(f"unknown rule {rule!r}")
