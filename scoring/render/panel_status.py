"""`paritrana panel status`: where a stage's judging stands, per category.

For each category and stage: who has not scored whom yet (the judges of
the stage's judge files x the stage's entrants, less recusals), the items
left empty, recusals and conflicts of interest (declared, or detected and
waived, with their reasons), items below the quorum, the discussion agenda
(items whose valid scores spread more than the category's `disagreement`,
with the scores) and the normalisation notes; a last line says whether
every stage shown is complete.

Terminal text: everything a file wrote (names, ids, reasons) goes through
`errors.escape_text`, so it cannot move the cursor or turn a line around.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import escape_text
from ..model import Aggregate, CategoryResult, Judge, Lang, Stage
from . import i18n_panel
from .fmt import Formatter
from .panel_view import RosterJudge, in_stage, roster_for, stage_items, stage_judges


@dataclass(frozen=True)
class StatusSection:
    """One category in one stage: the staged ranking of it, and the
    judges whose files are for the stage."""

    result: CategoryResult  # entrants of `stage`, as rank(stage=...) gives them
    stage: Stage
    roster: tuple[RosterJudge, ...] = ()


@dataclass(frozen=True)
class StatusReport:
    text: str
    complete: bool  # every section shown has entrants, all complete


def _e(text: object) -> str:
    return escape_text(str(text))


def _who(judge: Judge) -> str:
    return f"{_e(judge.id)} ({_e(judge.name)})" if judge.name else _e(judge.id)


def _complete(result: CategoryResult) -> list[bool]:
    if result.complete is not None:
        return [bool(x) for x in result.complete]
    return [int(r) > 0 for r in result.rank]


@dataclass
class _Counts:
    missing: int = 0
    quorum: int = 0
    agenda: int = 0


def _section(
    sec: StatusSection, lang: Lang, fmt: Formatter, counts: _Counts
) -> tuple[list[str], bool]:
    t = i18n_panel.status_text(lang)
    res, stage = sec.result, sec.stage
    category = res.category
    entrants = list(res.candidates)
    items = stage_items(category, stage)
    known = roster_for(sec.roster, category, stage, entrants) if sec.roster else ()
    from_marks = stage_judges(category, stage, entrants)
    judges: dict[str, Judge] = {r.judge.id: r.judge for r in known}
    for sj in from_marks:
        judges.setdefault(sj.judge.id, sj.judge)
    by_judge = {sj.judge.id: sj for sj in from_marks}
    complete = _complete(res)
    n_complete = sum(complete)
    out = [
        t["heading"].format(
            category=f"{_e(category.label.get(lang))} ({_e(category.id)})",
            stage=f"{_e(stage.label.get(lang))} ({_e(stage.id)})",
        ),
        "  " + t["counts"].format(entrants=len(entrants), judges=len(judges), complete=n_complete),
    ]
    if not entrants:
        out.append("  " + t["no_entrants"])
        return out, False
    if not items:
        out.append("  " + t["no_items"])
        return out, n_complete == len(entrants)
    if not judges:
        out.append("  " + t["no_judges"])

    # Who has not scored whom, and which items are still empty.
    missing_lines: list[str] = []
    for jid in sorted(judges):
        mine = by_judge.get(jid)
        for cand in entrants:
            recused = [
                r for r in cand.recusals if r.judge == jid and in_stage(r.stage, stage, category)
            ]
            if any(not r.items for r in recused):
                continue
            aside = {i for r in recused for i in r.items}
            scored = mine.scored.get(cand.id, frozenset()) if mine else frozenset()
            empty = [i.id for i in items if i.id not in scored and i.id not in aside]
            if not empty:
                continue
            counts.missing += len(empty)
            what = t["all_items"] if len(empty) == len(items) else ", ".join(_e(x) for x in empty)
            missing_lines.append(f"    {_who(judges[jid])} -> {_e(cand.id)}: {what}")
    out.append(f"  {t['not_scored']}: {t['nobody_missing'] if not missing_lines else ''}".rstrip())
    out += missing_lines

    # Recusals and conflicts.
    recusal_lines = []
    conflict_lines = []
    for cand in entrants:
        for r in cand.recusals:
            if not in_stage(r.stage, stage, category):
                continue
            kind = t["recusal_conflict"] if r.kind == "conflict" else t["recusal_abstain"]
            on = f" [{', '.join(_e(i) for i in r.items)}]" if r.items else ""
            recusal_lines.append(f"    {_e(r.judge)} -> {_e(cand.id)}{on}: {kind}: {_e(r.reason)}")
        for c in cand.conflicts:
            if c.judge not in judges:
                continue
            grounds = ", ".join(t.get(f"ground_{g}", _e(g)) for g in c.grounds)
            state = (
                t["waived"].format(reason=_e(c.waived)) if c.waived is not None else t["recused"]
            )
            conflict_lines.append(f"    {_e(c.judge)} - {_e(cand.id)}: {grounds}; {state}")
    out.append(f"  {t['recusals']}: {t['none'] if not recusal_lines else ''}".rstrip())
    out += recusal_lines
    out.append(f"  {t['conflicts']}: {t['none'] if not conflict_lines else ''}".rstrip())
    out += conflict_lines

    # Quorum and the discussion agenda, from the aggregates.
    wanted = {i.id for i in items}
    quorum_lines = []
    agenda_lines = []
    for col in res.indicators:
        if col.indicator.id not in wanted:
            continue
        for cand, agg in zip(entrants, col.raw):
            if not isinstance(agg, Aggregate):
                continue
            if agg.below_quorum:
                counts.quorum += 1
                quorum_lines.append(
                    f"    {_e(cand.id)} · {_e(col.indicator.id)}: "
                    + t["quorum_item"].format(count=agg.count)
                )
            if agg.flagged:
                counts.agenda += 1
                scores = ", ".join(f"{fmt.number(s.score, 2)} ({_e(s.judge)})" for s in agg.scores)
                spread = t["spread"].format(spread=fmt.number(agg.spread, 2))
                agenda_lines.append(
                    f"    {_e(cand.id)} · {_e(col.indicator.id)}: {scores}; {spread}"
                )
    quorum = category.panel.quorum
    out.append(
        f"  {t['quorum'].format(quorum=quorum)}: {t['none'] if not quorum_lines else ''}".rstrip()
    )
    out += quorum_lines
    limit = category.panel.disagreement
    if limit is None:
        out.append("  " + t["agenda_off"])
    else:
        head = t["agenda"].format(limit=fmt.number(limit, 2))
        out.append(f"  {head}: {t['none'] if not agenda_lines else ''}".rstrip())
        out += agenda_lines

    # Normalisation.
    if category.panel.normalise == "none":
        out.append("  " + t["normalise_none"])
    else:
        out.append(f"  {t['normalisation']}:")
        notes = [n for n in res.judge_notes if n.stage is None or n.stage == stage.id]
        for n in sorted(notes, key=lambda n: n.judge):
            if n.normalised:
                state = t["normalised"].format(count=n.count)
            else:
                why = t.get(f"reason_{n.reason}", _e(n.reason))
                state = t["not_normalised"].format(reason=why, count=n.count)
            out.append(f"    {_e(n.judge)}: {state}")
        if not notes:
            out[-1] += f" {t['none']}"
    state = t["stage_complete"] if n_complete == len(entrants) else t["stage_incomplete"]
    out.append(f"  => {state}")
    return out, n_complete == len(entrants)


def status_report(sections: Sequence[StatusSection], lang: Lang = "id") -> StatusReport:
    """The status text of every section, then one summary line per stage
    (over the categories shown): complete or not, and what is left."""
    t = i18n_panel.status_text(lang)
    fmt = Formatter(lang)
    lines: list[str] = []
    per_stage: dict[str, tuple[_Counts, list[bool], list[int]]] = {}
    for sec in sections:
        counts, done, sizes = per_stage.setdefault(sec.stage.id, (_Counts(), [], [0, 0]))
        text, complete = _section(sec, lang, fmt, counts)
        done.append(complete)
        sizes[0] += len(sec.result.candidates)
        sizes[1] += sum(_complete(sec.result))
        lines += text
        lines.append("")
    every = bool(per_stage)
    for stage_id, (counts, done, sizes) in per_stage.items():
        finished = all(done)
        every = every and finished
        state = t["summary_state_all"] if finished else t["summary_state_not"]
        lines.append(
            t["summary"].format(
                stage=_e(stage_id),
                state=state.upper(),
                complete=sizes[1],
                entrants=sizes[0],
                missing=counts.missing,
                quorum=counts.quorum,
                agenda=counts.agenda,
            )
        )
    return StatusReport("\n".join(lines) + "\n", every)
