"""The improve report as a PDF: what is missing and what it is worth, to
take to the interview (`paritrana improve FILE --pdf OUT.pdf`).

It reads only models and results: the candidate's scored row (rows.py, the
view every output reads) and what the improve computation found, handed
in as the plain records below (`Advice` per indicator, `WhatIf` per value
set with --set, `Peers` for --against), built by scoring/pipeline.py. The
words of a step ("daftarkan 10 desa lagi: +0,76 poin") come worded from
there, so the terminal and the PDF say the same thing.

`improve_context` is a pure function (tested without rendering, like
context.py); templates/improve.html.j2 only places it, in the scorecard's
design (base.html.j2, paritrana.css; its own rules are `.improve-*`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..audit import audit_hash, audit_keywords
from ..model import Candidate, CategoryResult, Criteria, Lang
from ..output import check_not_input, write_atomic
from . import i18n_improve
from .context import derived_text, document_facts, stage_context
from .dates import generation_date
from .fmt import Formatter
from .limits import NAME_MAX, TEXT_MAX, cut_text
from .rows import CandidateRow, IndicatorRow, candidate_row, input_fields, stage_view
from .templating import render_html
from .weasy import html_to_pdf

EPS = 1e-9


@dataclass(frozen=True)
class Advice:
    """What one indicator still offers, as the improve computation found it
    (rescored by the engine). Texts are already in the report's language;
    "" when there is no such step."""

    indicator: str  # Indicator.id
    available: float  # points still available (full points - points now)
    next_text: str = ""  # the raw value that earns the next step, in words
    next_gain: float | None = None  # points the next step adds
    full_text: str = ""  # the raw value that earns full points, in words
    full_gain: float | None = None


@dataclass(frozen=True)
class WhatIf:
    """A value set with --set: as submitted (None: missing) and as assumed."""

    field: str  # the YAML key
    submitted: object
    value: object


@dataclass(frozen=True)
class Target:
    """A rank above the candidate's, or the shortlist, and the smallest set
    of changes that reaches it (worded, rescored)."""

    kind: str  # "rank" | "shortlist"
    rank: int  # the rank aimed at (for the shortlist: its size)
    reached: bool = False
    changes: tuple[str, ...] | None = ()  # None: unreachable within the values' bounds


@dataclass(frozen=True)
class Peers:
    """The candidate among the others (`--against`)."""

    rank: int | None  # None: not ranked (incomplete)
    count: int  # candidates ranked
    source: str  # where the peers came from (a folder, as given)
    targets: tuple[Target, ...] = ()
    ties: str = ""  # ties and the tie-break count, in words


@dataclass(frozen=True)
class ImproveReport:
    """Everything the report of one candidate shows besides its scored row."""

    advice: Mapping[str, Advice] = field(default_factory=dict)  # by indicator id
    whatif: tuple[WhatIf, ...] = ()
    peers: Peers | None = None
    source: str = ""  # the candidate file, as given


def _yaml_keys(irow: IndicatorRow) -> str:
    ind = irow.indicator
    if ind.input.kind == "panel":
        return f"panel: {ind.id}"
    return ", ".join(input_fields(ind))


def _value_text(irow: IndicatorRow, fmt: Formatter) -> str:
    if irow.status == "pending":
        return fmt.value(None)
    return derived_text(irow.indicator, irow.raw, irow.derived, fmt)


def _show(value: object, fmt: Formatter) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v, fmt) for v in value)
    return fmt.value(value)


def _indicator(
    irow: IndicatorRow,
    advice: Advice | None,
    simulated: frozenset[str],
    t: Mapping[str, str],
    fmt: Formatter,
    lang: Lang,
) -> dict[str, Any]:
    ind = irow.indicator
    pending = irow.status == "pending"
    missing = irow.status == "missing"
    if advice is not None:
        available = max(advice.available, 0.0)
    elif pending:
        available = float(ind.weight)
    else:
        available = max(irow.weight - irow.points, 0.0)
    full = not pending and available <= EPS

    def step(text: str, gain: float | None) -> str:
        if not text:
            return ""
        shown = cut_text(text, TEXT_MAX, lang)
        if gain is None:
            return shown
        return f"{shown}: {t['gain'].format(points=fmt.points(gain))}"

    if pending:
        next_text, full_text = t["pending_step"], ""
    elif full:
        next_text, full_text = t["full_already"], ""
    elif advice is not None:
        next_text = step(advice.next_text, advice.next_gain)
        full_text = step(advice.full_text, advice.full_gain)
        if full_text == next_text:
            full_text = ""
    else:
        next_text, full_text = "", ""
    gain = 0.0
    if advice is not None and not pending:
        gain = advice.full_gain if advice.full_gain is not None else available
    elif not pending:
        gain = available
    tag = ""
    if missing:
        tag = t["status_missing"]
    elif pending:
        tag = t["status_pending"]
    elif full:
        tag = t["status_full"]
    return {
        "id": ind.id,
        "label": cut_text(ind.label.get(lang), TEXT_MAX, lang),
        "pillar": cut_text(irow.pillar.label.get(lang), TEXT_MAX, lang),
        "pillar_id": irow.pillar.id,
        "yaml_keys": cut_text(_yaml_keys(irow), TEXT_MAX, lang),
        "value_text": cut_text(_value_text(irow, fmt), TEXT_MAX, lang),
        "earned_text": fmt.value(None) if pending else fmt.points(irow.points),
        "available_text": fmt.points(available),
        "weight_text": fmt.weight(irow.weight),
        "next_text": next_text or t["no_step"],
        "full_text": full_text,
        "status": irow.status if (missing or pending) else ("full" if full else "ok"),
        "tag": tag,
        "simulated": bool(simulated & set(input_fields(ind))),
        # sort: missing first, then the points to gain (largest first), pending last
        "_order": (0 if missing else 2 if pending else 1, -gain),
        "_gain": gain,
    }


def _order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda x: x["_order"])  # stable: criteria order on ties


def pending_range(row: CandidateRow) -> tuple[float, float, float, float]:
    """(low, high, of, pending points) of the final total while the panel
    has not scored: every pillar's points now; low adds nothing (every judge
    gives the rubric's lowest score, which scores 0), high adds every
    pending indicator's weight (the highest score). `of` is every pillar's
    weight (100 for the shipped criteria)."""
    now = sum(p.points for p in row.pillars)
    pending = sum(float(i.indicator.weight) for i in row.indicators if i.status == "pending")
    of = float(sum(p.pillar.weight for p in row.pillars))
    return now, now + pending, of, pending


def _peers(peers: Peers, t: Mapping[str, str], fmt: Formatter, lang: Lang) -> dict[str, Any]:
    if peers.rank is None:
        rank_text = t["rank_none"]
    else:
        rank_text = t["rank_now"].format(rank=peers.rank, n=peers.count)
    targets = []
    for target in peers.targets:
        if target.kind == "shortlist":
            label = t["target_shortlist"].format(n=target.rank)
        else:
            label = t["target_rank"].format(rank=target.rank)
        if target.reached:
            changes: list[str] = []
            state = t["reached"]
        elif target.changes is None:
            changes, state = [], t["unreachable"]
        else:
            changes, state = [cut_text(c, TEXT_MAX, lang) for c in target.changes], ""
        targets.append({"label": label, "state": state, "changes": changes})
    return {
        "rank_text": rank_text,
        "from_text": t["peers_from"].format(
            n=fmt.count(peers.count), source=cut_text(peers.source, NAME_MAX, lang)
        ),
        "targets": targets,
        "ties": cut_text(peers.ties, TEXT_MAX * 2, lang),
    }


def improve_context(
    criteria: Criteria,
    result: CategoryResult,
    index: int,
    report: ImproveReport,
    lang: Lang,
    generated: date,
    *,
    hashed: Sequence[Candidate] | None = None,
) -> dict[str, Any]:
    """Everything the report of candidate `index` (ranked order) of
    `result` shows. `hashed`: the candidates the audit hash covers (default:
    those of `result`, the candidate and any peers); the candidate's file
    is hashed as read, so a report with --set values still names the file
    it simulated from."""
    fmt = Formatter(lang)
    t = i18n_improve.labels(lang)
    row = candidate_row(result, index)
    cand = row.candidate
    digest = audit_hash(criteria, list(hashed if hashed is not None else result.candidates))
    ctx = document_facts(
        criteria, lang, t, generated, fmt, digest, audit_keywords(digest, [result.category.id])
    )
    simulated = frozenset(w.field for w in report.whatif)
    items = [
        _indicator(i, report.advice.get(i.indicator.id), simulated, t, fmt, lang)
        for i in row.indicators
    ]
    pillars = []
    for prow in row.pillars:
        mine = [x for x in items if x["pillar_id"] == prow.pillar.id]
        available = sum(float(x["_gain"]) for x in mine if x["status"] != "pending")
        pillars.append(
            {
                "id": prow.pillar.id,
                "label": cut_text(prow.pillar.label.get(lang), TEXT_MAX, lang),
                "weight_text": fmt.weight(float(prow.pillar.weight)),
                "points_text": fmt.points(prow.points),
                "max_text": fmt.points(prow.max_points),
                "available_text": fmt.points(available),
                "indicators": _order(mine),
            }
        )
    actionable = [x for x in _order(items) if x["status"] in ("missing", "ok")]
    low, high, of, pending_points = pending_range(row)
    pending_labels = [x["label"] for x in items if x["status"] == "pending"]
    view = stage_view(result)
    name = cut_text(cand.name, NAME_MAX, lang)
    ctx.update(
        {
            "doc_title": f"{t['report_title']}: {name}",
            "category": cut_text(result.category.label.get(lang), TEXT_MAX, lang),
            "category_id": result.category.id,
            "candidate": {
                "id": cut_text(cand.id, NAME_MAX, lang),
                "name": name,
                "province": cut_text(cand.province or "", NAME_MAX, lang),
                "period": cand.period,
                "synthetic": cand.synthetic,
                "source": cut_text(report.source, NAME_MAX, lang),
            },
            "stage": stage_context(view, lang, fmt),
            "total_text": fmt.points(row.total),
            "of_max_text": "100" if abs(row.max_total - 100.0) < EPS else fmt.points(row.max_total),
            "available_text": fmt.points(sum(float(x["_gain"]) for x in actionable)),
            "missing_count": row.missing_count,
            "pending": bool(pending_labels),
            "pending_range_text": t["pending_range"].format(
                low=fmt.points(low), high=fmt.points(high), max=fmt.points(of)
            ),
            "pending_note_text": t["pending_range_note"].format(
                items=", ".join(pending_labels), points=fmt.points(pending_points)
            ),
            "priorities": actionable[:5],
            "pillars": pillars,
            "whatif": [
                {
                    "field": cut_text(w.field, NAME_MAX, lang),
                    "submitted": cut_text(_show(w.submitted, fmt), TEXT_MAX, lang),
                    "value": cut_text(_show(w.value, fmt), TEXT_MAX, lang),
                }
                for w in report.whatif
            ],
            "peers": _peers(report.peers, t, fmt, lang) if report.peers is not None else None,
            "standin": not report.advice,
        }
    )
    return ctx


def improve_html(
    criteria: Criteria,
    result: CategoryResult,
    index: int,
    report: ImproveReport,
    lang: Lang,
    generated: date,
    *,
    hashed: Sequence[Candidate] | None = None,
) -> str:
    ctx = improve_context(criteria, result, index, report, lang, generated, hashed=hashed)
    return render_html("improve.html.j2", ctx)


def render_improve(
    criteria: Criteria,
    result: CategoryResult,
    index: int,
    report: ImproveReport,
    lang: Lang = "id",
    generated: date | None = None,
    *,
    hashed: Sequence[Candidate] | None = None,
    fetcher: Any = None,
) -> bytes:
    """The report's PDF bytes (same inputs and date: the same bytes)."""
    generated = generated or generation_date()
    html = improve_html(criteria, result, index, report, lang, generated, hashed=hashed)
    return html_to_pdf(html, fetcher)


def write_improve(
    path: Path,
    criteria: Criteria,
    result: CategoryResult,
    index: int,
    report: ImproveReport,
    *,
    inputs: Sequence[Path],
    lang: Lang = "id",
    generated: date | None = None,
    hashed: Sequence[Candidate] | None = None,
) -> Path:
    """Render the report and write it atomically; never over an input."""
    check_not_input(Path(path), inputs)  # before spending the render
    data = render_improve(criteria, result, index, report, lang, generated, hashed=hashed)
    write_atomic(Path(path), data, inputs=inputs)
    return Path(path)
