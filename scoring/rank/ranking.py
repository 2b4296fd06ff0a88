"""Rank scored categories stage by stage: basis total, then tie-break pillars.

Each category is ranked in its stages (rank/stages.py, docs/design.md
"Stages"): a stage's entrants that are complete on its basis are ranked
on the basis total; those with a basis item pending follow, unranked
(rank 0), so no ranking compares totals on different bases. The result
returned holds one stage's entrants (by default the latest stage with a
complete entrant).

Ranks are competition ranks (1, 2, 2, 4): candidates equal on the total
and on every tie-break pillar share a rank, and the next rank skips.
Float noise never decides a place: candidates whose float totals are
within `TIE_BAND` of each other are compared with exact rational keys
(`score.exact`), so totals that are mathematically equal tie, whatever
order their points were summed in (6 * 10/7 + 1 * 10/7 against 10), and
totals that differ never tie. Outside such clusters the float order is
the exact order, because the engine's float error is far below the band
(docs/design.md, "Exact arithmetic"). Among exact ties the list order is
by name, then id: for display only, it never changes a rank, and it makes
the output independent of the order the candidate files were read in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from ..messages import _, number
from ..model import Candidate, CandidateTable, CategoryResult, Criteria, Cutoff, Ranking, Stage
from ..score.engine import as_table, score_category
from ..score.exact import ExactRows
from .stages import basis_columns, choose_stage, cutoff, find_stage

__all__ = [
    "competition_ranks",
    "name_order",
    "order_rows",
    "rank",
    "rank_category",
    "rank_stages",
]

# Totals lie in 0..100 and carry float errors below 1e-11 (design.md), so
# two totals further apart than this are ordered right by their floats.
TIE_BAND = 1e-7


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


def _tie_columns(result: CategoryResult) -> list[np.ndarray]:
    """The tie-break pillars' points, in declared order."""
    by_id = {p.pillar.id: p.points for p in result.pillars}
    columns = []
    for pillar_id in result.category.tie_break:
        if pillar_id not in by_id:
            raise ValueError(f"tie_break names unknown pillar {pillar_id!r}")
        columns.append(by_id[pillar_id])
    return columns


# Up to this many rows are put in name order by Python's sort (20,000
# pairs: about 10 ms); more by pyarrow's (the same order: UTF-8 bytes
# compare as code points do). A run whose tie groups are small, every YAML
# run, so never imports pyarrow for this (0.1 s and more of CPU).
_SMALL = 20_000


def name_order(candidates: CandidateTable, rows: np.ndarray) -> np.ndarray:
    """Positions into `rows` that put them in display order: by name, then id.

    Only the rows asked about are compared (the tie groups, the unranked),
    never all the names of a category unless they all tie."""
    n = len(rows)
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    names, ids = candidates.names[rows], candidates.ids[rows]
    if n > _SMALL:
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            both = pa.table(
                {"name": pa.array(names, pa.string()), "id": pa.array(ids, pa.string())}
            )
        except (pa.ArrowException, UnicodeError):  # pragma: no cover - validated text
            pass
        else:
            keys = [("name", "ascending"), ("id", "ascending")]
            return pc.sort_indices(both, sort_keys=keys).to_numpy().astype(np.int64)
    pairs = list(zip(names.tolist(), ids.tolist()))
    return np.array(sorted(range(n), key=pairs.__getitem__), dtype=np.int64)


