"""Domain model: what the validated files become, and what scoring returns.

Everything here is a frozen dataclass. The validator builds these from YAML;
the engine reads them and never sees a file, a YAML node or a terminal.
Column arrays (NumPy) live only in results, one entry per candidate of a
category, in the category's candidate order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
Aggregation = Literal["mean", "median", "trimmed-mean"]
Normalise = Literal["none", "zscore"]


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
    # Rubric indicators only: what each whole level of the scale means, as
    # (level, description) from rule.min to rule.max, printed on interview
    # forms and sheets; () when the criteria give none.
    descriptors: tuple[tuple[int, Text], ...] = ()
    # Rubric indicators only: how the judges' scores combine (resolved:
    # the indicator's own `aggregation`, else its category's panel policy).
    aggregation: Aggregation = "mean"


@dataclass(frozen=True)
class Pillar:
    id: str
    label: Text
    weight: float  # equals the sum of its indicators' weights (validated)
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class PanelPolicy:
    """How a category's judges' rubric scores become one value per item
    (docs/formats.md, "Panel policy").

    aggregation: the default for its rubric indicators (each may override).
      trimmed-mean drops one highest and one lowest score when at least 5
      judges scored; with fewer it is the mean (and says so).
    normalise: "zscore" rescales each judge's scores within a stage
      (z-score against the judge's own mean and spread, then onto the
      stage's pooled mean and spread, clipped to the scale); a judge with
      fewer than 3 scores, or all scores equal, is left as scored.
    quorum: the least number of valid (not recused, not abstaining) judges
      an item needs; below it the item is pending and the candidate is
      incomplete in every stage whose basis holds it.
    disagreement: an item whose valid scores spread (highest - lowest)
      more than this is flagged for the panel's discussion; None: no flag.
    detect: which conflicts of interest the validator looks for between a
      judge and a candidate ("province": the same province; "organisation":
      the judge's organisation names the candidate). A provincial panel,
      whose judges all come from the province, declares `detect:
      [organisation]`.
    """

    aggregation: Aggregation = "mean"
    normalise: Normalise = "none"
    quorum: int = 1
    disagreement: float | None = None
    detect: tuple[str, ...] = ("province", "organisation")


@dataclass(frozen=True)
class Stage:
    """One round of the award (docs/formats.md, "Stages").

    The first stage is entered by every candidate of the category, each
    later one by those shortlisted in the stage before. The stage's own
    basis is the sum of its `pillars`' points, out of their weights. With
    `combine`, its result is instead sum(weight * stage total / stage
    maximum) over the stages named (earlier ones, or this one for its own
    pillars), out of the sum of the weights.
    """

    id: str
    label: Text
    pillars: tuple[str, ...]  # pillar ids of the category
    shortlist: int | None = None  # how many pass to the next stage (last: winners)
    combine: tuple[tuple[str, float], ...] = ()  # (stage id, weight), in declared order


# The stage of a category that declares none: every pillar, one round.
ALL_PILLARS = "semua"
ALL_PILLARS_LABEL = Text("Semua pilar", "All pillars")


@dataclass(frozen=True)
class Category:
    id: str
    label: Text
    pillars: tuple[Pillar, ...]
    tie_break: tuple[str, ...]  # pillar ids, compared in order, higher first
    missing: MissingPolicy
    shortlist: int | None = None  # top N marked on ranked lists (no `stages`)
    panel: PanelPolicy = field(default_factory=PanelPolicy)
    stages: tuple[Stage, ...] = ()  # in order; () = one stage of every pillar

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for p in self.pillars for i in p.indicators)

    @property
    def all_stages(self) -> tuple[Stage, ...]:
        """The declared stages, else one stage of every pillar with the
        category's shortlist."""
        if self.stages:
            return self.stages
        return (
            Stage(
                ALL_PILLARS, ALL_PILLARS_LABEL, tuple(p.id for p in self.pillars), self.shortlist
            ),
        )

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.all_stages if s.id == stage_id), None)


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
class Judge:
    """A member of a panel (one judge file per judge per stage)."""

    id: str
    name: str
    role: str | None = None  # e.g. akademisi, pemerintah, pengusaha, serikat pekerja
    organisation: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Mark:
    """One judge's score of one rubric item of one candidate."""

    judge: str  # Judge.id
    item: str  # rubric indicator id
    score: float
    stage: str | None = None  # the judge file's stage
    # False for scores without a judge of their own (a candidate's
    # `panel_scores`, an `assessors:` panel file): they are never normalised.
    named: bool = True
    date: date | None = None  # the judge file's panel date, printed on sheets


