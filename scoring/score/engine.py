"""Score one category: every step kept, one NumPy column per indicator.

The only per-candidate Python loop is reading `Candidate.values` into
arrays (`derive`); everything after that (rules, missing-value policy,
reweighting, points, totals) is array arithmetic over the whole category,
so 725,000 employers cost about as much as reading their dictionaries.

Missing and pending (docs/formats.md, "Missing-value policy"):

- status `missing`: the derived value is absent (a field not given, a
  ratio's denominator 0, a non-finite result). Its score stays NaN and it
  earns 0 points. Under `zero` it keeps its full weight (it counts as 0);
  under `reweight` its weight goes to the pillar's indicators that are
  `ok`, in proportion to their weights, so the pillar's maximum is
  unchanged. If no indicator of the pillar is `ok`, there is nobody to
  share with: the missing indicators keep their own weight and the pillar
  scores 0 out of its full weight.
- status `pending`: a rubric indicator without panel scores. Weight 0,
  not reweighted, and left out of the pillar's and the category's maximum
  (`max_total` = 100 less pending weight).
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..model import (
    STATUS_CODES,
    BandsRule,
    Candidate,
    Category,
    CategoryResult,
    CountRule,
    Indicator,
    IndicatorColumn,
    LinearRule,
    OrdinalRule,
    PillarColumn,
    RubricRule,
    YesNoRule,
)
from .rules import apply_rule, ordinal_codes

OK = STATUS_CODES["ok"]
MISSING = STATUS_CODES["missing"]
PENDING = STATUS_CODES["pending"]

__all__ = ["derive", "score_category"]


class _Reader:
    """Reads each field's column once per category.

    Indicators share fields (workforce.registered is the denominator of
    three ratios), and reading dictionaries is the engine's only
    per-candidate loop, so it is done once per field.
    """

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = candidates
        self._dicts: list[Mapping[str, object]] | None = None
        self._columns: dict[str, list[object]] = {}
        self._numbers: dict[str, np.ndarray] = {}

    def column(self, name: str) -> list[object]:
        if name not in self._columns:
            if self._dicts is None:
                self._dicts = [c.values for c in self.candidates]
            getter = operator.methodcaller("get", name)
            self._columns[name] = list(map(getter, self._dicts))
        return self._columns[name]

    def numbers(self, name: str, indicator: Indicator) -> np.ndarray:
        """The field as floats (NaN = missing), type-checked once."""
        if name not in self._numbers:
            col = self.column(name)
            _check_types(col, _is_number, "a number", indicator, self.candidates)
            self._numbers[name] = _numbers(col).reshape(len(col))
        return self._numbers[name]


def _is_number(t: type) -> bool:
    return issubclass(t, numbers.Real) and not issubclass(t, (bool, np.bool_))


def _is_bool(t: type) -> bool:
    return issubclass(t, (bool, np.bool_))


def _is_str(t: type) -> bool:
    return issubclass(t, str)


def _check_types(
    column: list[object],
    accepts: Callable[[type], bool],
    what: str,
    indicator: Indicator,
    candidates: Sequence[Candidate],
) -> None:
    """Refuse a value of the wrong type instead of coercing it (True -> 1.0).

    One pass builds the set of types present, so the check stays cheap.
    """
    bad = {t for t in set(map(type, column)) if t is not type(None) and not accepts(t)}
    if bad:
        i = next(i for i, x in enumerate(column) if type(x) in bad)
        raise TypeError(
            f"indicator {indicator.id!r}: candidate {candidates[i].id!r} has "
            f"{column[i]!r}, expected {what}"
        )


def _numbers(column: list[object]) -> np.ndarray:
    """None and non-finite values -> NaN (missing); never inf."""
    arr = np.array([math.nan if x is None else x for x in column], dtype=np.float64)
    arr[~np.isfinite(arr)] = math.nan
    return arr


def _finite(arr: np.ndarray) -> np.ndarray:
    arr[~np.isfinite(arr)] = math.nan
    return arr


def derive(
    indicator: Indicator,
    candidates: Sequence[Candidate],
    *,
    reader: _Reader | None = None,
) -> tuple[tuple[object, ...], np.ndarray]:
    """Raw values as given, and the derived float column of the indicator.

    raw: the field's value (None when missing); for ratio/growth/sum a
    tuple of the parts (ratio with a fallback: (A, B, fallback)); for panel
    the tuple of panel scores (None when there are none).
    derived: float64, NaN where missing or pending. yesno -> 1.0/0.0;
    ordinal -> level codes (see rules.py). Division by zero and any
    non-finite result are missing, never inf. `reader` is score_category's
    per-category cache of field columns.
    """
    reader = reader or _Reader(candidates)
    inp, rule = indicator.input, indicator.rule
    n = len(candidates)
    if inp.kind == "panel":
        raw_panel = [c.panel_scores.get(indicator.id) or None for c in candidates]
        derived = np.array(
            [math.nan if s is None else math.fsum(s) / len(s) for s in raw_panel],
            dtype=np.float64,
        ).reshape(n)
        return tuple(raw_panel), _finite(derived)

    if inp.kind == "field":
        if len(inp.fields) != 1:
            raise ValueError(f"indicator {indicator.id!r}: field input needs one field")
        col = reader.column(inp.fields[0])
        if isinstance(rule, YesNoRule):
            _check_types(col, _is_bool, "true/false", indicator, candidates)
            derived = np.array(
                [math.nan if x is None else (1.0 if x else 0.0) for x in col],
                dtype=np.float64,
            ).reshape(n)
        elif isinstance(rule, OrdinalRule):
            _check_types(col, _is_str, "a level name", indicator, candidates)
            derived = ordinal_codes(rule, col)
        else:
            derived = reader.numbers(inp.fields[0], indicator).copy()
        return tuple(col), derived

    if isinstance(rule, (YesNoRule, OrdinalRule)):
        raise TypeError(
            f"indicator {indicator.id!r}: {inp.kind} input needs a numeric rule"
        )
    parts = [reader.column(f) for f in inp.fields]
    arrays = [reader.numbers(f, indicator) for f in inp.fields]

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if inp.kind == "ratio":
            if len(arrays) != 2:
                raise ValueError(f"indicator {indicator.id!r}: ratio needs two fields")
            a, b = arrays
            derived = _finite(np.where(b != 0, a / b * 100.0, math.nan))
            if inp.fallback is not None:
                fallback = reader.numbers(inp.fallback, indicator)
                derived = np.where(np.isnan(derived), fallback, derived)
                parts.append(reader.column(inp.fallback))
        elif inp.kind == "growth":
            if len(arrays) != 2:
                raise ValueError(f"indicator {indicator.id!r}: growth needs two fields")
            a, b = arrays
            derived = _finite(np.where(b != 0, (a / b - 1.0) * 100.0, math.nan))
        elif inp.kind == "sum":
            if not arrays:
                raise ValueError(f"indicator {indicator.id!r}: sum needs fields")
            derived = _finite(np.sum(np.vstack(arrays), axis=0))  # NaN if any is NaN
        else:
            raise ValueError(f"indicator {indicator.id!r}: unknown input {inp.kind!r}")
    raw = tuple(zip(*parts)) if n else ()
    return raw, derived


_RULES = (LinearRule, BandsRule, YesNoRule, CountRule, OrdinalRule, RubricRule)


def score_category(
    category: Category, candidates: Sequence[Candidate]
) -> CategoryResult:
    """All candidates of one category, scored, in input order (rank 0)."""
    candidates = tuple(candidates)
    n = len(candidates)
    columns: list[IndicatorColumn] = []
    pillars: list[PillarColumn] = []
    missing_count = np.zeros(n, dtype=np.int64)
    pending_count = np.zeros(n, dtype=np.int64)

    reader = _Reader(candidates)
    for pillar in category.pillars:
        derived_cols, scores, statuses = [], [], []
        raws = []
        for ind in pillar.indicators:
            if not isinstance(ind.rule, _RULES):
                raise TypeError(f"indicator {ind.id!r}: unknown rule {ind.rule!r}")
            raw, derived = derive(ind, candidates, reader=reader)
            score = apply_rule(ind.rule, derived)
            absent = np.isnan(score)
            status = np.full(n, OK, dtype=np.int8)
            status[absent] = PENDING if isinstance(ind.rule, RubricRule) else MISSING
            raws.append(raw)
            derived_cols.append(derived)
            scores.append(score)
            statuses.append(status)

        k = len(pillar.indicators)
        w = np.array([float(i.weight) for i in pillar.indicators], dtype=np.float64)
        status_m = np.vstack(statuses) if k else np.zeros((0, n), dtype=np.int8)
        ok = status_m == OK
        missing = status_m == MISSING
        pending = status_m == PENDING
        policy = [i.missing == "reweight" for i in pillar.indicators]
        to_share = missing & np.array(policy, dtype=bool)[:, None]  # k x n

        weight = np.where(pending, 0.0, w[:, None]) * np.ones((1, n))  # k x n
        ok_weight = (w[:, None] * ok).sum(axis=0)  # n
        shared = (w[:, None] * to_share).sum(axis=0)  # n
        can_share = ok_weight > 0
        # ok indicators grow by (ok + shared) / ok; the shared ones drop to 0.
        factor = np.ones(n)
        np.divide(ok_weight + shared, ok_weight, out=factor, where=can_share)
        weight = np.where(ok, weight * factor, weight)
        weight = np.where(to_share & can_share, 0.0, weight)

        score_m = np.vstack(scores) if k else np.zeros((0, n))
        points = np.where(ok, np.nan_to_num(score_m, nan=0.0) / 100.0 * weight, 0.0)
        max_points = float(pillar.weight) - (w[:, None] * pending).sum(axis=0)
        pillars.append(PillarColumn(pillar, points.sum(axis=0), max_points))
        missing_count += missing.sum(axis=0)
        pending_count += pending.sum(axis=0)
        for j, ind in enumerate(pillar.indicators):
            columns.append(
                IndicatorColumn(
                    indicator=ind,
                    raw=raws[j],
                    derived=derived_cols[j],
                    score=scores[j],
                    weight=weight[j].copy(),
                    points=points[j].copy(),
                    status=statuses[j],
                )
            )

    total = np.zeros(n)
    max_total = np.zeros(n)
    for p in pillars:
        total += p.points
        max_total += p.max_points
    return CategoryResult(
        category=category,
        candidates=candidates,
        indicators=tuple(columns),
        pillars=tuple(pillars),
        total=total,
        max_total=max_total,
        rank=np.zeros(n, dtype=np.int64),
        missing_count=missing_count,
        pending_count=pending_count,
    )
