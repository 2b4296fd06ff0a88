"""Against the others: the rank a candidate has among its peers, and the
smallest change sets that reach each higher rank and the shortlist.

The candidate is ranked with its peers (same category) by the real
ranking (`rank.ranking.rank`), in the stage the ranking uses (the latest
stage with a complete entrant), or, when the candidate is not ranked
there (it did not enter it, or its interview is pending), in the latest
earlier stage where it is ranked. Its rank is 1 + the number of ranked
peers whose ranking keys (the stage's basis total, then the category's
tie-break pillars, exact rationals) are strictly greater than its own:
so reaching rank k means keys at least those of the peers ranked k, and
an exact tie shares their rank.

The search (docs/design.md, "Against the others: the cost model"):

- *Moves.* Per indicator, the values the rule makes worth reaching
  (`moves`): every better band, level or yes; a count's next whole number
  and its cap; a linear rule's target; through a ratio or growth the
  numerator needed at the current denominator. Each move is clamped to
  the values' bounds (a percent at most 100, a field at most its partner,
  the type's maximum), and kept only when it raises the indicator's
  exact score.
- *Order.* Change sets are tried by increasing number of indicators
  changed (one move per indicator); among sets of that size that reach
  the target, the smallest cost wins, then the set whose indicators come
  first in the criteria. A size is skipped when even every indicator in
  it at full points could not reach the target (`_Bound`).
- *Cost.* The sum, over the fields changed, of |new - old| / max(|old|, 1)
  for numbers; 1 for a yes/no turned and for a missing number given; for a
  level, the number of levels moved (a missing level counts as the worst).
  Among sets of equal cost, the one that overshoots least (the lowest
  basis total reached) wins.
- *Just enough.* For a set found, each number moved on a linear or count
  rule is lowered back, by bisection in its own unit (a whole number, or
  0.01 for a percent), to the smallest value with which the set still
  reaches the target.
- *Verified.* Every set is applied to the candidate and rescored among
  the peers with the real engine and ranking; the rank printed is that
  rank, and a set the engine does not confirm is never shown.
- *Bounded.* At most `MAX_EVALUATIONS` sets are scored per candidate and
  at most `MAX_TARGETS` ranks are sought (the nearest ones, the
  shortlist's and the first); the result says when a cap was hit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from ..fields import FIELDS, MAXIMUM
from ..model import (
    BandsRule,
    Candidate,
    CandidateTable,
    Category,
    CategoryResult,
    CountRule,
    Criteria,
    Indicator,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Stage,
    Value,
    YesNoRule,
)
from .peers_model import MAX_EVALUATIONS, MAX_TARGETS, IndicatorDelta, PeerComparison, Plan, Target
from .steps import assess, change_to

__all__ = [
    "MAX_EVALUATIONS",
    "MAX_TARGETS",
    "Move",
    "advice_moves",
    "compare",
    "moves",
]

MAX_FINALISTS = 20

# --------------------------------------------------------------------------
# Moves: the values worth reaching, per indicator
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One indicator's step: fields set to values."""

    indicator: int  # index in the category's indicators
    sets: tuple[tuple[str, Value], ...]


def _number(value: object) -> Fraction | None:
    if value is None or isinstance(value, (bool, str)):
        return None
    if isinstance(value, int):
        return Fraction(value)
    f = float(value)  # type: ignore[arg-type]
    if not math.isfinite(f):
        return None
    return Fraction(repr(f)) if not f.is_integer() else Fraction(int(f))


def _unit(name: str) -> Fraction:
    """The smallest step a field's value takes: 0.01 for a percent, else 1."""
    spec = FIELDS.get(name)
    return Fraction(1, 100) if spec is not None and spec.type == "percent" else Fraction(1)


def _up(x: Fraction, unit: Fraction) -> Fraction:
    return Fraction(math.ceil(x / unit)) * unit


def _down(x: Fraction, unit: Fraction) -> Fraction:
    return Fraction(math.floor(x / unit)) * unit


