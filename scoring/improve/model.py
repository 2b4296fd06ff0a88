"""The improvement advice as data: what is missing and what it is worth.

Frozen dataclasses, read by the render layer (scoring/render/advice.py)
and by the peer comparison and the report. Numbers are the engine's
floats; every `total_after` and `gain` comes from rescoring the changed
candidate with the engine (docs/design.md, "Improvement advice").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Candidate, Category, CategoryResult, Indicator, Pillar, Stage, Value

Status = Literal["ok", "missing", "pending"]
# How a change's value earns its step: any value at least (or at most) it
# does, or exactly it (true/false, a level).
Aim = Literal["at-least", "at-most", "exactly"]
# fill: a missing value written; next: the rule's next step (band, level);
# full: the value that earns the indicator's full points.
StepKind = Literal["fill", "next", "full"]
# Why an indicator offers no step although it has points available.
NoStep = Literal[
    "",  # it has steps, or nothing is left to earn
    "judges",  # a rubric item: the panel scores it
    "bound",  # the values' bounds keep it from earning more
    "needs-values",  # every part of its input is missing: nothing to compute from
    "zero-denominator",  # the denominator is 0: write it first
]


@dataclass(frozen=True)
class FieldKey:
    """Where a field is written in a candidate file."""

    field: str  # catalogue name, section.key
    section: str  # the YAML section (`coverage`), or the list (`innovations`)
    key: str  # the key inside the section; "" for a list
    derived: bool  # computed from the list `section` (docs/formats.md, "Derived fields")

    @property
    def written(self) -> str:
        """`coverage: active_members`, or `innovations:` for a list."""
        return f"{self.section}:" if self.derived else f"{self.section}: {self.key}"


@dataclass(frozen=True)
class Change:
    """One field moved from one value to another."""

    field: str  # catalogue name, section.key
    key: FieldKey
    before: Value | None  # None: missing
    after: Value
    # after - before for numbers (after itself when before is missing);
    # None for true/false and levels.
    delta: float | None
    aim: Aim = "exactly"


@dataclass(frozen=True)
class Step:
    """A change set, rescored: applying `changes` to the candidate gives
    exactly `total_after` (the engine's total, to 1e-9)."""

    kind: StepKind
    changes: tuple[Change, ...]
    score_after: float  # the indicator's score 0-100 after the change
    points_after: float  # the indicator's points after the change
    gain: float  # total_after - the total now: the net change of the TOTAL
    total_after: float
    # True when a bound (a percent's 100, a subset's partner, a type's
    # maximum) stopped the change short of the step's aim.
    capped: bool = False


@dataclass(frozen=True)
class IndicatorAdvice:
    indicator: Indicator
    pillar: Pillar
    status: Status
    points: float  # earned now
    weight: float  # the indicator's effective weight now (0 while pending)
    available: float  # points still available: the weight it can carry less the points
    score: float | None  # 0-100, None when missing or pending
    value: float | str | None  # the derived value (a level's name), None when absent
    keys: tuple[FieldKey, ...]  # the fields behind it, in the input's order
    steps: tuple[Step, ...]  # fill, or next then full (one when they coincide)
    no_step: NoStep = ""
    # A pending rubric item: its points at the scale's min .. max.
    pending_points: tuple[float, float] | None = None

    @property
    def best_gain(self) -> float:
        return max((s.gain for s in self.steps), default=0.0)


@dataclass(frozen=True)
class PendingRange:
    """The total the candidate can reach once the pending interview is
    scored: every pending item at the scale's min .. at its max, rescored."""

    items: tuple[str, ...]  # pending rubric indicator ids
    low: float  # total with every pending item at the scale's minimum
    high: float  # total with every pending item at the scale's maximum
    max_total: float  # the maximum once they are scored


@dataclass(frozen=True)
class Assessment:
    candidate: Candidate  # as scored (with any what-if changes applied)
    category: Category
    result: CategoryResult  # the candidate scored alone (score_category, all pillars)
    total: float  # the sum of every pillar's points
    max_total: float  # 100 less the pending weight
    stage: Stage  # the stage it reaches ranked alone (rank_category)
    stage_total: float  # that stage's basis
    stage_max: float
    pending: PendingRange | None  # None: nothing pending
    # Missing first (by gain), then by the best step's gain, then the rest
    # in the criteria's order.
    indicators: tuple[IndicatorAdvice, ...]
    what_if: tuple[Change, ...] = ()  # the `--set` changes applied, in order
