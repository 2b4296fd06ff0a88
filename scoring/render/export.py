"""Machine-readable exports of a ranking: CSV and JSON (schema in docs/outputs.md).

Numbers here are plain (dot decimal, no grouping) so other programs read
them; locale formatting is for documents and the terminal only.

Text from the input files is hostile (see cells.py): CSV text cells are
escaped and quote-prefixed there; JSON keeps every string exact but writes
DEL, C1 controls, bidi overrides and line separators as `\\uXXXX` escapes
(as it already does C0 controls), so printing the JSON to a terminal obeys
nothing it carries, and a JSON reader gets the very same strings.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ... import __version__
from ..model import CategoryResult, Ranking
from .cells import csv_text
from .rows import CandidateRow, PanelRow, StageView, candidate_rows, stage_view

SCHEMA = "paritrana.ranking/2"  # /2: stages; rank null when incomplete


def _plain(value: Any) -> Any:
    """JSON-safe copy of a raw candidate value (tuples of ratio parts, dates)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return int(value)
    return value


def _round(value: float | str | None, places: int = 6) -> float | str | None:
    """A number rounded to `places` decimals; text (a level name) as is;
    None for missing and for a non-finite number (JSON has none)."""
    if value is None or isinstance(value, str):
        return value
    return round(value, places) if math.isfinite(value) else None


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal may
# obey or that reorder a line (C0 controls it already escapes).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json_escape(text: str) -> str:
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _panel_json(panel: PanelRow) -> dict[str, Any]:
    """A rubric item's judges: scores, recusals, what was applied."""
    return {
        "judges": [
            {
                "judge": s.judge,
                "name": s.name,
                "role": s.role,
                "score": _round(s.score),
                "used": _round(s.used),
                "normalised": s.normalised,
            }
            for s in panel.scores
        ],
        "recused": [
            {"judge": r.judge, "name": r.name, "kind": r.kind, "reason": r.reason}
            for r in panel.recused
        ],
        "aggregation": panel.method,
        "aggregation_declared": panel.declared,
        "normalise": panel.normalise,
        "value": _round(panel.value),
        "count": panel.count,
        "quorum": panel.quorum,
        "spread": _round(panel.spread),
        "flagged": panel.flagged,
    }


def _indicator_json(i: Any) -> dict[str, Any]:
    out = {
        "id": i.indicator.id,
        "pillar": i.pillar.id,
        "raw": _plain(i.raw),
        "derived": _round(i.derived),
        "score": _round(i.score),
        "weight": _round(i.weight),
        "nominal_weight": i.indicator.weight,
        "points": _round(i.points),
        "status": i.status,
        "missing_policy": i.indicator.missing,
        "evidence": [{"document": e.document, "page": e.page} for e in i.evidence],
    }
    if i.panel is not None:
        out["panel"] = _panel_json(i.panel)
    return out


def _candidate_json(row: CandidateRow) -> dict[str, Any]:
    c = row.candidate
    return {
        "rank": row.rank,
        "stage": row.stage.id if row.stage is not None else None,
        "complete": row.complete,
        "shortlisted": row.shortlisted,
        "id": c.id,
        "name": c.name,
        "province": c.province,
        "zone": c.zone,
        "period": c.period,
        "synthetic": c.synthetic,
        "total": _round(row.total),
        "max_total": _round(row.max_total),
        "pillars": {
            p.pillar.id: {"points": _round(p.points), "max": _round(p.max_points)}
            for p in row.pillars
        },
        "indicators": [_indicator_json(i) for i in row.indicators],
        "flags": list(row.flags),
        "recusals": [
            {"judge": r.judge, "name": r.name, "kind": r.kind, "reason": r.reason}
            for r in row.recusals
        ],
        "comments": [{"judge": m.judge, "name": m.name, "text": m.text} for m in row.comments],
        "waived_conflicts": [
            {"judge": w.judge, "name": w.name, "grounds": list(w.grounds), "reason": w.waived}
            for w in row.conflicts
        ],
        "panel_dates": [d.isoformat() for d in row.panel_dates],
        "source": {"path": c.source.path, "sha256": c.source.sha256} if c.source else None,
        "panel_sources": [{"path": s.path, "sha256": s.sha256} for s in c.panel_sources],
    }


def _stage_json(view: StageView) -> dict[str, Any] | None:
    if view.stage is None:
        return None
    return {
        "id": view.stage.id,
        "label": {"id": view.stage.label.id, "en": view.stage.label.en},
        "number": view.number,
        "of": view.of,
        "auto": view.auto,
        "pillars": [p.id for p in view.basis],
        "combine": {s.id: w for s, w in view.combine} or None,
        "max": _round(view.max_basis),
        "shortlist": view.stage.shortlist,
        "complete": view.complete,
        "incomplete": view.incomplete,
    }


def _cutoff_json(view: StageView) -> dict[str, Any] | None:
    c = view.cutoff
    if c is None:
        return None
    return {
        "size": c.size,
        "override": c.override,
        "declared": c.declared,
        "passed": c.passed,
        "last_in": c.last_in.id if c.last_in else None,
        "first_out": c.first_out.id if c.first_out else None,
        "margin": _round(c.margin),
        "tie": c.tie or None,
    }


