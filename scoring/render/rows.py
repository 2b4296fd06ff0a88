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
from dataclasses import dataclass

from ..model import (
    STATUS_CODES,
    Candidate,
    CategoryResult,
    Evidence,
    Indicator,
    OrdinalRule,
    Pillar,
    Regulation,
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
    # The distinct evidence of the fields the input reads, in input order
    # (fields, then the fallback), each field's in the validator's order.
    evidence: tuple[Evidence, ...]
    # The regulations that earned the values of those fields (derived
    # regulation fields only), in the same order.
    regulations: tuple[Regulation, ...] = ()


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


def input_fields(indicator: Indicator) -> tuple[str, ...]:
    """The fields an indicator's input reads: its fields, then the fallback."""
    inp = indicator.input
    return inp.fields + ((inp.fallback,) if inp.fallback else ())


def _evidence(candidate: Candidate, indicator: Indicator) -> tuple[Evidence, ...]:
    found = (e for name in input_fields(indicator) for e in candidate.evidence_of(name))
    return tuple(dict.fromkeys(found))


def _regulations(candidate: Candidate, indicator: Indicator) -> tuple[Regulation, ...]:
    found: dict[int, Regulation] = {}  # by identity: two equal regulations are two
    for name in input_fields(indicator):
        for item in candidate.derived_from.get(name, ()):
            if isinstance(item, Regulation):
                found.setdefault(id(item), item)
    return tuple(found.values())


def candidate_row(
    result: CategoryResult, k: int, pillar_of: dict[str, Pillar] | None = None
) -> CandidateRow:
    """The row of candidate `k` (ranked order) of `result`."""
    if pillar_of is None:
        pillar_of = {i.id: p for p in result.category.pillars for i in p.indicators}
    candidate = result.candidates[k]
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
            regulations=_regulations(candidate, col.indicator),
        )
        for col in result.indicators
    )
    pillars = tuple(
        PillarRow(p.pillar, float(p.points[k]), float(p.max_points[k])) for p in result.pillars
    )
    return CandidateRow(
        candidate=candidate,
        rank=int(result.rank[k]),
        total=float(result.total[k]),
        max_total=float(result.max_total[k]),
        pillars=pillars,
        indicators=indicators,
        missing_count=int(result.missing_count[k]),
        pending_count=int(result.pending_count[k]),
    )


def candidate_rows(result: CategoryResult) -> list[CandidateRow]:
    """Every candidate's row, in ranked order."""
    pillar_of = {i.id: p for p in result.category.pillars for i in p.indicators}
    return [candidate_row(result, k, pillar_of) for k in range(len(result.candidates))]
