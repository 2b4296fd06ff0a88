"""What the panel's own outputs (judge file skeleton, interview forms,
panel status) read from the model: a stage's rubric items, the judges
known in a stage, who stood aside for whom.

Pure functions over the model; the pipeline chooses the stage's entrants
(the staged ranking) and hands them over.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import (
    Candidate,
    Category,
    Conflict,
    Indicator,
    Judge,
    Recusal,
    RubricRule,
    Stage,
)


def in_stage(stage_of: str | None, stage: Stage, category: Category) -> bool:
    """Does a mark, recusal or comment of stage `stage_of` belong to `stage`?
    A judge file without `stage:` (allowed when the category declares no
    stages) belongs to the category's one implicit stage."""
    return stage_of == stage.id or (stage_of is None and not category.stages)


def stage_items(category: Category, stage: Stage) -> tuple[Indicator, ...]:
    """The rubric (panel) items judges score in `stage`: those of its own
    pillars, in the criteria's order. (A `combine` stage's earlier stages
    were scored in those stages.)"""
    wanted = set(stage.pillars)
    return tuple(
        i
        for p in category.pillars
        if p.id in wanted
        for i in p.indicators
        if i.input.kind == "panel"
    )


def levels(indicator: Indicator) -> tuple[tuple[int, str | None, str | None], ...]:
    """(level, Indonesian descriptor, English descriptor) for every whole
    level of a rubric's scale, lowest first; descriptors None when the
    criteria give none."""
    rule = indicator.rule
    low, high = (rule.min, rule.max) if isinstance(rule, RubricRule) else (1.0, 5.0)
    given = dict(indicator.descriptors)
    out = []
    for level in range(math.ceil(low), math.floor(high) + 1):
        text = given.get(level)
        out.append((level, text.id if text else None, text.en if text else None))
    return tuple(out)


def scale(indicator: Indicator) -> tuple[int, int]:
    """The whole ends of a rubric's scale (1, 5)."""
    found = levels(indicator)
    return (found[0][0], found[-1][0]) if found else (1, 5)


@dataclass(frozen=True)
class RosterJudge:
    """A judge as one judge file names them, whatever it scores yet: the
    judges of a stage include those whose file is still empty."""

    judge: Judge
    stage: str  # the file's stage id (`semua` when it names none)
    date: date | None  # the file's `date:`, the panel date
    listed: frozenset[str]  # candidate ids the file names (scores, conflicts, waivers)
    path: str = ""


def roster_for(
    roster: Sequence[RosterJudge],
    category: Category,
    stage: Stage,
    candidates: Iterable[Candidate],
) -> tuple[RosterJudge, ...]:
    """The judges of `category` in `stage`: those whose file for the stage
    names a candidate of the category, or names none yet; by judge id."""
    ids = {c.id for c in candidates if c.category == category.id}
    found = {
        r.judge.id: r for r in roster if r.stage == stage.id and (not r.listed or r.listed & ids)
    }
    return tuple(found[k] for k in sorted(found))


@dataclass(frozen=True)
class StageJudge:
    """A judge known in a stage of a category (from the judge files)."""

    judge: Judge
    # candidate id -> the judge's recusals for it in the stage
    recusals: dict[str, tuple[Recusal, ...]]
    # candidate id -> the items the judge scored for it in the stage
    scored: dict[str, frozenset[str]]


def stage_judges(
    category: Category, stage: Stage, candidates: Iterable[Candidate]
) -> tuple[StageJudge, ...]:
    """Every judge who scored, stood aside for or commented on a candidate
    of `category` in `stage`, by judge id."""
    judges: dict[str, Judge] = {}
    recusals: dict[str, dict[str, list[Recusal]]] = {}
    scored: dict[str, dict[str, set[str]]] = {}
    for cand in candidates:
        if cand.category != category.id:
            continue
        by_id = {j.id: j for j in cand.judges}
        active: set[str] = set()
        for m in cand.marks:
            if m.named and in_stage(m.stage, stage, category):
                active.add(m.judge)
                scored.setdefault(m.judge, {}).setdefault(cand.id, set()).add(m.item)
        for r in cand.recusals:
            if in_stage(r.stage, stage, category):
                active.add(r.judge)
                recusals.setdefault(r.judge, {}).setdefault(cand.id, []).append(r)
        for c in cand.comments:
            if in_stage(c.stage, stage, category):
                active.add(c.judge)
        for jid in active:
            judges.setdefault(jid, by_id.get(jid) or Judge(jid, ""))
    return tuple(
        StageJudge(
            judges[jid],
            {cid: tuple(rs) for cid, rs in recusals.get(jid, {}).items()},
            {cid: frozenset(items) for cid, items in scored.get(jid, {}).items()},
        )
        for jid in sorted(judges)
    )


def declared_conflict(candidate: Candidate, judge_id: str) -> Conflict | None:
    """The candidate's conflict with `judge_id` when the judge declared it
    (and so stands aside), else None."""
    for c in candidate.conflicts:
        if c.judge == judge_id and "declared" in c.grounds and c.waived is None:
            return c
    return None


def conflict_reason(candidate: Candidate, judge_id: str, stage: Stage, category: Category) -> str:
    """Why a judge stands aside for a candidate (the recusal's reason)."""
    for r in candidate.recusals:
        if r.judge == judge_id and r.kind == "conflict" and in_stage(r.stage, stage, category):
            return r.reason
    return ""


def by_category(
    candidates: Sequence[Candidate], categories: Sequence[Category]
) -> list[tuple[Category, list[Candidate]]]:
    """The candidates grouped by category, in the criteria's order, each
    group by id."""
    out = []
    for cat in categories:
        group = sorted((c for c in candidates if c.category == cat.id), key=lambda c: c.id)
        out.append((cat, group))
    return out
