"""Panel files -> interview scores merged into the candidates (docs/formats.md,
"Panel scores"); judge files (a top-level `judge:` key) are checked and
merged by judges.py (docs/formats.md, "Judge files").

Judges score the interview in a file of their own, so they never edit a
candidate's self-assessment. A panel file is checked against the criteria
(only rubric indicators of the candidate's category, within the rubric's
scale) and against the candidates read (a typo in an id must not leave an
interview silently pending). The same candidate and indicator scored in two
places (two panel files, or a panel file and the candidate's own
`panel_scores`) is an error naming both: no rule could say which one wins.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

from ..errors import Diagnostic
from ..load.safeyaml import Document, KeyPath, shown
from ..messages import _
from ..model import Candidate, CandidateTable, Criteria, SourceFile
from ._common import (
    MAX_ASSESSORS,
    MAX_TEXT,
    Checker,
    rubric_rule,
    rubric_rules,
    rubric_scores,
    suggest,
    title_items,
)
from .judges import CandidateIndex, is_judge_file, merged, validate_judges

PANEL_KEYS = ("date", "assessors", "scores")


def _place(doc: Document, *keypath: Any) -> str:
    """'path:line:column' of a mapping key, for messages naming another place."""
    line, column = doc.key_where(*keypath)
    return f"{doc.path}:{line}:{column}"


def _assessors(ck: Checker, data: dict[str, Any]) -> tuple[str, ...] | None:
    """The assessors' names, in score order; None when not given (or broken)."""
    value = data.get("assessors")
    if value is None:
        return None
    if isinstance(value, str):
        one = ck.string(("assessors",), value, _("assessor name"), limit=MAX_TEXT)
        return (one,) if one is not None else None
    items = ck.sequence(("assessors",), value, "assessors", limit=MAX_ASSESSORS)
    if items is None:
        return None
    if not items:
        ck.error(("assessors",), _("assessors is empty; name each assessor or leave it out"))
        return None
    names = [ck.string(("assessors", i), v, _("assessor name")) for i, v in enumerate(items)]
    if any(n is None for n in names) or not title_items(ck, ("assessors",), items):
        return None
    return tuple(n for n in names if n is not None)


def validate_panel(
    docs: Sequence[Document],
    criteria: Criteria,
    candidates: CandidateTable | Sequence[Candidate],
    *,
    candidate_docs: Sequence[Document] = (),
    skip_ids: Collection[str] = (),
    skip_unknown: bool = False,
) -> tuple[list[Candidate] | CandidateTable, list[Diagnostic]]:
    """Check every panel document and merge its scores into the candidates.

    A CandidateTable stays one: only the candidates a panel or judge file
    names are built as Candidate objects, and put back into the table.

    Judge files (validate.judges) fill `marks`, `recusals`, `conflicts`,
    `comments`, `judges` and `panel_sources`; the other panel files fill
    `panel_scores` as below. Returns the candidates (same order) with `panel_scores`, `panel` (the
    assessors, when the candidate file names none) and `panel_sources`
    filled, and every problem found.

    `candidate_docs` lets a clash with a candidate's own `panel_scores` name
    its line. `skip_ids` are ids of candidate files that failed validation:
    their entries are skipped quietly (their own errors are reported).
    `skip_unknown` skips entries of candidates not read at all (`score`
    scores a few files on their own, while the panel covers everyone).
    """
    judge_docs = [d for d in docs if is_judge_file(d)]
    docs = [d for d in docs if not is_judge_file(d)]
    by_id = CandidateIndex(candidates)
    own_docs = {d.path: d for d in candidate_docs}
    diagnostics: list[Diagnostic] = []
    merged_scores: dict[str, dict[str, tuple[float, ...]]] = {}
    names: dict[str, list[str]] = {}
    sources: dict[str, list[SourceFile]] = {}
    first_place: dict[tuple[str, str], str] = {}

    for doc in docs:
        ck = Checker(doc)
        data = doc.data
        ck.keys((), data, PANEL_KEYS, ("scores",), where=_(" in a panel file"))
        if data.get("date") is not None:
            ck.day(("date",), data["date"])
        assessors = _assessors(ck, data)
        table = data.get("scores")
        entries = (
            ck.mapping(("scores",), table, _("scores (candidate id: {indicator: [scores]})"))
            if table is not None
            else {}
        )
        if "scores" in data and entries == {}:
            ck.warn(("scores",), _("scores is empty: this panel file scores no candidate"))
        entries = entries or {}
        source = SourceFile(doc.path, doc.sha256)
        for cid, per_indicator in entries.items():
            if cid in skip_ids:
                continue
            candidate = by_id.get(cid)
            if candidate is None:
                if not skip_unknown:
                    ck.key_error(
                        ("scores", cid),
                        _(
                            "unknown candidate '{cid}'{suggest}: no candidate file read has this id"
                        ).format(cid=shown(cid[:60]), suggest=suggest(cid, by_id.near(cid))),
                    )
                continue
            path: KeyPath = ("scores", cid)
            m = ck.mapping(
                path, per_indicator, _("scores of '{cid}' (indicator: [scores])").format(cid=cid)
            )
            if m is None:
                continue
            category = criteria.category(candidate.category)
            assert category is not None  # validated candidates name a known category
            rubrics = rubric_rules(category)
            for key, raw in m.items():
                where = path + (key,)
                who = _("candidate '{cid}' (category '{category}'): ").format(
                    cid=cid, category=candidate.category
                )
                rule = rubric_rule(ck, where, key, rubrics, who)
                if rule is None:
                    continue
                what = _("'{key}' of '{cid}'").format(key=key, cid=cid)
                here = _place(doc, *where)
                clash = first_place.get((cid, key))
                if clash is None and key in candidate.panel_scores:
                    own = candidate.source.path if candidate.source else cid
                    own_doc = own_docs.get(own)
                    clash = (_place(own_doc, "panel_scores", key) if own_doc else own) + _(
                        " (the candidate's own panel_scores)"
                    )
                if clash is not None:
                    ck.key_error(
                        where,
                        _(
                            "{what} is scored twice: here and in {clash}; keep the scores in one place"
                        ).format(what=what, clash=clash),
                    )
                else:
                    first_place[(cid, key)] = here
                scores = rubric_scores(ck, where, raw, rule, what, assessors)  # checked anyway
                if scores is None or clash is not None:
                    continue
                merged_scores.setdefault(cid, {})[key] = scores
                if source not in sources.setdefault(cid, []):
                    sources[cid].append(source)
                for name in assessors or ():
                    if name not in names.setdefault(cid, []):
                        names[cid].append(name)
        diagnostics.extend(ck.diagnostics)

    changed = {
        cid: replace(
            by_id[cid],
            panel_scores={**by_id[cid].panel_scores, **scores},
            panel=by_id[cid].panel or tuple(names.get(cid, ())),
            panel_sources=by_id[cid].panel_sources + tuple(sources[cid]),
        )
        for cid, scores in merged_scores.items()
    }
    result: list[Candidate] | CandidateTable = merged(candidates, changed, by_id.rows)
    if judge_docs:
        result, more = validate_judges(
            judge_docs,
            criteria,
            result,
            candidate_docs=candidate_docs,
            skip_ids=skip_ids,
            skip_unknown=skip_unknown,
            index=by_id.updated(result, changed),
        )
        diagnostics.extend(more)
    return result, diagnostics


__all__ = ["PANEL_KEYS", "validate_panel"]
