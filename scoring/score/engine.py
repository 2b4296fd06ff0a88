"""Score one category: every step kept, one NumPy column per indicator.

Candidates arrive as a CandidateTable (docs/design.md, "Columnar
candidates"): each field is already a column, checked once by its kind and
dtype, so there is no per-candidate Python loop; Candidate objects given
instead are converted once (`as_table`). Everything (rules, missing-value
policy, reweighting, points, totals) is array arithmetic over the whole
category, and the raw values kept for explanation are the columns
themselves (`RawParts`). Only rows that judges scored (they have a
Candidate object) are looked at one by one, by the panel aggregation.
The few values where float64 could decide wrongly (a computed value on a
threshold, a score on a rounding boundary) are settled by exact rationals
(`exact.py`, docs/design.md "Exact arithmetic").

Missing and pending (docs/formats.md, "Missing-value policy"):

- status `missing`: the derived value is absent (a field not given, a
  ratio's denominator 0, a non-finite result). Its score stays NaN and it
  earns 0 points. Under `zero` it keeps its full weight (it counts as 0);
  under `reweight` its weight goes to the pillar's indicators that are
  `ok`, in proportion to their weights, so the pillar's maximum is
  unchanged. If no indicator of the pillar is `ok`, there is nobody to
  share with: the missing indicators keep their own weight and the pillar
  scores 0 out of its full weight.
- status `pending`: a rubric indicator without an aggregated value (no
  valid judges' score, or fewer than the quorum: score/panel.py). Weight 0,
  not reweighted, and left out of the pillar's and the category's maximum
  (`max_total` = 100 less pending weight).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

import numpy as np

from ..fields import FIELDS
from ..model import (
    NUMBER_KINDS,
    BandsRule,
    Candidate,
    CandidateTable,
    Category,
    CategoryResult,
    Indicator,
    IndicatorColumn,
    LinearRule,
    OrdinalRule,
    PanelRaw,
    PillarColumn,
    RawParts,
    RubricRule,
    YesNoRule,
)
from .exact import (
    MISSING,
    OK,
    PENDING,
    ExactRows,
    absent_status,
    apply_exact,
    decision_points,
    derive_exact,
)
from .panel import aggregate_category
from .rules import apply_rule, ends, ordinal_codes

__all__ = ["as_table", "derive", "score_category"]


# Field -> catalogue type, for candidates given as objects (from_candidates).
FIELD_KINDS: dict[str, str] = {name: f.type for name, f in FIELDS.items()}

_NUMBER = "a number"
_BOOL = "true/false"
_LEVEL = "a level name"


def as_table(candidates: Sequence[Candidate] | CandidateTable) -> CandidateTable:
    """The candidates as columns (a table as it is; objects converted once)."""
    if isinstance(candidates, CandidateTable):
        return candidates
    return CandidateTable.from_candidates(candidates, FIELD_KINDS)


class _Reader:
    """Reads each field's column once per category, checking its type once.

    Indicators share fields (workforce.registered is the denominator of
    three ratios), so each column is checked and converted once: by its
    kind and dtype (a table's column of the right kind is used as it is),
    value by value only for a column of objects built in memory whose
    values are not all of the catalogue's type (then refused, naming the
    candidate: never coerced, True is not 1.0).
    """

    def __init__(self, candidates: Sequence[Candidate] | CandidateTable) -> None:
        self.table = as_table(candidates)
        self._checked: dict[tuple[str, str], tuple[np.ndarray, str]] = {}
        self._numbers: dict[str, np.ndarray] = {}

    def column(self, name: str, what: str, indicator: Indicator) -> tuple[np.ndarray, str]:
        """Field `name`'s column checked as `what` (_NUMBER, _BOOL, _LEVEL),
        and its kind: float64 (NaN = missing) for numbers and bools, object
        (str or None) for levels."""
        key = (name, what)
        if key not in self._checked:
            self._checked[key] = self._check(name, what, indicator)
        return self._checked[key]

    def _check(self, name: str, what: str, indicator: Indicator) -> tuple[np.ndarray, str]:
        table = self.table
        kind = table.kinds.get(name)
        wanted = "level" if what == _LEVEL else "bool" if what == _BOOL else "count"
        if name not in table.values or kind is None:  # no candidate gives it
            return table.column(name, wanted), wanted
        col = table.values[name]
        if what == _NUMBER and kind in NUMBER_KINDS and col.dtype == np.float64:
            return col, kind
        if what == _BOOL and kind == "bool" and col.dtype == np.float64:
            return col, kind
        if what == _LEVEL and kind == "level" and col.dtype == object:
            if all(issubclass(t, str) for t in set(map(type, col.tolist())) - {type(None)}):
                return col, kind
        # The wrong kind for the rule, or values of mixed types: find the first.
        accepts = _is_str if what == _LEVEL else _is_bool if what == _BOOL else _is_number
        given = _as_given(col, kind)
        _check_types(given, accepts, what, indicator, table)
        if what == _LEVEL:  # pragma: no cover - a level column passes above
            out = np.empty(len(given), dtype=object)
            out[:] = given
            return out, "level"
        arr = np.array(
            [math.nan if x is None else float(x) for x in given],  # type: ignore[arg-type]
            dtype=np.float64,
        )
        return arr.reshape(len(given)), wanted

    def numbers(self, name: str, indicator: Indicator) -> np.ndarray:
        """The field as floats, NaN = missing and for non-finite values."""
        if name not in self._numbers:
            col, _kind = self.column(name, _NUMBER, indicator)
            self._numbers[name] = _finite(col)
        return self._numbers[name]


def _as_given(col: np.ndarray, kind: str) -> list[object]:
    """A column's values as Python objects of their type (None = missing)."""
    values = col.tolist()
    if col.dtype != np.float64:
        return values  # type: ignore[no-any-return]
    if kind == "bool":
        return [None if x != x else bool(x) for x in values]
    return [None if x != x else x for x in values]


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
    candidates: Sequence[Candidate] | CandidateTable,
) -> None:
    """Refuse a value of the wrong type instead of coercing it (True -> 1.0).

    One pass builds the set of types present, so the check stays cheap.
    """
    bad = {t for t in set(map(type, column)) if t is not type(None) and not accepts(t)}
    if bad:
        i = next(i for i, x in enumerate(column) if type(x) in bad)
        cid = candidates.ids[i] if isinstance(candidates, CandidateTable) else candidates[i].id
        raise TypeError(
            f"indicator {indicator.id!r}: candidate {cid!r} has {column[i]!r}, expected {what}"
        )