@dataclass(frozen=True)
class Recusal:
    """A judge who stood aside for a candidate: their marks for it (if
    any) are left out, and the sheet lists the recusal."""

    judge: str  # Judge.id
    reason: str
    kind: Literal["conflict", "abstain"]  # a conflict of interest, or an abstention
    stage: str | None = None
    items: tuple[str, ...] = ()  # the rubric items stood aside for; () = all
    date: date | None = None  # the judge file's panel date, printed on sheets


@dataclass(frozen=True)
class Conflict:
    """A conflict of interest found between a judge and a candidate."""

    judge: str  # Judge.id
    grounds: tuple[str, ...]  # "declared", "province", "organisation"
    waived: str | None = None  # the reason, when explicitly waived (the judge scores)


@dataclass(frozen=True)
class Comment:
    judge: str  # Judge.id
    text: str
    stage: str | None = None


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
    # Anonymous scores (the candidate's own `panel_scores`, or an
    # `assessors:` panel file): item -> scores. Judges' files fill `marks`.
    panel_scores: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    panel: tuple[str, ...] = ()  # assessors' names, when given
    # From judge files (docs/formats.md, "Judge files"), in a canonical
    # order (judge id, item), so the order files are read in changes nothing.
    marks: tuple[Mark, ...] = ()
    recusals: tuple[Recusal, ...] = ()
    conflicts: tuple[Conflict, ...] = ()  # every conflict found, waived or not
    comments: tuple[Comment, ...] = ()
    judges: tuple[Judge, ...] = ()  # every judge who scored, recused or commented, by id
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
# Candidates as columns
# --------------------------------------------------------------------------

# Where a field's column holds what (CandidateTable.values):
#   count, money, months, percent  float64, NaN = missing
#   bool                           float64 1.0 / 0.0, NaN = missing
#   level                          object: str, or None = missing
NUMBER_KINDS = frozenset({"count", "money", "months", "percent"})


class _TakenColumns(Mapping[str, "np.ndarray"]):
    """The value columns of some rows of a table, each taken when first
    read: ranking reorders a category of 725,356 rows, and most of its
    fields are never read again (only the rows printed are)."""

    def __init__(self, base: Mapping[str, "np.ndarray"], index: "np.ndarray") -> None:
        self._base = base
        self._index = index
        self._taken: dict[str, np.ndarray] = {}

    @staticmethod
    def of(base: Mapping[str, "np.ndarray"], index: "np.ndarray") -> "_TakenColumns":
        if isinstance(base, _TakenColumns):  # rows of rows: one index into the first
            return _TakenColumns(base._base, base._index[index])
        return _TakenColumns(base, index)

    def __getitem__(self, name: str) -> "np.ndarray":
        got = self._taken.get(name)
        if got is None:
            got = self._taken[name] = self._base[name][self._index]
        return got

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)

    def __contains__(self, name: object) -> bool:
        return name in self._base


def _kind_of(column: "Sequence[object]") -> str:
    """The kind of a column no catalogue names (objects built in memory):
    level when every value given is a string, bool when every one is a
    bool, else a number ("count")."""
    types = {type(x) for x in column if x is not None}
    if types and all(issubclass(t, str) for t in types):
        return "level"
    if types and all(issubclass(t, bool) for t in types):
        return "bool"
    return "count"


def _column_of(column: "Sequence[object]", kind: str) -> "np.ndarray":
    """A field's values as a column of `kind` (see NUMBER_KINDS above).

    A value of another type (True for a count, "12" for a number, 1.0 for
    a yes/no: only objects built in memory, the validator refuses them) is
    never coerced: the column is then kept as the values as given (dtype
    object), and the engine refuses it, naming the candidate."""
    import numpy as np

    n = len(column)
    given = set(map(type, column))
    types = given - {type(None)}
    if kind == "level":
        ok = all(issubclass(t, str) for t in types)
    elif kind == "bool":
        ok = all(issubclass(t, (bool, np.bool_)) for t in types)
    else:
        ok = all(
            issubclass(t, (int, float, np.integer, np.floating))
            and not issubclass(t, (bool, np.bool_))
            for t in types
        )
    if not ok or kind == "level":
        out = np.empty(n, dtype=object)
        out[:] = list(column)
        return out
    if given == {float}:  # every value given, as floats
        return np.array(column, dtype=np.float64).reshape(n)
    return np.array(
        [math.nan if x is None else float(x) for x in column],  # type: ignore[arg-type]
        dtype=np.float64,
    ).reshape(n)


