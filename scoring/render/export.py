"""Machine-readable exports of a ranking: CSV and JSON (schema in docs/outputs.md).

Numbers here are plain (dot decimal, no grouping) so other programs read
them; locale formatting is for documents and the terminal only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ... import __version__
from ..model import Ranking
from .rows import CandidateRow, candidate_rows

SCHEMA = "paritrana.ranking/1"


def _plain(value: Any) -> Any:
    """JSON-safe copy of a raw candidate value (tuples of ratio parts, dates)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _round(value: float | None, places: int = 6) -> float | None:
    return None if value is None else round(value, places)


def _candidate_json(row: CandidateRow) -> dict[str, Any]:
    c = row.candidate
    return {
        "rank": row.rank,
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
        "indicators": [
            {
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
                "evidence": [
                    {"document": e.document, "page": e.page} for e in i.evidence
                ],
            }
            for i in row.indicators
        ],
        "flags": list(row.flags),
        "source": {"path": c.source.path, "sha256": c.source.sha256} if c.source else None,
        "panel_sources": [{"path": s.path, "sha256": s.sha256} for s in c.panel_sources],
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
        "categories": [
            {
                "id": r.category.id,
                "label": {"id": r.category.label.id, "en": r.category.label.en},
                "missing_policy": r.category.missing,
                "tie_break": list(r.category.tie_break),
                "shortlist": r.category.shortlist,
                "candidates": [_candidate_json(row) for row in candidate_rows(r)],
            }
            for r in ranking.results
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "/".join(str(_csv_value(v)) for v in value)
    if isinstance(value, float):
        return repr(round(value, 6))
    return value


def ranking_csv(ranking: Ranking) -> str:
    """One row per candidate; columns are the union over categories, in
    criteria order, empty where a category has no such pillar or indicator."""
    pillar_ids: list[str] = []
    indicator_ids: list[str] = []
    for r in ranking.results:
        for p in r.category.pillars:
            if p.id not in pillar_ids:
                pillar_ids.append(p.id)
            for i in p.indicators:
                if i.id not in indicator_ids:
                    indicator_ids.append(i.id)
    header = ["edition", "category", "rank", "id", "name", "province", "zone",
              "total", "max_total"]
    header += [f"pillar.{p}" for p in pillar_ids]
    for i in indicator_ids:
        header += [f"{i}.raw", f"{i}.derived", f"{i}.score", f"{i}.points", f"{i}.status"]
    header += ["missing_policy", "flags", "synthetic"]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for r in ranking.results:
        for row in candidate_rows(r):
            c = row.candidate
            cells: dict[str, Any] = {
                "edition": ranking.criteria.edition,
                "category": r.category.id,
                "rank": row.rank,
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
        from .audit import audit_hash

        candidates = [c for r in ranking.results for c in r.candidates]
        return ranking_json(ranking, audit_hash(ranking.criteria, candidates)).encode("utf-8")
    if fmt == "xlsx":
        from .xlsx import ranking_xlsx

        return ranking_xlsx(ranking, lang, generated)  # type: ignore[arg-type]
    from .table import ranking_table

    return ranking_table(ranking, lang).encode("utf-8")  # type: ignore[arg-type]


def write_output(path: Path, data: bytes, inputs: Sequence[Path]) -> None:
    """Atomic write that refuses to overwrite an input file."""
    from .output import write_atomic

    write_atomic(path, data, inputs=inputs)
