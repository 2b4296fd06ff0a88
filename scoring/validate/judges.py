"""Judge files -> judges' marks, recusals, conflicts and comments merged into
the candidates (docs/formats.md, "Judge files").

One file per judge per stage. Everything a judge wrote is checked against
the criteria (the item is a rubric indicator of the stage the file is for,
the score is on its scale) and against the candidates read, and the judge
is checked against each candidate for a conflict of interest
(`PanelPolicy.detect`): a detected one must be declared (the judge is then
recused) or waived with a reason.

The result does not depend on the order the files are read in: files are
taken in path order for messages, and what they give a candidate is sorted
(marks by judge and item, and so on) before it is stored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Diagnostic
from ..load.safeyaml import Document, KeyPath, shown
from ..messages import _
from ..model import (
    ALL_PILLARS,
    Candidate,
    CandidateTable,
    Category,
    Comment,
    Conflict,
    Criteria,
    Judge,
    Mark,
    Recusal,
    RubricRule,
    SourceFile,
    Stage,
)
from ._common import (
    MAX_NOTE,
    MAX_SHORT,
    MAX_TEXT,
    Checker,
    describe,
    fmt,
    rubric_rules,
    suggest,
)

JUDGE_FILE_KEYS = ("judge", "stage", "date", "conflicts", "waivers", "scores")
JUDGE_KEYS = ("id", "name", "role", "organisation", "province")
ENTRY_KEYS = ("comment", "abstain")  # beside the rubric items of a candidate's entry
ABSTAIN_HINT = "write `abstain: reason` for the candidate to stand aside"


def is_judge_file(doc: Document) -> bool:
    """A file with a top-level `judge:` key (else an `assessors:` panel file)."""
    return isinstance(doc.data, dict) and "judge" in doc.data


def _at(doc: Document, *keypath: Any) -> str:
    """'path:line:column' of the value at keypath, for messages naming another place."""
    line, column = doc.where(*keypath)
    return f"{doc.path}:{line}:{column}"


def _key_at(doc: Document, *keypath: Any) -> str:
    line, column = doc.key_where(*keypath)
    return f"{doc.path}:{line}:{column}"


# --------------------------------------------------------------------------
# Conflict detection
# --------------------------------------------------------------------------

_PROVINSI = re.compile(r"^provinsi\s+")


def province_key(text: str) -> str:
    """'Provinsi  Sumatera Utara' and 'sumatera utara' -> 'sumatera utara'."""
    folded = " ".join(text.split()).casefold()
    return _PROVINSI.sub("", folded)


def names_candidate(organisation: str, name: str) -> bool:
    """True when the organisation contains the candidate's name as whole
    words, in any letter case ('Pemerintah Kota Medan' names 'Kota Medan';
    'Universitas Medan Area' does not name 'Kota Medan')."""
    words = " ".join(name.split()).casefold()
    if not words:
        return False
    pattern = r"(?<!\w)" + re.escape(words) + r"(?!\w)"
    return re.search(pattern, " ".join(organisation.split()).casefold()) is not None


def detect(judge: Judge, candidate: Candidate, kinds: Collection[str]) -> tuple[str, ...]:
    """The grounds of a conflict of interest found between them, in the
    order "province", "organisation"; () when none."""
    grounds: list[str] = []
    if (
        "province" in kinds
        and judge.province
        and candidate.province
        and province_key(judge.province) == province_key(candidate.province)
    ):
        grounds.append("province")
    if (
        "organisation" in kinds
        and judge.organisation
        and names_candidate(judge.organisation, candidate.name)
    ):
        grounds.append("organisation")
    return tuple(grounds)


# --------------------------------------------------------------------------
# One judge file
# --------------------------------------------------------------------------


@dataclass
class _Gathered:
    """What the judge files give one candidate, before sorting."""

    marks: list[Mark] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    judges: dict[str, Judge] = field(default_factory=dict)
    sources: set[SourceFile] = field(default_factory=set)


# Unknown ids are matched against at most this many known ones for a hint.
NEAR_POOL = 5000


def _near(by_id: Mapping[str, Candidate], cid: object) -> list[str]:
    return by_id.near(cid) if isinstance(by_id, CandidateIndex) else list(by_id)


class CandidateIndex(Mapping[str, Candidate]):
    """The candidates read, by id, each Candidate built only when looked up.

    Panel and judge files name a few candidates out of maybe 725,000 rows
    of a table: only those are built (CandidateTable[i]), and `merged` puts
    the changed ones back into the table."""

    def __init__(self, candidates: Sequence[Candidate] | CandidateTable) -> None:
        self.candidates = candidates
        ids = (
            candidates.ids.tolist()
            if isinstance(candidates, CandidateTable)
            else [c.id for c in candidates]
        )
        self.rows: dict[str, int] = {cid: i for i, cid in enumerate(ids)}
        self._built: dict[str, Candidate] = {}

    def __getitem__(self, cid: str) -> Candidate:
        found = self._built.get(cid)
        if found is None:
            found = self._built[cid] = self.candidates[self.rows[cid]]
        return found

    def __contains__(self, cid: object) -> bool:
        return cid in self.rows

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def near(self, cid: object) -> list[str]:
        """The ids to suggest from for an unknown `cid`: all of them up to
        NEAR_POOL, else those sharing its first two characters (difflib
        over 725,000 ids would take seconds per unknown id)."""
        if len(self.rows) <= NEAR_POOL:
            return list(self.rows)
        head = str(cid)[:2].casefold()
        return [i for i in self.rows if i[:2].casefold() == head][:NEAR_POOL]

    def updated(
        self, candidates: Sequence[Candidate] | CandidateTable, changed: Mapping[str, Candidate]
    ) -> "CandidateIndex":
        """The index of `candidates`, the same rows with `changed` merged in."""
        out = CandidateIndex.__new__(CandidateIndex)
        out.candidates, out.rows = candidates, self.rows
        out._built = {**self._built, **changed}
        return out


def merged(
    candidates: Sequence[Candidate] | CandidateTable,
    changed: Mapping[str, Candidate],
    rows: Mapping[str, int],
) -> list[Candidate] | CandidateTable:
    """The candidates (same order) with those in `changed` (by id) replaced;
    a table keeps its columns and holds the changed rows' objects. `rows`:
    id -> row (CandidateIndex.rows)."""
    if isinstance(candidates, CandidateTable):
        if not changed:
            return candidates
        return candidates.with_objects([rows[cid] for cid in changed], list(changed.values()))
    return [changed.get(c.id, c) for c in candidates]


@dataclass(frozen=True)
class _Context:
    criteria: Criteria
    by_id: Mapping[str, Candidate]
    own_docs: Mapping[str, Document]
    skip_ids: Collection[str]
    skip_unknown: bool


def _judge(ck: Checker, value: Any) -> Judge | None:
    m = ck.mapping(("judge",), value, _("judge (id:, name:, role:, organisation:, province:)"))
    if m is None:
        return None
    ck.keys(("judge",), m, JUDGE_KEYS, ("id", "name"), where=_(" in judge"))
    jid = ck.identifier(("judge", "id"), m["id"]) if "id" in m else None
    name = ck.string(("judge", "name"), m["name"], _("judge name")) if "name" in m else None
    others: dict[str, str | None] = {}
    for key, limit in (("role", MAX_TEXT), ("organisation", MAX_TEXT), ("province", MAX_SHORT)):
        raw = m.get(key)
        others[key] = (
            None
            if raw is None
            else ck.string(("judge", key), raw, _("judge {key}").format(key=key), limit=limit)
        )
    if jid is None or name is None:
        return None
    return Judge(jid, name, others["role"], others["organisation"], others["province"])


def _reasons(ck: Checker, ctx: _Context, data: dict[str, Any], key: str) -> dict[str, str | None]:
    """`conflicts:` or `waivers:`: candidate id -> reason (None: no reason
    given, for waivers only; a conflict without one is an error)."""
    value = data.get(key)
    if value is None:
        return {}
    m = ck.mapping((key,), value, _("{key} (candidate id: reason)").format(key=key))
    if m is None:
        return {}
    what = "conflict" if key == "conflicts" else "waiver"
    out: dict[str, str | None] = {}
    for cid, reason in m.items():
        if cid in ctx.skip_ids:
            continue
        if cid not in ctx.by_id:
            if not ctx.skip_unknown:
                ck.key_error(
                    (key, cid),
                    _(
                        "unknown candidate '{cid}'{suggest}: no candidate file read has this id"
                    ).format(cid=shown(str(cid)[:60]), suggest=suggest(cid, _near(ctx.by_id, cid))),
                )
            continue
        path = (key, cid)
        if reason is None or (isinstance(reason, str) and not reason.strip()):
            if key == "conflicts":
                ck.error(
                    path,
                    _(
                        "the conflict with '{cid}' gives no reason; write it after the id ({cid}: reason)"
                    ).format(cid=cid),
                )
                continue
            ck.key_error(
                path,
                _(
                    "the waiver for '{cid}' gives no reason: a conflict is waived only with its reason ({cid}: reason), so this one is not waived"
                ).format(cid=cid),
                "warning",
            )
            out[cid] = None
            continue
        text = ck.string(
            path,
            reason,
            _("reason of the {what} for '{cid}'").format(what=what, cid=cid),
            limit=MAX_NOTE,
        )
        if text is not None:
            out[cid] = text
    return out


def _stage_of(
    ck: Checker,
    category: Category,
    stage_id: str | None,
    cid: str,
    reported: set[str],
) -> Stage | None:
    """The stage the file is for in the candidate's category, or None after
    an error (once per category and file)."""
    stages = category.all_stages
    found = category.stage(stage_id or ALL_PILLARS)
    if stage_id is None and category.stages:
        found = None
    if found is not None:
        return found
    if category.id not in reported:
        reported.add(category.id)
        ids = [s.id for s in stages]
        listed = ", ".join(ids)
        if stage_id is None:
            ck.key_error(
                ("judge",),
                _(
                    "this judge file names no stage, and category '{id}' (of '{cid}') is judged in stages {listed}: add `stage:` with one of them"
                ).format(id=category.id, cid=cid, listed=listed),
            )
        else:
            none = (
                ""
                if category.stages
                else _(" (it declares none: leave `stage:` out or write {all_pillars})").format(
                    all_pillars=ALL_PILLARS
                )
            )
            ck.error(
                ("stage",),
                _(
                    "'{stage_id}' is not a stage of category '{id}' (of '{cid}'){suggest}; its stages: {listed}{none}"
                ).format(
                    stage_id=shown(stage_id[:60]),
                    id=category.id,
                    cid=cid,
                    suggest=suggest(stage_id, ids),
                    listed=listed,
                    none=none,
                ),
            )
    return None


def _stage_rubrics(category: Category, stage: Stage) -> dict[str, RubricRule]:
    """The rubric items a judge scores in `stage`: those of its own pillars."""
    rubrics = rubric_rules(category)
    held = {i.id for p in category.pillars if p.id in stage.pillars for i in p.indicators}
    return {k: r for k, r in rubrics.items() if k in held}


def _item_rule(
    ck: Checker,
    where: KeyPath,
    key: str,
    category: Category,
    stage: Stage,
    cid: str,
) -> RubricRule | None:
    """The rule of rubric item `key` in this stage, or None after an error."""
    own = _stage_rubrics(category, stage)
    if key in own:
        return own[key]
    staged = bool(category.stages)
    before = _("candidate '{cid}' (category '{id}'").format(cid=cid, id=category.id)
    before += _(", stage '{id}'): ").format(id=stage.id) if staged else "): "
    elsewhere = [s.id for s in category.all_stages if key in _stage_rubrics(category, s)]
    if elsewhere:
        ck.key_error(
            where,
            _(
                "{before}'{key}' is scored in stage {names}, not in '{id}'; rubric indicators of '{id}': {value}"
            ).format(
                before=before,
                key=key,
                names=", ".join(elsewhere),
                id=stage.id,
                value=", ".join(own) or "none",
            ),
        )
        return None
    of = _(" of this stage") if staged else ""
    valid = ", ".join(own) or "none"
    ck.key_error(
        where,
        _(
            "{before}'{key}' is not a rubric indicator{of}{suggest}; rubric indicators{of}: {valid} (beside them: {names})"
        ).format(
            before=before,
            key=shown(str(key)[:60]),
            of=of,
            suggest=suggest(key, [*own, *ENTRY_KEYS]),
            valid=valid,
            names=", ".join(ENTRY_KEYS),
        ),
    )
    return None


def _score(
    ck: Checker, where: KeyPath, raw: Any, rule: RubricRule, what: str
) -> float | None | bool:
    """A score: the number, None when left empty (not scored yet), False
    after an error."""
    scale = f"{fmt(rule.min)}-{fmt(rule.max)}"
    written = ck.written(where)
    if raw is None:
        if written in (None, ""):
            return None
        ck.error(
            where,
            _(
                "score for {what} is written '{written}': write a score from {scale}, leave it empty if not scored yet, or {abstain_hint}"
            ).format(what=what, written=shown(written), scale=scale, abstain_hint=ABSTAIN_HINT),
        )
        return False
    if isinstance(raw, str) and raw.strip() in ("-", "--", "\u2013", "\u2014"):
        ck.error(
            where,
            _(
                "score for {what} is '{strip}': write a score from {scale}, leave it empty if not scored yet, or {abstain_hint}"
            ).format(what=what, strip=shown(raw.strip()), scale=scale, abstain_hint=ABSTAIN_HINT),
        )
        return False
    if isinstance(raw, list):
        ck.error(
            where,
            _(
                "score for {what} must be one number (a judge file holds one judge's scores), not {raw}"
            ).format(what=what, raw=describe(raw)),
        )
        return False
    score = ck.number(where, raw, _("score for {what}").format(what=what))
    if score is None:
        return False
    if not rule.min <= score <= rule.max:
        hint = f"; {ABSTAIN_HINT}" if score == 0 else ""
        ck.error(
            where,
            _("score {score} for {what} is outside {scale}{hint}").format(
                score=fmt(score), what=what, scale=scale, hint=hint
            ),
        )
        return False
    return score


def _candidate_place(ctx: _Context, candidate: Candidate, key: str) -> str:
    path = candidate.source.path if candidate.source else candidate.id
    doc = ctx.own_docs.get(path)
    return _at(doc, key) if doc is not None else path


def _conflict_message(
    ctx: _Context, judge: Judge, candidate: Candidate, grounds: tuple[str, ...]
) -> str:
    parts = []
    if "province" in grounds:
        parts.append(
            _("the same province ('{value}' here, '{value2}' in {candidate_place})").format(
                value=shown(judge.province or ""),
                value2=shown(candidate.province or ""),
                candidate_place=_candidate_place(ctx, candidate, "province"),
            )
        )
    if "organisation" in grounds:
        parts.append(
            _(
                "the judge's organisation '{value}' names the candidate '{name}' ({candidate_place})"
            ).format(
                value=shown(judge.organisation or ""),
                name=shown(candidate.name),
                candidate_place=_candidate_place(ctx, candidate, "name"),
            )
        )
    return _(
        "possible conflict of interest between judge '{id}' and candidate '{id2}': {names}; declare it under conflicts: (the judge is then recused) or waive it under waivers: with its reason"
    ).format(id=judge.id, id2=candidate.id, names=" and ".join(parts))


@dataclass
class _File:
    """One judge file, checked: who, which stage, and where they are written."""

    doc: Document
    judge: Judge | None
    stage: str  # the stage id (ALL_PILLARS when the file names none)


def _check_file(
    doc: Document, ctx: _Context, gathered: dict[str, _Gathered]
) -> tuple[_File | None, list[Diagnostic]]:
    """Check one judge file and gather what it gives each candidate."""
    ck = Checker(doc)
    data = doc.data
    ck.keys((), data, JUDGE_FILE_KEYS, ("judge", "scores"), where=_(" in a judge file"))
    judge = _judge(ck, data.get("judge")) if "judge" in data else None
    stage_id: str | None = None
    stage_broken = False  # reported: the entries cannot be checked against a stage
    if data.get("stage") is not None:
        stage_id = ck.identifier(("stage",), data["stage"])
        stage_broken = stage_id is None
    panel_date = ck.day(("date",), data["date"]) if data.get("date") is not None else None
    conflicts = _reasons(ck, ctx, data, "conflicts")
    waivers = _reasons(ck, ctx, data, "waivers")
    table = data.get("scores")
    entries = (
        ck.mapping(("scores",), table, _("scores (candidate id: {item: score})"))
        if table is not None
        else {}
    )
    if "scores" in data and entries == {} and not conflicts:
        ck.warn(("scores",), _("scores is empty: this judge file scores no candidate"))
    entries = entries or {}
    stage_name = stage_id or ALL_PILLARS
    source = SourceFile(doc.path, doc.sha256)
    reported: set[str] = set()
    jid = judge.id if judge else "?"

    def give(cid: str) -> _Gathered:
        g = gathered.setdefault(cid, _Gathered())
        if judge is not None:
            g.judges[judge.id] = judge
        g.sources.add(source)
        return g

    def stage_for(cid: str) -> tuple[Category, Stage] | None:
        if stage_broken:
            return None
        candidate = ctx.by_id[cid]
        category = ctx.criteria.category(candidate.category)
        assert category is not None  # validated candidates name a known category
        stage = _stage_of(ck, category, stage_id, cid, reported)
        return None if stage is None else (category, stage)

    # Declared conflicts: the judge is recused, whatever the entry says.
    for cid, reason in sorted(conflicts.items()):
        placed = stage_for(cid)
        if placed is None or reason is None or judge is None:
            continue
        grounds = ("declared",) + detect(judge, ctx.by_id[cid], placed[0].panel.detect)
        g = give(cid)
        g.recusals.append(Recusal(judge.id, reason, "conflict", stage_name, date=panel_date))
        g.conflicts.append(Conflict(judge.id, grounds))
        if cid in waivers:
            ck.key_error(
                ("waivers", cid),
                _(
                    "'{cid}' is both declared a conflict ({key_at}) and waived: the declared conflict recuses the judge; remove one of them"
                ).format(cid=cid, key_at=_key_at(doc, "conflicts", cid)),
                "warning",
            )

    checked_waivers: set[str] = set()
    for cid, entry in entries.items():
        if cid in ctx.skip_ids:
            continue
        found = ctx.by_id.get(cid)
        if found is None:
            if not ctx.skip_unknown:
                ck.key_error(
                    ("scores", cid),
                    _(
                        "unknown candidate '{cid}'{suggest}: no candidate file read has this id"
                    ).format(cid=shown(str(cid)[:60]), suggest=suggest(cid, _near(ctx.by_id, cid))),
                )
            continue
        candidate = found
        path: KeyPath = ("scores", cid)
        placed = stage_for(cid)
        if placed is None:
            continue
        category, stage = placed
        declared = cid in conflicts
        if entry is None:
            if not declared:
                ck.key_error(path, _("'{cid}' is not scored yet").format(cid=cid), "warning")
            m: dict[str, Any] = {}
        else:
            got = ck.mapping(path, entry, _("scores of '{cid}' (item: score)").format(cid=cid))
            if got is None:
                continue
            m = got
        abstain: str | None = None
        if "abstain" in m:
            raw = m["abstain"]
            if raw is None or raw is True or (isinstance(raw, str) and not raw.strip()):
                ck.error(
                    path + ("abstain",),
                    _(
                        "abstain for '{cid}' gives no reason; write the reason after it (abstain: reason)"
                    ).format(cid=cid),
                )
            else:
                abstain = ck.string(
                    path + ("abstain",),
                    raw,
                    _("abstain reason for '{cid}'").format(cid=cid),
                    limit=MAX_NOTE,
                )
        comment = None
        if m.get("comment") is not None:
            comment = ck.string(
                path + ("comment",),
                m["comment"],
                _("comment on '{cid}'").format(cid=cid),
                limit=MAX_NOTE,
                multiline=True,
            )
        marks: list[Mark] = []
        scored: list[str] = []  # items given a value (right or wrong)
        empty: list[str] = []
        for key, raw in m.items():
            if key in ENTRY_KEYS:
                continue
            where = path + (key,)
            rule = _item_rule(ck, where, key, category, stage, cid)
            if rule is None:
                continue
            score = _score(ck, where, raw, rule, _("'{key}' of '{cid}'").format(key=key, cid=cid))
            if score is None:
                empty.append(key)
                continue
            scored.append(key)
            if score is not False:
                marks.append(Mark(jid, key, float(score), stage_name, date=panel_date))
        if scored and declared:
            ck.key_error(
                path,
                _(
                    "scores for '{cid}', which this judge declared a conflict with ({key_at}): a recused judge gives no scores; remove the scores or the conflict"
                ).format(cid=cid, key_at=_key_at(doc, "conflicts", cid)),
            )
            continue
        if scored and "abstain" in m:
            ck.key_error(
                path + ("abstain",),
                _(
                    "'{cid}' has both abstain and scores ({names}): an abstaining judge gives no scores; remove the scores or the abstain"
                ).format(cid=cid, names=", ".join(scored)),
            )
            continue
        if empty and not declared and abstain is None and "abstain" not in m:
            for key in empty:
                ck.key_error(
                    path + (key,),
                    _("'{key}' of '{cid}' is not scored yet").format(key=key, cid=cid),
                    "warning",
                )
        if judge is None or declared:
            if judge is not None and comment is not None:
                give(cid).comments.append(Comment(judge.id, comment, stage_name))
            continue
        grounds = detect(judge, candidate, category.panel.detect)
        if grounds:
            checked_waivers.add(cid)
            reason = waivers.get(cid)
            if reason is None:
                first = "province" if "province" in grounds else "organisation"
                ck.error(("judge", first), _conflict_message(ctx, judge, candidate, grounds))
                continue
            give(cid).conflicts.append(Conflict(judge.id, grounds, reason))
        if marks or abstain is not None or comment is not None:
            g = give(cid)
            g.marks.extend(marks)
            if abstain is not None:
                g.recusals.append(
                    Recusal(judge.id, abstain, "abstain", stage_name, date=panel_date)
                )
            if comment is not None:
                g.comments.append(Comment(judge.id, comment, stage_name))

    # Waivers of candidates the judge does not score: still checked.
    for cid, reason in sorted(waivers.items()):
        if cid in checked_waivers or cid in conflicts or judge is None:
            continue
        placed = stage_for(cid)
        if placed is None:
            continue
        grounds = detect(judge, ctx.by_id[cid], placed[0].panel.detect)
        if not grounds:
            looked = " and ".join(placed[0].panel.detect) or "nothing (detect: [])"
            ck.key_error(
                ("waivers", cid),
                _(
                    "waiver for '{cid}', but no conflict was detected between judge '{id}' and '{cid}' (looked for: {looked}); remove the waiver"
                ).format(cid=cid, id=judge.id, looked=looked),
                "warning",
            )
        elif reason is not None:
            give(cid).conflicts.append(Conflict(judge.id, grounds, reason))
    if judge is None or stage_broken:
        return None, ck.diagnostics
    return _File(doc, judge, stage_name), ck.diagnostics


def _same_judge(files: Sequence[_File]) -> list[Diagnostic]:
    """The same judge twice in one stage, or described differently in two files."""
    problems: list[Diagnostic] = []
    per_stage: dict[tuple[str, str], _File] = {}
    first: dict[str, _File] = {}
    for f in files:
        assert f.judge is not None
        jid = f.judge.id
        ck = Checker(f.doc)
        seen = per_stage.get((jid, f.stage))
        if seen is not None:
            ck.error(
                ("judge", "id"),
                _(
                    "judge '{jid}' has a second file for stage '{stage}': here and in {at}; one file per judge per stage (merge them)"
                ).format(jid=jid, stage=f.stage, at=_at(seen.doc, "judge", "id")),
            )
        else:
            per_stage[(jid, f.stage)] = f
        other = first.setdefault(jid, f)
        if other is not f and other.judge != f.judge:
            differ = [
                k
                for k in ("name", "role", "organisation", "province")
                if getattr(other.judge, k) != getattr(f.judge, k)
            ]
            ck.key_error(
                ("judge",),
                _(
                    "judge '{jid}' is described differently here and in {key_at} ({names}); one id is one person: give the same details in every file"
                ).format(jid=jid, key_at=_key_at(other.doc, "judge"), names=", ".join(differ)),
            )
        problems.extend(ck.diagnostics)
    return problems


def validate_judges(
    docs: Sequence[Document],
    criteria: Criteria,
    candidates: CandidateTable | Sequence[Candidate],
    *,
    candidate_docs: Sequence[Document] = (),
    skip_ids: Collection[str] = (),
    skip_unknown: bool = False,
    index: CandidateIndex | None = None,
) -> tuple[list[Candidate] | CandidateTable, list[Diagnostic]]:
    """Check judge files and merge them into the candidates (same order;
    a CandidateTable stays one, with objects only for the rows judged).

    Marks are sorted by (judge, item, stage), recusals and comments by
    (judge, stage), conflicts by judge, judges by id, and the judge files
    among `panel_sources` by path, so the order of the files changes
    nothing.
    """
    by_id = index if index is not None else CandidateIndex(candidates)
    ctx = _Context(
        criteria,
        by_id,
        {d.path: d for d in candidate_docs},
        skip_ids,
        skip_unknown,
    )
    gathered: dict[str, _Gathered] = {}
    diagnostics: list[Diagnostic] = []
    files: list[_File] = []
    for doc in sorted(docs, key=lambda d: (d.path, d.sha256)):
        checked, problems = _check_file(doc, ctx, gathered)
        diagnostics.extend(problems)
        if checked is not None:
            files.append(checked)
    diagnostics.extend(_same_judge(files))

    changed: dict[str, Candidate] = {}
    for cid, g in gathered.items():
        if cid not in by_id:  # pragma: no cover - only known candidates gather
            continue
        c = by_id[cid]
        changed[cid] = replace(
            c,
            marks=tuple(sorted(g.marks, key=lambda m: (m.judge, m.item, m.stage or ""))),
            recusals=tuple(
                sorted(set(g.recusals), key=lambda r: (r.judge, r.stage or "", r.kind, r.reason))
            ),
            conflicts=tuple(
                sorted(set(g.conflicts), key=lambda x: (x.judge, x.grounds, x.waived or ""))
            ),
            comments=tuple(sorted(set(g.comments), key=lambda x: (x.judge, x.stage or "", x.text))),
            judges=tuple(g.judges[k] for k in sorted(g.judges)),
            panel_sources=c.panel_sources
            + tuple(sorted(g.sources - set(c.panel_sources), key=lambda s: (s.path, s.sha256))),
        )
    return merged(candidates, changed, by_id.rows), diagnostics


__all__ = [
    "ENTRY_KEYS",
    "JUDGE_FILE_KEYS",
    "JUDGE_KEYS",
    "detect",
    "is_judge_file",
    "CandidateIndex",
    "merged",
    "names_candidate",
    "province_key",
    "validate_judges",
]
