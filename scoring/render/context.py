"""Template contexts: everything a document shows, as plain strings and numbers.

Pure functions (no files, no WeasyPrint): the scorecard and ranked-list
templates only place what these return, so what a reader sees (every
number formatted for the locale, every missing value marked) is tested
here without rendering a PDF, the way mkdocs tests `get_context()`.

They format the per-candidate view of `rows.py`, the one every output
reads: which evidence and which regulations back a value was decided by
the validator, and is only written out here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ... import __version__
from ..audit import audit_hash, audit_keywords
from ..errors import ParitranaError
from ..fields import FIELDS
from ..model import (
    CandidateTable,
    CategoryResult,
    Criteria,
    Evidence,
    Indicator,
    Lang,
    Ranking,
    Regulation,
)
from . import i18n
from .fmt import Formatter
from .limits import LIST_MAX, NAME_MAX, PANEL_MAX, TEXT_MAX, cap_items, cut_text, more_text
from .rows import (
    CandidateRow,
    PanelRow,
    RecusalRow,
    StageView,
    candidate_row,
    candidate_rows,
    input_fields,
    stage_view,
)
from .wording import (
    aggregation_text,
    cutoff_text,
    describe_rule,
    grounds_text,
    judge_note_text,
    recusal_kind,
    stage_text,
    tie_text,
)

# Bar chart geometry, in SVG user units (1 unit = 1 CSS px at 100% width).
CHART_WIDTH = 640
CHART_LABEL_W = 190
CHART_VALUE_W = 110
CHART_ROW_H = 22
CHART_BAR_H = 12
CHART_TOP = 6
CHART_LABEL_CHARS = 32


def _f(x: Any) -> float:
    return float(x)


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _evidence_text(ev: Evidence, t: dict[str, str], lang: Lang) -> str:
    doc = cut_text(ev.document, NAME_MAX, lang)
    return f"{doc} {t['page_abbr']} {cut_text(ev.page, NAME_MAX, lang)}" if ev.page else doc


def evidence_texts(evidence: Sequence[Evidence], lang: Lang) -> list[str]:
    """An indicator's evidence references (from the view, already distinct)
    as a reader sees them, at most LIST_MAX (then "... and N more")."""
    t = i18n.labels(lang)
    shown, more = cap_items(evidence, LIST_MAX)
    texts = list(dict.fromkeys(_evidence_text(ev, t, lang) for ev in shown))
    return texts + ([more_text(more, lang)] if more else [])


def _field_value(name: str, value: Any, fmt: Formatter) -> str:
    f = FIELDS.get(name)
    return fmt.value(value, f.unit if f else "")


def _raw_text(ind: Indicator, raw: Any, fmt: Formatter, lang: Lang) -> str:
    """The candidate's value(s) as given, each with its field's label."""
    kind = ind.input.kind
    if kind == "panel":
        if not raw:
            return fmt.value(None)
        t = i18n.labels(lang)
        shown, more = cap_items(raw, PANEL_MAX)
        text = ", ".join(fmt.number(s, 2) for s in shown)
        return f"{t['panel_scores']}: {text}" + (f" {more_text(more, lang)}" if more else "")
    if kind == "field":
        return _field_value(ind.input.fields[0], raw, fmt)
    parts = []
    for name, value in zip(input_fields(ind), raw or (), strict=False):
        if value is None and name == ind.input.fallback:
            continue
        f = FIELDS.get(name)
        label = f.label.get(lang) if f else name
        parts.append(f"{label}: {_field_value(name, value, fmt)}")
    return "; ".join(parts) if parts else fmt.value(None)


def derived_text(ind: Indicator, raw: Any, derived: float | str | None, fmt: Formatter) -> str:
    """The derived value for a reader: None or NaN missing, a level or
    yes/no as its word (`derived` as rows.py gives it)."""
    if _nan(derived):
        return fmt.value(None)
    if ind.input.kind == "field" and isinstance(raw, (str, bool)):
        return fmt.value(raw)  # a level or yes/no: the word, not its code
    if ind.input.kind == "panel" and not isinstance(derived, str):
        return fmt.number(derived, 2)
    return fmt.value(derived, ind.unit)


def regulation_names(regulations: Sequence[Regulation], lang: Lang) -> list[str]:
    """The regulations that gave an indicator's value (`Qanun 5/2019`), as
    the view lists them, at most LIST_MAX (then "... and N more")."""
    shown, more = cap_items(regulations, LIST_MAX)
    names = []
    for r in shown:
        num = "/".join(str(x) for x in (r.number, r.year) if x)
        names.append(cut_text(f"{r.type.capitalize()} {num}".strip(), NAME_MAX, lang))
    return names + ([more_text(more, lang)] if more else [])


def _truncate(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def pillar_chart(pillars: Sequence[dict[str, Any]], t: dict[str, str]) -> dict[str, Any]:
    """Geometry of the horizontal bar chart: points against each pillar's maximum.

    Bars share one scale (the largest pillar weight), so their lengths
    compare in points. The outlined bar is the pillar's weight; the dark
    bar the points; a hatched end the weight that is still pending.
    """
    scale_max = max((p["weight"] for p in pillars), default=0.0) or 1.0
    bar_w = CHART_WIDTH - CHART_LABEL_W - CHART_VALUE_W
    rows = []
    for i, p in enumerate(pillars):
        y = CHART_TOP + i * CHART_ROW_H
        w_max = bar_w * p["weight"] / scale_max
        w_avail = bar_w * min(p["max_points"], p["weight"]) / scale_max
        w_points = bar_w * min(max(p["points"], 0.0), p["weight"]) / scale_max
        rows.append(
            {
                "label": _truncate(p["label"], CHART_LABEL_CHARS),
                "text_y": round(y + CHART_BAR_H - 2, 2),
                "bar_y": y,
                "bar_x": CHART_LABEL_W,
                "w_max": round(w_max, 2),
                "w_points": round(w_points, 2),
                "pending_x": round(CHART_LABEL_W + w_avail, 2),
                "w_pending": round(max(w_max - w_avail, 0.0), 2),
                "value_x": CHART_LABEL_W + bar_w + 8,
                "value": (
                    f"{p['points_text']} / {p['max_text']}"
                    if p["max_points"] > 0 or p["weight"] == 0
                    else t["pending_count"]
                ),
            }
        )
    legend_y = CHART_TOP + len(pillars) * CHART_ROW_H + 6
    return {
        "width": CHART_WIDTH,
        "height": legend_y + CHART_BAR_H + 4,
        "bar_h": CHART_BAR_H,
        "rows": rows,
        "legend_y": legend_y,
        "legend_text_y": legend_y + CHART_BAR_H - 2,
        "legend_x": CHART_LABEL_W,
        "title": t["chart_title"],
    }


def _status_parts(
    ind: Indicator, status: str, weight: float, t: dict[str, str]
) -> tuple[str, str, str]:
    """(status key, tag, policy sentence) for an indicator of one candidate."""
    if status == "pending":
        return "pending", t["status_pending"], t["pending_policy"]
    if status == "missing":
        if ind.missing == "reweight":
            policy = t["policy_reweight_all"] if weight > 0 else t["policy_reweight"]
        else:
            policy = t["policy_zero"]
        return "missing", t["status_missing"], policy
    return "ok", "", ""


def _common(
    ranking: Ranking,
    lang: Lang,
    generated: date,
    fmt: Formatter,
    results: Sequence[CategoryResult],
) -> dict[str, Any]:
    """Header and footer facts; the audit hash covers `results`' categories."""
    criteria = ranking.criteria
    t = i18n.labels(lang)
    # The candidates as columns: a category of a 725,356-row table is
    # hashed from its sources, without a Candidate per row.
    pools = [r.ranked_from for r in results]
    candidates = (
        CandidateTable.concat(pools)  # type: ignore[arg-type]
        if all(isinstance(p, CandidateTable) for p in pools)
        else [c for p in pools for c in p]
    )
    categories = [r.category.id for r in results]
    digest = audit_hash(criteria, candidates)
    return document_facts(
        criteria, lang, t, generated, fmt, digest, audit_keywords(digest, categories)
    )