def order_rows(
    rows: np.ndarray,
    total: np.ndarray,
    ties: Sequence[np.ndarray],
    by_name: Callable[[np.ndarray], np.ndarray],
    exact_keys: Callable[[int], tuple[object, ...]],
) -> tuple[np.ndarray, np.ndarray]:
    """`rows` (indices) best first, and their competition ranks.

    Keys: total, then the tie-break columns, higher first; among exact ties
    in display order (`by_name(rows)`: positions into rows that sort them
    by name, then id; asked only for the rows whose float keys tie). Runs
    of float totals within TIE_BAND are re-sorted by `exact_keys(row)`
    (exact rationals), so equal totals tie and unequal ones never do."""
    # + 0.0 turns -0.0 into 0.0 so the two compare (and sort) as equal.
    keys = [np.asarray(k[rows], dtype=np.float64) + 0.0 for k in (total, *ties)]
    # np.lexsort sorts by the last key first; negate for "higher first".
    local = np.lexsort([-k for k in reversed(keys)]) if len(rows) else np.zeros(0, np.int64)
    order = rows[local]
    if len(order) >= 2:
        same = np.ones(len(order) - 1, dtype=bool)
        for k in keys:
            sorted_k = k[local]
            same &= sorted_k[1:] == sorted_k[:-1]
        if same.any():  # equal float keys: name order inside each run only
            group = np.concatenate(([0], np.cumsum(~same)))
            tied = np.flatnonzero(np.concatenate(([False], same)) | np.concatenate((same, [False])))
            members = order[tied]
            position = np.empty(len(members), dtype=np.int64)
            position[by_name(members)] = np.arange(len(members), dtype=np.int64)
            order[tied] = members[np.lexsort((position, group[tied]))]
    new_group = np.ones(len(order), dtype=bool)
    if len(order) >= 2:
        totals = total[order]
        close = np.abs(np.diff(totals)) <= TIE_BAND
        if close.any():
            edges = np.flatnonzero(np.diff(np.concatenate(([0], close.astype(np.int8), [0]))))
            for start, stop in zip(edges[0::2].tolist(), (edges[1::2] + 1).tolist()):
                members = order[start:stop]
                position = np.empty(len(members), dtype=np.int64)
                position[by_name(members)] = np.arange(len(members), dtype=np.int64)
                keyed = []
                for j, i in enumerate(members.tolist()):
                    ek = exact_keys(i)
                    keyed.append((tuple(-x for x in ek), int(position[j]), i, ek))  # type: ignore[operator]
                keyed.sort(key=lambda t: (t[0], t[1]))
                order[start:stop] = [t[2] for t in keyed]
                for j in range(1, len(keyed)):
                    new_group[start + j] = keyed[j][3] != keyed[j - 1][3]
    return order, competition_ranks(new_group)