@dataclass(frozen=True, eq=False)
class CandidateTable(Sequence["Candidate"]):
    """Candidates held as columns, one array element per candidate.

    This is how the engine reads candidates (docs/design.md, "Columnar
    candidates"): a table read from a CSV or XLSX file becomes one without
    a Candidate object per row, and YAML candidates become one with
    `from_candidates`. It is a sequence of Candidate: `table[i]` builds
    row i's Candidate on demand (or returns the object it was made from),
    so code that prints a few rows reads them as before, and only the rows
    printed are ever built.

    values: field (section.key) -> column; the kinds' dtypes are above
    (NUMBER_KINDS, "bool", "level" from scoring/fields.py). A field no row
    gives is absent from `values`; a row that does not give a field holds
    NaN (None for a level) there: missing, never a default.
    kinds: field -> its catalogue type, for every column in `values`.
    sources: the files the rows were read from; source_index[i] is row i's
    index into it (-1: built in memory). rows[i] is the row's number in its
    file (the spreadsheet row, header = 1; 0 for a YAML file).
    objects: row -> the Candidate it was made from (YAML files: evidence,
    lists, judges' marks), or None for a row read from a table. None for
    the whole table when no row has one.
    """

    ids: "np.ndarray"  # object: str
    names: "np.ndarray"  # object: str
    categories: "np.ndarray"  # object: str
    periods: "np.ndarray"  # int64
    provinces: "np.ndarray"  # object: str | None
    zones: "np.ndarray"  # object: str | None
    synthetic: "np.ndarray"  # bool
    values: Mapping[str, "np.ndarray"]
    kinds: Mapping[str, str]
    sources: tuple[SourceFile, ...] = ()
    source_index: "np.ndarray | None" = None  # int32, None = all -1
    rows: "np.ndarray | None" = None  # int64, None = all 0
    objects: "np.ndarray | None" = None  # object: Candidate | None

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> Candidate:  # type: ignore[override]
        n = len(self)
        if isinstance(i, slice):
            return self.take(range(n)[i])  # type: ignore[return-value]
        if not isinstance(i, int):
            i = int(i)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        if self.objects is not None and self.objects[i] is not None:
            return self.objects[i]  # type: ignore[no-any-return]
        values: dict[str, Value] = {}
        for name, column in self.values.items():
            x = column[i]
            kind = self.kinds[name]
            if kind == "level":
                if x is not None:
                    values[name] = str(x)
            elif not math.isnan(x):
                values[name] = bool(x) if kind == "bool" else float(x)
        index = -1 if self.source_index is None else int(self.source_index[i])
        return Candidate(
            id=str(self.ids[i]),
            name=str(self.names[i]),
            category=str(self.categories[i]),
            period=int(self.periods[i]),
            province=self.provinces[i],
            zone=self.zones[i],
            synthetic=bool(self.synthetic[i]),
            values=values,
            source=self.sources[index] if index >= 0 else None,
        )

    def source_of(self, i: int) -> SourceFile | None:
        index = -1 if self.source_index is None else int(self.source_index[i])
        return self.sources[index] if index >= 0 else None

    def row_of(self, i: int) -> int:
        return 0 if self.rows is None else int(self.rows[i])

    def take(self, index: "np.ndarray | Sequence[int]") -> "CandidateTable":
        """The rows `index` (a subset, or all, in that order), every column alike."""
        import numpy as np

        idx = np.asarray(index, dtype=np.int64)
        return CandidateTable(
            ids=self.ids[idx],
            names=self.names[idx],
            categories=self.categories[idx],
            periods=self.periods[idx],
            provinces=self.provinces[idx],
            zones=self.zones[idx],
            synthetic=self.synthetic[idx],
            values=_TakenColumns.of(self.values, idx),
            kinds=self.kinds,
            sources=self.sources,
            source_index=None if self.source_index is None else self.source_index[idx],
            rows=None if self.rows is None else self.rows[idx],
            objects=None if self.objects is None else self.objects[idx],
        )

    def with_objects(
        self, index: "np.ndarray | Sequence[int]", candidates: "Sequence[Candidate]"
    ) -> "CandidateTable":
        """The table with row index[j]'s Candidate replaced by candidates[j]
        (a table row that a panel file scored, with its marks), every other
        row as it was; the columns are unchanged (the objects carry the
        same values)."""
        import numpy as np

        idx = np.asarray(index, dtype=np.int64)
        if not len(idx):
            return self
        objects = (
            np.full(len(self), None, dtype=object) if self.objects is None else self.objects.copy()
        )
        held = np.empty(len(idx), dtype=object)
        held[:] = list(candidates)
        objects[idx] = held
        return replace(self, objects=objects)

    def object_rows(self) -> "np.ndarray":
        """Indices of the rows that keep a Candidate object (YAML rows, and
        table rows a panel file scored), ascending."""
        import numpy as np

        if self.objects is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.not_equal(self.objects, np.array(None, dtype=object)))

    def column(self, name: str, kind: str | None = None) -> "np.ndarray":
        """Field `name`'s column; all missing when no row gives it (of
        `kind`, scoring/fields.py's type, when the table has no such column)."""
        import numpy as np

        if name in self.values:
            return self.values[name]
        if (kind or self.kinds.get(name)) == "level":
            return np.full(len(self), None, dtype=object)
        return np.full(len(self), np.nan, dtype=np.float64)

    @staticmethod
    def from_candidates(
        candidates: "Sequence[Candidate]", kinds: Mapping[str, str]
    ) -> "CandidateTable":
        """The columns of Candidate objects; each row keeps its object.
        `kinds`: field -> catalogue type (scoring/fields.py FIELDS' types)."""
        if isinstance(candidates, CandidateTable):
            return candidates
        import numpy as np

        cands = list(candidates)
        n = len(cands)

        def obj(values: "Sequence[object]") -> "np.ndarray":
            out = np.empty(n, dtype=object)
            out[:] = list(values)
            return out

        from operator import methodcaller

        dicts = [c.values for c in cands]
        names: set[str] = set()
        for d in dicts:
            names.update(d)
        values: dict[str, np.ndarray] = {}
        kinds_of: dict[str, str] = {}
        for name in sorted(names):
            col = list(map(methodcaller("get", name), dicts))
            kind = kinds.get(name) or _kind_of(col)
            kinds_of[name] = kind
            values[name] = _column_of(col, kind)
        sources: list[SourceFile] = []
        where: dict[SourceFile, int] = {}
        index = np.full(n, -1, dtype=np.int32)
        for i, c in enumerate(cands):
            if c.source is not None:
                if c.source not in where:
                    where[c.source] = len(sources)
                    sources.append(c.source)
                index[i] = where[c.source]
        return CandidateTable(
            ids=obj([c.id for c in cands]),
            names=obj([c.name for c in cands]),
            categories=obj([c.category for c in cands]),
            periods=np.array([c.period for c in cands], dtype=np.int64).reshape(n),
            provinces=obj([c.province for c in cands]),
            zones=obj([c.zone for c in cands]),
            synthetic=np.array([c.synthetic for c in cands], dtype=bool).reshape(n),
            values=values,
            kinds=kinds_of,
            sources=tuple(sources),
            source_index=index,
            rows=None,
            objects=obj(cands),
        )

    @staticmethod
    def concat(tables: "Sequence[CandidateTable]") -> "CandidateTable":
        """The rows of several tables, in order (a folder of YAML and CSV)."""
        import numpy as np

        tables = [t for t in tables]
        if len(tables) == 1:
            return tables[0]
        kinds: dict[str, str] = {}
        for t in tables:
            kinds.update(t.kinds)

        def cat(get):  # type: ignore[no-untyped-def]
            parts = [get(t) for t in tables]
            return np.concatenate(parts) if parts else np.empty(0, dtype=object)

        sources: list[SourceFile] = []
        where: dict[SourceFile, int] = {}
        index_parts = []
        for t in tables:  # a file read into two tables is one source
            for src in t.sources:
                if src not in where:
                    where[src] = len(sources)
                    sources.append(src)
            local = (
                np.full(len(t), -1, dtype=np.int32) if t.source_index is None else t.source_index
            )
            remap = np.array([where[src] for src in t.sources] + [-1], dtype=np.int32)
            index_parts.append(remap[local])  # -1 -> the last entry, -1
        any_objects = any(t.objects is not None for t in tables)
        return CandidateTable(
            ids=cat(lambda t: t.ids),
            names=cat(lambda t: t.names),
            categories=cat(lambda t: t.categories),
            periods=cat(lambda t: t.periods).astype(np.int64),
            provinces=cat(lambda t: t.provinces),
            zones=cat(lambda t: t.zones),
            synthetic=cat(lambda t: t.synthetic).astype(bool),
            values={k: cat(lambda t, k=k: t.column(k, kinds[k])) for k in sorted(kinds)},
            kinds=kinds,
            sources=tuple(sources),
            source_index=np.concatenate(index_parts) if index_parts else None,
            rows=cat(lambda t: np.zeros(len(t), dtype=np.int64) if t.rows is None else t.rows),
            objects=(
                cat(
                    lambda t: (
                        np.full(len(t), None, dtype=object) if t.objects is None else t.objects
                    )
                )
                if any_objects
                else None
            ),
        )