def document_facts(
    criteria: Criteria,
    lang: Lang,
    t: Mapping[str, str],
    generated: date,
    fmt: Formatter,
    digest: str,
    keyword: str,
) -> dict[str, Any]:
    """What every printed document's header and footer show: the award,
    the criteria's status, the generation date and the audit hash (with
    the PDF metadata `keyword` that carries it). `t`: the document's words
    (they name the status)."""
    return {
        "lang": lang,
        "t": t,
        "award": cut_text(criteria.title.get(lang), TEXT_MAX, lang),
        "edition": criteria.edition,
        "status": criteria.status,
        "status_text": t["status_official" if criteria.status == "official" else "status_proposal"],
        "generated": generated.isoformat(),
        "generated_text": fmt.date(generated),
        "audit_hash": digest,
        "audit_keyword": keyword,
        "version": __version__,
    }


def _person(name: str | None, role: str | None, code: str, lang: Lang) -> str:
    """`Dr. Nama Penilai (akademisi)`, or the code for an anonymous score."""
    text = cut_text(name, NAME_MAX, lang) if name else code
    return f"{text} ({cut_text(role, NAME_MAX, lang)})" if role else text


def _descriptors(ind: Indicator, lang: Lang) -> str:
    """A rubric's levels in one line: `1 = ...; 2 = ...`."""
    text = "; ".join(f"{level} = {d.get(lang)}" for level, d in ind.descriptors)
    return cut_text(text, TEXT_MAX, lang)


