"""The improve report as a PDF: what is missing and what it is worth, to
take to the interview (`paritrana improve FILE --pdf OUT.pdf`).

It reads only models and results: the improve computation's `Assessment`
(scoring/improve/model.py: per indicator the points earned and still
available, the keys and the steps, each rescored by the engine, the
pending range and the --set values) and the candidate's scored row
(rows.py, the view every output reads) for the values as shown
everywhere else. The comparison with the others (`--against`) is
PEERS's `PeerComparison`, worded as the terminal words it
(advice_peers' lines).

`improve_context` is a pure function (tested without rendering, like
context.py); templates/improve.html.j2 only places it, in the scorecard's
design (base.html.j2, paritrana.css; its own rules are `.improve-*`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..audit import audit_hash, audit_keywords
from ..fields import FIELDS
from ..model import Candidate, Criteria, Lang
from ..output import check_not_input, write_atomic
from . import i18n_improve
from .advice import change_text, step_text
from .advice_peers import (
    left_out_text,
    plan_result,
    plan_state,
    rank_text,
    shortlist_text,
    target_label,
    word,
)
from .context import derived_text, document_facts
from .dates import generation_date
from .fmt import Formatter
from .limits import NAME_MAX, TEXT_MAX, cut_text
from .rows import IndicatorRow, candidate_row
from .templating import render_html
from .weasy import html_to_pdf

if TYPE_CHECKING:  # the model only: importing it would load the engine (NumPy)
    from ..improve.model import Assessment, IndicatorAdvice
    from ..improve.peers_model import PeerComparison

EPS = 1e-9


# --------------------------------------------------------------------------
# An indicator's row
# --------------------------------------------------------------------------


def _field_value(name: str, value: object, fmt: Formatter) -> str:
    f = FIELDS.get(name)
    if isinstance(value, (list, tuple)):
        return ", ".join(_field_value(name, v, fmt) for v in value)
    return fmt.value(value, f.unit if f else "")


def _no_step_text(advice: IndicatorAdvice, t: Mapping[str, str]) -> str:
    if advice.status == "pending":
        return t["pending_step"]
    if advice.available <= EPS:
        return t["full_already"]
    reason = {
        "judges": t["no_step_judges"],
        "bound": t["no_step_bound"],
        "needs-values": t["no_step_needs_values"],
        "zero-denominator": t["no_step_zero_denominator"],
    }
    return reason.get(advice.no_step, t["no_step"])


def _keys_text(advice: IndicatorAdvice) -> str:
    if advice.indicator.input.kind == "panel":
        return f"panel: {advice.indicator.id}"
    return ", ".join(k.written for k in advice.keys)


def _indicator(
    advice: IndicatorAdvice,
    irow: IndicatorRow,
    simulated: frozenset[str],
    t: Mapping[str, str],
    fmt: Formatter,
    lang: Lang,
) -> dict[str, Any]:
    ind = advice.indicator
    pending = advice.status == "pending"
    missing = advice.status == "missing"
    full = not pending and advice.available <= EPS
    nexts = [s for s in advice.steps if s.kind != "full"]
    fulls = [s for s in advice.steps if s.kind == "full"]
    first = nexts[0] if nexts else (fulls[0] if fulls else None)
    last = fulls[-1] if fulls else None
    # the steps in the terminal's words (advice.py): the same sentence on paper
    next_text = step_text(first, lang, fmt) if first is not None else _no_step_text(advice, t)
    full_text = step_text(last, lang, fmt) if last is not None and last is not first else ""
    if pending and advice.pending_points is not None:
        low, high = advice.pending_points
        next_text = t["pending_points"].format(low=fmt.points(low), high=fmt.points(high))
    tag = ""
    if missing:
        tag = t["status_missing"]
    elif pending:
        tag = t["status_pending"]
    elif full:
        tag = t["status_full"]
    value = fmt.value(None) if pending else derived_text(ind, irow.raw, irow.derived, fmt)
    return {
        "id": ind.id,
        "label": cut_text(ind.label.get(lang), TEXT_MAX, lang),
        "pillar_id": advice.pillar.id,
        "yaml_keys": cut_text(_keys_text(advice), TEXT_MAX, lang),
        "value_text": cut_text(value, TEXT_MAX, lang),
        "earned_text": fmt.value(None) if pending else fmt.points(advice.points),
        "available_text": fmt.points(advice.available),
        "available": 0.0 if pending else advice.available,
        "next_text": cut_text(next_text, TEXT_MAX, lang),
        "full_text": cut_text(full_text, TEXT_MAX, lang),
        "status": advice.status if (missing or pending) else ("full" if full else "ok"),
        "tag": tag,
        "has_step": bool(advice.steps),
        "simulated": bool(simulated & {k.field for k in advice.keys}),
    }


def peers_context(comparison: PeerComparison, lang: Lang, fmt: Formatter) -> dict[str, Any]:
    """The comparison with the others (`--against`) as the report shows it:
    the rank now, per higher rank and for the shortlist the smallest
    change set (the engine's), each line worded by advice_peers, as the
    terminal words it; only the layout is the report's."""
    c = comparison

    def clean(text: str) -> str:
        return cut_text(text, TEXT_MAX, lang)

    def name(text: str) -> str:
        return cut_text(text, NAME_MAX, lang)

    title = word("title", lang).format(
        category=clean(c.category.label.get(lang)), stage=clean(c.stage.label.get(lang))
    )
    notes: list[str] = []
    if c.stage_instead_of:
        notes.append(word("instead", lang).format(stage=c.stage_instead_of))
    ranked = c.peers > 0 and c.rank > 0
    if ranked and c.shortlist:
        notes.append(shortlist_text(c, lang, fmt))
    if ranked and c.rank == 1:
        notes.append(word("first", lang))
    targets = [
        {
            "label": target_label(plan, lang, fmt, name),
            "state": plan_state(plan, lang, fmt),
            "changes": [
                clean(change_text(ch, lang, fmt))
                for ch in (plan.changes if plan.status == "reached" else ())
            ],
            "result": plan_result(plan, c, lang, fmt, clean),
        }
        for plan in c.plans
    ]
    if c.capped:
        notes.append(word("capped", lang).format(n=fmt.count(c.evaluations)))
    if c.targets_left_out:
        notes.append(left_out_text(c, lang, fmt))
    return {
        "title": title,
        "rank_text": rank_text(c, lang, fmt),
        "notes": notes,
        "targets": targets,
        "verified": word("verified", lang),
    }


def improve_context(
    criteria: Criteria,
    assessment: Assessment,
    lang: Lang,
    generated: date,
    *,
    source: str = "",
    peers: PeerComparison | None = None,
    hashed: Sequence[Candidate] | None = None,
) -> dict[str, Any]:
    """Everything the report of `assessment`'s candidate shows. `source`:
    the candidate file as given. `hashed`: the candidates the audit hash
    covers (default: the candidate alone); each is hashed by its file as
    read, so a report with --set values names the file it simulated from."""
    fmt = Formatter(lang)
    t = i18n_improve.labels(lang)
    row = candidate_row(assessment.result, 0)
    cand = row.candidate
    category = assessment.category
    digest = audit_hash(criteria, hashed if hashed is not None else [cand])
    ctx = document_facts(
        criteria, lang, t, generated, fmt, digest, audit_keywords(digest, [category.id])
    )
    simulated = frozenset(c.field for c in assessment.what_if)
    irows = {i.indicator.id: i for i in row.indicators}
    items = [
        _indicator(a, irows[a.indicator.id], simulated, t, fmt, lang) for a in assessment.indicators
    ]  # missing first, then by gain (the assessment's order)
    pillars = []
    for prow in row.pillars:
        mine = [x for x in items if x["pillar_id"] == prow.pillar.id]
        pillars.append(
            {
                "id": prow.pillar.id,
                "label": cut_text(prow.pillar.label.get(lang), TEXT_MAX, lang),
                "weight_text": fmt.weight(float(prow.pillar.weight)),
                "points_text": fmt.points(prow.points),
                "available_text": fmt.points(sum(x["available"] for x in mine)),
                "indicators": mine,
            }
        )
    stage = assessment.stage
    pending = assessment.pending
    pending_labels = [x["label"] for x in items if x["status"] == "pending"]
    name = cut_text(cand.name, NAME_MAX, lang)
    ctx.update(
        {
            "doc_title": f"{t['report_title']}: {name}",
            "category": cut_text(category.label.get(lang), TEXT_MAX, lang),
            "category_id": category.id,
            "candidate": {
                "id": cut_text(cand.id, NAME_MAX, lang),
                "name": name,
                "province": cut_text(cand.province or "", NAME_MAX, lang),
                "period": cand.period,
                "synthetic": cand.synthetic,
                "source": cut_text(source, NAME_MAX, lang),
            },
            "stage_label": cut_text(stage.label.get(lang), TEXT_MAX, lang),
            "stage_total_text": t["stage_total"].format(
                stage=cut_text(stage.label.get(lang), TEXT_MAX, lang),
                total=fmt.points(assessment.stage_total),
                max=fmt.points(assessment.stage_max),
            ),
            "total_text": fmt.points(assessment.total),
            "of_max_text": fmt.points(assessment.max_total),
            "available_text": fmt.points(sum(x["available"] for x in items)),
            "missing_count": row.missing_count,
            "pending": pending is not None,
            "pending_range_text": (
                t["pending_range"].format(
                    low=fmt.points(pending.low),
                    high=fmt.points(pending.high),
                    max=fmt.points(pending.max_total),
                )
                if pending is not None
                else ""
            ),
            "pending_note_text": (
                t["pending_range_note"].format(items=", ".join(pending_labels))
                if pending is not None
                else ""
            ),
            "priorities": [x for x in items if x["has_step"]][:5],
            "pillars": pillars,
            "whatif": [
                {
                    "field": cut_text(c.key.written, NAME_MAX, lang),
                    "submitted": cut_text(_field_value(c.field, c.before, fmt), TEXT_MAX, lang),
                    "value": cut_text(_field_value(c.field, c.after, fmt), TEXT_MAX, lang),
                }
                for c in assessment.what_if
            ],
            "peers": peers_context(peers, lang, fmt) if peers is not None else None,
        }
    )
    return ctx


def improve_html(
    criteria: Criteria,
    assessment: Assessment,
    lang: Lang,
    generated: date,
    *,
    source: str = "",
    peers: PeerComparison | None = None,
    hashed: Sequence[Candidate] | None = None,
) -> str:
    ctx = improve_context(
        criteria, assessment, lang, generated, source=source, peers=peers, hashed=hashed
    )
    return render_html("improve.html.j2", ctx)


def render_improve(
    criteria: Criteria,
    assessment: Assessment,
    lang: Lang = "id",
    generated: date | None = None,
    *,
    source: str = "",
    peers: PeerComparison | None = None,
    hashed: Sequence[Candidate] | None = None,
    fetcher: Any = None,
) -> bytes:
    """The report's PDF bytes (same inputs and date: the same bytes)."""
    generated = generated or generation_date()
    html = improve_html(
        criteria, assessment, lang, generated, source=source, peers=peers, hashed=hashed
    )
    return html_to_pdf(html, fetcher)


def write_improve(
    path: Path,
    criteria: Criteria,
    assessment: Assessment,
    *,
    inputs: Sequence[Path],
    lang: Lang = "id",
    generated: date | None = None,
    source: str = "",
    peers: PeerComparison | None = None,
    hashed: Sequence[Candidate] | None = None,
) -> Path:
    """Render the report and write it atomically; never over an input."""
    check_not_input(Path(path), inputs)  # before spending the render
    data = render_improve(
        criteria, assessment, lang, generated, source=source, peers=peers, hashed=hashed
    )
    write_atomic(Path(path), data, inputs=inputs)
    return Path(path)
