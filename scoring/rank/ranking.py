"""Rank scored categories: total, then the category's tie-break pillars.

Ranks are competition ranks (1, 2, 2, 4): candidates equal on the total
and on every tie-break pillar share a rank, and the next rank skips.
Float noise never decides a place: candidates whose float totals are
within `TIE_BAND` of each other are compared with exact rational keys
(`score.exact`), so totals that are mathematically equal tie, whatever
order their points were summed in (6 * 10/7 + 1 * 10/7 against 10), and
totals that differ never tie. Outside such clusters the float order is
the exact order, because the engine's float error is far below the band
(docs/design.md, "Exact arithmetic"). Among exact ties the list order is by name, then id: for display only,
it never changes a rank, and it makes the output independent of the
order the candidate files were read in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..model import Candidate, CategoryResult, Criteria, Ranking
from ..score.engine import score_category
from ..score.exact import ExactRows

__all__ = ["competition_ranks", "rank", "rank_category"]

# Totals lie in 0..100 and carry float errors below 1e-11 (design.md), so
# two totals further apart than this are ordered right by their floats.
TIE_BAND = 1e-7


def _keys(result: CategoryResult) -> list[np.ndarray]:
    """Comparison keys, most significant first, higher is better."""
    by_id = {p.pillar.id: p.points for p in result.pillars}
    keys = [result.total]
    for pillar_id in result.category.tie_break:
        if pillar_id not in by_id:
            raise ValueError(f"tie_break names unknown pillar {pillar_id!r}")
        keys.append(by_id[pillar_id])
    # + 0.0 turns -0.0 into 0.0 so the two compare (and sort) as equal.
    return [np.asarray(k, dtype=np.float64) + 0.0 for k in keys]


def competition_ranks(new_group: np.ndarray) -> np.ndarray:
    """Ranks for rows sorted best first; `new_group[i]` is True where row i
    is strictly worse than row i - 1. Rank = 1 + rows strictly better."""
    n = len(new_group)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new_group = new_group.copy()
    new_group[0] = True
    position = np.arange(1, n + 1, dtype=np.int64)
    return np.maximum.accumulate(np.where(new_group, position, 0))


def _settle_clusters(
    result: CategoryResult, order: np.ndarray, name_rank: np.ndarray
) -> np.ndarray:
    """Reorder runs of near-equal float totals by exact keys; return, per
    sorted row, whether it starts a new group of equals (for the ranks).

    `order` is the float order and is changed in place within clusters.
    """
    n = len(order)
    new_group = np.ones(n, dtype=bool)
    if n < 2:
        return new_group
    totals = result.total[order]
    close = np.abs(np.diff(totals)) <= TIE_BAND
    if not close.any():
        return new_group
    edges = np.flatnonzero(np.diff(np.concatenate(([0], close.astype(np.int8), [0]))))
    rows = ExactRows(result.category, [col.raw for col in result.indicators])
    for start, stop in zip(edges[0::2].tolist(), (edges[1::2] + 1).tolist()):
        members = order[start:stop].tolist()
        keyed = []
        for i in members:
            keys = rows(i).keys(result.category)
            keyed.append((tuple(-k for k in keys), int(name_rank[i]), i, keys))
        keyed.sort(key=lambda t: (t[0], t[1]))
        order[start:stop] = [t[2] for t in keyed]
        for j in range(1, len(keyed)):
            new_group[start + j] = keyed[j][3] != keyed[j - 1][3]
    return new_group


def _permute(result: CategoryResult, order: np.ndarray, rank: np.ndarray) -> CategoryResult:
    idx = order.tolist()

    def take(items: Sequence[object]) -> tuple[object, ...]:
        return tuple(map(items.__getitem__, idx))

    indicators = tuple(
        replace(
            col,
            raw=take(col.raw),
            derived=col.derived[order],
            score=col.score[order],
            weight=col.weight[order],
            points=col.points[order],
            status=col.status[order],
        )
        for col in result.indicators
    )
    pillars = tuple(
        replace(p, points=p.points[order], max_points=p.max_points[order]) for p in result.pillars
    )
    return replace(
        result,
        candidates=take(result.candidates),  # type: ignore[arg-type]
        indicators=indicators,
        pillars=pillars,
        total=result.total[order],
        max_total=result.max_total[order],
        rank=rank,
        missing_count=result.missing_count[order],
        pending_count=result.pending_count[order],
    )


def rank_category(result: CategoryResult) -> CategoryResult:
    """A new result in ranked order, every column permuted alike."""
    n = len(result.candidates)
    keys = _keys(result)
    # Display order among exact ties: name, then id (a Python sort; string
    # arrays of 725,000 names would cost far more memory than ints).
    by_name = sorted(range(n), key=lambda i: (result.candidates[i].name, result.candidates[i].id))
    name_rank = np.empty(n, dtype=np.int64)
    name_rank[np.array(by_name, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    # np.lexsort sorts by the last key first; negate for "higher first".
    order = np.lexsort([name_rank] + [-k for k in reversed(keys)])
    ranks = competition_ranks(_settle_clusters(result, order, name_rank))
    return _permute(result, order, ranks)


def rank(criteria: Criteria, candidates: Sequence[Candidate]) -> Ranking:
    """Score and rank every category that has candidates, in criteria order."""
    known = {c.id for c in criteria.categories}
    groups: dict[str, list[Candidate]] = {c.id: [] for c in criteria.categories}
    for cand in candidates:
        if cand.category not in known:
            raise ValueError(
                f"candidate {cand.id!r}: category {cand.category!r} is not in the criteria"
            )
        groups[cand.category].append(cand)
    results = tuple(
        rank_category(score_category(cat, groups[cat.id]))
        for cat in criteria.categories
        if groups[cat.id]
    )
    return Ranking(criteria=criteria, results=results)