# --------------------------------------------------------------------------
# Results (engine output): columnar, one array element per candidate
# --------------------------------------------------------------------------

STATUS_CODES: dict[str, int] = {"ok": 0, "missing": 1, "pending": 2}


@dataclass(frozen=True)
class JudgeScore:
    """One judge's score of an item, as scored and as aggregated."""

    judge: str  # Judge.id ("#1", "#2", ... for anonymous scores)
    score: float  # as scored
    used: float  # after normalisation (== score when not normalised)
    normalised: bool


@dataclass(frozen=True)
class Aggregate:
    """A rubric item of one candidate: the judges' scores and what they
    make. It is the `raw` of a panel indicator's column.

    value: the aggregated score on the rubric's scale, None when no valid
    score or fewer than the quorum (the item is then pending). It is an
    exact rational (a Fraction-like number, score.exact) so thresholds and
    ties are decided exactly; normalised scores are rounded to 6 decimals
    first (docs/design.md, "Panel aggregation").
    """

    scores: tuple[JudgeScore, ...]  # valid scores, by judge id
    recused: tuple[Recusal, ...]  # judges left out for this item
    value: object | None  # exact rational, or None
    method: Aggregation  # what was applied ("mean" when trimmed-mean had < 5)
    declared: Aggregation  # what the criteria declare
    quorum: int
    spread: float | None  # highest - lowest valid score (as scored), None without scores
    flagged: bool  # spread above the category's disagreement threshold

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def below_quorum(self) -> bool:
        return 0 < len(self.scores) < self.quorum