def _recusal_key(r: RecusalRow) -> tuple[str, str, str]:
    return (r.judge, r.kind, r.reason)


def _recusal_entry(r: RecusalRow, code: str, judge: str, lang: Lang) -> dict[str, Any]:
    return {
        "code": code,
        "judge": judge,
        "kind": recusal_kind(r.kind, lang),
        "reason": cut_text(r.reason, TEXT_MAX, lang),
    }


def panel_context(row: CandidateRow, view: StageView, lang: Lang, fmt: Formatter) -> dict[str, Any]:
    """The judges of a candidate's scorecard: a table with one row per
    rubric item and one column per judge (P1, P2, ...; anonymous scores
    #1, #2, ...), each cell the score as scored (and as used when
    normalised) or the code of a recusal (R1, ...) listed below with its
    reason; per item the aggregation applied, count against quorum,
    spread and flag; the judges' comments, waived conflicts, normalisation
    notes and panel dates."""
    t = i18n.labels(lang)
    items = [(i, i.panel) for i in row.indicators if i.panel is not None]
    codes: dict[str, str] = {}
    for n, j in enumerate(row.judges, 1):
        codes[j.id] = t["judge_code"].format(n=n)
    for _, panel in items:
        for s in panel.scores:
            if s.judge not in codes:  # anonymous (#1), or a judge not in Candidate.judges
                codes[s.judge] = (
                    s.judge if s.name is None else t["judge_code"].format(n=len(codes) + 1)
                )
        for r in panel.recused:
            codes.setdefault(r.judge, t["judge_code"].format(n=len(codes) + 1))
    known = {j.id: j for j in row.judges}
    names: dict[str, tuple[str | None, str | None]] = {j.id: (j.name, j.role) for j in row.judges}
    for _, panel in items:
        for s in panel.scores:
            names.setdefault(s.judge, (s.name, s.role))
        for r in panel.recused:
            names.setdefault(r.judge, (r.name, r.role))

    def who(jid: str) -> str:
        name, role = names.get(jid, (None, None))
        return _person(name, role, codes.get(jid, jid), lang)

    recusals: list[dict[str, Any]] = []
    recusal_code: dict[tuple[str, str, str], str] = {}
    every = list(row.recusals) + [r for _, p in items for r in p.recused]
    for r in every:
        key = _recusal_key(r)
        if key not in recusal_code:
            recusal_code[key] = t["recused_code"].format(n=len(recusal_code) + 1)
            recusals.append(_recusal_entry(r, recusal_code[key], who(r.judge), lang))
    columns = list(codes)
    shown, more = cap_items(columns, PANEL_MAX)

    def cell(panel: PanelRow, jid: str) -> str:
        for s in panel.scores:
            if s.judge == jid:
                text = fmt.number(s.score, 2)
                if s.normalised and abs(s.used - s.score) > 5e-7:
                    text += f" ({fmt.number(s.used, 2)})"
                return text
        for r in panel.recused:
            if r.judge == jid:
                return recusal_code[_recusal_key(r)]
        return t["no_judge_scores"]

    rows = []
    for irow, panel in items:
        ind = irow.indicator
        rows.append(
            {
                "id": ind.id,
                "label": cut_text(ind.label.get(lang), TEXT_MAX, lang),
                "descriptors": _descriptors(ind, lang),
                "cells": [cell(panel, jid) for jid in shown],
                "value_text": fmt.points(panel.value),
                "aggregation_text": cut_text(
                    aggregation_text(panel, lang, fmt.number), TEXT_MAX, lang
                ),
                "flagged": panel.flagged,
                "pending": panel.value is None,
            }
        )
    notes = []
    if view.normalise == "zscore":
        notes.append(t["normalise_note"])
        mine = set(columns)
        notes += [
            cut_text(judge_note_text(n, lang), TEXT_MAX, lang)
            for n in view.judge_notes
            if n.judge in mine
        ]
    comments, comments_more = cap_items(row.comments, LIST_MAX)
    conflicts, conflicts_more = cap_items(row.conflicts, LIST_MAX)
    legend = [{"code": codes[jid], "who": who(jid)} for jid in shown if jid in known]
    return {
        "show": bool(rows) and (bool(columns) or bool(recusals)),
        "columns": [codes[jid] for jid in shown],
        "columns_more": more_text(more, lang),
        "legend": legend,
        "rows": rows,
        "recusals": recusals,
        "notes": notes,
        "comments": [
            {
                "who": who(m.judge),
                "code": codes.get(m.judge, ""),
                "text": cut_text(m.text, TEXT_MAX, lang),
            }
            for m in comments
        ],
        "comments_more": more_text(comments_more, lang),
        "conflicts": [
            {
                "who": who(w.judge),
                "code": codes.get(w.judge, ""),
                "grounds": grounds_text(w.grounds, lang),
                "reason": cut_text(w.waived, TEXT_MAX, lang),
            }
            for w in conflicts
        ],
        "conflicts_more": more_text(conflicts_more, lang),
        "dates_text": ", ".join(fmt.date(d) for d in row.panel_dates),
        "signatures": [
            {
                "name": cut_text(j.name, NAME_MAX, lang),
                "role": cut_text(j.role or "", NAME_MAX, lang),
            }
            for j in cap_items(row.judges, PANEL_MAX)[0]
        ],
        "signatures_more": more_text(max(len(row.judges) - PANEL_MAX, 0), lang),
    }