def _upper(name: str, values: Mapping[str, Value]) -> Fraction | None:
    """The largest value a field may take: its type's maximum, and its
    partner's value when it counts part of it (docs/formats.md)."""
    spec = FIELDS.get(name)
    if spec is None:
        return None
    top = MAXIMUM.get(spec.type)
    bound = None if top is None else Fraction(top)
    if spec.at_most is not None and spec.over != "allowed":
        partner = _number(values.get(spec.at_most))
        if partner is not None:
            bound = partner if bound is None else min(bound, partner)
    return bound


def _within(name: str, value: Fraction, values: Mapping[str, Value]) -> bool:
    top = _upper(name, values)
    return value >= 0 and (top is None or value <= top)


def _as_value(x: Fraction) -> float:
    return float(x)


def _aims(ind: Indicator, current: Fraction | None) -> list[tuple[Fraction, Fraction | None]]:
    """The derived values worth aiming at, as (lowest, highest) ranges of
    the derived value (highest None: no limit) for numeric rules."""
    rule = ind.rule
    if isinstance(rule, BandsRule):
        out: list[tuple[Fraction, Fraction | None]] = []
        starts = [_number(b.start) or Fraction(0) for b in rule.bands]
        for j in range(len(rule.bands)):
            hi = starts[j + 1] if j + 1 < len(starts) else None
            out.append((starts[j], hi))
        return out
    if isinstance(rule, LinearRule):
        target = _number(rule.target) or Fraction(0)
        return [(target, None)] if rule.direction == "higher" else [(Fraction(-(10**18)), target)]
    if isinstance(rule, CountRule):
        cap = _number(rule.cap) or Fraction(1)
        aims: list[tuple[Fraction, Fraction | None]] = [(cap, None)]
        if current is not None and current + 1 < cap:
            aims.insert(0, (math.floor(current) + Fraction(1), None))
        elif current is None and cap > 1:
            aims.insert(0, (Fraction(1), None))
        return aims
    return []


def _closest(
    lo: Fraction, hi: Fraction | None, now: Fraction, unit: Fraction, open_hi: bool
) -> Fraction | None:
    """The value of the field's unit in [lo, hi) (or [lo, hi] when not
    `open_hi`) closest to `now`, None when there is none."""
    low = _up(lo, unit)
    if hi is None:
        high = None
    else:
        high = _down(hi, unit)
        if open_hi and high >= hi:
            high -= unit
    if high is not None and high < low:
        return None
    if now < low:
        return low
    if high is not None and now > high:
        return high
    return _up(now, unit)


def moves(category: Category, values: Mapping[str, Value]) -> list[list[Move]]:
    """Per indicator (category order) its moves, before they are scored:
    the caller keeps those that raise the exact score. Rubric items (the
    panel scores them) and inputs with nothing to compute from have none."""
    out: list[list[Move]] = []
    for k, ind in enumerate(category.indicators):
        out.append(_indicator_moves(k, ind, values))
    return out


def _indicator_moves(k: int, ind: Indicator, values: Mapping[str, Value]) -> list[Move]:
    rule, inp = ind.rule, ind.input
    if isinstance(rule, RubricRule) or inp.kind == "panel":
        return []
    found: list[Move] = []

    def add(sets: tuple[tuple[str, Value], ...]) -> None:
        move = Move(k, sets)
        if move not in found:
            found.append(move)

    if inp.kind == "field" and isinstance(rule, YesNoRule):
        add(((inp.fields[0], True),))
        return found
    if inp.kind == "field" and isinstance(rule, OrdinalRule):
        for name, _ in rule.levels:
            add(((inp.fields[0], name),))
        return found
    # Numeric: which field moves, and how a derived value maps onto it.
    target_field, to_field = _numeric_target(ind, values)
    if target_field is None or to_field is None:
        return found
    now = _number(values.get(target_field))
    unit = _unit(target_field)
    derived_now = _derived_now(ind, values)
    for lo, hi in _aims(ind, derived_now):
        lo_f, hi_f = to_field(lo), None if hi is None else to_field(hi)
        if lo_f is None:
            continue
        if lo_f > (hi_f if hi_f is not None else lo_f) and hi_f is not None:
            lo_f, hi_f = hi_f, lo_f  # a mapping that reverses (never for a numerator)
        open_hi = isinstance(ind.rule, BandsRule)
        value = _closest(lo_f, hi_f, now if now is not None else Fraction(0), unit, open_hi)
        if value is None:
            continue
        value = max(value, Fraction(0))
        top = _upper(target_field, values)
        if top is not None and value > top:
            value = _down(top, unit)  # clamped: may still raise the score
        add(((target_field, _as_value(value)),))
    return found


