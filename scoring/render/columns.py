"""The columnar ranking view: a category's result as whole columns, in the
terms the exports write (docs/outputs.md, "What the numbers mean").

`rows.py` turns a result into one row object per candidate, which every
document reads; an export of hundreds of thousands of candidates (the CSV)
reads this view instead, column by column, without a Python object per
candidate. Both apply the same conversions: the rank shown only for a
complete candidate, the shortlist of a result not ranked by stages, the
level's name as an ordinal rule's derived value, the status names, the
flag counts. A rubric item's raw value (its valid scores as scored) is
read from its Aggregate per candidate (`panel_raw`, what rows._panel
gives); tests compare the two views cell by cell
(tests/test_export_columns.py).

It reads both shapes of a result: candidates as a tuple of Candidate or
as a CandidateTable, an indicator's raw values as a tuple or as RawParts
(columns of the fields it reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..model import (
    STATUS_CODES,
    Aggregate,
    CandidateTable,
    CategoryResult,
    IndicatorColumn,
    OrdinalRule,
    Pillar,
    RawParts,
)
from . import rows

if TYPE_CHECKING:
    from ..model import Candidate

# Status code -> name, indexable by a code array (rows.py's _STATUS_NAMES).
STATUS_NAMES = np.array(
    [name for name, _ in sorted(STATUS_CODES.items(), key=lambda kv: kv[1])], dtype=object
)


def _objects(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


@dataclass(frozen=True)
class IndicatorCells:
    """One indicator's columns, as rows.IndicatorRow holds them per candidate."""

    column: IndicatorColumn
    pillar: Pillar
    # RawParts: the raw values as columns; None: read `raw_values` (a
    # tuple raw, or a rubric item whose raw needs the candidate's judges).
    parts: RawParts | None
    derived_level: np.ndarray | None  # object, an ordinal rule's level name or None
    derived: np.ndarray  # float64, NaN where missing/pending (not for ordinal rules)
    score: np.ndarray  # float64, NaN where missing/pending
    weight: np.ndarray
    points: np.ndarray
    status: np.ndarray  # int8 codes of STATUS_CODES

    @property
    def ordinal(self) -> bool:
        return self.derived_level is not None


@dataclass(frozen=True)
class CategoryColumns:
    """A category's result as columns, in ranked order (incomplete last)."""

    result: CategoryResult
    size: int
    ids: np.ndarray  # object str
    names: np.ndarray
    provinces: np.ndarray  # object str or None
    zones: np.ndarray
    periods: np.ndarray  # int64
    synthetic: np.ndarray  # bool
    rank: np.ndarray  # int64: the rank shown; 0 where none is (incomplete)
    complete: np.ndarray  # bool
    shortlisted: np.ndarray  # bool
    total: np.ndarray  # float64
    max_total: np.ndarray
    pillars: tuple[tuple[Pillar, np.ndarray, np.ndarray], ...]  # (pillar, points, max)
    indicators: tuple[IndicatorCells, ...]
    missing_count: np.ndarray  # int64
    pending_count: np.ndarray

    def candidate(self, k: int) -> Candidate:
        return self.result.candidates[k]

    def raw_values(self, cells: IndicatorCells, start: int, stop: int) -> list[object]:
        """Raw values of rows start..stop as rows.IndicatorRow.raw gives them."""
        col = cells.column
        parts = cells.parts
        if parts is not None:
            if all(
                p.dtype == np.float64 or kind == "level"
                for p, kind in zip(parts.parts, parts.kinds)
            ):
                # every part as validated (floats, levels): read a part at a
                # time, the values raw[k] gives
                return parts.values_at(range(start, stop))
            return [parts[k] for k in range(start, stop)]
        if col.indicator.input.kind == "panel":
            return [panel_raw(col.raw[k]) for k in range(start, stop)]
        return [col.raw[k] for k in range(start, stop)]


