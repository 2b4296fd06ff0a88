"""Domain model: what the validated files become, and what scoring returns.

Everything here is a frozen dataclass. The validator builds these from YAML;
the engine reads them and never sees a file, a YAML node or a terminal.
Column arrays (NumPy) live only in results, one entry per candidate of a
category, in the category's candidate order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # NumPy is imported lazily by the engine, not by the CLI.
    import numpy as np

Lang = Literal["id", "en"]


@dataclass(frozen=True)
class Text:
    """A label in Bahasa Indonesia and English."""

    id: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.id


# --------------------------------------------------------------------------
# Criteria
# --------------------------------------------------------------------------

MissingPolicy = Literal["zero", "reweight"]
Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class LinearRule:
    """floor scores 0, target scores 100, straight line between, clipped.

    direction "higher": floor < target. direction "lower": floor > target
    (for example months in arrears: floor 6 -> 0, target 0 -> 100).
    """

    floor: float
    target: float
    direction: Direction = "higher"
    kind: Literal["linear"] = "linear"


@dataclass(frozen=True)
class Band:
    start: float  # value >= start scores `score` (until the next band starts)
    score: float


@dataclass(frozen=True)
class BandsRule:
    """Thresholds in strictly ascending order; below the first scores 0."""

    bands: tuple[Band, ...]
    kind: Literal["bands"] = "bands"


@dataclass(frozen=True)
class YesNoRule:
    yes: float = 100.0
    no: float = 0.0
    kind: Literal["yesno"] = "yesno"


@dataclass(frozen=True)
class CountRule:
    """min(value, cap) / cap * 100."""

    cap: float
    kind: Literal["count"] = "count"


@dataclass(frozen=True)
class OrdinalRule:
    """Named levels, best first, each with its score (regulation rank)."""

    levels: tuple[tuple[str, float], ...]
    kind: Literal["ordinal"] = "ordinal"


@dataclass(frozen=True)
class RubricRule:
    """Panel scores on a min..max scale (1-5); mean mapped linearly to 0-100.

    Until a candidate has panel scores for the indicator it is *pending*:
    left out of the total, never counted as zero.
    """

    min: float = 1.0
    max: float = 5.0
    kind: Literal["rubric"] = "rubric"


Rule = LinearRule | BandsRule | YesNoRule | CountRule | OrdinalRule | RubricRule

InputKind = Literal["field", "ratio", "growth", "sum", "panel"]


@dataclass(frozen=True)
class Input:
    """What an indicator reads from a candidate.

    field:  the value of fields[0].
    ratio:  fields[0] / fields[1] * 100 (a percentage); when either is
            missing and `fallback` names a percent field that is present,
            that field's value is used instead.
    growth: (fields[0] / fields[1] - 1) * 100, year-on-year growth in %.
    sum:    sum of fields; missing if any part is missing.
    panel:  the mean of the panel's scores for this indicator (rubric).
    """

    kind: InputKind
    fields: tuple[str, ...] = ()
    fallback: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    label: Text
    weight: float  # points out of the category's 100
    input: Input
    rule: Rule
    missing: MissingPolicy  # resolved: indicator override, else category, else criteria
    unit: str = ""  # display unit of the derived value: "%", "Rp", "orang", ...
    line: int = 0  # where it was declared, for messages


@dataclass(frozen=True)
class Pillar:
    id: str
    label: Text
    weight: float  # equals the sum of its indicators' weights (validated)
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: Text
    pillars: tuple[Pillar, ...]
    tie_break: tuple[str, ...]  # pillar ids, compared in order, higher first
    missing: MissingPolicy
    shortlist: int | None = None  # top N marked on ranked lists

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for p in self.pillars for i in p.indicators)


@dataclass(frozen=True)
class Criteria:
    edition: int  # assessment year, e.g. 2022
    title: Text
    status: Literal["proposal", "official"]
    missing: MissingPolicy
    categories: tuple[Category, ...]
    sources: tuple[SourceFile, ...] = ()  # files read, with their SHA-256

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------

Value = float | str | bool  # counts/money/percent as float, levels as str


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str  # of the raw bytes as read


@dataclass(frozen=True)
class Evidence:
    document: str
    page: str | None = None


@dataclass(frozen=True)
class Regulation:
    type: str  # perda, qanun, pergub, perbup, perwal, perkada, instruksi, ...
    number: str | None
    year: int | None
    title: str | None
    scope: tuple[str, ...]
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Item:
    """An innovation, an outreach event, a programme, a benefit paid..."""

    title: str
    date: date | None = None
    year: int | None = None
    amount: float | None = None
    count: float | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Report:
    """A public report a sample candidate's values come from."""

    id: str
    title: str
    publisher: str | None = None
    date: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    category: str
    period: int  # assessment year
    province: str | None = None
    zone: str | None = None
    synthetic: bool = False
    # Flat catalogue fields (see scoring/fields.py), derived ones included.
    # A field that is absent is missing: never filled with a default.
    values: Mapping[str, Value] = field(default_factory=dict)
    # Field -> the evidence behind its value. A written value carries at most
    # one (`{value: ..., evidence: ...}`): a single Evidence. A derived field
    # (docs/formats.md, "Derived fields") carries the distinct evidence of
    # exactly the list items that earned its value, in list order: a tuple,
    # never empty (no entry when none of those items names a report). The
    # validator decides which items those are; outputs read `evidence_of`.
    evidence: Mapping[str, Evidence | tuple[Evidence, ...]] = field(default_factory=dict)
    # Derived field -> the regulations or list items that earned its value
    # (the best dedicated regulation for regulation.dedicated_level, the
    # others for regulation.supporting_count, those scoped `ptsp` for a
    # derived policy.ptsp_required, every item for innovation.count and
    # outreach.events); no entry when none did.
    derived_from: Mapping[str, tuple[Regulation | Item, ...]] = field(default_factory=dict)
    panel_scores: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    panel: tuple[str, ...] = ()  # assessors' names, when given
    regulations: tuple[Regulation, ...] = ()
    innovations: tuple[Item, ...] = ()
    events: tuple[Item, ...] = ()
    benefits: tuple[Item, ...] = ()
    reports: tuple[Report, ...] = ()
    notes: tuple[str, ...] = ()
    source: SourceFile | None = None
    # Panel files (docs/formats.md, "Panel scores") that scored this
    # candidate: they change its total, so they enter the audit hash.
    panel_sources: tuple[SourceFile, ...] = ()

    def evidence_of(self, name: str) -> tuple[Evidence, ...]:
        """The evidence behind field `name`'s value, as a tuple (maybe empty)."""
        found = self.evidence.get(name)
        if found is None:
            return ()
        return found if isinstance(found, tuple) else (found,)