def _derived_now(ind: Indicator, values: Mapping[str, Value]) -> Fraction | None:
    inp = ind.input
    parts = [_number(values.get(f)) for f in inp.fields]
    if inp.kind == "field":
        return parts[0]
    if inp.kind in ("ratio", "growth"):
        a, b = parts
        if a is None or b is None or b == 0:
            return None
        return a / b * 100 if inp.kind == "ratio" else (a / b - 1) * 100
    if inp.kind == "sum":
        known = [p for p in parts if p is not None]
        return None if len(known) < len(parts) else sum(known, Fraction(0))
    return None


def _numeric_target(
    ind: Indicator, values: Mapping[str, Value]
) -> tuple[str | None, Callable[[Fraction], Fraction | None] | None]:
    """The field a numeric indicator's moves change, and the map from a
    derived value to that field's value (the others as they are)."""
    inp = ind.input
    if inp.kind == "field":
        return inp.fields[0], lambda d: d
    if inp.kind in ("ratio", "growth"):
        denominator = _number(values.get(inp.fields[1]))
        if denominator is None or denominator <= 0:
            if inp.kind == "ratio" and inp.fallback is not None:
                return inp.fallback, lambda d: d
            return None, None
        if inp.kind == "ratio":
            return inp.fields[0], lambda d: d * denominator / 100
        return inp.fields[0], lambda d: (d / 100 + 1) * denominator
    if inp.kind == "sum":
        others = [_number(values.get(f)) for f in inp.fields[1:]]
        known = [o for o in others if o is not None]
        if len(known) < len(others):
            return None, None
        rest = sum(known, Fraction(0))
        return inp.fields[0], lambda d: d - rest
    return None, None


# --------------------------------------------------------------------------
# The exact model: a candidate's ranking keys from its values
# --------------------------------------------------------------------------


def _raw(ind: Indicator, values: Mapping[str, Value], baseline: object) -> object:
    """The indicator's raw input as engine.derive builds it."""
    inp = ind.input
    if inp.kind == "panel":
        return baseline
    if inp.kind == "field":
        return values.get(inp.fields[0])
    parts = [values.get(f) for f in inp.fields]
    if inp.kind == "ratio" and inp.fallback is not None:
        parts.append(values.get(inp.fallback))
    return tuple(parts)