def panel_raw(raw: object) -> tuple[float, ...] | None:
    """A rubric item's raw value as rows.candidate_row shows it: the valid
    scores as scored (rows._panel's second result), None without any. It
    needs no candidate: the judges' names are not part of it."""
    if isinstance(raw, Aggregate):
        scored = tuple(float(s.score) for s in raw.scores)
    elif isinstance(raw, (list, tuple)):
        scored = tuple(float(x) for x in raw)  # type: ignore[arg-type]
    else:
        scored = ()
    return scored if scored else None


def _identity(result: CategoryResult) -> tuple[np.ndarray, ...]:
    cands = result.candidates
    if isinstance(cands, CandidateTable):
        return (
            cands.ids,
            cands.names,
            cands.provinces,
            cands.zones,
            np.asarray(cands.periods, dtype=np.int64),
            np.asarray(cands.synthetic, dtype=bool),
        )
    return (
        _objects([c.id for c in cands]),
        _objects([c.name for c in cands]),
        _objects([c.province for c in cands]),
        _objects([c.zone for c in cands]),
        np.array([c.period for c in cands], dtype=np.int64).reshape(len(cands)),
        np.array([c.synthetic for c in cands], dtype=bool).reshape(len(cands)),
    )


def _level_names(col: IndicatorColumn) -> np.ndarray:
    """An ordinal rule's derived value: the level's name where the rule
    scored one (rows._derived), else None."""
    n = len(col.derived)
    scored = np.isfinite(np.asarray(col.derived, dtype=np.float64))
    raw = col.raw
    if isinstance(raw, RawParts) and raw.single and raw.kinds[0] == "level":
        levels = raw.parts[0]
        given = np.array([isinstance(x, str) for x in levels], dtype=bool).reshape(n)
        out = np.full(n, None, dtype=object)
        keep = scored & given
        out[keep] = levels[keep]
        return out
    return _objects([rows._derived(col.indicator, raw[k], col.derived[k]) for k in range(n)])


def category_columns(result: CategoryResult) -> CategoryColumns:
    """The columns of `result` (rows.candidate_row's conversions, whole columns)."""
    n = len(result.candidates)
    ids, names, provinces, zones, periods, synthetic = _identity(result)
    rank = np.asarray(result.rank, dtype=np.int64)
    complete = (
        np.ones(n, dtype=bool) if result.complete is None else np.asarray(result.complete, bool)
    )
    if result.shortlisted is not None:
        shortlisted = np.asarray(result.shortlisted, dtype=bool)
    else:  # a result not ranked by stages: the criteria's shortlist, by rank
        size = result.category.shortlist
        shortlisted = np.zeros(n, dtype=bool) if size is None else (rank > 0) & (rank <= size)
    pillar_of = {i.id: p for p in result.category.pillars for i in p.indicators}
    indicators = []
    for col in result.indicators:
        ordinal = isinstance(col.indicator.rule, OrdinalRule)
        raw = col.raw
        parts = raw if isinstance(raw, RawParts) else None
        indicators.append(
            IndicatorCells(
                column=col,
                pillar=pillar_of[col.indicator.id],
                parts=parts,
                derived_level=_level_names(col) if ordinal else None,
                derived=np.asarray(col.derived, dtype=np.float64),
                score=np.asarray(col.score, dtype=np.float64),
                weight=np.asarray(col.weight, dtype=np.float64),
                points=np.asarray(col.points, dtype=np.float64),
                status=np.asarray(col.status, dtype=np.int8),
            )
        )
    return CategoryColumns(
        result=result,
        size=n,
        ids=ids,
        names=names,
        provinces=provinces,
        zones=zones,
        periods=periods,
        synthetic=synthetic,
        rank=np.where((rank > 0) & complete, rank, 0),
        complete=complete,
        shortlisted=shortlisted,
        total=np.asarray(result.total, dtype=np.float64),
        max_total=np.asarray(result.max_total, dtype=np.float64),
        pillars=tuple(
            (
                p.pillar,
                np.asarray(p.points, dtype=np.float64),
                np.asarray(p.max_points, dtype=np.float64),
            )
            for p in result.pillars
        ),
        indicators=tuple(indicators),
        missing_count=np.asarray(result.missing_count, dtype=np.int64),
        pending_count=np.asarray(result.pending_count, dtype=np.int64),
    )