def _finite(arr: np.ndarray) -> np.ndarray:
    """Non-finite values -> NaN (missing); a copy only when there are any."""
    bad = np.isinf(arr)
    if bad.any():
        arr = arr.copy()
        arr[bad] = math.nan
    return arr


def derive(
    indicator: Indicator,
    candidates: Sequence[Candidate] | CandidateTable,
    *,
    reader: _Reader | None = None,
    aggregates: np.ndarray | None = None,
    involved: np.ndarray | None = None,
) -> tuple[RawParts | PanelRaw, np.ndarray]:
    """Raw values as given, and the derived float column of the indicator.

    raw: a RawParts, the columns of the fields read (raw[k] is the field's
    value, None when missing; for ratio/growth/sum the tuple of the parts,
    ratio with a fallback: (A, B, fallback)); for panel a PanelRaw, each
    candidate's `Aggregate` (score/panel.py), whose value is the derived
    value (NaN, pending, when it is None). `aggregates` are the category's
    for this indicator, one per candidate (score_category computes them
    once, normalisation included), `involved` the rows any panel scored
    (the others' aggregates are empty); without them the indicator's own
    judges' scores are aggregated as if alone, with the default policy.
    derived: float64, NaN where missing or pending. yesno -> 1.0/0.0;
    ordinal -> level codes (see rules.py). Division by zero and any
    non-finite result are missing, never inf. `reader` is score_category's
    per-category cache of field columns.

    The indicator is trusted as validated (scoring/validate/criteria_nodes.py
    for its input, scoring/validate/rules.py for its rule and whether the
    rule can read the input); only the candidates' values are checked.
    """
    reader = reader or _Reader(candidates)
    table = reader.table
    inp, rule = indicator.input, indicator.rule
    n = len(table)
    if inp.kind == "panel":
        if aggregates is None:
            category = Category(indicator.id, indicator.label, (), (), indicator.missing)
            alone = aggregate_category(category, table, (indicator,))
            aggregates, involved = alone.aggregates[indicator.id], alone.involved
        derived = np.full(n, math.nan, dtype=np.float64)
        rows = range(n) if involved is None else involved.tolist()
        for k in rows:
            value = aggregates[k].value
            if value is not None:
                derived[k] = float(value)  # type: ignore[arg-type]
        return PanelRaw(aggregates), _finite(derived)

    if inp.kind == "field":
        name = inp.fields[0]
        if isinstance(rule, YesNoRule):
            col, kind = reader.column(name, _BOOL, indicator)
            derived = col.copy()
        elif isinstance(rule, OrdinalRule):
            col, kind = reader.column(name, _LEVEL, indicator)
            derived = ordinal_codes(rule, col)
        else:
            col, kind = reader.column(name, _NUMBER, indicator)
            derived = reader.numbers(name, indicator).copy()
        return RawParts((col,), (kind,), True), derived

    checked = [reader.column(f, _NUMBER, indicator) for f in inp.fields]
    arrays = [reader.numbers(f, indicator) for f in inp.fields]

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if inp.kind == "ratio":
            a, b = arrays
            derived = _finite(np.where(b != 0, a / b * 100.0, math.nan))
            if inp.fallback is not None:
                fallback = reader.numbers(inp.fallback, indicator)
                derived = np.where(np.isnan(derived), fallback, derived)
                checked.append(reader.column(inp.fallback, _NUMBER, indicator))
        elif inp.kind == "growth":
            a, b = arrays
            derived = _finite(np.where(b != 0, (a / b - 1.0) * 100.0, math.nan))
        elif inp.kind == "sum":
            derived = _finite(np.sum(np.vstack(arrays), axis=0))  # NaN if any is NaN
        else:
            raise ValueError(f"indicator {indicator.id!r}: unknown input {inp.kind!r}")
    raw = RawParts(tuple(c for c, _ in checked), tuple(k for _, k in checked), False)
    return raw, derived