class _Model:
    """The candidate's exact ranking keys for any values, pillar by pillar
    (a pillar's points depend only on its own indicators: reweighting stays
    inside a pillar), each pillar's result cached by its raw inputs."""

    def __init__(self, category: Category, stage: Stage, baseline_raws: Sequence[object]) -> None:
        from ..score.exact import ExactRow, exact_row

        self.category = category
        self.stage = stage
        self.baseline = list(baseline_raws)
        self._exact_row = exact_row
        self._row = ExactRow
        self.indicators = category.indicators
        self.pillar_of: list[int] = []
        self.first: list[int] = []
        k = 0
        for p, pillar in enumerate(category.pillars):
            self.first.append(k)
            for _ in pillar.indicators:
                self.pillar_of.append(p)
                k += 1
        self.reads: dict[str, set[int]] = {}
        for j, ind in enumerate(self.indicators):
            names = list(ind.input.fields) + ([ind.input.fallback] if ind.input.fallback else [])
            for name in names:
                self.reads.setdefault(name, set()).add(j)
        self._pillar_cache: dict[tuple[int, tuple[object, ...]], tuple[object, ...]] = {}
        base = self._rows(self.baseline)
        self.base_pillars = [b[0] for b in base]
        self.base_points = [pt for b in base for pt in b[1]]

    def _rows(self, raws: Sequence[object]) -> list[tuple[object, tuple[object, ...]]]:
        return [self._pillar(p, raws) for p in range(len(self.category.pillars))]

    def _pillar(self, p: int, raws: Sequence[object]) -> tuple[object, tuple[object, ...]]:
        pillar = self.category.pillars[p]
        first = self.first[p]
        own = tuple(raws[first : first + len(pillar.indicators)])
        key = (p, own)
        hit = self._pillar_cache.get(key)
        if hit is None:
            sub = replace(self.category, pillars=(pillar,), tie_break=(), stages=())
            row = self._exact_row(sub, own)
            hit = self._pillar_cache[key] = (row.pillar_points[0], row.points)
        return hit  # type: ignore[return-value]

    def touched(self, names: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for name in names:
            out |= self.reads.get(name, set())
        return out

    def evaluate(
        self, values: Mapping[str, Value], changed: Iterable[str]
    ) -> tuple[tuple[object, ...], list[object]]:
        """(ranking keys, pillar points) with `values`, where only the
        fields `changed` differ from the baseline."""
        raws = list(self.baseline)
        pillars = set()
        for j in self.touched(changed):
            raws[j] = _raw(self.indicators[j], values, self.baseline[j])
            pillars.add(self.pillar_of[j])
        points = list(self.base_pillars)
        for p in pillars:
            points[p] = self._pillar(p, raws)[0]
        return self.keys(points), points

    def indicator_points(self, values: Mapping[str, Value], j: int) -> object:
        raws = list(self.baseline)
        p = self.pillar_of[j]
        pillar = self.category.pillars[p]
        for i in range(self.first[p], self.first[p] + len(pillar.indicators)):
            raws[i] = _raw(self.indicators[i], values, self.baseline[i])
        return self._pillar(p, raws)[1][j - self.first[p]]

    def keys(self, pillar_points: Sequence[object]) -> tuple[object, ...]:
        row = self._row((), (), (), (), (), tuple(pillar_points), sum(pillar_points))  # type: ignore[arg-type]
        return row.keys(self.category, self.stage)


# --------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------


def _cost(category: Category, sets: Mapping[str, Value], values: Mapping[str, Value]) -> Fraction:
    levels: dict[str, list[str]] = {}
    for ind in category.indicators:
        if isinstance(ind.rule, OrdinalRule) and ind.input.kind == "field":
            levels[ind.input.fields[0]] = [name for name, _ in ind.rule.levels]
    total = Fraction(0)
    for name, new in sets.items():
        old = values.get(name)
        if isinstance(new, str):
            order = levels.get(name, [])
            # a missing level counts as the worst one
            was = order.index(old) if isinstance(old, str) and old in order else len(order) - 1
            total += abs(order.index(new) - was) if new in order else 1
        elif old is None or isinstance(new, bool) or isinstance(old, bool):
            total += 1
        else:
            a, b = _number(old), _number(new)
            assert a is not None and b is not None
            total += abs(b - a) / max(abs(a), Fraction(1))
    return total


# --------------------------------------------------------------------------
# Ranking the candidate among its peers
# --------------------------------------------------------------------------


def _category_of(result_list: Sequence[CategoryResult], category_id: str) -> CategoryResult | None:
    return next((r for r in result_list if r.category.id == category_id), None)


def _ranked(criteria: Criteria, field_: CandidateTable, stage: str | None) -> CategoryResult | None:
    from ..rank.ranking import rank

    ranking = rank(criteria, field_, stage=stage)
    return ranking.results[0] if ranking.results else None


def _row_of(result: CategoryResult, cid: str) -> int | None:
    hits = (result.candidates.ids == cid).nonzero()[0]
    return int(hits[0]) if len(hits) else None


def _with(others: CandidateTable, candidate: Candidate) -> CandidateTable:
    """The field ranked: the peers' rows, then the candidate's."""
    from ..score.engine import as_table

    return CandidateTable.concat([others, as_table([candidate])])


def _choose(
    criteria: Criteria, candidate: Candidate, field_: CandidateTable
) -> tuple[CategoryResult, str, str]:
    """The ranked result of the stage compared in, the ranking's own stage
    id when it differs, and why the candidate is unranked ("" if ranked)."""
    auto = _ranked(criteria, field_, None)
    assert auto is not None and auto.stage is not None
    stages = auto.category.all_stages
    k = [s.id for s in stages].index(auto.stage.id)
    first_reason = ""
    for j in range(k, -1, -1):
        result = auto if j == k else _ranked(criteria, field_, stages[j].id)
        assert result is not None
        row = _row_of(result, candidate.id)
        if row is not None and int(result.rank[row]) > 0:
            return result, "" if j == k else auto.stage.id, ""
        if j == k:
            first_reason = "not-entrant" if row is None else "pending"
    return auto, "", first_reason


def compare(
    criteria: Criteria,
    candidate: Candidate,
    peers: Sequence[Candidate] | CandidateTable,
    *,
    max_evaluations: int = MAX_EVALUATIONS,
    max_targets: int = MAX_TARGETS,
    trim: bool = True,
    extra_moves: Callable[[Category, Mapping[str, Value]], Sequence[Move]] | None = None,
) -> PeerComparison:
    """The candidate's rank among `peers` (those of its category; a peer
    with its id is left out: the candidate replaces it) and a verified
    smallest change set per higher rank and for the shortlist.

    `extra_moves` adds moves (e.g. the improvement advice's steps) to the
    rules' own."""
    category = criteria.category(candidate.category)
    if category is None:
        raise ValueError(f"candidate {candidate.id!r}: category not in the criteria")
    import numpy as np

    from ..score.engine import as_table

    table = as_table(peers)
    mine = (table.categories == category.id) & (table.ids != candidate.id)
    others = table.take(np.flatnonzero(mine))
    crit = replace(criteria, categories=(category,))
    field_ = _with(others, candidate)
    result, instead, reason = _choose(crit, candidate, field_)
    stage = result.stage
    assert stage is not None
    shortlist = result.cutoff.size if result.cutoff is not None else None
    ranked_n = int((result.rank > 0).sum())
    row = _row_of(result, candidate.id)
    base = PeerComparison(
        candidate=candidate,
        category=category,
        stage=stage,
        stage_instead_of=instead,
        rank=0,
        ranked=ranked_n,
        peers=len(others),
        total=0.0 if row is None else float(result.total[row]),
        max_total=0.0 if row is None else float(result.max_total[row]),
        shortlist=shortlist,
        plans=(),
        unranked_reason=reason,
    )
    if reason or row is None:
        return base
    my_rank = int(result.rank[row])

    from ..score.exact import ExactRows

    exact = ExactRows(category, [col.raw for col in result.indicators])
    peer_rows = [i for i in range(len(result.candidates)) if i != row and result.rank[i] > 0]
    groups: dict[int, list[int]] = {}
    for i in peer_rows:
        groups.setdefault(int(result.rank[i]), []).append(i)
    above = sorted((r for r in groups if r < my_rank), reverse=True)  # nearest first
    chosen = _choose_targets(above, shortlist, max_targets, my_rank)
    targets: list[tuple[Target, tuple[object, ...]]] = []
    for r in chosen:
        members = groups[r]
        targets.append(
            (
                Target(
                    rank=r,
                    peers=tuple(result.candidates[i] for i in members),
                    total=float(result.total[members[0]]),
                    shortlist=r == _last_in(above, shortlist, my_rank),
                    first=r == 1,
                ),
                exact(members[0]).keys(category, stage),
            )
        )
    base = replace(base, rank=my_rank, targets_left_out=len(above) - len(chosen))
    if not targets:
        return base

    values = dict(candidate.values)
    model = _Model(category, stage, [col.raw[row] for col in result.indicators])
    search = _Search(category, model, values, max_evaluations, extra_moves)
    found = search.run([t for _, t in targets])
    plans: list[Plan] = []
    for (target, keys), finalists in zip(targets, found):
        plans.append(
            _verify(crit, result, candidate, others, target, keys, finalists, search, trim)
        )
    return replace(base, plans=tuple(plans), evaluations=search.evaluations, capped=search.capped)


def _last_in(above: Sequence[int], shortlist: int | None, now: int) -> int | None:
    """The rank that enters the shortlist (the peers' largest rank within
    it) when the candidate is outside it, else None."""
    if shortlist is None or now <= shortlist:
        return None
    return max((r for r in above if r <= shortlist), default=None)


def advice_moves(candidate: Candidate) -> Callable[[Category, Mapping[str, Value]], list[Move]]:
    """The improvement advice's steps (steps.assess: fill, next, full) as
    moves, for `compare(extra_moves=...)`."""

    def extra(category: Category, values: Mapping[str, Value]) -> list[Move]:
        index = {ind.id: k for k, ind in enumerate(category.indicators)}
        found = assess(category, replace(candidate, values=dict(values)))
        return [
            Move(index[a.indicator.id], tuple((c.field, c.after) for c in step.changes))
            for a in found.indicators
            for step in a.steps
            if step.changes
        ]

    return extra


def _choose_targets(above: Sequence[int], shortlist: int | None, cap: int, now: int) -> list[int]:
    """The ranks sought, nearest first: the nearest `cap`, and the
    shortlist's last rank and rank 1 always."""
    if len(above) <= cap:
        return list(above)
    keep = list(above[:cap])
    last_in = _last_in(above, shortlist, now)
    if last_in is not None and last_in not in keep:
        keep.append(last_in)
    if 1 in above and 1 not in keep:
        keep.append(1)
    return sorted(keep, reverse=True)


# --------------------------------------------------------------------------
# The search
# --------------------------------------------------------------------------


@dataclass
class _Found:
    cost: Fraction
    basis: object  # the basis total reached: among equal costs the least overshoot
    order: tuple[int, ...]  # (indicator, move index) pairs flattened: the last tie-break
    sets: dict[str, Value]
    moves: tuple[Move, ...]


@dataclass
class _Search:
    category: Category
    model: _Model
    values: dict[str, Value]
    max_evaluations: int
    extra: Callable[[Category, Mapping[str, Value]], Sequence[Move]] | None = None
    evaluations: int = 0
    capped: bool = False
    options: list[tuple[int, list[Move]]] = field(default_factory=list)
    best_points: dict[int, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        per = moves(self.category, self.values)
        if self.extra is not None:
            for m in self.extra(self.category, self.values):
                if m not in per[m.indicator]:
                    per[m.indicator].append(m)
        base_points = self.model.base_points
        for j, ms in enumerate(per):
            kept: list[Move] = []
            best = base_points[j]
            for m in ms:
                sets = dict(m.sets)
                if not self._valid(sets):
                    continue
                merged = {**self.values, **sets}
                pts = self.model.indicator_points(merged, j)
                if pts > base_points[j]:  # type: ignore[operator]
                    kept.append(m)
                    best = max(best, pts)  # type: ignore[call-overload]
            if kept:
                self.options.append((j, kept))
                self.best_points[j] = best

    def _valid(self, sets: Mapping[str, Value]) -> bool:
        merged = {**self.values, **sets}
        for name, value in sets.items():
            x = _number(value)
            if x is not None and not _within(name, x, merged):
                return False
        # a partner lowered below a part it bounds
        for name, spec in FIELDS.items():
            if spec.at_most is not None and spec.at_most in sets and spec.over != "allowed":
                x = _number(merged.get(name))
                top = _number(merged.get(spec.at_most))
                if x is not None and top is not None and x > top:
                    return False
        return True

    def bound(self, chosen: Sequence[int]) -> object:
        """An upper bound of the basis total with moves on `chosen`: each
        touched pillar at its points plus, per touched indicator, what its
        best move (or, touched by another's field, its full weight) adds;
        a pillar that reweights missing values at its full weight."""
        from ..score.exact import q

        fields_of = {j: {n for m in ms for n, _ in m.sets} for j, ms in self.options}
        assigned: dict[str, set[int]] = {}
        for j in chosen:
            for name in fields_of[j]:
                assigned.setdefault(name, set()).add(j)
        touched = self.model.touched(assigned)
        points = list(self.model.base_pillars)
        pillars: dict[int, list[int]] = {}
        for i in touched:
            pillars.setdefault(self.model.pillar_of[i], []).append(i)
        for p, members in pillars.items():
            pillar = self.category.pillars[p]
            if any(ind.missing == "reweight" for ind in pillar.indicators):
                points[p] = q(pillar.weight)
                continue
            add = 0
            for i in members:
                ind = self.model.indicators[i]
                own = {
                    n
                    for n in (*ind.input.fields, ind.input.fallback)
                    if n is not None and n in assigned
                }
                only_own = all(assigned[n] == {i} for n in own)
                best = self.best_points.get(i) if only_own and i in chosen else None
                top = best if best is not None else q(ind.weight)
                add += top - self.model.base_points[i]  # type: ignore[operator]
            points[p] = points[p] + add  # type: ignore[operator]
        return self.model.keys(points)[0]

    def run(self, targets: Sequence[tuple[object, ...]]) -> list[list[_Found]]:
        """Per target, the feasible sets of the smallest size (cheapest
        first, at most MAX_FINALISTS); [] when none exists or the cap hit."""
        found: list[list[_Found]] = [[] for _ in targets]
        open_ = set(range(len(targets)))
        indices = list(range(len(self.options)))
        for size in range(1, len(indices) + 1):
            if not open_:
                break
            easiest = min(targets[t][0] for t in open_)  # type: ignore[type-var]
            for subset in itertools.combinations(indices, size):
                chosen = [self.options[s][0] for s in subset]
                if self.bound(chosen) < easiest:  # type: ignore[operator]
                    continue
                for picks in itertools.product(*(range(len(self.options[s][1])) for s in subset)):
                    if self.evaluations >= self.max_evaluations:
                        self.capped = True
                        break
                    chosen_moves = tuple(self.options[s][1][k] for s, k in zip(subset, picks))
                    sets: dict[str, Value] = {}
                    clash = False
                    for m in chosen_moves:
                        for name, value in m.sets:
                            if name in sets and sets[name] != value:
                                clash = True
                            sets[name] = value
                    if clash or not self._valid(sets):
                        continue
                    self.evaluations += 1
                    merged = {**self.values, **sets}
                    keys, _ = self.model.evaluate(merged, sets)
                    hits = [t for t in open_ if keys >= targets[t]]
                    if not hits:
                        continue
                    cost = _cost(self.category, sets, self.values)
                    order = tuple(v for s, k in zip(subset, picks) for v in (s, k))
                    for t in hits:
                        found[t].append(_Found(cost, keys[0], order, sets, chosen_moves))
                if self.capped:
                    break
            for t in list(open_):
                if found[t]:
                    found[t].sort(key=lambda f: (f.cost, f.basis, f.order))
                    del found[t][MAX_FINALISTS:]
                    open_.discard(t)
            if self.capped:
                break
        return found

    def reaches(self, sets: Mapping[str, Value], target: tuple[object, ...]) -> bool:
        if not self._valid(sets):
            return False
        keys, _ = self.model.evaluate({**self.values, **sets}, sets)
        return keys >= target  # type: ignore[operator]

    def just_enough(self, f: _Found, target: tuple[object, ...]) -> dict[str, Value]:
        """Each number moved on a linear or count rule lowered back to the
        smallest value (in its unit) with which the set still reaches."""
        sets = dict(f.sets)
        for m in f.moves:
            ind = self.category.indicators[m.indicator]
            if not isinstance(ind.rule, (LinearRule, CountRule)):
                continue
            for name, value in m.sets:
                new = _number(value)
                if new is None:
                    continue
                old = _number(self.values.get(name))
                unit = _unit(name)
                start = old if old is not None else Fraction(0)
                # steps of `unit` from the far (infeasible) end to `new`
                n = int(abs(new - start) / unit)
                sign = 1 if new >= start else -1
                lo, hi = 0, n  # hi: feasible count of units moved
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    trial = dict(sets)
                    trial[name] = _as_value(start + sign * mid * unit)
                    if self.reaches(trial, target):
                        hi = mid
                    else:
                        lo = mid
                if hi < n:
                    candidate = start + sign * hi * unit
                    trial = dict(sets)
                    trial[name] = _as_value(candidate)
                    if (old is None or candidate != old) and self.reaches(trial, target):
                        sets = trial
        return sets


def _verify(
    criteria: Criteria,
    before: CategoryResult,
    candidate: Candidate,
    others: CandidateTable,
    target: Target,
    keys: tuple[object, ...],
    finalists: Sequence[_Found],
    search: _Search,
    trim: bool,
) -> Plan:
    """The cheapest finalist the engine confirms, made just enough."""
    if not finalists:
        return Plan(target=target, status="cap" if search.capped else "none")
    trials: list[tuple[Fraction, int, dict[str, Value], _Found]] = []
    for n, f in enumerate(finalists):
        sets = search.just_enough(f, keys) if trim else dict(f.sets)
        trials.append((_cost(search.category, sets, search.values), n, sets, f))
        if sets != f.sets:
            trials.append((f.cost, n, dict(f.sets), f))
    trials.sort(key=lambda t: (t[0], t[1]))
    for cost, _, sets, f in trials:
        plan = _engine_plan(criteria, before, candidate, others, target, sets, f, cost)
        if plan is not None:
            return plan
    return Plan(target=target, status="none")


def _engine_plan(
    criteria: Criteria,
    before: CategoryResult,
    candidate: Candidate,
    others: CandidateTable,
    target: Target,
    sets: Mapping[str, Value],
    f: _Found,
    cost: Fraction,
) -> Plan | None:
    """Rescore the changed candidate among its peers with the real engine:
    the plan when it ranks `target.rank` or better in the stage, else None."""
    category, stage = before.category, before.stage
    assert stage is not None
    changed = replace(candidate, values={**candidate.values, **sets})
    after = _ranked(criteria, _with(others, changed), stage.id)
    if after is None:
        return None
    i, j = _row_of(before, candidate.id), _row_of(after, candidate.id)
    if i is None or j is None or not 0 < int(after.rank[j]) <= target.rank:
        return None
    from ..score.exact import ExactRows

    exact = ExactRows(category, [col.raw for col in after.indicators])
    mine = exact(j).keys(category, stage)
    rival = _row_of(after, target.peers[0].id)
    tie = ""
    if rival is not None:
        theirs = exact(rival).keys(category, stage)
        if mine == theirs:
            tie = "exact-tie"
        elif mine[0] == theirs[0]:
            pos = next(p for p in range(1, len(mine)) if mine[p] != theirs[p])
            tie = category.tie_break[pos - 1]
    moved_ids = {m.indicator for m in f.moves}
    deltas = []
    for k, (b, a) in enumerate(zip(before.indicators, after.indicators)):
        pb, pa = float(b.points[i]), float(a.points[j])
        if pb != pa or k in moved_ids:
            deltas.append(IndicatorDelta(b.indicator, pb, pa, k in moved_ids))
    changes = tuple(
        change_to(candidate, name, value)
        for name, value in sets.items()
        if candidate.values.get(name) != value
    )
    return Plan(
        target=target,
        status="reached",
        changes=changes,
        indicators=tuple(deltas),
        moved=len(f.moves),
        cost=float(cost),
        rank_after=int(after.rank[j]),
        total_after=float(after.total[j]),
        tie=tie,
    )