@dataclass(frozen=True)
class JudgeNote:
    """Whether a judge's scores were normalised in a stage, and why not."""

    judge: str
    stage: str | None
    normalised: bool
    reason: str  # "" when normalised; "fewer-than-3" | "no-spread" | "anonymous"
    count: int  # scores the judge gave in the stage


@dataclass(frozen=True, eq=False)
class RawParts:
    """An indicator's raw values as columns (IndicatorColumn.raw of every
    input but `panel`): `raw[k]` is what candidate k gave, built on demand.

    parts: the columns of the fields the input reads, in input order (its
    fields, then the fallback), dtypes as in CandidateTable.values; kinds:
    each part's catalogue type. raw[k] is the single value (float, bool or
    str; None when missing) for a `field` input, else the tuple of the
    parts' values (ratio with a fallback: (A, B, fallback)).
    """

    parts: tuple["np.ndarray", ...]
    kinds: tuple[str, ...]
    single: bool  # a `field` input: raw[k] is the value, not a 1-tuple

    def __len__(self) -> int:
        return len(self.parts[0]) if self.parts else 0

    def _value(self, j: int, k: int) -> Value | None:
        x = self.parts[j][k]
        kind = self.kinds[j]
        if kind == "level":
            return None if x is None else str(x)
        if x != x:  # NaN: missing
            return None
        return bool(x) if kind == "bool" else float(x)

    def __getitem__(self, k: int) -> object:
        k = int(k)
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        if self.single:
            return self._value(0, k)
        return tuple(self._value(j, k) for j in range(len(self.parts)))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values_at(range(len(self))))

    def values_at(self, index: "np.ndarray | Sequence[int]") -> list[object]:
        """raw[k] for every k of `index`, in order (one pass per part)."""
        import numpy as np

        idx = np.asarray(index, dtype=np.int64)
        columns = []
        for part, kind in zip(self.parts, self.kinds):
            got = part[idx].tolist()
            if kind == "level" or part.dtype != np.float64:
                columns.append([None if x is None else x for x in got])
            elif kind == "bool":
                columns.append([None if x != x else bool(x) for x in got])
            else:
                columns.append([None if x != x else x for x in got])
        if self.single:
            return columns[0] if columns else []
        return list(zip(*columns)) if columns else [() for _ in range(len(idx))]

    def take(self, index: "np.ndarray | Sequence[int]") -> "RawParts":
        import numpy as np

        idx = np.asarray(index, dtype=np.int64)
        return RawParts(tuple(p[idx] for p in self.parts), self.kinds, self.single)


