"""Exact (rational) scoring of single candidates: the arbiter of every decision.

The engine scores a whole category in float64 NumPy columns, which is fast
but inexact: 58 of 100 villages is 0.58 * 100 = 57.99999999999999 in
floating point, below a band that starts at 58, and 0.1 + 0.2 + 0.3 differs
from 0.3 + 0.2 + 0.1. This module computes the same numbers as exact
rationals, with no rounding at all, for the few candidates where float
noise could matter (docs/design.md, "Exact arithmetic"):

- a derived value within a hair of a rule's decision point (a band start,
  a linear floor or target, a count cap, a rubric end);
- a total, pillar or indicator score within a hair of a display rounding
  boundary (84.845 must print 84,85);
- candidates whose float totals are within a hair of each other (the ranker
  compares those exactly, so equal totals tie and unequal ones never do).

What a number "is": an int is itself; a float is the shortest decimal that
reads back as that float (`repr`), which is the decimal the person wrote
(YAML `0.1` is 1/10, not the binary 0.1000000000000000055...). Validation
keeps values to magnitudes where this holds (docs/formats.md).

The semantics mirror `engine.py` and `rules.py` exactly: same inputs, same
missing-value policy, same reweighting, same clipping. The property tests
(tests/test_engine_exact.py) check that the engine's float columns agree
with this module for random categories and that every place and tie is the
one exact arithmetic gives.

Rationals are gmpy2's `mpq` (GMP, in C): the semantics of
`fractions.Fraction`, about ten times faster, which keeps the exact path
cheap at 725,000 employers; its conversion to float is correctly rounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from gmpy2 import mpq as Rational

from ..model import (
    STATUS_CODES,
    Aggregate,
    BandsRule,
    Category,
    CountRule,
    Indicator,
    LinearRule,
    OrdinalRule,
    PanelRaw,
    RawParts,
    RubricRule,
    Rule,
    Stage,
    YesNoRule,
)
from .rules import ends

OK = STATUS_CODES["ok"]
MISSING = STATUS_CODES["missing"]
PENDING = STATUS_CODES["pending"]

_ZERO = Rational(0)
_HUNDRED = Rational(100)

__all__ = ["ExactRow", "ExactRows", "exact_row", "q"]


def q(x: object) -> Rational | None:
    """The exact value of a number as written; None for missing or non-finite."""
    if type(x) is float:  # the common case first: a column's value
        return _qf(x)
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, int):
        return Rational(x)
    if isinstance(x, Rational):
        return x
    return _qf(float(x))  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _qf(f: float) -> Rational | None:
    """A float as the shortest decimal that reads back as it (cached: the
    criteria's constants recur in every row)."""
    if not math.isfinite(f):
        return None
    if f.is_integer():
        return Rational(int(f))
    return Rational(repr(f))


def _clip(x: Rational, lo: Rational, hi: Rational) -> Rational:
    return lo if x < lo else hi if x > hi else x


def _param(x: object) -> Rational:
    """A rule's number as a rational: finite, as validation proved
    (scoring/validate/rules.py, the one home of the rules' invariants)."""
    value = q(x)
    assert value is not None
    return value


def _representable(x: Rational | None) -> Rational | None:
    """None where the engine's float would overflow (it counts that as missing)."""
    if x is None:
        return None
    try:
        float(x)
    except OverflowError:
        return None
    return x


def absent_status(rule: Rule) -> int:
    """The status of an indicator without a value: a rubric without panel
    scores is pending (left out of the maximum), any other rule missing."""
    return PENDING if isinstance(rule, RubricRule) else MISSING


def derive_exact(indicator: Indicator, raw: object) -> Rational | None:
    """The exact derived value of one candidate's raw input (engine.derive)."""
    return _representable(_derive(indicator, raw))


def _derive(indicator: Indicator, raw: object) -> Rational | None:
    inp, rule = indicator.input, indicator.rule
    if inp.kind == "panel":
        if isinstance(raw, Aggregate):  # engine.derive: aggregated (score/panel.py)
            return q(raw.value)
        scores = raw  # a plain tuple of scores (older callers), or None
        if not scores:
            return None
        parts = [q(s) for s in scores]  # type: ignore[attr-defined]
        if any(p is None for p in parts):
            return None
        return sum(parts, _ZERO) / len(parts)  # type: ignore[arg-type]
    if inp.kind == "field":
        if raw is None:
            return None
        if isinstance(rule, YesNoRule):
            return Rational(1 if raw else 0)
        if isinstance(rule, OrdinalRule):
            names = [name for name, _ in rule.levels]
            return Rational(names.index(raw))  # type: ignore[arg-type]
        return q(raw)
    parts = list(raw)  # type: ignore[call-overload]
    values = [q(p) for p in parts[: len(inp.fields)]]
    if inp.kind == "ratio":
        a, b = values
        if a is not None and b is not None and b != 0:
            ratio = _representable(a / b * _HUNDRED)
            if ratio is not None:
                return ratio
        if inp.fallback is not None:
            return q(parts[2])
        return None
    if inp.kind == "growth":
        a, b = values
        if a is None or b is None or b == 0:
            return None
        return (a - b) / b * _HUNDRED
    if inp.kind == "sum":
        if any(v is None for v in values):
            return None
        return sum(values, _ZERO)  # type: ignore[arg-type]
    raise ValueError(f"indicator {indicator.id!r}: unknown input {inp.kind!r}")


def _between(x: Rational, lo: Rational, hi: Rational) -> Rational:
    """(x - lo) / (hi - lo) clipped to 0..1, times 100 (linear and rubric)."""
    return _clip((x - lo) / (hi - lo), _ZERO, Rational(1)) * _HUNDRED


@lru_cache(maxsize=1024)
def _params(rule: Rule) -> tuple[Rational, ...]:
    """A rule's numbers as rationals, once per rule (rules recur in every row)."""
    if isinstance(rule, LinearRule):
        return (_param(rule.floor), _param(rule.target))
    if isinstance(rule, BandsRule):
        return tuple(_param(x) for band in rule.bands for x in (band.start, band.score))
    if isinstance(rule, CountRule):
        return (_param(rule.cap),)
    if isinstance(rule, YesNoRule):
        return (_param(rule.yes), _param(rule.no))
    if isinstance(rule, OrdinalRule):
        return tuple(_param(score) for _, score in rule.levels)
    if isinstance(rule, RubricRule):
        return (_param(rule.min), _param(rule.max))
    raise TypeError(f"unknown rule {rule!r}")


def apply_exact(rule: Rule, x: Rational) -> Rational:
    """A rule applied to one exact derived value (rules.apply_rule)."""
    p = _params(rule)
    if isinstance(rule, (LinearRule, RubricRule)):
        return _between(x, p[0], p[1])
    if isinstance(rule, BandsRule):
        score = _ZERO
        for j in range(0, len(p), 2):  # ascending starts: the last one reached counts
            if x >= p[j]:
                score = p[j + 1]
        return score
    if isinstance(rule, CountRule):
        cap = p[0]
        return _clip(x, _ZERO, cap) / cap * _HUNDRED
    if isinstance(rule, YesNoRule):
        return p[0] if x == 1 else p[1]
    if isinstance(rule, OrdinalRule):
        return p[int(x)]
    raise TypeError(f"unknown rule {rule!r}")  # pragma: no cover - _params raised


def decision_points(rule: Rule) -> tuple[float, ...]:
    """Derived values where a rule's score changes course (bands, ends, caps)."""
    if isinstance(rule, (LinearRule, RubricRule)):
        return ends(rule)
    if isinstance(rule, BandsRule):
        return tuple(float(b.start) for b in rule.bands)
    if isinstance(rule, CountRule):
        return (0.0, float(rule.cap))
    return ()  # yesno and ordinal read exact codes


@dataclass(frozen=True)
class ExactRow:
    """One candidate's whole result, exact. Lists are in category indicator order."""

    derived: tuple[Rational | None, ...]
    score: tuple[Rational | None, ...]
    status: tuple[int, ...]
    weight: tuple[Rational, ...]
    points: tuple[Rational, ...]
    pillar_points: tuple[Rational, ...]
    total: Rational

    def keys(self, category: Category, stage: Stage | None = None) -> tuple[Rational, ...]:
        """Ranking keys: the total (of `stage`'s basis when given), then the
        tie-break pillars' points."""
        by_id = {p.id: pts for p, pts in zip(category.pillars, self.pillar_points)}
        total = self.total if stage is None else self.basis(category, stage)
        return (total, *(by_id[p] for p in category.tie_break))

    def basis(self, category: Category, stage: Stage) -> Rational:
        """The exact total of a stage's basis (rank/stages.py, `basis_columns`):
        the sum of its pillars' points, or with `combine` the sum of
        weight * stage total / stage maximum over the stages combined, each
        stage's maximum being the sum of its pillars' weights."""
        by_id = {p.id: pts for p, pts in zip(category.pillars, self.pillar_points)}
        if not stage.combine:
            return sum((by_id[p] for p in stage.pillars), _ZERO)
        weights = {p.id: _param(p.weight) for p in category.pillars}
        total = _ZERO
        for stage_id, weight in stage.combine:
            part = stage if stage_id == stage.id else category.stage(stage_id)
            if part is None:
                raise ValueError(f"stage {stage.id!r} combines unknown stage {stage_id!r}")
            top = sum((weights[p] for p in part.pillars), _ZERO)
            if top > 0:
                own = sum((by_id[p] for p in part.pillars), _ZERO)
                total += _param(weight) * own / top
        return total


def exact_row(category: Category, raws: Sequence[object]) -> ExactRow:
    """Score one candidate exactly from its raw inputs (one per indicator,
    as `engine.derive` returns them), with the engine's missing-value policy."""
    return _plan(category)(raws)


_PLANS: dict[int, tuple[Category, _Plan]] = {}


def _plan(category: Category) -> _Plan:
    """The category's plan, made once (kept with the category it is of)."""
    held = _PLANS.get(id(category))
    if held is None or held[0] is not category:
        if len(_PLANS) > 64:
            _PLANS.clear()
        held = _PLANS[id(category)] = (category, _Plan(category))
    return held[1]


def _deriver(indicator: Indicator):  # type: ignore[no-untyped-def]
    """derive_exact for one indicator, with its common case first: a field
    given as a float is its shortest decimal (always representable)."""
    inp, rule = indicator.input, indicator.rule
    if inp.kind == "field" and not isinstance(rule, (YesNoRule, OrdinalRule)):

        def field(raw: object) -> Rational | None:
            if type(raw) is float:
                return _qf(raw)
            return derive_exact(indicator, raw)

        return field
    if inp.kind == "ratio" and inp.fallback is None:

        def ratio(raw: object) -> Rational | None:
            a, b = q(raw[0]), q(raw[1])  # type: ignore[index]
            if a is None or b is None or b == 0:
                return None
            return _representable(a / b * _HUNDRED)

        return ratio
    return lambda raw: derive_exact(indicator, raw)


def _applier(rule: Rule):  # type: ignore[no-untyped-def]
    """apply_exact for one rule, its numbers as rationals once."""
    if isinstance(rule, (LinearRule, RubricRule)):
        lo, hi = _params(rule)
        span = hi - lo
        one = Rational(1)

        def between(x: Rational) -> Rational:
            f = (x - lo) / span
            return _ZERO if f < _ZERO else _HUNDRED if f > one else f * _HUNDRED

        return between
    return lambda x: apply_exact(rule, x)


class _Plan:
    """exact_row of one category: each indicator's derivation, rule,
    rational weight and missing policy looked up once, not per row; a
    field's (derived, score) and a pillar's weights (they depend only on
    which of its indicators are scored) are kept once computed."""

    def __init__(self, category: Category) -> None:
        self.pillars: list[Any] = []
        for pillar in category.pillars:
            inds = pillar.indicators
            self.pillars.append(
                (
                    [
                        (
                            _deriver(ind),
                            _applier(ind.rule),
                            absent_status(ind.rule),
                            {} if ind.input.kind == "field" else None,
                        )
                        for ind in inds
                    ],
                    [_param(ind.weight) for ind in inds],
                    [ind.missing == "reweight" for ind in inds],
                    {},
                )
            )

    @staticmethod
    def _weights(
        statuses: Sequence[int], base: Sequence[Rational], reweight: Sequence[bool]
    ) -> tuple[tuple[Rational, ...], tuple[Rational, ...]]:
        """A pillar's effective weights for these statuses, and each / 100."""
        ok_weight = sum((w for w, st in zip(base, statuses) if st == OK), _ZERO)
        shared = sum(
            (w for w, st, r in zip(base, statuses, reweight) if st == MISSING and r), _ZERO
        )
        grow = (ok_weight + shared) / ok_weight if ok_weight > 0 else None
        weights = []
        for w, st, r in zip(base, statuses, reweight):
            if st == OK:
                weights.append(w if grow is None else w * grow)
            else:
                weights.append(_ZERO if st == PENDING or (grow is not None and r) else w)
        return tuple(weights), tuple(w / _HUNDRED for w in weights)

    def __call__(self, raws: Sequence[object]) -> ExactRow:
        derived: list[Rational | None] = []
        scores: list[Rational | None] = []
        statuses: list[int] = []
        weights: list[Rational] = []
        points: list[Rational] = []
        pillar_points: list[Rational] = []
        k = 0
        for steps, base, reweight, by_status in self.pillars:
            first = k
            for derive, apply, absent, cache in steps:
                raw = raws[k]
                got = None if cache is None else cache.get(raw)
                if got is None:
                    x = derive(raw)
                    got = (x, None if x is None else apply(x))
                    if cache is not None and len(cache) < 4096:
                        cache[raw] = got
                derived.append(got[0])
                scores.append(got[1])
                statuses.append(absent if got[0] is None else OK)
                k += 1
            pattern = tuple(statuses[first:k])
            ws = by_status.get(pattern)
            if ws is None:
                ws = by_status[pattern] = self._weights(pattern, base, reweight)
            total_points = _ZERO
            for j, st in enumerate(pattern):
                p = scores[first + j] * ws[1][j] if st == OK else _ZERO  # type: ignore[operator]
                total_points += p
                points.append(p)
            weights.extend(ws[0])
            pillar_points.append(total_points)
        return ExactRow(
            derived=tuple(derived),
            score=tuple(scores),
            status=tuple(statuses),
            weight=tuple(weights),
            points=tuple(points),
            pillar_points=tuple(pillar_points),
            total=sum(pillar_points, _ZERO),
        )


class ExactRows:
    """Exact rows of one category's candidates, each distinct raw input
    computed once: thousands of identical employers cost one row.

    `raws` holds one column per indicator, in category order, as the
    engine's `IndicatorColumn.raw`; the engine (values on a rounding
    boundary) and the ranker (near-equal totals) both read rows through it.
    """

    def __init__(
        self, category: Category, raws: Sequence[RawParts | PanelRaw | Sequence[object]]
    ) -> None:
        self.category = category
        self.raws = raws
        self._rows: dict[tuple[object, ...], ExactRow] = {}

    def __call__(self, i: int) -> ExactRow:
        raw = tuple(column[i] for column in self.raws)
        row = self._rows.get(raw)
        if row is None:
            row = self._rows[raw] = exact_row(self.category, raw)
        return row

    def many(self, index: "Sequence[int] | np.ndarray") -> list[ExactRow]:
        """The exact rows of `index`, in order: the raw values are read a
        column at a time (RawParts.values_at), not row by row."""
        columns = [
            column.values_at(index)
            if isinstance(column, (RawParts, PanelRaw))
            else [column[i] for i in index]
            for column in self.raws
        ]
        out = []
        for raw in zip(*columns) if columns else ((),) * len(index):
            row = self._rows.get(raw)
            if row is None:
                row = self._rows[raw] = exact_row(self.category, raw)
            out.append(row)
        return out