# --------------------------------------------------------------------------
# Results (engine output): columnar, one array element per candidate
# --------------------------------------------------------------------------

STATUS_CODES: dict[str, int] = {"ok": 0, "missing": 1, "pending": 2}


@dataclass(frozen=True)
class IndicatorColumn:
    indicator: Indicator
    raw: tuple[object, ...]  # the candidate's value(s) as given, None when missing
    derived: "np.ndarray"  # float, NaN where missing/pending
    score: "np.ndarray"  # 0-100, NaN where missing/pending
    weight: "np.ndarray"  # effective weight after reweighting; 0 where left out
    points: "np.ndarray"  # score / 100 * weight; 0 where missing/pending
    status: "np.ndarray"  # int8 codes of STATUS_CODES


@dataclass(frozen=True)
class PillarColumn:
    pillar: Pillar
    points: "np.ndarray"
    max_points: "np.ndarray"  # pillar weight less pending indicators' weight


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    candidates: tuple[Candidate, ...]  # in ranked order
    indicators: tuple[IndicatorColumn, ...]
    pillars: tuple[PillarColumn, ...]
    total: "np.ndarray"
    max_total: "np.ndarray"  # 100 less pending weight
    rank: "np.ndarray"  # competition ranks: 1, 2, 2, 4
    missing_count: "np.ndarray"
    pending_count: "np.ndarray"


@dataclass(frozen=True)
class Ranking:
    criteria: Criteria
    results: tuple[CategoryResult, ...]  # in the criteria's category order