def _category_json(r: CategoryResult) -> dict[str, Any]:
    view = stage_view(r)
    return {
        "id": r.category.id,
        "label": {"id": r.category.label.id, "en": r.category.label.en},
        "missing_policy": r.category.missing,
        "tie_break": list(r.category.tie_break),
        # The shortlist size applied in the stage ranked (--top included).
        "shortlist": view.cutoff.size if view.cutoff else None,
        "stages": [s.id for s in r.category.stages],
        "stage": _stage_json(view),
        "cutoff": _cutoff_json(view),
        "panel": {
            "aggregation": r.category.panel.aggregation,
            "normalise": r.category.panel.normalise,
            "quorum": r.category.panel.quorum,
            "disagreement": r.category.panel.disagreement,
        },
        "judges_not_normalised": [
            {"judge": n.judge, "name": n.name, "reason": n.reason, "count": n.count}
            for n in view.judge_notes
        ],
        "candidates": [_candidate_json(row) for row in candidate_rows(r)],
    }


def ranking_json(ranking: Ranking, audit: str) -> str:
    crit = ranking.criteria
    doc = {
        "schema": SCHEMA,
        "tool_version": __version__,
        "audit_sha256": audit,
        "criteria": {
            "edition": crit.edition,
            "title": {"id": crit.title.id, "en": crit.title.en},
            "status": crit.status,
            "files": [{"path": s.path, "sha256": s.sha256} for s in crit.sources],
        },
        "categories": [_category_json(r) for r in ranking.results],
    }
    return _json_escape(json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)) + "\n"


def _csv_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6)) if math.isfinite(value) else ""
    if isinstance(value, int):
        return str(value)
    return str(value)


def _csv_value(value: Any) -> str:
    """One CSV cell: numbers plain, text through `csv_text` (see cells.py).

    Ratio/growth/sum parts are joined by `/` into one text (`56/66`), which
    is text to a spreadsheet too, so it gets the same treatment.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return _csv_number(value)
    if isinstance(value, (list, tuple)):
        if all(v is None for v in value):
            return ""  # nothing given: empty, as for a single value
        return csv_text("/".join(v if isinstance(v, str) else _csv_number(v) for v in value))
    return csv_text(str(value))


def ranking_csv(ranking: Ranking) -> str:
    """One row per candidate; columns are the union over categories, in
    criteria order, empty where a category has no such pillar or indicator;
    then the stage ranked, whether complete and whether shortlisted."""
    pillar_ids: list[str] = []
    indicator_ids: list[str] = []
    for r in ranking.results:
        for pillar in r.category.pillars:
            if pillar.id not in pillar_ids:
                pillar_ids.append(pillar.id)
            for indicator in pillar.indicators:
                if indicator.id not in indicator_ids:
                    indicator_ids.append(indicator.id)
    header = ["edition", "category", "rank", "id", "name", "province", "zone", "total", "max_total"]
    header += [f"pillar.{pid}" for pid in pillar_ids]
    for iid in indicator_ids:
        header += [f"{iid}.raw", f"{iid}.derived", f"{iid}.score", f"{iid}.points", f"{iid}.status"]
    # Issue 8's columns come last, so every earlier column keeps its place.
    header += ["missing_policy", "flags", "synthetic", "stage", "complete", "shortlisted"]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(h) for h in header])  # ids come from the criteria file
    for r in ranking.results:
        for row in candidate_rows(r):
            c = row.candidate
            cells: dict[str, Any] = {
                "edition": ranking.criteria.edition,
                "category": r.category.id,
                "stage": row.stage.id if row.stage is not None else None,
                "rank": row.rank,
                "complete": row.complete,
                "shortlisted": row.shortlisted,
                "id": c.id,
                "name": c.name,
                "province": c.province,
                "zone": c.zone,
                "total": row.total,
                "max_total": row.max_total,
                "missing_policy": r.category.missing,
                "flags": " ".join(row.flags),
                "synthetic": c.synthetic,
            }
            for p in row.pillars:
                cells[f"pillar.{p.pillar.id}"] = p.points
            for i in row.indicators:
                key = i.indicator.id
                cells[f"{key}.raw"] = i.raw
                cells[f"{key}.derived"] = i.derived
                cells[f"{key}.score"] = i.score
                cells[f"{key}.points"] = i.points
                cells[f"{key}.status"] = i.status
            writer.writerow([_csv_value(cells.get(h)) for h in header])
    return out.getvalue()


def render_ranking(ranking: Ranking, fmt: str, lang: str, generated: date) -> bytes:
    """The `rank` command's output in the chosen format, as bytes."""
    if fmt == "csv":
        return ranking_csv(ranking).encode("utf-8")
    if fmt == "json":
        from ..audit import audit_hash

        candidates = [c for r in ranking.results for c in r.ranked_from]
        return ranking_json(ranking, audit_hash(ranking.criteria, candidates)).encode("utf-8")
    if fmt == "xlsx":
        from .xlsx import ranking_xlsx

        return ranking_xlsx(ranking, lang, generated)  # type: ignore[arg-type]
    from .table import ranking_table

    return ranking_table(ranking, lang).encode("utf-8")  # type: ignore[arg-type]


def write_output(path: Path, data: bytes, inputs: Sequence[Path]) -> None:
    """Atomic write that refuses to overwrite an input file."""
    from ..output import write_atomic

    write_atomic(path, data, inputs=inputs)