@dataclass(frozen=True, eq=False)
class PanelRaw:
    """A panel (rubric) indicator's raw values: one Aggregate per candidate
    (IndicatorColumn.raw of a `panel` input). `raw[k]` is candidate k's;
    the candidates no panel scored share one empty Aggregate."""

    aggregates: "np.ndarray"  # object: Aggregate

    def __len__(self) -> int:
        return len(self.aggregates)

    def __getitem__(self, k: int) -> Aggregate:
        if isinstance(k, slice):  # rows start..stop, as a list (export chunks)
            return self.aggregates[k].tolist()  # type: ignore[no-any-return]
        return self.aggregates[int(k)]  # type: ignore[no-any-return]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.aggregates.tolist())

    def values_at(self, index: "np.ndarray | Sequence[int]") -> list[object]:
        import numpy as np

        return self.aggregates[np.asarray(index, dtype=np.int64)].tolist()  # type: ignore[no-any-return]

    def take(self, index: "np.ndarray | Sequence[int]") -> "PanelRaw":
        import numpy as np

        return PanelRaw(self.aggregates[np.asarray(index, dtype=np.int64)])


@dataclass(frozen=True)
class IndicatorColumn:
    indicator: Indicator
    # The candidates' value(s) as given, as columns: a RawParts for every
    # input but `panel`, whose raw is a PanelRaw (one Aggregate each).
    # raw[k] is candidate k's (None when missing), built on demand.
    raw: "RawParts | PanelRaw"
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
class Cutoff:
    """Where a stage's shortlist ends (docs/formats.md, "Stages")."""

    size: int  # the shortlist size applied
    override: bool  # given with --top, not the criteria's
    passed: int  # how many are shortlisted (more than size only on an exact tie)
    last_in: str | None  # candidate id of the last shortlisted
    first_out: str | None  # candidate id of the first not shortlisted
    margin: float | None  # last_in's total - first_out's total (None without both)
    # At the cut-off the totals were equal and a tie-break pillar decided
    # (its id), or "" when they were not equal; "exact-tie" when nothing
    # separated them and all of them passed.
    tie: str = ""


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    candidates: CandidateTable  # in ranked order (scored: in input order)
    indicators: tuple[IndicatorColumn, ...]
    pillars: tuple[PillarColumn, ...]
    total: "np.ndarray"  # the stage's basis (every pillar without stages)
    max_total: "np.ndarray"  # the basis's maximum less pending weight
    rank: "np.ndarray"  # competition ranks: 1, 2, 2, 4; 0 = incomplete, not ranked
    missing_count: "np.ndarray"
    pending_count: "np.ndarray"
    # Staged ranking (rank.stages): the stage ranked; None before ranking.
    stage: Stage | None = None
    stage_auto: bool = False  # chosen as the latest stage with a complete candidate
    complete: "np.ndarray | None" = None  # bool: every basis item scored
    shortlisted: "np.ndarray | None" = None  # bool
    cutoff: Cutoff | None = None
    judge_notes: tuple[JudgeNote, ...] = ()  # normalisation, per judge and stage
    # Every candidate of the category that was ranked (the first stage's
    # entrants), in input order: a later stage's result depends on all of
    # them (they decided the shortlist), so its audit hash covers them.
    pool: CandidateTable | None = None

    @property
    def ranked_from(self) -> CandidateTable:
        """The candidates this result was decided among (`pool`, else its own)."""
        return self.candidates if self.pool is None else self.pool


@dataclass(frozen=True)
class Ranking:
    criteria: Criteria
    results: tuple[CategoryResult, ...]  # in the criteria's category order
