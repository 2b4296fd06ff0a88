"""The per-candidate view every output reads: columnar results turned into
one row per candidate.

The terminal table and score view, CSV, JSON, XLSX, the scorecard and the
ranked list all read these rows, so a number is converted from the arrays,
and an indicator given its evidence, in exactly one place. Which evidence
backs a value is not decided here: the validator records it per field
(Candidate.evidence, Candidate.derived_from); an indicator shows the union
over the fields its input reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import (
    ALL_PILLARS,
    STATUS_CODES,
    Aggregate,
    Candidate,
    CategoryResult,
    Evidence,
    Indicator,
    Judge,
    OrdinalRule,
    Pillar,
    Regulation,
    Stage,
)

_STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}


def _num(value: object) -> float | None:
    """A plain float, or None for NaN or an infinity (missing/pending)."""
    f = float(value)  # type: ignore[arg-type]
    return f if math.isfinite(f) else None


def _derived(indicator: Indicator, raw: object, value: object) -> float | str | None:
    """What the rule scored: a number, or for an ordinal rule the level's name.

    The engine works on an ordinal level's position in the rule (perda is
    0.0 in `perda, perkada, instruksi, none`); that code means nothing to a
    reader, so every export shows the level itself. (candidate_row does the
    same inline, the rule's kind known from its RowPlan.)
    """
    number = _num(value)
    if isinstance(indicator.rule, OrdinalRule):
        return raw if number is not None and isinstance(raw, str) else None
    return number


@dataclass(frozen=True)
class JudgeRow:
    """One judge's score of a rubric item: as scored, and as used."""

    judge: str  # Judge.id; "#1", "#2", ... for anonymous scores
    name: str | None  # None for anonymous scores
    role: str | None
    score: float
    used: float  # after normalisation (== score when not normalised)
    normalised: bool


@dataclass(frozen=True)
class RecusalRow:
    """A judge who stood aside for a candidate (for one item, or all)."""

    judge: str
    name: str | None
    role: str | None
    kind: str  # "conflict" | "abstain"
    reason: str
    items: tuple[str, ...] = ()  # () = every item


@dataclass(frozen=True)
class PanelRow:
    """A rubric item of one candidate: the judges' scores and what they make."""

    scores: tuple[JudgeRow, ...]  # valid scores, by judge id
    recused: tuple[RecusalRow, ...]  # judges left out for this item
    value: float | None  # the aggregate on the rubric's scale; None: pending
    method: str  # applied: "mean" | "median" | "trimmed-mean"
    declared: str  # what the criteria declare
    quorum: int
    spread: float | None  # highest - lowest valid score, as scored
    flagged: bool  # spread above the category's disagreement threshold
    normalise: str  # the category's panel policy: "none" | "zscore"

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def below_quorum(self) -> bool:
        return 0 < len(self.scores) < self.quorum


@dataclass(frozen=True)
class CommentRow:
    judge: str
    name: str | None
    role: str | None
    text: str


@dataclass(frozen=True)
class ConflictRow:
    """A conflict of interest found and explicitly waived: the judge scored."""

    judge: str
    name: str | None
    role: str | None
    grounds: tuple[str, ...]  # "province", "organisation" (, "declared")
    waived: str  # the reason given


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    pillar: Pillar
    raw: object  # as the candidate gave it; None when missing
    derived: float | str | None  # a level name for ordinal rules (see _derived)
    score: float | None
    weight: float  # effective weight after reweighting
    points: float
    status: str  # ok | missing | pending
    # The distinct evidence of the fields the input reads, in input order
    # (fields, then the fallback), each field's in the validator's order.
    evidence: tuple[Evidence, ...]
    # The regulations that earned the values of those fields (derived
    # regulation fields only), in the same order.
    regulations: tuple[Regulation, ...] = ()
    # Rubric (panel) indicators: the judges' scores, recusals and the
    # aggregation; None for every other input. `raw` of a panel indicator
    # is the tuple of valid scores as scored.
    panel: PanelRow | None = None


@dataclass(frozen=True)
class PillarRow:
    pillar: Pillar
    points: float
    max_points: float


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    rank: int | None  # None: incomplete in the stage, not ranked
    total: float  # the stage's basis
    max_total: float
    pillars: tuple[PillarRow, ...]
    indicators: tuple[IndicatorRow, ...]
    missing_count: int
    pending_count: int
    stage: Stage | None = None  # the stage ranked (None: not a staged result)
    complete: bool = True  # every item of the stage's basis is scored
    shortlisted: bool = False  # passes the stage's cut-off
    # The judges of this candidate in the stage (scored, recused or
    # commented), by id; () when no judge file names the candidate.
    judges: tuple[Judge, ...] = ()
    recusals: tuple[RecusalRow, ...] = ()  # every recusal in the stage, by judge
    comments: tuple[CommentRow, ...] = ()  # the judges' comments in the stage
    conflicts: tuple[ConflictRow, ...] = ()  # waived conflicts (the judge scored)
    panel_dates: tuple[date, ...] = ()  # the judge files' dates in the stage, sorted
    # Pending indicators of the stage's basis (pending_count counts every
    # pillar's): what the lists of a stage flag, since the others do not
    # enter its total.
    basis_pending: int = 0

    @property
    def flags(self) -> tuple[str, ...]:
        """Short machine-readable flags, e.g. ("missing:3", "pending:1")."""
        out = []
        if self.missing_count:
            out.append(f"missing:{self.missing_count}")
        if self.pending_count:
            out.append(f"pending:{self.pending_count}")
        return tuple(out)


def input_fields(indicator: Indicator) -> tuple[str, ...]:
    """The fields an indicator's input reads: its fields, then the fallback."""
    inp = indicator.input
    return inp.fields + ((inp.fallback,) if inp.fallback else ())


def _in_stage(item_stage: str | None, stage: Stage | None) -> bool:
    """Does something a judge file gave for `item_stage` belong to `stage`?
    A judge file without a stage (a category with one implicit stage), and
    a result that is not staged, match every stage."""
    return item_stage is None or stage is None or stage.id in (ALL_PILLARS, item_stage)


def _judge_of(candidate: Candidate) -> dict[str, Judge]:
    return {j.id: j for j in candidate.judges}


def _as_float(value: object) -> float | None:
    if value is None:
        return None
    f = float(value)  # type: ignore[arg-type]
    return f if math.isfinite(f) else None


def _panel(
    indicator: Indicator, raw: object, candidate: Candidate | None, result: CategoryResult
) -> tuple[PanelRow, tuple[float, ...]]:
    """The panel view of a rubric item, and its valid scores as scored.

    The engine gives an `Aggregate` as the column's raw value; a result
    built before judges existed gives the anonymous scores as a tuple,
    shown as anonymous judges "#1", "#2", ... aggregated by the mean.
    `candidate` names the judges; None for an item nobody scored nor
    stood aside from (no judge to name).
    """
    judges = _judge_of(candidate) if candidate is not None else {}
    policy = result.category.panel

    def person(jid: str) -> tuple[str | None, str | None]:
        j = judges.get(jid)
        return (j.name, j.role) if j is not None else (None, None)

    if isinstance(raw, Aggregate):
        scores = tuple(
            JudgeRow(s.judge, *person(s.judge), float(s.score), float(s.used), s.normalised)
            for s in raw.scores
        )
        recused = tuple(
            RecusalRow(r.judge, *person(r.judge), r.kind, r.reason, r.items) for r in raw.recused
        )
        row = PanelRow(
            scores,
            recused,
            _as_float(raw.value),
            raw.method,
            raw.declared,
            raw.quorum,
            raw.spread,
            raw.flagged,
            policy.normalise,
        )
        return row, tuple(s.score for s in scores)
    given = tuple(float(x) for x in raw) if isinstance(raw, (list, tuple)) else ()
    scores = tuple(JudgeRow(f"#{n}", None, None, x, x, False) for n, x in enumerate(given, 1))
    value = sum(given) / len(given) if given else None
    spread = max(given) - min(given) if given else None
    row = PanelRow(
        scores,
        (),
        value,
        "mean",
        indicator.aggregation,
        1,
        spread,
        False,
        "none",
    )
    return row, given


def _people(
    candidate: Candidate, stage: Stage | None, panels: Sequence[PanelRow]
) -> tuple[tuple[Judge, ...], tuple[RecusalRow, ...], tuple[CommentRow, ...], tuple[date, ...]]:
    """The candidate's judges, recusals, comments and panel dates in `stage`."""
    judges = _judge_of(candidate)

    def person(jid: str) -> tuple[str | None, str | None]:
        j = judges.get(jid)
        return (j.name, j.role) if j is not None else (None, None)

    recusals = tuple(
        RecusalRow(r.judge, *person(r.judge), r.kind, r.reason, r.items)
        for r in sorted(candidate.recusals, key=lambda r: r.judge)
        if _in_stage(r.stage, stage)
    )
    comments = tuple(
        CommentRow(c.judge, *person(c.judge), c.text)
        for c in candidate.comments
        if _in_stage(c.stage, stage)
    )
    ids = {s.judge for p in panels for s in p.scores} | {r.judge for p in panels for r in p.recused}
    ids |= {r.judge for r in recusals} | {c.judge for c in comments}
    ids |= {m.judge for m in candidate.marks if _in_stage(m.stage, stage)}
    chosen = tuple(j for j in candidate.judges if j.id in ids)
    dates = {m.date for m in candidate.marks if m.date and _in_stage(m.stage, stage)}
    dates |= {r.date for r in candidate.recusals if r.date and _in_stage(r.stage, stage)}
    return chosen, recusals, comments, tuple(sorted(dates))


def basis_pillar_ids(result: CategoryResult) -> frozenset[str]:
    """The pillars the stage ranked reads (of every stage it combines);
    every pillar for a result not ranked by stages."""
    cat = result.category
    stage = result.stage
    if stage is None:
        return frozenset(p.id for p in cat.pillars)
    ids = set(stage.pillars)
    for sid, _ in stage.combine:
        part = cat.stage(sid)
        if part is not None:
            ids |= set(part.pillars)
    return frozenset(ids)


def _flag(array: object, k: int, default: bool) -> bool:
    return default if array is None else bool(array[k])  # type: ignore[index]


@dataclass(frozen=True)
class _IndicatorPlan:
    """What a row needs of an indicator column, the same for every row."""

    pillar: Pillar
    fields: tuple[str, ...]  # input_fields(indicator)
    ordinal: bool
    panel: bool
    # The panel row of a rubric item without scores (no Aggregate, no
    # scores given): what `_panel` gives then, built once.
    empty_panel: PanelRow | None


class RowPlan:
    """What `candidate_row` computes once per result, not once per row: an
    indicator's pillar, input fields, rule kind, the panel row of an item
    nobody scored, and the pillars of the stage ranked. Build one per
    result for a loop over many rows (`candidate_rows`, the JSON export)."""

    def __init__(self, result: CategoryResult, pillar_of: dict[str, Pillar] | None = None):
        if pillar_of is None:
            pillar_of = {i.id: p for p in result.category.pillars for i in p.indicators}
        self.result = result
        self.basis = basis_pillar_ids(result)
        # id(Aggregate) -> its PanelRow, for Aggregates without scores or
        # recusals (`keep` holds them, so an id is never reused meanwhile).
        self.unscored: dict[int, PanelRow] = {}
        self.keep: list[Aggregate] = []
        self._window: _Window | None = None
        self.indicators: list[_IndicatorPlan] = []
        for col in result.indicators:
            ind = col.indicator
            panel = ind.input.kind == "panel"
            empty = (
                PanelRow((), (), None, "mean", ind.aggregation, 1, None, False, "none")
                if panel
                else None
            )
            self.indicators.append(
                _IndicatorPlan(
                    pillar_of[ind.id],
                    input_fields(ind),
                    isinstance(ind.rule, OrdinalRule),
                    panel,
                    empty,
                )
            )

    def window(self, k: int) -> "_Window":
        """The numbers of the rows around k as Python values (the window
        of ROW_WINDOW rows holding k), read from the arrays a window at a
        time rather than an element at a time."""
        w = self._window
        if w is None or not w.start <= k < w.stop:
            start = k - k % ROW_WINDOW
            w = self._window = _Window.of(self.result, start, start + ROW_WINDOW)
        return w


ROW_WINDOW = 512  # rows whose numbers a RowPlan converts at once


def _listed(array: "object | None", sl: slice) -> list[object] | None:
    return None if array is None else array[sl].tolist()  # type: ignore[index]


@dataclass(frozen=True)
class _Window:
    """Rows start..stop of a result's arrays as lists (tolist() gives the
    same float, int and bool values as float()/int()/bool() of an element)."""

    start: int
    stop: int
    # per indicator column: raw, derived, score, weight, points, status
    indicators: list[tuple[list[object], ...]]
    pillars: list[tuple[list[object], list[object]]]
    total: list[object]
    max_total: list[object]
    rank: list[object]
    missing_count: list[object]
    pending_count: list[object]
    complete: list[object] | None
    shortlisted: list[object] | None

    @staticmethod
    def of(r: CategoryResult, start: int, stop: int) -> "_Window":
        stop = min(stop, len(r.candidates))
        sl = slice(start, stop)
        at = range(start, stop)
        return _Window(
            start,
            stop,
            [
                (
                    [c.raw[k] for k in at],
                    c.derived[sl].tolist(),
                    c.score[sl].tolist(),
                    c.weight[sl].tolist(),
                    c.points[sl].tolist(),
                    c.status[sl].tolist(),
                )
                for c in r.indicators
            ],
            [(p.points[sl].tolist(), p.max_points[sl].tolist()) for p in r.pillars],
            r.total[sl].tolist(),
            r.max_total[sl].tolist(),
            r.rank[sl].tolist(),
            r.missing_count[sl].tolist(),
            r.pending_count[sl].tolist(),
            _listed(r.complete, sl),
            _listed(r.shortlisted, sl),
        )


_last_plan: list[RowPlan] = []  # the plan of the result last asked for


def _plan_of(result: CategoryResult, pillar_of: dict[str, Pillar] | None) -> RowPlan:
    """The RowPlan of `result`, reused while rows of one result are built
    one call at a time (the XLSX sheets, a scorecard)."""
    if _last_plan and _last_plan[0].result is result:
        return _last_plan[0]
    plan = RowPlan(result, pillar_of)
    _last_plan[:] = [plan]
    return plan


def _evidence_in(candidate: Candidate, fields: tuple[str, ...]) -> tuple[Evidence, ...]:
    found = (e for name in fields for e in candidate.evidence_of(name))
    return tuple(dict.fromkeys(found))


def _regulations_in(candidate: Candidate, fields: tuple[str, ...]) -> tuple[Regulation, ...]:
    found: dict[int, Regulation] = {}  # by identity: two equal regulations are two
    for name in fields:
        for item in candidate.derived_from.get(name, ()):
            if isinstance(item, Regulation):
                found.setdefault(id(item), item)
    return tuple(found.values())


def candidate_row(
    result: CategoryResult,
    k: int,
    pillar_of: dict[str, Pillar] | None = None,
    plan: RowPlan | None = None,
) -> CandidateRow:
    """The row of candidate `k` (ranked order) of `result`; `plan`, a
    RowPlan of `result`, saves its per-result work when many rows are
    built."""
    if plan is None or plan.result is not result:
        plan = _plan_of(result, pillar_of)
    candidate = result.candidates[k]
    # Most candidates carry no evidence, no regulations and no panel data:
    # their tuples are empty without looking.
    has_evidence = bool(candidate.evidence)
    has_derived = bool(candidate.derived_from)
    w = plan.window(k)
    j = k - w.start
    indicators = []
    for col, ip, cols in zip(result.indicators, plan.indicators, w.indicators):
        raw = cols[0][j]
        panel = None
        if ip.panel:
            if type(raw) is Aggregate and not raw.scores and not raw.recused:
                # Nobody scored nor stood aside: the row depends on the
                # Aggregate alone (the candidates no panel scored share one).
                panel = plan.unscored.get(id(raw))
                if panel is None:
                    panel = _panel(col.indicator, raw, candidate, result)[0]
                    plan.unscored[id(raw)] = panel
                    plan.keep.append(raw)  # its id stays its own
                raw = None
            elif isinstance(raw, Aggregate) or (isinstance(raw, (list, tuple)) and raw):
                panel, scored = _panel(col.indicator, raw, candidate, result)
                raw = scored if scored else None
            else:
                panel, raw = ip.empty_panel, None
        number = _num(cols[1][j])
        if ip.ordinal:
            derived: float | str | None = (
                raw if number is not None and isinstance(raw, str) else None
            )
        else:
            derived = number
        indicators.append(
            IndicatorRow(
                indicator=col.indicator,
                pillar=ip.pillar,
                raw=raw,
                derived=derived,
                score=_num(cols[2][j]),
                weight=float(cols[3][j]),  # type: ignore[arg-type]
                points=float(cols[4][j]),  # type: ignore[arg-type]
                status=_STATUS_NAMES[int(cols[5][j])],  # type: ignore[call-overload]
                evidence=_evidence_in(candidate, ip.fields) if has_evidence else (),
                regulations=_regulations_in(candidate, ip.fields) if has_derived else (),
                panel=panel,
            )
        )
    pillars = tuple(
        PillarRow(p.pillar, float(pts[j]), float(most[j]))  # type: ignore[arg-type]
        for p, (pts, most) in zip(result.pillars, w.pillars)
    )
    rank = int(w.rank[j])  # type: ignore[call-overload]
    complete = _flag(w.complete, j, True)
    shortlist = result.category.shortlist
    if w.shortlisted is not None:
        shortlisted = bool(w.shortlisted[j])
    else:  # a result not ranked by stages: the criteria's shortlist, by rank
        shortlisted = shortlist is not None and 0 < rank <= shortlist
    panels = [i.panel for i in indicators if i.panel is not None]
    if candidate.judges or candidate.recusals or candidate.comments or candidate.marks:
        judges, recusals, comments, dates = _people(candidate, result.stage, panels)
    else:  # nobody judged this candidate: what _people gives then
        judges, recusals, comments, dates = (), (), (), ()
    conflicts: tuple[ConflictRow, ...] = ()
    if candidate.conflicts:
        known = _judge_of(candidate)
        conflicts = tuple(
            ConflictRow(
                c.judge,
                known[c.judge].name if c.judge in known else None,
                known[c.judge].role if c.judge in known else None,
                c.grounds,
                c.waived,
            )
            for c in sorted(candidate.conflicts, key=lambda c: c.judge)
            if c.waived is not None
        )
    basis = plan.basis
    return CandidateRow(
        candidate=candidate,
        rank=rank if rank > 0 and complete else None,
        total=float(w.total[j]),  # type: ignore[arg-type]
        max_total=float(w.max_total[j]),  # type: ignore[arg-type]
        pillars=pillars,
        indicators=tuple(indicators),
        missing_count=int(w.missing_count[j]),  # type: ignore[call-overload]
        pending_count=int(w.pending_count[j]),  # type: ignore[call-overload]
        stage=result.stage,
        complete=complete,
        shortlisted=shortlisted,
        judges=judges,
        recusals=recusals,
        comments=comments,
        conflicts=conflicts,
        panel_dates=dates,
        basis_pending=sum(1 for i in indicators if i.status == "pending" and i.pillar.id in basis),
    )


def candidate_rows(result: CategoryResult) -> list[CandidateRow]:
    """Every candidate's row, in ranked order (incomplete ones last)."""
    plan = RowPlan(result)
    return [candidate_row(result, k, plan=plan) for k in range(len(result.candidates))]


# --------------------------------------------------------------------------
# The stage of a category's result: its basis and its cut-off
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CutoffView:
    """Where the shortlist of the stage ends (model.Cutoff, with candidates)."""

    size: int  # the shortlist size applied
    override: bool  # given with --top
    declared: int | None  # the criteria's shortlist for the stage
    passed: int  # how many are shortlisted (more than size on an exact tie)
    last_in: Candidate | None
    first_out: Candidate | None
    margin: float | None  # last in's total - first out's total
    tie: str  # "" | "exact-tie" | a tie-break pillar id
    tie_pillar: Pillar | None  # the pillar that decided, when `tie` names one


@dataclass(frozen=True)
class JudgeNoteRow:
    """A judge whose scores were not normalised in the stage, and why."""

    judge: str
    name: str | None
    reason: str  # "fewer-than-3" | "no-spread" | "anonymous"
    count: int


@dataclass(frozen=True)
class StageView:
    """What a category's ranking was decided on, printed with every list."""

    stage: Stage | None  # None: a result not ranked by stages
    number: int  # 1-based position of the stage among the category's; 0 for None
    of: int  # how many stages the category has
    auto: bool  # chosen as the latest stage with a complete candidate
    implicit: bool  # the category declares no stages (one of every pillar)
    basis: tuple[Pillar, ...]  # the pillars whose points make the total
    # The pillar columns of a list of this stage: the basis, or for a
    # combined stage the pillars of every stage combined (category order).
    shown: tuple[Pillar, ...]
    combine: tuple[tuple[Stage, float], ...]  # (stage, weight) when combined
    max_basis: float  # the basis's maximum: its pillars' weights, or the combine weights
    cutoff: CutoffView | None
    shortlist: int | None  # the size marked: the cut-off's, else the criteria's
    normalise: str  # "none" | "zscore"
    judge_notes: tuple[JudgeNoteRow, ...]  # judges not normalised, by judge id
    complete: int  # how many entrants are complete (ranked)
    incomplete: int


def _by_id(result: CategoryResult, ids: Sequence[str | None]) -> dict[str, Candidate]:
    """The Candidates of the ids named (built only for those rows)."""
    table = result.candidates
    out: dict[str, Candidate] = {}
    for cid in ids:
        if cid is None or cid in out:
            continue
        hits = (table.ids == cid).nonzero()[0]
        if len(hits):
            out[cid] = table[int(hits[0])]
    return out


def _with_objects(result: CategoryResult) -> list[Candidate]:
    """The rows that keep a Candidate object: the only ones judges scored."""
    table = result.candidates
    objects = table.objects
    return [] if objects is None else [objects[k] for k in table.object_rows().tolist()]


def stage_view(result: CategoryResult) -> StageView:
    cat = result.category
    stages = cat.all_stages
    stage = result.stage
    pillars = {p.id: p for p in cat.pillars}
    if stage is None:
        basis = cat.pillars
        combine: tuple[tuple[Stage, float], ...] = ()
        number = 0
    else:
        basis = tuple(pillars[pid] for pid in stage.pillars if pid in pillars)
        by_id = {s.id: s for s in stages}
        combine = tuple((by_id[sid], w) for sid, w in stage.combine if sid in by_id)
        number = next((n for n, s in enumerate(stages, 1) if s.id == stage.id), 0)
    wanted = {p.id for p in basis} | {pid for s, _ in combine for pid in s.pillars}
    shown = tuple(p for p in cat.pillars if p.id in wanted)
    if combine:
        max_basis = float(sum(w for _, w in combine))
    else:
        max_basis = float(sum(p.weight for p in basis))
    cutoff = None
    if result.cutoff is not None:
        c = result.cutoff
        by_cand = _by_id(result, (c.last_in, c.first_out))
        cutoff = CutoffView(
            c.size,
            c.override,
            stage.shortlist if stage is not None else cat.shortlist,
            c.passed,
            by_cand.get(c.last_in) if c.last_in else None,
            by_cand.get(c.first_out) if c.first_out else None,
            c.margin,
            c.tie,
            pillars.get(c.tie) if c.tie not in ("", "exact-tie") else None,
        )
    names = {j.id: j.name for x in _with_objects(result) for j in x.judges}
    notes = tuple(
        JudgeNoteRow(n.judge, names.get(n.judge), n.reason, n.count)
        for n in sorted(result.judge_notes, key=lambda n: n.judge)
        if not n.normalised and (stage is None or _in_stage(n.stage, stage))
    )
    complete = len(result.candidates) if result.complete is None else int(result.complete.sum())
    return StageView(
        stage=stage,
        number=number,
        of=len(stages),
        auto=result.stage_auto,
        implicit=not cat.stages,
        basis=basis,
        shown=shown,
        combine=combine,
        max_basis=max_basis,
        cutoff=cutoff,
        shortlist=cutoff.size if cutoff is not None else cat.shortlist,
        normalise=cat.panel.normalise,
        judge_notes=notes,
        complete=complete,
        incomplete=len(result.candidates) - complete,
    )
