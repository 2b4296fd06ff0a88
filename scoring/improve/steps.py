"""What is missing and what it is worth: the steps of each indicator.

For each indicator the rule says which derived value earns the next step
and which earns full points (a band: the next threshold; linear: the
target; a count: the cap; a level: the next level; yes/no: yes). The
input says which raw value gives that derived value (a ratio: the
numerator at the current denominator; growth: the current value at last
year's). That value is computed exactly (rationals), rounded the way that
reaches the step (whole numbers up, or down where less is better), kept
within the field's bounds, and then the changed candidate is rescored
with the engine: the gain reported is the engine's new total less the
total now, so a field shared by several indicators (active members are
the numerator of the coverage ratio and the denominator of the BPU share)
moves all of them, and nothing is trusted from a formula alone
(docs/design.md, "Improvement advice").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from gmpy2 import mpq

from ..fields import FIELDS, MAXIMUM
from ..model import (
    STATUS_CODES,
    BandsRule,
    Candidate,
    Category,
    CategoryResult,
    CountRule,
    Indicator,
    LinearRule,
    OrdinalRule,
    Pillar,
    RubricRule,
    Value,
    YesNoRule,
)
from ..rank.ranking import rank_category
from ..score.engine import score_category
from ..score.exact import apply_exact, derive_exact, q
from .model import (
    Aim,
    Assessment,
    Change,
    FieldKey,
    IndicatorAdvice,
    NoStep,
    PendingRange,
    Status,
    Step,
    StepKind,
)

__all__ = [
    "apply_changes",
    "assess",
    "change_to",
    "field_key",
    "input_fields",
    "lower_bound",
    "rescore",
    "upper_bound",
]

# Derived field -> the list of a candidate file it is counted from
# (docs/formats.md, "Derived fields").
DERIVED_LISTS: dict[str, str] = {
    "regulation.dedicated_level": "regulations",
    "regulation.supporting_count": "regulations",
    "innovation.count": "innovations",
    "outreach.events": "events",
    "compliance.programmes": "programmes",
}

_STATUS = {code: name for name, code in STATUS_CODES.items()}
_WHOLE = ("count", "months", "money")
_EPS = 1e-9


# --------------------------------------------------------------------------
# Fields, bounds, changes
# --------------------------------------------------------------------------


def field_key(name: str) -> FieldKey:
    section, key = name.split(".", 1)
    if name in DERIVED_LISTS:
        return FieldKey(name, DERIVED_LISTS[name], "", True)
    return FieldKey(name, section, key, False)


def input_fields(indicator: Indicator) -> tuple[str, ...]:
    """The fields an indicator reads, the fallback last."""
    fields = indicator.input.fields
    return fields + ((indicator.input.fallback,) if indicator.input.fallback else ())


def is_whole(name: str) -> bool:
    return FIELDS[name].type in _WHOLE


def upper_bound(name: str, values: Mapping[str, Value]) -> mpq | None:
    """The largest value a field may take: its type's maximum, and its
    partner's value when it counts part of it (docs/formats.md, "Values
    above their partner": an `allowed` partner, one's own target, is no
    bound). None for true/false and levels."""
    spec = FIELDS[name]
    if spec.type not in MAXIMUM:
        return None
    hi = mpq(MAXIMUM[spec.type])
    partner = spec.at_most
    if partner and spec.over != "allowed":
        limit = q(values.get(partner))
        if limit is not None and limit < hi:
            hi = limit
    return hi


def lower_bound(name: str, values: Mapping[str, Value]) -> mpq:
    """The smallest value a field may take: 0, and every field that counts
    part of it (bpu members are some of the active members)."""
    lo = mpq(0)
    for spec in FIELDS.values():
        if spec.at_most == name and spec.over != "allowed":
            part = q(values.get(spec.name))
            if part is not None and part > lo:
                lo = part
    return lo


def _number(x: Value | None) -> float | None:
    if x is None or isinstance(x, (bool, str)):
        return None
    return float(x)


def change_to(candidate: Candidate, name: str, value: Value, aim: Aim = "exactly") -> Change:
    """`name` set to `value` (the delta is from the candidate's value, or
    from 0 when it is missing)."""
    before = candidate.values.get(name)
    after_n, before_n = _number(value), _number(before)
    delta = None if after_n is None else after_n - (before_n or 0.0)
    return Change(name, field_key(name), before, value, delta, aim)


def apply_changes(candidate: Candidate, changes: Sequence[Change]) -> Candidate:
    """The candidate with `changes` applied (in memory: no file is written)."""
    values = dict(candidate.values)
    for ch in changes:
        values[ch.field] = ch.after
    return replace(candidate, values=values)


def rescore(category: Category, candidate: Candidate) -> CategoryResult:
    """The candidate scored alone by the engine (every pillar)."""
    return score_category(category, [candidate])


# --------------------------------------------------------------------------
# Goals: what derived value earns a step
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Goal:
    kind: StepKind
    score: mpq  # the indicator's score the step aims at
    # For numbers: the derived value must be `op` `target` (">=", "<=", "<");
    # for "<", `floor` is the band's own start the value must stay at or above.
    op: str = ""
    target: mpq | None = None
    floor: mpq | None = None
    # For true/false and levels: the value itself.
    value: Value | None = None


def _param(x: float) -> mpq:
    value = q(x)
    assert value is not None  # the criteria's numbers are finite (validated)
    return value


def _bands(rule: BandsRule, x: mpq | None, s0: mpq) -> list[tuple[mpq, _Goal]]:
    """(distance, goal) for every band scoring more than now."""
    bands = rule.bands
    out: list[tuple[mpq, _Goal]] = []
    for i, band in enumerate(bands):
        score = q(band.score)
        start = q(band.start)
        assert score is not None and start is not None
        if score <= s0:
            continue
        end = q(bands[i + 1].start) if i + 1 < len(bands) else None
        if x is None or x < start:
            dist = mpq(0) if x is None else start - x
            out.append((dist, _Goal("next", score, ">=", start)))
        elif end is not None and x >= end:
            out.append((x - end, _Goal("next", score, "<", end, floor=start)))
    return out


def _goals(ind: Indicator, x: mpq | None, s0: mpq | None) -> list[_Goal]:
    """The steps the rule offers from derived value x (None: missing):
    fill when missing, else next (when it differs from full) and full."""
    rule = ind.rule
    missing = x is None
    full: _Goal | None = None
    nxt: _Goal | None = None
    hundred = mpq(100)
    if isinstance(rule, LinearRule):
        target = q(rule.target)
        assert target is not None
        op = ">=" if rule.direction == "higher" else "<="
        if s0 is None or s0 < hundred:
            full = _Goal("full", hundred, op, target)
    elif isinstance(rule, CountRule):
        cap = q(rule.cap)
        assert cap is not None
        if s0 is None or s0 < hundred:
            full = _Goal("full", hundred, ">=", cap)
    elif isinstance(rule, BandsRule):
        options = _bands(rule, x, s0 if s0 is not None else mpq(-1))
        if options:
            best = max(g.score for _, g in options)
            near = min((o for o in options if o[1].score == best), key=lambda o: o[0])
            full = replace(near[1], kind="full")
            first = min(options, key=lambda o: (o[0], -o[1].score))
            if first[1].score != best:
                nxt = first[1]
    elif isinstance(rule, OrdinalRule):
        better = [(_param(s), name) for name, s in rule.levels]
        better = [(s, n) for s, n in better if s0 is None or s > s0]
        if better:
            top = max(s for s, _ in better)
            full = _Goal("full", top, value=next(n for s, n in better if s == top))
            low = min(s for s, _ in better)
            if low != top:
                nxt = _Goal("next", low, value=next(n for s, n in better if s == low))
    elif isinstance(rule, YesNoRule):
        yes, no = q(rule.yes), q(rule.no)
        assert yes is not None and no is not None
        best_value, best = (True, yes) if yes >= no else (False, no)
        if s0 is None or best > s0:
            full = _Goal("full", best, value=best_value)
    if full is None:
        return []
    if missing:
        return [replace(full, kind="fill")]
    return [g for g in (nxt, full) if g is not None]


# --------------------------------------------------------------------------
# Solving a goal for one field
# --------------------------------------------------------------------------

# The derived value as a function of the moving field's value v, and its
# inverse; `rising` says whether it grows with v.
_Solver = tuple[str, bool, Callable[[mpq], mpq | None]]


def _solver(ind: Indicator, values: Mapping[str, Value]) -> _Solver | NoStep:
    """Which field moves for this indicator, and how (or why none can).

    A ratio or growth moves its numerator (the current value) at the
    current denominator; when the engine reads the ratio's fallback
    percent (the ratio cannot be computed and the percent is given), the
    percent; a missing denominator, "at most" the numerator given; both
    parts missing, the fallback percent if the indicator has one."""
    inp = ind.input
    if inp.kind == "field":
        return inp.fields[0], True, lambda t: t
    if inp.kind in ("ratio", "growth"):
        a_name, b_name = inp.fields
        a, b = q(values.get(a_name)), q(values.get(b_name))
        growth = inp.kind == "growth"
        fallback = inp.fallback
        fallback_given = fallback is not None and values.get(fallback) is not None

        def from_a(t: mpq) -> mpq | None:
            assert b is not None
            return b * (1 + t / 100) if growth else t * b / 100

        def from_b(t: mpq) -> mpq | None:
            assert a is not None
            base = (1 + t / 100) if growth else t / 100
            return None if base <= 0 else a / base

        if b is not None and b != 0 and (a is not None or not fallback_given):
            return a_name, True, from_a
        if fallback is not None and (fallback_given or a is None or b == 0):
            return fallback, True, lambda t: t
        if a is not None and b is None:
            return b_name, False, from_b
        return "zero-denominator" if b == 0 else "needs-values"
    if inp.kind == "sum":
        parts = [q(values.get(f)) for f in inp.fields]
        absent = [f for f, p in zip(inp.fields, parts) if p is None]
        if len(absent) > 1:
            return "needs-values"
        moving = absent[0] if absent else inp.fields[0]
        rest = sum((p for f, p in zip(inp.fields, parts) if f != moving and p is not None), mpq(0))
        return moving, True, lambda t: t - rest
    return "judges"


def _ceil(x: mpq) -> mpq:
    return mpq(math.ceil(x))


def _floor(x: mpq) -> mpq:
    return mpq(math.floor(x))


def _solve(
    goal: _Goal, name: str, rising: bool, inverse: Callable[[mpq], mpq | None]
) -> mpq | None:
    """The raw value of field `name` that reaches the goal, unbounded."""
    assert goal.target is not None
    whole = is_whole(name)
    v = inverse(goal.target)
    if v is None:
        return None
    # Does the goal want the derived value up (>=) or down (<=, <)?
    up = goal.op == ">="
    need_higher_v = up == rising
    if goal.op == "<":
        if whole:
            # strictly below the band's end: the largest whole value under it
            w = _ceil(v) - 1 if rising else _floor(v) + 1
            return w
        assert goal.floor is not None
        return inverse(goal.floor)  # the band's own start, exactly
    if not whole:
        return v
    return _ceil(v) if need_higher_v else _floor(v)


def _as_value(name: str, v: mpq) -> float:
    return float(int(v)) if is_whole(name) else float(v)


# --------------------------------------------------------------------------
# The assessment
# --------------------------------------------------------------------------


def _points_of(result: CategoryResult, index: int) -> tuple[float, float | None, Status]:
    col = result.indicators[index]
    score = float(col.score[0])
    return (
        float(col.points[0]),
        None if math.isnan(score) else score,
        _STATUS[int(col.status[0])],  # type: ignore[return-value]
    )


class _Assessor:
    def __init__(self, category: Category, candidate: Candidate) -> None:
        self.category = category
        self.candidate = candidate
        self.result = rescore(category, candidate)
        self.total = float(self.result.total[0])

    def step(
        self, index: int, kind: StepKind, changes: tuple[Change, ...], capped: bool
    ) -> tuple[Step, mpq | None]:
        changed = apply_changes(self.candidate, changes)
        after = rescore(self.category, changed)
        points, score, _ = _points_of(after, index)
        total = float(after.total[0])
        ind = self.category.indicators[index]
        exact = derive_exact(ind, after.indicators[index].raw[0])
        exact_score = None if exact is None else apply_exact(ind.rule, exact)
        step = Step(
            kind=kind,
            changes=changes,
            score_after=0.0 if score is None else score,
            points_after=points,
            gain=total - self.total,
            total_after=total,
            capped=capped,
        )
        return step, exact_score

    def numeric_step(
        self, index: int, goal: _Goal, solver: _Solver, s0: mpq | None
    ) -> tuple[Step | None, bool]:
        """(the step, whether a bound stopped it)."""
        name, rising, inverse = solver
        values = self.candidate.values
        v = _solve(goal, name, rising, inverse)
        if v is None:
            return None, False
        hi, lo = upper_bound(name, values), lower_bound(name, values)
        unit = mpq(1) if is_whole(name) else mpq(0)
        capped = False
        before = q(values.get(name))
        moving_up = (goal.op == ">=") == rising
        if goal.op == "<":
            moving_up = not rising
        aim: Aim = "at-least" if moving_up else "at-most"
        for _ in range(3):  # a whole value one unit further, should the engine disagree
            w = v
            if hi is not None and w > hi:
                w, capped = hi, True
            if w < lo:
                w, capped = lo, True
            if before is not None and w == before:
                return None, capped
            # At a bound there is nothing beyond: the value itself, not "at least".
            at_bound = (aim == "at-least" and w == hi) or (aim == "at-most" and w == lo)
            change = change_to(
                self.candidate, name, _as_value(name, w), "exactly" if at_bound else aim
            )
            step, reached = self.step(index, goal.kind, (change,), capped)
            if reached is not None and reached >= goal.score:
                return step, False
            if capped or unit == 0:
                # short of the aim: still worth showing when it earns points
                better = reached is not None and (s0 is None or reached > s0)
                return (replace(step, capped=True) if better else None), True
            v = v + unit if moving_up else v - unit
        return None, False

    def indicator(self, index: int, pillar: Pillar) -> IndicatorAdvice:
        ind = self.category.indicators[index]
        col = self.result.indicators[index]
        points, score, status = _points_of(self.result, index)
        weight = float(col.weight[0])
        keys = tuple(field_key(f) for f in input_fields(ind))
        raw = col.raw[0]
        x = derive_exact(ind, raw)
        value: float | str | None = None if x is None else float(x)
        if isinstance(ind.rule, OrdinalRule) and x is not None:
            value = ind.rule.levels[int(x)][0]
        carry = weight if status == "ok" else float(ind.weight)
        available = max(carry - points, 0.0)
        base = dict(
            indicator=ind,
            pillar=pillar,
            status=status,
            points=points,
            weight=weight,
            available=available,
            score=score,
            value=value,
            keys=keys,
        )
        if isinstance(ind.rule, RubricRule):
            if status == "pending":
                base["available"] = float(ind.weight)
                return IndicatorAdvice(
                    **base,  # type: ignore[arg-type]
                    steps=(),
                    no_step="judges",
                    pending_points=self.pending_points(index),
                )
            no_judges: NoStep = "judges" if available > _EPS else ""
            return IndicatorAdvice(**base, steps=(), no_step=no_judges)  # type: ignore[arg-type]
        s0 = None if x is None else apply_exact(ind.rule, x)
        goals = _goals(ind, x, s0)
        steps: list[Step] = []
        no_step: NoStep = ""
        for goal in goals:
            if goal.value is not None:  # true/false, a level: the value itself
                name = ind.input.fields[0]
                change = change_to(self.candidate, name, goal.value)
                step, _ = self.step(index, goal.kind, (change,), False)
                steps.append(step)
                continue
            solver = _solver(ind, self.candidate.values)
            if isinstance(solver, str):
                no_step = solver  # type: ignore[assignment]
                break
            step_or_none, capped = self.numeric_step(index, goal, solver, s0)
            if step_or_none is None:
                if capped:
                    no_step = "bound"
                continue
            if any(s.changes == step_or_none.changes for s in steps):
                continue
            steps.append(step_or_none)
        if steps:
            no_step = ""
        elif available > _EPS and not no_step:
            no_step = "bound"
        return IndicatorAdvice(**base, steps=tuple(steps), no_step=no_step)  # type: ignore[arg-type]

    # --- the pending interview --------------------------------------------

    def with_panel(self, items: Sequence[str], at: str) -> Candidate:
        """The candidate with every item in `items` scored at the scale's
        min or max by as many anonymous scores as the quorum asks."""
        rules = {i.id: i.rule for i in self.category.indicators}
        quorum = max(1, self.category.panel.quorum)
        scores = dict(self.candidate.panel_scores)
        for item in items:
            rule = rules[item]
            assert isinstance(rule, RubricRule)
            scores[item] = (float(rule.min if at == "min" else rule.max),) * quorum
        marks = tuple(m for m in self.candidate.marks if m.item not in items)
        recusals = tuple(r for r in self.candidate.recusals if not set(r.items) & set(items))
        return replace(self.candidate, panel_scores=scores, marks=marks, recusals=recusals)

    def pending_points(self, index: int) -> tuple[float, float]:
        ind = self.category.indicators[index]
        low = rescore(self.category, self.with_panel([ind.id], "min"))
        high = rescore(self.category, self.with_panel([ind.id], "max"))
        return float(low.indicators[index].points[0]), float(high.indicators[index].points[0])

    def pending_range(self) -> PendingRange | None:
        items = tuple(
            ind.id
            for ind, col in zip(self.category.indicators, self.result.indicators)
            if int(col.status[0]) == STATUS_CODES["pending"]
        )
        if not items:
            return None
        low = rescore(self.category, self.with_panel(items, "min"))
        high = rescore(self.category, self.with_panel(items, "max"))
        return PendingRange(
            items, float(low.total[0]), float(high.total[0]), float(high.max_total[0])
        )


def _order(advice: Sequence[IndicatorAdvice]) -> tuple[IndicatorAdvice, ...]:
    """Missing first (the cheapest points: those with a step by gain, then
    those that need all their values), then the rest by the best step's
    gain; those without a step after (full points, then the pending
    interview), each group in the criteria's order (a stable sort)."""

    def key(a: IndicatorAdvice) -> tuple[int, float]:
        if a.status == "missing":
            return (0, -a.best_gain) if a.steps else (1, 0.0)
        if a.steps:
            return (2, -a.best_gain)
        return (3 if a.status != "pending" else 4, 0.0)

    return tuple(sorted(advice, key=key))


def assess(category: Category, candidate: Candidate, what_if: Sequence[Change] = ()) -> Assessment:
    """Everything the candidate can still earn, indicator by indicator, with
    `what_if` applied first (in memory)."""
    if what_if:
        candidate = apply_changes(candidate, what_if)
    assessor = _Assessor(category, candidate)
    advice = []
    k = 0
    for pillar in category.pillars:
        for _ in pillar.indicators:
            advice.append(assessor.indicator(k, pillar))
            k += 1
    ranked = rank_category(assessor.result)
    stage = ranked.stage or category.all_stages[0]
    alone = len(ranked.total) == 1  # ranked alone, it enters the stage chosen
    return Assessment(
        candidate=candidate,
        category=category,
        result=assessor.result,
        total=assessor.total,
        max_total=float(assessor.result.max_total[0]),
        stage=stage,
        stage_total=float(ranked.total[0]) if alone else assessor.total,
        stage_max=float(ranked.max_total[0]) if alone else float(assessor.result.max_total[0]),
        pending=assessor.pending_range(),
        indicators=_order(advice),
        what_if=tuple(what_if),
    )