def _permute(result: CategoryResult, order: np.ndarray, rank: np.ndarray) -> CategoryResult:
    """The rows `order` (a subset, or all) of a result, every column alike."""
    indicators = tuple(
        replace(
            col,
            raw=col.raw.take(order),
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
        candidates=result.candidates.take(order),
        indicators=indicators,
        pillars=pillars,
        total=result.total[order],
        max_total=result.max_total[order],
        rank=rank,
        missing_count=result.missing_count[order],
        pending_count=result.pending_count[order],
    )


@dataclass(frozen=True)
class _Ranked:
    """One stage of a category, ranked: row indices of the scored result."""

    stage: Stage
    ranked: np.ndarray  # complete entrants, best first
    ranks: np.ndarray  # their competition ranks
    unranked: np.ndarray  # incomplete entrants, by name then id
    total: np.ndarray  # basis total of every scored row
    max_total: np.ndarray
    shortlisted: np.ndarray  # per ranked row
    cutoff: Cutoff | None


def _stage_rank(
    result: CategoryResult,
    stage: Stage,
    entrants: np.ndarray,
    by_name: Callable[[np.ndarray], np.ndarray],
    exact: ExactRows,
    ties: Sequence[np.ndarray],
    size: int | None,
    override: bool,
) -> _Ranked:
    category = result.category
    total, max_total, complete = basis_columns(result, stage)
    done = entrants[complete[entrants]]
    open_ = entrants[~complete[entrants]]
    unranked = open_[by_name(open_)]

    def keys(i: int) -> tuple[object, ...]:
        return exact(i).keys(category, stage)

    ranked, ranks = order_rows(done, total, ties, by_name, keys)
    ids = result.candidates.ids[ranked]
    shortlisted, cut = cutoff(
        size, override, ids, ranks, lambda j: keys(int(ranked[j])), category.tie_break
    )
    return _Ranked(stage, ranked, ranks, unranked, total, max_total, shortlisted, cut)


def _staged_result(result: CategoryResult, r: _Ranked, auto: bool) -> CategoryResult:
    order = np.concatenate((r.ranked, r.unranked)).astype(np.int64)
    rank = np.concatenate((r.ranks, np.zeros(len(r.unranked), dtype=np.int64)))
    complete = np.concatenate(
        (np.ones(len(r.ranked), dtype=bool), np.zeros(len(r.unranked), dtype=bool))
    )
    shortlisted = np.concatenate((r.shortlisted, np.zeros(len(r.unranked), dtype=bool)))
    out = _permute(result, order, rank)
    return replace(
        out,
        total=r.total[order],
        max_total=r.max_total[order],
        stage=r.stage,
        stage_auto=auto,
        complete=complete,
        shortlisted=shortlisted,
        cutoff=r.cutoff,
        pool=result.ranked_from,
    )


def rank_stages(result: CategoryResult) -> tuple[CategoryResult, ...]:
    """Every stage of the category ranked in order, with the criteria's
    shortlists (see `rank_category`)."""
    return tuple(_staged_result(result, r, False) for r in _Stages(result).all())


class _Stages:
    """The per-category state every stage's ranking shares."""

    def __init__(self, result: CategoryResult) -> None:
        self.result = result
        self.by_name = partial(name_order, result.candidates)
        self.ties = _tie_columns(result)
        self.exact = ExactRows(result.category, [col.raw for col in result.indicators])

    def rank(self, stage: Stage, entrants: np.ndarray, size: int | None, override: bool) -> _Ranked:
        return _stage_rank(
            self.result, stage, entrants, self.by_name, self.exact, self.ties, size, override
        )

    def all(self) -> list[_Ranked]:
        """Stage 1 entered by every candidate, stage k by those shortlisted
        in stage k-1 (by every complete entrant of a stage without one)."""
        entrants = np.arange(len(self.result.candidates), dtype=np.int64)
        out: list[_Ranked] = []
        for stage in self.result.category.all_stages:
            r = self.rank(stage, entrants, stage.shortlist, False)
            out.append(r)
            passed = r.ranked[r.shortlisted] if r.cutoff is not None else r.ranked
            entrants = np.sort(passed)
        return out


def rank_category(
    result: CategoryResult, stage: str | None = None, top: int | None = None
) -> CategoryResult:
    """A scored category ranked in `stage` (None: the latest stage with a
    complete entrant), holding only that stage's entrants: the complete
    ones in ranked order, then the incomplete ones (rank 0) by name.

    `top` overrides the shortlist of the stage returned (not of the stages
    before it, which decide who enters it)."""
    category = result.category
    stages = category.all_stages
    if top is not None and top < 1:
        raise ValueError(
            _("--top must be a whole number of at least 1, not {top}").format(top=number(top))
        )
    wanted = None if stage is None else stages.index(find_stage(category, stage))
    state = _Stages(result)
    ranked = state.all()
    k = choose_stage([len(r.ranked) for r in ranked]) if wanted is None else wanted
    chosen = ranked[k]
    if top is not None:
        entrants = np.sort(np.concatenate((chosen.ranked, chosen.unranked)))
        chosen = state.rank(chosen.stage, entrants, top, True)
    return _staged_result(result, chosen, wanted is None)


def rank(
    criteria: Criteria,
    candidates: Sequence[Candidate] | CandidateTable,
    stage: str | None = None,
    top: int | None = None,
) -> Ranking:
    """Score and rank every category that has candidates, in criteria order,
    each in `stage` (None: per category the latest stage with a complete
    entrant), with `top` overriding that stage's shortlist. A category's
    candidates are taken from the table by a mask, in input order."""
    table = as_table(candidates)
    known = np.zeros(len(table), dtype=bool)
    groups: dict[str, np.ndarray] = {}
    for cat in criteria.categories:
        mask = table.categories == cat.id
        known |= mask
        groups[cat.id] = np.flatnonzero(mask)
    if not known.all():
        i = int(np.flatnonzero(~known)[0])
        raise ValueError(
            f"candidate {table.ids[i]!r}: category {table.categories[i]!r} is not in the criteria"
        )
    chosen = [cat for cat in criteria.categories if len(groups[cat.id])]
    if stage is not None:
        for cat in chosen:
            find_stage(cat, stage)  # an unknown stage fails before any scoring
    results = tuple(
        rank_category(score_category(cat, _rows(table, groups[cat.id])), stage, top)
        for cat in chosen
    )
    return Ranking(criteria=criteria, results=results)


def _rows(table: CandidateTable, rows: np.ndarray) -> CandidateTable:
    """The rows of a table (the table itself when they are all of it)."""
    return table if len(rows) == len(table) else table.take(rows)