# A float within this relative distance of a decision point (or of a display
# rounding boundary) is decided by exact arithmetic instead. Float errors of
# the engine's few operations are below 1e-13 relative (docs/design.md,
# "Exact arithmetic"), so everything outside the band is already decided
# right by the float, and everything inside is decided by `exact`.
NEAR = 1e-9
# A linear rule whose floor and target are this close relative to their size
# amplifies float error beyond NEAR: all its scores are then computed exactly.
ILL_CONDITIONED = 1e4


def _near_points(rule: object, x: np.ndarray) -> np.ndarray:
    """Candidates whose derived value is within NEAR of a decision point."""
    near = np.zeros(x.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        for c in decision_points(rule):  # type: ignore[arg-type]
            near |= np.abs(x - c) <= NEAR * max(1.0, abs(c))
        if isinstance(rule, (LinearRule, RubricRule)):
            lo, hi = ends(rule)
            if max(1.0, abs(lo), abs(hi)) / abs(hi - lo) > ILL_CONDITIONED:
                near |= ~np.isnan(x)
    return near


def _settle_decisions(
    ind: Indicator, raw: RawParts | PanelRaw, derived: np.ndarray, score: np.ndarray
) -> None:
    """Decide exactly, in place, the derived values near a decision point:
    their derived value and score become the correctly rounded floats of
    the exact ones."""
    near = _near_points(ind.rule, derived)
    if not near.any():
        return
    rows = np.flatnonzero(near)
    for i, given in zip(rows.tolist(), raw.values_at(rows)):
        x = derive_exact(ind, given)
        if x is None:  # pragma: no cover - the float path found it present
            continue
        derived[i] = float(x)
        score[i] = float(apply_exact(ind.rule, x))


def _near_half_cells(v: np.ndarray) -> np.ndarray:
    """Values within NEAR of an odd multiple of 0.005 (where 2-decimal
    half-up rounding turns: 84.845 prints 84,85 only if it is 84.845).
    Beyond a million the band would swallow whole units, and such values
    (growth of a tiny base) are not printed to the cent: left as they are."""
    with np.errstate(invalid="ignore", over="ignore"):
        t = v * 100.0
        near = np.abs(t - np.floor(t) - 0.5) <= NEAR * np.maximum(1.0, np.abs(t))
        return near & (np.abs(v) < 1e6)


def _mark_near_half(v: np.ndarray, out: np.ndarray) -> None:
    """out |= whether any row of `v` (one column, or rows of candidates) is
    near a rounding boundary (`_near_half_cells`), a row at a time in place: the
    engine checks some 25 values per candidate, 18 million at 725,356."""
    rows = v.reshape(1, -1) if v.ndim == 1 else v
    n = rows.shape[1]
    t = np.empty(n)
    f = np.empty(n)
    near = np.empty(n, dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):
        for row in rows:
            np.multiply(row, 100.0, out=t)
            np.floor(t, out=f)
            np.subtract(t, f, out=f)
            f -= 0.5
            np.abs(f, out=f)  # distance of t from the half, in hundredths
            np.abs(t, out=t)
            np.less(t, 1e8, out=near)  # |v| < 1e6
            np.maximum(t, 1.0, out=t)
            t *= NEAR
            near &= f <= t
            out |= near


def _fixed_scores_clear(rule: object) -> bool:
    """A rule whose scores are its own constants (bands, yes/no, levels),
    none of them near a rounding boundary: its score column needs no check."""
    if isinstance(rule, BandsRule):
        fixed = [b.score for b in rule.bands] + [0.0]
    elif isinstance(rule, YesNoRule):
        fixed = [rule.yes, rule.no]
    elif isinstance(rule, OrdinalRule):
        fixed = [score for _, score in rule.levels]
    else:
        return False
    return not _near_half_cells(np.array(fixed, dtype=np.float64)).any()


def score_category(
    category: Category, candidates: Sequence[Candidate] | CandidateTable
) -> CategoryResult:
    """All candidates of one category, scored, in input order (rank 0).

    `candidates`: a CandidateTable (columns, read as they are), or
    Candidate objects (converted once with CandidateTable.from_candidates).
    """
    candidates = as_table(candidates)
    n = len(candidates)
    indicators = category.indicators
    m = len(indicators)
    raws: list[RawParts | PanelRaw] = []
    derived_m = np.zeros((m, n))
    score_m = np.zeros((m, n))
    status_m = np.zeros((m, n), dtype=np.int8)
    weight_m = np.zeros((m, n))
    points_m = np.zeros((m, n))
    pillar_points = np.zeros((len(category.pillars), n))
    max_points: list[np.ndarray] = []
    missing_count = np.zeros(n, dtype=np.int64)
    pending_count = np.zeros(n, dtype=np.int64)
    refine = np.zeros(n, dtype=bool)

    reader = _Reader(candidates)
    panel = aggregate_category(category, candidates)
    row = 0
    for p_index, pillar in enumerate(category.pillars):
        first = row
        for ind in pillar.indicators:
            raw, derived = derive(
                ind,
                candidates,
                reader=reader,
                aggregates=panel.aggregates.get(ind.id),
                involved=panel.involved,
            )
            score = apply_rule(ind.rule, derived)
            if ind.input.kind != "field":  # computed values carry float error
                _settle_decisions(ind, raw, derived, score)
                _mark_near_half(derived, refine)
            absent = np.isnan(score)
            status_m[row] = OK
            status_m[row][absent] = absent_status(ind.rule)
            raws.append(raw)
            derived_m[row] = derived
            score_m[row] = score
            row += 1

        sl = slice(first, row)
        w = np.array([float(i.weight) for i in pillar.indicators], dtype=np.float64)
        status_p = status_m[sl]
        ok = status_p == OK
        missing = status_p == MISSING
        pending = status_p == PENDING
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

        points = np.where(ok, np.nan_to_num(score_m[sl], nan=0.0) / 100.0 * weight, 0.0)
        weight_m[sl] = weight
        points_m[sl] = points
        pillar_points[p_index] = points.sum(axis=0)
        max_points.append(float(pillar.weight) - (w[:, None] * pending).sum(axis=0))
        missing_count += missing.sum(axis=0)
        pending_count += pending.sum(axis=0)

    total = pillar_points.sum(axis=0) if len(category.pillars) else np.zeros(n)
    _mark_near_half(total, refine)
    _mark_near_half(pillar_points, refine)
    checked = [j for j, ind in enumerate(indicators) if not _fixed_scores_clear(ind.rule)]
    _mark_near_half(score_m[checked], refine)
    _mark_near_half(points_m, refine)
    rows = ExactRows(category, raws)
    refined = np.flatnonzero(refine)
    for i, exact in zip(refined.tolist(), rows.many(refined)):
        derived_m[:, i] = [math.nan if x is None else float(x) for x in exact.derived]
        score_m[:, i] = [math.nan if x is None else float(x) for x in exact.score]
        weight_m[:, i] = [float(x) for x in exact.weight]
        points_m[:, i] = [float(x) for x in exact.points]
        pillar_points[:, i] = [float(x) for x in exact.pillar_points]
        total[i] = float(exact.total)

    columns = tuple(
        IndicatorColumn(
            indicator=ind,
            raw=raws[j],
            derived=derived_m[j],
            score=score_m[j],
            weight=weight_m[j],
            points=points_m[j],
            status=status_m[j],
        )
        for j, ind in enumerate(indicators)
    )
    pillars = tuple(
        PillarColumn(p, pillar_points[k], max_points[k]) for k, p in enumerate(category.pillars)
    )
    max_total = np.zeros(n)
    for p in pillars:
        max_total += p.max_points
    return CategoryResult(
        category=category,
        candidates=candidates,
        indicators=columns,
        pillars=pillars,
        total=total,
        max_total=max_total,
        rank=np.zeros(n, dtype=np.int64),
        missing_count=missing_count,
        pending_count=pending_count,
        judge_notes=panel.notes,
    )
