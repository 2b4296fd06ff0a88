"""The comparison with the peers as data (scoring/improve/peers.py finds
it; scoring/render/advice_peers.py puts it into words).

Every number is the engine's: a plan's rank and total come from rescoring
the changed candidate among its peers with the real ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Candidate, Category, Indicator, Stage
from .model import Change

__all__ = [
    "MAX_EVALUATIONS",
    "MAX_TARGETS",
    "IndicatorDelta",
    "PeerComparison",
    "Plan",
    "PlanStatus",
    "Target",
]

# Change sets scored per candidate, all targets together; a search that
# hits it says so (a smaller set may then exist).
MAX_EVALUATIONS = 200_000
# Ranks sought: the nearest ones above the candidate, plus the shortlist's
# and the first; the others are counted in `PeerComparison.targets_left_out`.
MAX_TARGETS = 10
# Sets at the smallest size that are made "just enough" and verified, by cost.

PlanStatus = Literal["reached", "none", "cap"]


@dataclass(frozen=True)
class IndicatorDelta:
    """An indicator whose points the change set moves (the engine's)."""

    indicator: Indicator
    points_before: float
    points_after: float
    changed: bool  # one of the set's moves is this indicator's (else a side effect)


@dataclass(frozen=True)
class Target:
    rank: int  # the rank to reach (that of the peers `peers`)
    peers: tuple[Candidate, ...]  # the peers ranked `rank` now
    total: float  # their basis total
    shortlist: bool  # the last rank of the stage's shortlist
    first: bool  # rank 1


@dataclass(frozen=True)
class Plan:
    """The smallest change set found for a target, verified by the engine."""

    target: Target
    status: PlanStatus  # reached; none (none can within the bounds); cap (search capped)
    changes: tuple[Change, ...] = ()  # IMPROVE's Change: field, before, after
    indicators: tuple[IndicatorDelta, ...] = ()  # every indicator whose points move
    moved: int = 0  # indicators changed (moves in the set)
    cost: float = 0.0  # docs/design.md, "Against the others: the cost model"
    rank_after: int = 0  # the engine's rank of the changed candidate
    total_after: float = 0.0  # its basis total, the engine's
    # How the target is passed: "" (a higher total), a tie-break pillar id
    # (equal totals, the pillar decides), "exact-tie" (equal on every key:
    # the rank is shared).
    tie: str = ""


@dataclass(frozen=True)
class PeerComparison:
    candidate: Candidate
    category: Category
    stage: Stage
    # Why `stage` is not the one the ranking uses ("" when it is): the
    # ranking's stage id, the candidate being unranked there.
    stage_instead_of: str
    rank: int  # now; 0 when it is not ranked in any stage
    ranked: int  # how many are ranked in the stage, the candidate included
    peers: int  # peers of the category read (ranked or not)
    total: float  # the candidate's basis total now
    max_total: float
    shortlist: int | None  # the stage's shortlist size
    plans: tuple[Plan, ...]  # best rank last: nearest target first
    targets_left_out: int = 0  # ranks not sought (MAX_TARGETS)
    evaluations: int = 0
    capped: bool = False  # MAX_EVALUATIONS was hit
    unranked_reason: str = ""  # "pending" or "not-entrant" when rank is 0
