"""What a stage ranks on: its basis, who is complete, where its shortlist ends.

A category's stages (`Category.all_stages`; one implicit stage of every
pillar when it declares none) are ranked in order by rank/ranking.py: stage
1 is entered by every candidate, stage k by those shortlisted in stage k-1.
This module holds the pure pieces (docs/design.md, "Stages"):

- the *basis* of a stage: the sum of its pillars' points, out of the sum of
  their weights; or with `combine`, sum(weight * stage total / stage
  maximum) over the stages named (each with its own pillars), out of the
  sum of the weights. `basis_columns` computes it for every row in float64;
  `ExactRow.basis` (score.exact) is its exact twin for ties.
- *complete*: no indicator of the basis pillars (for `combine`: of every
  stage combined) is pending. Only complete entrants are ranked: a total
  with an item pending is on a smaller basis, and no ranking compares
  totals on different bases.
- the *cut-off* of a shortlist of N (`Cutoff`): everyone ranked <= N
  passes, so an exact tie at the cut-off lets all the tied pass.
- the *auto* stage: the latest stage with at least one complete entrant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..model import STATUS_CODES, Category, CategoryResult, Cutoff, Stage

__all__ = [
    "basis_columns",
    "basis_pillars",
    "choose_stage",
    "cutoff",
    "find_stage",
]

PENDING = STATUS_CODES["pending"]


def find_stage(category: Category, stage_id: str) -> Stage:
    """The category's stage `stage_id`; ValueError naming the stages."""
    found = category.stage(stage_id)
    if found is None:
        known = ", ".join(s.id for s in category.all_stages)
        raise ValueError(f"category {category.id!r} has no stage {stage_id!r}; its stages: {known}")
    return found


def _parts(category: Category, stage: Stage) -> list[tuple[Stage, float]]:
    """(stage, weight) of a combination; the stage alone, weight 1, without."""
    if not stage.combine:
        return [(stage, 1.0)]
    return [
        (stage if sid == stage.id else find_stage(category, sid), float(weight))
        for sid, weight in stage.combine
    ]


def basis_pillars(category: Category, stage: Stage) -> tuple[str, ...]:
    """Every pillar the stage's basis reads, in first-named order."""
    seen: dict[str, None] = {}
    for part, _ in _parts(category, stage):
        for pid in part.pillars:
            seen.setdefault(pid, None)
    return tuple(seen)


def basis_columns(
    result: CategoryResult, stage: Stage
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(total, max_total, complete) of the stage's basis for every row.

    max_total is the basis's maximum less pending weight (a complete row's
    is the full maximum), in the same units as the total."""
    category = result.category
    n = len(result.candidates)
    points = {p.pillar.id: p.points for p in result.pillars}
    max_points = {p.pillar.id: p.max_points for p in result.pillars}
    weights = {p.id: float(p.weight) for p in category.pillars}
    for pid in basis_pillars(category, stage):
        if pid not in points:
            raise ValueError(f"stage {stage.id!r} names unknown pillar {pid!r}")
    total = np.zeros(n)
    max_total = np.zeros(n)
    for part, weight in _parts(category, stage):
        own = np.zeros(n)
        own_max = np.zeros(n)
        for pid in part.pillars:
            own += points[pid]
            own_max += max_points[pid]
        if not stage.combine:
            total += own
            max_total += own_max
            continue
        top = sum(weights[pid] for pid in part.pillars)
        if top > 0:
            total += weight * own / top
            max_total += weight * own_max / top
    wanted = set(basis_pillars(category, stage))
    complete = np.ones(n, dtype=bool)
    k = 0
    for pillar in category.pillars:
        for _ in pillar.indicators:
            if pillar.id in wanted:
                complete &= result.indicators[k].status != PENDING
            k += 1
    return total, max_total, complete


def choose_stage(complete_counts: Sequence[int]) -> int:
    """The auto stage: the latest with a complete entrant, else the first."""
    for k in range(len(complete_counts) - 1, -1, -1):
        if complete_counts[k] > 0:
            return k
    return 0


def cutoff(
    size: int | None,
    override: bool,
    ids: Sequence[str],
    ranks: np.ndarray,
    keys: Callable[[int], tuple[object, ...]],
    tie_break: Sequence[str],
) -> tuple[np.ndarray, Cutoff | None]:
    """Who is shortlisted among the ranked complete rows, and the cut-off.

    `ids` and `ranks` are the complete rows in ranked order; `keys(i)` is
    row i's exact ranking keys (basis total, then the tie-break pillars).
    Everyone ranked <= size passes, so tied rows pass or fail together."""
    n = len(ids)
    if size is None:
        return np.zeros(n, dtype=bool), None
    shortlisted = ranks <= size
    passed = int(shortlisted.sum())
    last_in = passed - 1 if passed else None
    first_out = passed if passed < n else None
    margin: float | None = None
    tie = ""
    if last_in is not None and first_out is not None:
        a, b = keys(last_in), keys(first_out)
        margin = float(a[0] - b[0])  # type: ignore[operator]
        if a[0] == b[0]:
            # equal basis totals: the first tie-break pillar that differs
            j = next(j for j in range(1, len(a)) if a[j] != b[j])
            tie = tie_break[j - 1]
    if passed > size:
        tie = "exact-tie"
    return shortlisted, Cutoff(
        size=size,
        override=override,
        passed=passed,
        last_in=None if last_in is None else ids[last_in],
        first_out=None if first_out is None else ids[first_out],
        margin=margin,
        tie=tie,
    )
