"""Columnar results turned into one row per candidate, for every exporter.

The table, CSV, JSON and XLSX writers all read these rows, so a number is
converted from the arrays in exactly one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import (
    STATUS_CODES,
    Candidate,
    CategoryResult,
    Evidence,
    Indicator,
    OrdinalRule,
    Pillar,
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
    reader, so every export shows the level itself.
    """
    number = _num(value)
    if isinstance(indicator.rule, OrdinalRule):
        return raw if number is not None and isinstance(raw, str) else None
    return number


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
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PillarRow:
    pillar: Pillar
    points: float
    max_points: float


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    rank: int
    total: float
    max_total: float
    pillars: tuple[PillarRow, ...]
    indicators: tuple[IndicatorRow, ...]
    missing_count: int
    pending_count: int

    @property
    def flags(self) -> tuple[str, ...]:
        """Short machine-readable flags, e.g. ("missing:3", "pending:1")."""
        out = []
        if self.missing_count:
            out.append(f"missing:{self.missing_count}")
        if self.pending_count:
            out.append(f"pending:{self.pending_count}")
        return tuple(out)


def _evidence(candidate: Candidate, indicator: Indicator) -> tuple[Evidence, ...]:
    found = [candidate.evidence[f] for f in indicator.input.fields if f in candidate.evidence]
    fb = indicator.input.fallback
    if fb and fb in candidate.evidence:
        found.append(candidate.evidence[fb])
    return tuple(dict.fromkeys(found))


def candidate_rows(result: CategoryResult) -> list[CandidateRow]:
    pillar_of = {i.id: p for p in result.category.pillars for i in p.indicators}
    rows = []
    for k, candidate in enumerate(result.candidates):
        indicators = tuple(
            IndicatorRow(
                indicator=col.indicator,
                pillar=pillar_of[col.indicator.id],
                raw=col.raw[k],
                derived=_derived(col.indicator, col.raw[k], col.derived[k]),
                score=_num(col.score[k]),
                weight=float(col.weight[k]),
                points=float(col.points[k]),
                status=_STATUS_NAMES[int(col.status[k])],
                evidence=_evidence(candidate, col.indicator),
            )
            for col in result.indicators
        )
        pillars = tuple(
            PillarRow(p.pillar, float(p.points[k]), float(p.max_points[k])) for p in result.pillars
        )
        rows.append(
            CandidateRow(
                candidate=candidate,
                rank=int(result.rank[k]),
                total=float(result.total[k]),
                max_total=float(result.max_total[k]),
                pillars=pillars,
                indicators=indicators,
                missing_count=int(result.missing_count[k]),
                pending_count=int(result.pending_count[k]),
            )
        )
    return rows