def stage_context(view: StageView, lang: Lang, fmt: Formatter) -> dict[str, Any]:
    """The stage, its cut-off and tie note, as printed on both documents."""
    c = view.cutoff
    return {
        "text": cut_text(stage_text(view, lang, fmt.points), TEXT_MAX * 2, lang),
        "label": cut_text(view.stage.label.get(lang), TEXT_MAX, lang) if view.stage else "",
        "cutoff_text": cut_text(cutoff_text(view, lang, fmt.points), TEXT_MAX * 2, lang),
        "tie_text": tie_text(view, lang),
        "override": bool(c and c.override),
        "passed": c.passed if c is not None else 0,
    }


def scorecard_context(
    ranking: Ranking,
    category_result: CategoryResult,
    index: int,
    lang: Lang,
    generated: date,
) -> dict[str, Any]:
    """Everything the scorecard of candidate `index` (ranked order) shows."""
    fmt = Formatter(lang)
    ctx = _common(ranking, lang, generated, fmt, [category_result])
    t = ctx["t"]
    res = category_result
    row = candidate_row(res, index)
    cand = row.candidate

    pillars = []
    for prow in row.pillars:
        rows = []
        for irow in (i for i in row.indicators if i.pillar.id == prow.pillar.id):
            ind = irow.indicator
            key, tag, policy = _status_parts(ind, irow.status, irow.weight, t)
            if key == "missing" and ind.missing == "zero":
                score_text = fmt.score(0.0)
            else:
                score_text = fmt.score(irow.score)
            nominal = _f(ind.weight)
            reg = regulation_names(irow.regulations, lang) if key == "ok" else []
            rows.append(
                {
                    "id": ind.id,
                    "label": cut_text(ind.label.get(lang), TEXT_MAX, lang),
                    "raw_text": cut_text(_raw_text(ind, irow.raw, fmt, lang), TEXT_MAX, lang),
                    "regulations": reg,
                    "evidence": evidence_texts(irow.evidence, lang),
                    "derived_text": derived_text(ind, irow.raw, irow.derived, fmt),
                    "rule_text": cut_text(
                        describe_rule(ind.rule, ind.unit, lang, fmt=fmt.number),
                        TEXT_MAX,
                        lang,
                    ),
                    "score_text": score_text,
                    "weight_text": fmt.weight(irow.weight),
                    "nominal_weight_text": (
                        fmt.weight(nominal) if abs(irow.weight - nominal) > 1e-9 else ""
                    ),
                    "points_text": fmt.points(irow.points),
                    "status": key,
                    "status_tag": tag,
                    "policy_text": policy,
                }
            )
        weight = _f(prow.pillar.weight)
        pillars.append(
            {
                "id": prow.pillar.id,
                "label": cut_text(prow.pillar.label.get(lang), TEXT_MAX, lang),
                "weight": weight,
                "weight_text": fmt.weight(weight),
                "points": prow.points,
                "points_text": fmt.points(prow.points),
                "max_points": prow.max_points,
                "max_text": fmt.points(prow.max_points),
                "indicators": rows,
            }
        )

    view = stage_view(res)
    n = view.complete
    rank = row.rank
    pending = row.pending_count
    if not row.complete:
        stage_status = t["incomplete_status"]
    elif view.shortlist is not None or view.cutoff is not None:
        stage_status = t["shortlisted" if row.shortlisted else "not_shortlisted"]
    else:
        stage_status = ""
    name = cut_text(cand.name, NAME_MAX, lang)
    notes, notes_more = cap_items(cand.notes, LIST_MAX)
    reports, reports_more = cap_items(cand.reports, LIST_MAX)
    panel, panel_more = cap_items(cand.panel, PANEL_MAX)
    ctx.update(
        {
            "doc_title": f"{t['scorecard_title']}: {name}",
            "category": cut_text(res.category.label.get(lang), TEXT_MAX, lang),
            "category_id": res.category.id,
            "candidate": {
                "id": cut_text(cand.id, NAME_MAX, lang),
                "name": name,
                "province": cut_text(cand.province or "", NAME_MAX, lang),
                "zone": cut_text(cand.zone or "", NAME_MAX, lang),
                "period": cand.period,
                "synthetic": cand.synthetic,
                "notes": [cut_text(n, TEXT_MAX, lang) for n in notes],
                "notes_more": more_text(notes_more, lang),
                "reports": [
                    {
                        "id": cut_text(r.id, NAME_MAX, lang),
                        "title": cut_text(r.title, TEXT_MAX, lang),
                        "publisher": cut_text(r.publisher or "", NAME_MAX, lang),
                        "date": fmt.date(r.date) if r.date else "",
                        "url": cut_text(r.url or "", TEXT_MAX, lang),
                    }
                    for r in reports
                ],
                "reports_more": more_text(reports_more, lang),
                "panel": [cut_text(p, NAME_MAX, lang) for p in panel],
                "panel_more": more_text(panel_more, lang),
            },
            "pillars": pillars,
            "total_text": fmt.points(row.total),
            "max_total_text": fmt.points(row.max_total),
            "pending": pending > 0,
            "basis_pending": row.basis_pending > 0,
            # the stage basis's maximum now: "100" for a full 100, else as points
            "of_max_text": (
                "100" if abs(row.max_total - 100.0) < 1e-9 else fmt.points(row.max_total)
            ),
            "pending_count": pending,
            "missing_count": row.missing_count,
            "rank": rank,
            "rank_text": (
                f"{rank} {t['rank_of']} {n}"
                if rank is not None and (n > 1 or view.incomplete)
                else ""
            ),
            "count": n,
            "complete": row.complete,
            "shortlisted": row.shortlisted,
            "stage": stage_context(view, lang, fmt) | {"status": stage_status},
            "judges": panel_context(row, view, lang, fmt),
            "chart": pillar_chart(pillars, t),
        }
    )
    return ctx


