"""Panel aggregation: the judges' marks of a rubric item -> one exact value.

Pure and small: judges' marks are few (5-9 judges, a handful of items, the
shortlisted candidates), so this module loops over marks in Python and
hands the engine one `Aggregate` per candidate and rubric item; the engine
stays columnar for everything after (docs/design.md, "Panel aggregation").

Per candidate and rubric item the *valid* scores are the marks of that item
from judges not recused for it (a `Recusal` of the same judge, for the same
stage or for any, whose `items` are () or name the item), plus the
candidate's anonymous `panel_scores`. Below the quorum, or with none, the
value is None and the item is pending.

- mean: sum / count; median: the middle score, or the mean of the two
  middle ones for an even count; trimmed-mean: drop one highest and one
  lowest when count >= 5, else the mean (`Aggregate.method` says "mean").
- zscore (PanelPolicy.normalise): per (judge, stage) within the category,
  over every valid item the judge scored there, with the judge's mean m_j
  and population standard deviation s_j, and the pooled mean M and
  standard deviation S of every valid named score of that stage:
  used = clip(M + (score - m_j) / s_j * S, min, max), rounded half up to
  6 decimals, then exact. A judge with fewer than 3 scores, or s_j = 0,
  and anonymous scores are used as scored (`JudgeNote.reason`).

`Aggregate.scores` lists the named judges' scores by judge id, then
unnamed marks (an `assessors:` file) by name, then the candidate's own
`panel_scores` as "#1", "#2", ... in the order written.

Everything is exact (score.exact's rationals) except the square roots of
the normalisation, computed in 50-digit decimals and then rounded to 6
decimals, so the result is the same on every machine and in every order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np
from gmpy2 import mpq as Rational

from ..model import (
    Aggregate,
    Aggregation,
    Candidate,
    CandidateTable,
    Category,
    Indicator,
    JudgeNote,
    JudgeScore,
    Mark,
    PanelPolicy,
    Recusal,
    RubricRule,
)
from .exact import q

__all__ = [
    "ANONYMOUS",
    "PanelResult",
    "aggregate",
    "aggregate_category",
    "combine",
    "rubric_items",
]

# The JudgeNote of a category's anonymous scores (a candidate's own
# `panel_scores`, an `assessors:` panel file): they have no judge, so no
# judge mean to normalise against.
ANONYMOUS = "#"
# JudgeScore.judge of the n-th anonymous score of an item: "#1", "#2", ...
_ANON_PREFIX = "#"

FEWER_THAN_3 = "fewer-than-3"
NO_SPREAD = "no-spread"
ANON_REASON = "anonymous"
MIN_SCORES = 3  # a judge needs this many scores in a stage to be normalised

_PLACES = Decimal("0.000001")  # normalised scores are rounded to 6 decimals
_CONTEXT = Context(prec=50)


@dataclass(frozen=True)
class PanelResult:
    """A category's aggregates: per rubric indicator id, one Aggregate per
    candidate (an object array, in the candidates' order), the judges'
    notes, and the rows with any mark, recusal or panel score (ascending):
    every other row holds its item's one empty Aggregate."""

    aggregates: dict[str, np.ndarray]
    notes: tuple[JudgeNote, ...]
    involved: np.ndarray


def rubric_items(category: Category) -> tuple[Indicator, ...]:
    """The category's panel-scored indicators, in category order."""
    return tuple(i for i in category.indicators if i.input.kind == "panel")


def _recused(recusals: Sequence[Recusal], mark: Mark) -> bool:
    return any(
        r.judge == mark.judge
        and (r.stage is None or mark.stage is None or r.stage == mark.stage)
        and (not r.items or mark.item in r.items)
        for r in recusals
    )


def _recusals_for(recusals: Sequence[Recusal], item: str) -> tuple[Recusal, ...]:
    return tuple(r for r in recusals if not r.items or item in r.items)


def _exact(x: object) -> Rational:
    value = q(x)
    if value is None:  # validation keeps scores finite numbers on the scale
        raise ValueError(f"panel score {x!r} is not a finite number")
    return value


def _scale(indicator: Indicator) -> tuple[Rational, Rational]:
    rule = indicator.rule
    if isinstance(rule, RubricRule):
        return _exact(rule.min), _exact(rule.max)
    return _exact(1), _exact(5)  # pragma: no cover - validation: panel input -> rubric


def combine(values: Sequence[Rational], declared: Aggregation) -> tuple[Rational, Aggregation]:
    """The aggregate of exact scores (at least one) and the method applied."""
    n = len(values)
    ordered = sorted(values)
    if declared == "median":
        mid = n // 2
        if n % 2:
            return ordered[mid], "median"
        return (ordered[mid - 1] + ordered[mid]) / 2, "median"
    if declared == "trimmed-mean" and n >= 5:
        kept = ordered[1:-1]
        return sum(kept, Rational(0)) / len(kept), "trimmed-mean"
    return sum(ordered, Rational(0)) / n, "mean"


def _sd(values: Sequence[Rational]) -> tuple[Rational, Decimal]:
    """Exact mean and population standard deviation (50 digits)."""
    n = len(values)
    mean = sum(values, Rational(0)) / n
    var = sum(((v - mean) ** 2 for v in values), Rational(0)) / n
    return mean, _decimal(var).sqrt(_CONTEXT)


def _decimal(x: Rational) -> Decimal:
    return _CONTEXT.divide(Decimal(int(x.numerator)), Decimal(int(x.denominator)))


def _normalised(
    score: Rational, m_j: Rational, s_j: Decimal, pooled_m: Rational, pooled_s: Decimal
) -> Rational:
    """M + (score - m_j) / s_j * S, rounded half up to 6 decimals (unclipped)."""
    z = _CONTEXT.divide(_decimal(score - m_j), s_j)
    x = _CONTEXT.add(_decimal(pooled_m), _CONTEXT.multiply(z, pooled_s))
    return Rational(str(x.quantize(_PLACES, rounding=ROUND_HALF_UP)))


def _clip(x: Rational, lo: Rational, hi: Rational) -> Rational:
    return lo if x < lo else hi if x > hi else x


# A valid named score: (candidate index, item id, mark), before normalisation.
_Valid = tuple[int, str, Mark]


def _normalise(
    valid: Sequence[_Valid], scales: dict[str, tuple[Rational, Rational]]
) -> tuple[dict[tuple[int, str, str, str | None], Rational], list[JudgeNote]]:
    """zscore: the used score of each valid named mark that is normalised,
    keyed by (candidate index, item, judge, stage), and a note per judge."""
    by_stage: dict[str | None, list[_Valid]] = defaultdict(list)
    for v in valid:
        by_stage[v[2].stage].append(v)
    used: dict[tuple[int, str, str, str | None], Rational] = {}
    notes: list[JudgeNote] = []
    for stage in sorted(by_stage, key=lambda s: (s is not None, s or "")):
        rows = by_stage[stage]
        pooled_m, pooled_s = _sd([_exact(v[2].score) for v in rows])
        by_judge: dict[str, list[_Valid]] = defaultdict(list)
        for v in rows:
            by_judge[v[2].judge].append(v)
        for judge in sorted(by_judge):
            own = by_judge[judge]
            if len(own) < MIN_SCORES:
                notes.append(JudgeNote(judge, stage, False, FEWER_THAN_3, len(own)))
                continue
            m_j, s_j = _sd([_exact(v[2].score) for v in own])
            if s_j == 0:
                notes.append(JudgeNote(judge, stage, False, NO_SPREAD, len(own)))
                continue
            notes.append(JudgeNote(judge, stage, True, "", len(own)))
            for i, item, mark in own:
                lo, hi = scales[item]
                x = _normalised(_exact(mark.score), m_j, s_j, pooled_m, pooled_s)
                used[(i, item, judge, stage)] = _clip(x, lo, hi)
    return used, notes


def aggregate(
    indicator: Indicator,
    scores: Iterable[JudgeScore],
    recused: tuple[Recusal, ...],
    policy: PanelPolicy,
) -> Aggregate:
    """One candidate's item from its valid scores (JudgeScore.used exact-able)."""
    listed = tuple(scores)
    declared = indicator.aggregation
    if not listed:
        method: Aggregation = "mean" if declared == "trimmed-mean" else declared
        return Aggregate((), recused, None, method, declared, policy.quorum, None, False)
    value, method = combine([_exact(s.used) for s in listed], declared)
    as_scored = [_exact(s.score) for s in listed]
    spread_q = max(as_scored) - min(as_scored)
    flagged = policy.disagreement is not None and spread_q > _exact(policy.disagreement)
    return Aggregate(
        scores=listed,
        recused=recused,
        value=value if len(listed) >= policy.quorum else None,
        method=method,
        declared=declared,
        quorum=policy.quorum,
        spread=float(spread_q),
        flagged=flagged,
    )


def _empty(indicator: Indicator, policy: PanelPolicy) -> Aggregate:
    return aggregate(indicator, (), (), policy)


def _involved(candidates: Sequence[Candidate] | CandidateTable) -> list[int]:
    """The rows with any mark, recusal or panel score. A table's rows
    without a Candidate object (read from a CSV or XLSX file, not named by
    any panel file) have none, so only the rows with objects are looked at."""
    if isinstance(candidates, CandidateTable):
        objects = candidates.objects
        rows = candidates.object_rows().tolist()
        assert objects is not None or not rows
        return [k for k in rows if _scored(objects[k])]  # type: ignore[index]
    return [k for k, c in enumerate(candidates) if _scored(c)]


def _scored(c: Candidate) -> bool:
    return bool(c.marks or c.recusals or c.panel_scores)


def aggregate_category(
    category: Category,
    candidates: Sequence[Candidate] | CandidateTable,
    items: Sequence[Indicator] | None = None,
) -> PanelResult:
    """Every rubric item of every candidate of a category, aggregated.

    `items` defaults to the category's panel indicators. Candidates without
    marks, recusals or panel scores share one empty Aggregate per item (a
    national screening of employers has no panel at all): only the others
    are looked at."""
    policy = category.panel
    items = rubric_items(category) if items is None else tuple(items)
    ids = {i.id for i in items}
    scales = {i.id: _scale(i) for i in items}
    empty = {i.id: _empty(i, policy) for i in items}
    involved = _involved(candidates)
    # Valid named marks of the whole category (normalisation pools them).
    valid: list[_Valid] = [
        (k, mark.item, mark)
        for k in involved
        for mark in candidates[k].marks
        if mark.named and mark.item in ids and not _recused(candidates[k].recusals, mark)
    ]

    used: dict[tuple[int, str, str, str | None], Rational] = {}
    notes: list[JudgeNote] = []
    if policy.normalise == "zscore":
        used, notes = _normalise(valid, scales)
        unnamed = [
            (m.judge, m.stage)
            for k in involved
            for m in candidates[k].marks
            if not m.named and m.item in ids and not _recused(candidates[k].recusals, m)
        ]
        for judge, stage in sorted(set(unnamed), key=lambda t: (t[0], t[1] or "")):
            count = sum(1 for u in unnamed if u == (judge, stage))
            notes.append(JudgeNote(judge, stage, False, ANON_REASON, count))
        own_count = sum(len(candidates[k].panel_scores.get(i, ())) for k in involved for i in ids)
        if own_count:
            notes.append(JudgeNote(ANONYMOUS, None, False, ANON_REASON, own_count))

    out: dict[str, np.ndarray] = {}
    for i in items:
        column = np.empty(len(candidates), dtype=object)
        column.fill(empty[i.id])
        out[i.id] = column
    for k in involved:
        c = candidates[k]
        for ind in items:
            named: list[JudgeScore] = []
            unnamed_scores: list[JudgeScore] = []
            for mark in c.marks:
                if mark.item != ind.id or _recused(c.recusals, mark):
                    continue
                if mark.named:
                    u = used.get((k, ind.id, mark.judge, mark.stage))
                    named.append(
                        JudgeScore(
                            mark.judge,
                            mark.score,
                            mark.score if u is None else _as_number(u),
                            u is not None,
                        )
                    )
                else:
                    unnamed_scores.append(JudgeScore(mark.judge, mark.score, mark.score, False))
            own = c.panel_scores.get(ind.id, ())
            anon = [
                JudgeScore(f"{_ANON_PREFIX}{n}", s, s, False) for n, s in enumerate(own, start=1)
            ]
            recused = _recusals_for(c.recusals, ind.id)
            if not named and not unnamed_scores and not anon and not recused:
                continue
            named.sort(key=lambda s: (s.judge, _exact(s.score)))
            unnamed_scores.sort(key=lambda s: (s.judge, _exact(s.score)))
            scores = (*named, *unnamed_scores, *anon)
            out[ind.id][k] = aggregate(ind, scores, recused, policy)
    return PanelResult(out, tuple(notes), np.array(involved, dtype=np.int64))


def _as_number(x: Rational) -> float:
    """A normalised score (6 decimals) as the float that reads back as it;
    `q` of that float is the 6-decimal rational again."""
    return float(x)
