"""Blank interview forms (`paritrana panel form`): printable sheets a judge
fills in on paper during the interview, to be keyed into the judge's file
afterwards.

Per judge: one sheet per candidate of the stage (the candidates the judge
declared a conflict with are left out and listed). Per candidate: one
sheet per judge of the stage (or N blank judge blocks when no judge file
names a judge yet). Each sheet carries a stable sheet id
(`stage/judge/candidate`) and the criteria's hash (the criteria part of
the audit, scoring/audit.py), so a paper score is keyed in against the
version of the rubric it was given on, and the panel date.

Like the scorecard: the context is built here as plain strings (pure,
tested without rendering), templates/panel_form.html.j2 only places it,
and the PDF is written atomically through scoring/output.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..audit import audit_hash
from ..messages import _
from ..model import Candidate, Category, Criteria, Judge, Lang, Stage
from ..output import check_not_input, safe_filename, write_atomic
from . import i18n_panel
from .context import document_facts
from .fmt import Formatter
from .limits import NAME_MAX, TEXT_MAX, cut_text
from .panel_view import (
    RosterJudge,
    conflict_reason,
    declared_conflict,
    levels,
    stage_items,
)

CRITERIA_KEYWORD = "paritrana-form-criteria-sha256:"
BOX = "\u2610"  # BALLOT BOX, drawn by the shipped font: one per score


def criteria_hash(criteria: Criteria) -> str:
    """The criteria part of the audit hash: SHA-256 over the criteria files'
    lines alone (`audit.audit_hash` with no candidate)."""
    return audit_hash(criteria, ())


@dataclass(frozen=True)
class Slot:
    """Who a sheet is for: a known judge, or a blank block numbered `number`."""

    judge: Judge | None
    number: int = 0
    date: date | None = None  # the judge file's panel date

    @property
    def key(self) -> str:
        return self.judge.id if self.judge is not None else f"slot-{self.number}"


@dataclass(frozen=True)
class Sheet:
    category: Category
    stage: Stage
    candidate: Candidate
    slot: Slot


@dataclass(frozen=True)
class LeftOut:
    """A sheet not printed: the judge declared a conflict with the candidate."""

    judge: Judge
    candidate: Candidate
    reason: str


@dataclass(frozen=True)
class FormDocument:
    """One PDF: `stem`.pdf holding `sheets`."""

    stem: str
    kind: str  # "judge" | "candidate"
    sheets: tuple[Sheet, ...]
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)


def sheet_id(stage: Stage, slot: Slot, candidate: Candidate) -> str:
    """Stable: the same stage, judge and candidate always give the same id."""
    return f"{stage.id}/{slot.key}/{candidate.id}"


def _slot(r: RosterJudge) -> Slot:
    return Slot(r.judge, date=r.date)


def judge_document(
    stage_id: str,
    judge: RosterJudge | Judge,
    entrants: Sequence[tuple[Category, Stage, Sequence[Candidate]]],
) -> FormDocument:
    """Every candidate of the stage for one judge, less declared conflicts."""
    slot = _slot(judge) if isinstance(judge, RosterJudge) else Slot(judge)
    assert slot.judge is not None
    sheets: list[Sheet] = []
    left: list[LeftOut] = []
    for category, stage, candidates in entrants:
        for cand in candidates:
            if declared_conflict(cand, slot.judge.id) is not None:
                reason = conflict_reason(cand, slot.judge.id, stage, category)
                left.append(LeftOut(slot.judge, cand, reason))
                continue
            sheets.append(Sheet(category, stage, cand, slot))
    return FormDocument(
        f"{safe_filename(stage_id)}-{safe_filename(slot.judge.id)}",
        "judge",
        tuple(sheets),
        tuple(left),
    )


def candidate_document(
    category: Category,
    stage: Stage,
    candidate: Candidate,
    judges: Sequence[RosterJudge],
    slots: int,
) -> FormDocument:
    """One sheet per judge of the stage for one candidate (declared
    conflicts left out and listed); `slots` blank judge blocks when no
    judge is known."""
    sheets: list[Sheet] = []
    left: list[LeftOut] = []
    for r in judges:
        if declared_conflict(candidate, r.judge.id) is not None:
            reason = conflict_reason(candidate, r.judge.id, stage, category)
            left.append(LeftOut(r.judge, candidate, reason))
            continue
        sheets.append(Sheet(category, stage, candidate, _slot(r)))
    if not judges:
        sheets = [Sheet(category, stage, candidate, Slot(None, n)) for n in range(1, slots + 1)]
    return FormDocument(
        f"{safe_filename(stage.id)}-{safe_filename(candidate.id)}",
        "candidate",
        tuple(sheets),
        tuple(left),
    )


# --------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------


def _name(text: str | None, lang: Lang) -> str:
    return cut_text(text or "", NAME_MAX, lang)


def _sheet_context(
    sheet: Sheet,
    lang: Lang,
    fmt: Formatter,
    t: dict[str, str],
    panel_date: date | None,
    digest: str,
) -> dict[str, Any]:
    cand, slot = sheet.candidate, sheet.slot
    when = panel_date or slot.date
    items = []
    for ind in stage_items(sheet.category, sheet.stage):
        items.append(
            {
                "id": ind.id,
                "label": cut_text(ind.label.get(lang), TEXT_MAX, lang),
                "weight_text": fmt.weight(float(ind.weight)),
                "aggregation": t[f"aggregation_{ind.aggregation}"],
                "levels": [
                    {
                        "level": level,
                        "box": BOX,
                        "text": cut_text(
                            (text_en if lang == "en" else text_id) or "", TEXT_MAX, lang
                        ),
                    }
                    for level, text_id, text_en in levels(ind)
                ],
            }
        )
    judge = slot.judge
    return {
        "sheet_id": sheet_id(sheet.stage, slot, cand),
        "category": cut_text(sheet.category.label.get(lang), TEXT_MAX, lang),
        "stage": cut_text(sheet.stage.label.get(lang), TEXT_MAX, lang),
        "candidate": {
            "id": _name(cand.id, lang),
            "name": _name(cand.name, lang),
            "province": _name(cand.province, lang),
            "synthetic": cand.synthetic,
        },
        "judge": {
            "known": judge is not None,
            "heading": (
                _name(judge.name or judge.id, lang)
                if judge is not None
                else t["blank_judge"].format(n=slot.number)
            ),
            "id": _name(judge.id, lang) if judge else "",
            "name": _name(judge.name, lang) if judge else "",
            "role": _name(judge.role, lang) if judge else "",
            "organisation": _name(judge.organisation, lang) if judge else "",
        },
        "panel_date_text": fmt.date(when) if when else "",
        "criteria_hash": digest,
        "rubric": items,
        "box": BOX,
    }


def form_context(
    criteria: Criteria,
    document: FormDocument,
    lang: Lang,
    generated: date,
    panel_date: date | None = None,
) -> dict[str, Any]:
    """Everything one form PDF shows, formatted."""
    fmt = Formatter(lang)
    t = i18n_panel.form_labels(lang)
    digest = criteria_hash(criteria)
    sheets = [_sheet_context(s, lang, fmt, t, panel_date, digest) for s in document.sheets]
    left_out = [
        t["left_out_judge"].format(
            judge=_name(x.judge.name or x.judge.id, lang) + f" ({_name(x.judge.id, lang)})",
            candidate=_name(x.candidate.name, lang) + f" ({_name(x.candidate.id, lang)})",
            reason=cut_text(x.reason, TEXT_MAX, lang),
        )
        for x in document.left_out
    ]
    kind = t["form_doc_judge"] if document.kind == "judge" else t["form_doc_candidate"]
    return {
        **document_facts(criteria, lang, t, generated, fmt, digest, CRITERIA_KEYWORD + digest),
        "doc_title": f"{t['form_title']}: {kind} {document.stem}",
        "sheets": sheets,
        "left_out": left_out,
    }


def form_html(context: dict[str, Any]) -> str:
    from .templating import render_html

    return render_html("panel_form.html.j2", context)


def render_form(
    criteria: Criteria,
    document: FormDocument,
    lang: Lang,
    generated: date,
    panel_date: date | None = None,
    *,
    fetcher: Any = None,
) -> bytes:
    from .weasy import html_to_pdf

    return html_to_pdf(
        form_html(form_context(criteria, document, lang, generated, panel_date)), fetcher
    )


def write_forms(
    criteria: Criteria,
    documents: Sequence[FormDocument],
    out_dir: Path,
    *,
    lang: Lang,
    generated: date,
    panel_date: date | None = None,
    inputs: Sequence[Path] = (),
) -> list[Path]:
    """Write `out_dir/<stem>.pdf` for each document (atomically; an input
    file is never replaced). Every target is checked before the first is
    written."""
    from ..errors import OutputError
    from ..output import InputGuard, sync

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            _("{out_dir}: cannot create folder: {value}").format(
                out_dir=out_dir, value=exc.strerror or exc
            )
        ) from exc
    guard = InputGuard(list(inputs))
    paths = [out_dir / f"{d.stem}.pdf" for d in documents]
    for path in paths:
        check_not_input(path, guard)
    for document, path in zip(documents, paths):
        data = render_form(criteria, document, lang, generated, panel_date)
        write_atomic(path, data, inputs=guard, durable=False)
    sync()
    return paths