def tie_break_text(category_result: CategoryResult, lang: Lang) -> str:
    """The category's tie-break rule in words."""
    t = i18n.labels(lang)
    labels = {p.id: p.label.get(lang) for p in category_result.category.pillars}
    names = [labels.get(pid, pid) for pid in category_result.category.tie_break]
    if not names:
        return t["tie_break_none"]
    joined = f", {t['then']} ".join(names)
    return t["tie_break_text"].format(pillars=joined)


def ranklist_context(
    ranking: Ranking,
    lang: Lang,
    categories: Sequence[str] | None,
    generated: date,
) -> dict[str, Any]:
    """The ranked list of the named categories (all when None), in criteria order."""
    fmt = Formatter(lang)
    wanted = None if categories is None else set(categories)
    chosen = [r for r in ranking.results if wanted is None or r.category.id in wanted]
    ctx = _common(ranking, lang, generated, fmt, chosen)
    t = ctx["t"]
    sections = []
    for res in chosen:
        view = stage_view(res)
        shortlist = view.shortlist
        crows = candidate_rows(res)
        shown_pillars = view.shown
        at = {p.pillar.id: n for n, p in enumerate(res.pillars)}
        cut_after = (
            view.cutoff.passed - 1 if view.cutoff is not None and view.cutoff.passed > 0 else -1
        )
        rows = []
        for k, crow in enumerate(crows):
            cand, rank = crow.candidate, crow.rank
            missing = crow.missing_count
            flags = [] if crow.complete else [t["incomplete"]]
            if missing:
                flags.append(t["flag_missing"].format(n=missing))
            if crow.basis_pending:  # pending outside the stage's basis is not its business
                flags.append(t["flag_pending"])
            if cand.synthetic:
                flags.append(t["flag_synthetic"])
            rows.append(
                {
                    "rank": rank,
                    "rank_text": "\u2013" if rank is None else str(rank),
                    "name": cut_text(cand.name, NAME_MAX, lang),
                    "id": cut_text(cand.id, NAME_MAX, lang),
                    "province": cut_text(cand.province or "", NAME_MAX, lang),
                    "total_text": fmt.points(crow.total),
                    "max_total_text": (
                        fmt.points(crow.max_total)
                        if abs(crow.max_total - view.max_basis) > 1e-9 or not crow.complete
                        else ""
                    ),
                    "pillars": [fmt.points(crow.pillars[at[p.id]].points) for p in shown_pillars],
                    "flags": " ".join(flags),
                    "shortlisted": crow.shortlisted,
                    "complete": crow.complete,
                    "first_incomplete": not crow.complete and (k == 0 or crows[k - 1].complete),
                    "cutoff_after": k == cut_after,
                    "synthetic": cand.synthetic,
                }
            )
        stage = stage_context(view, lang, fmt)
        sections.append(
            {
                "id": res.category.id,
                "label": cut_text(res.category.label.get(lang), TEXT_MAX, lang),
                "pillars": [
                    {
                        "label": cut_text(p.label.get(lang), TEXT_MAX, lang),
                        "max_text": fmt.weight(_f(p.weight)),
                    }
                    for p in shown_pillars
                ],
                "rows": rows,
                "count": len(rows),
                "count_text": t[
                    i18n.plural(len(rows), "candidates_count_one", "candidates_count", lang)
                ],
                # rank, name, province, total and flags take 58%; pillars share the rest
                "pillar_width": round(42 / max(len(shown_pillars), 1), 2),
                "shortlist": shortlist,
                "shortlist_text": (t["shortlist_note"].format(n=shortlist) if shortlist else ""),
                "stage": stage,
                "incomplete_text": (
                    t["incomplete_note"].format(n=view.incomplete) if view.incomplete else ""
                ),
                "columns": 5 + len(shown_pillars),
                "tie_break": tie_break_text(res, lang),
                "any_synthetic": any(r["synthetic"] for r in rows),
            }
        )
    if wanted is not None:
        unknown = wanted - {s["id"] for s in sections}
        if unknown:
            from ..messages import _

            raise ParitranaError(
                _("no scored candidates in category: {ids}").format(ids=", ".join(sorted(unknown)))
            )
    ctx.update({"doc_title": f"{t['ranklist_title']}: {ctx['award']}", "sections": sections})
    return ctx
