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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np  # loaded with columns.py anyway

from ... import __version__
from ..messages import _
from ..model import Aggregate, CandidateTable, CategoryResult, OrdinalRule, Ranking
from ..progress import task
from .cells import csv_text, csv_texts
from .columns import STATUS_NAMES, CategoryColumns, category_columns, panel_raw
from .rows import (
    CandidateRow,
    PanelRow,
    RowPlan,
    StageView,
    _evidence_in,
    _panel,
    candidate_row,
    input_fields,
    stage_view,
)

if TYPE_CHECKING:
    from ..output import InputGuard

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
    if text.isascii():  # nothing to escape (a scan at memory speed, unlike the search)
        return text
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


def _indicator_json(i: Any, rounded: Sequence[object] | None = None) -> dict[str, Any]:
    """An indicator of a candidate; `rounded`: its derived (None for an
    ordinal rule, whose derived value is a level's name), score, weight and
    points already through `_round` (`_rounded`, a whole column at once)."""
    if rounded is None:
        derived, score, weight, points = (
            _round(i.derived),
            _round(i.score),
            _round(i.weight),
            _round(i.points),
        )
    else:
        derived, score, weight, points = rounded  # type: ignore[assignment]
        if isinstance(i.indicator.rule, OrdinalRule):
            derived = _round(i.derived)
    out = {
        "id": i.indicator.id,
        "pillar": i.pillar.id,
        "raw": _plain(i.raw),
        "derived": derived,
        "score": score,
        "weight": weight,
        "nominal_weight": i.indicator.weight,
        "points": points,
        "status": i.status,
        "missing_policy": i.indicator.missing,
        "evidence": [{"document": e.document, "page": e.page} for e in i.evidence],
    }
    if i.panel is not None:
        out["panel"] = _panel_json(i.panel)
    return out


def _rounded(values: "np.ndarray") -> list[float | None]:
    """`_round(float(v))` of every element, the column at once (`_round6`;
    Python's round where NumPy could differ)."""
    import numpy as np

    x = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(x)
    y, unsure = _round6(np.where(finite, x, 0.0))
    out: list[float | None] = y.tolist()
    for k in np.flatnonzero(unsure & finite).tolist():
        out[k] = round(float(x[k]), 6)
    for k in np.flatnonzero(~finite).tolist():
        out[k] = None
    return out


@dataclass(frozen=True)
class _Chunk:
    """The numbers of rows start..stop of a result, rounded for JSON."""

    start: int
    total: list[float | None]
    max_total: list[float | None]
    pillars: list[tuple[list[float | None], list[float | None]]]
    indicators: list[tuple[list[float | None], ...]]

    @staticmethod
    def of(r: CategoryResult, start: int, stop: int) -> "_Chunk":
        sl = slice(start, stop)
        return _Chunk(
            start,
            _rounded(r.total[sl]),
            _rounded(r.max_total[sl]),
            [(_rounded(p.points[sl]), _rounded(p.max_points[sl])) for p in r.pillars],
            [
                tuple(_rounded(a[sl]) for a in (c.derived, c.score, c.weight, c.points))
                for c in r.indicators
            ],
        )


def _candidate_json(row: CandidateRow, chunk: _Chunk | None = None, k: int = 0) -> dict[str, Any]:
    """A candidate's JSON object; `chunk` holds its numbers rounded (row
    k of the result), else they are rounded here."""
    c = row.candidate
    if chunk is None:
        total, max_total = _round(row.total), _round(row.max_total)
        pillars = {
            p.pillar.id: {"points": _round(p.points), "max": _round(p.max_points)}
            for p in row.pillars
        }
        indicators = [_indicator_json(i) for i in row.indicators]
    else:
        j = k - chunk.start
        total, max_total = chunk.total[j], chunk.max_total[j]
        pillars = {
            p.pillar.id: {"points": pts[j], "max": most[j]}
            for p, (pts, most) in zip(row.pillars, chunk.pillars)
        }
        indicators = [
            _indicator_json(i, tuple(col[j] for col in cols))
            for i, cols in zip(row.indicators, chunk.indicators)
        ]
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
        "total": total,
        "max_total": max_total,
        "pillars": pillars,
        "indicators": indicators,
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


def _category_head(r: CategoryResult) -> dict[str, Any]:
    """A category's JSON object without its candidates (they are streamed)."""
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
    }


# What a candidate's line holds, written from the columns: the text the
# json module writes for `_candidate_json(candidate_row(...))` (ensure_ascii
# off, NaN refused, the default separators ", " and ": "), byte for byte
# (tests/test_export_json.py compares the two on every kind of row). A row
# whose judges scored, recused, commented or declared a conflict is written
# through its CandidateRow: only such rows carry per-candidate panel data.
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_INF = float("inf")


def _text(value: Any) -> str:
    """The JSON text of one value, as the encoder writes it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    return _ENCODE(value)  # a finite float (repr), a list; NaN raises as before


def _raw_text(value: Any) -> str:
    """`_text(_plain(value))`, without the copy: a raw value's JSON."""
    kind = type(value)
    if kind is float:
        if value != value or value == _INF or value == -_INF:
            return "null"
        return int.__repr__(int(value)) if value.is_integer() else float.__repr__(value)
    if kind is tuple or kind is list:
        return "[" + ", ".join([_raw_text(v) for v in value]) + "]"
    if value is None or value is True or value is False or kind is str or kind is int:
        return _text(value)
    return _ENCODE(_plain(value))


def _number_texts(values: list[float | None]) -> list[str]:
    """The JSON text of `_rounded` numbers: a float's repr, null for None."""
    return ["null" if v is None else float.__repr__(v) for v in values]


def _evidence_text(evidence: Sequence[Any]) -> str:
    return (
        "["
        + ", ".join(
            '{"document": ' + _text(e.document) + ', "page": ' + _text(e.page) + "}"
            for e in evidence
        )
        + "]"
    )


def _sources_text(sources: Sequence[Any]) -> str:
    return "[" + ", ".join(_source_text(s) for s in sources) + "]"


def _source_text(source: Any) -> str:
    if not source:
        return "null"
    return '{"path": ' + _text(source.path) + ', "sha256": ' + _text(source.sha256) + "}"


_STATUS_TEXTS = np.array([encode_basestring(name) for name in STATUS_NAMES.tolist()], dtype=object)


def _judged(c: Any) -> bool:
    """Does a judges' file speak of this candidate (marks, recusals,
    comments, conflicts)? Such rows are written through their CandidateRow."""
    return bool(c.judges or c.recusals or c.comments or c.marks or c.conflicts)


class _JsonLines:
    """The JSON lines of a category's candidates, from its columnar view
    (columns.category_columns, the view the CSV is written from), a chunk
    of rows at a time: the numbers rounded a column at a time (`_Chunk`),
    each indicator's objects written a column at a time from fixed pieces
    (its id, pillar, nominal weight, missing policy), and only what is
    per candidate read per candidate (evidence, source). A rubric item
    nobody scored gives every candidate one panel object, written once."""

    def __init__(self, result: CategoryResult):
        self.result = result
        self.view = category_columns(result)
        self.plan: RowPlan | None = None  # for rows written through CandidateRow
        table = result.candidates
        self.table = table if isinstance(table, CandidateTable) else None
        # id(Aggregate) -> its panel object's text, for rubric items
        # nobody scored (`keep` holds them, so an id is not reused).
        self.unscored: dict[int, str] = {}
        self.keep: list[object] = []
        self.stage = _text(result.stage.id) if result.stage is not None else "null"
        self.columns = []
        for cells in self.view.indicators:
            ind = cells.column.indicator
            panel = ind.input.kind == "panel"
            empty = (
                _ENCODE(
                    _panel_json(
                        PanelRow((), (), None, "mean", ind.aggregation, 1, None, False, "none")
                    )
                )
                if panel
                else ""
            )
            self.columns.append(
                (
                    cells,
                    '{"id": '
                    + _text(ind.id)
                    + ', "pillar": '
                    + _text(cells.pillar.id)
                    + ', "raw": ',
                    ', "nominal_weight": ' + _text(ind.weight) + ', "points": ',
                    ', "missing_policy": ' + _text(ind.missing) + ', "evidence": ',
                    input_fields(ind),
                    panel,
                    empty,
                )
            )
        self.pillars = [_text(p.id) + ': {"points": ' for p, _, _ in self.view.pillars]

    def _objects(self, start: int, stop: int) -> list[Any]:
        """Each row's Candidate object, None for a table row without one."""
        if self.table is None:
            return list(self.result.candidates[start:stop])
        objects = self.table.objects
        return [None] * (stop - start) if objects is None else objects[start:stop].tolist()

    def _panel_texts(
        self, cells: Any, empty: str, start: int, stop: int, slow: list[bool]
    ) -> tuple[list[str], list[str]]:
        """A rubric item's raw and panel texts; `slow` marks the rows some
        judge scored or stood aside from (written through CandidateRow)."""
        raws = cells.column.raw
        r = self.result
        ind = cells.column.indicator
        panels: list[str] = []
        for j, k in enumerate(range(start, stop)):
            raw = raws[k]
            if type(raw) is Aggregate and not raw.scores and not raw.recused:
                text = self.unscored.get(id(raw))
                if text is None:
                    text = _ENCODE(_panel_json(_panel(ind, raw, None, r)[0]))
                    self.unscored[id(raw)] = text
                    self.keep.append(raw)
            elif isinstance(raw, Aggregate) or (isinstance(raw, (list, tuple)) and raw):
                slow[j] = True
                text = ""
            else:
                text = empty
            panels.append(', "panel": ' + text)
        return ["null"] * (stop - start), panels

    def lines(self, start: int, stop: int) -> list[str]:
        """The lines of rows start..stop (ranked order), without separators."""
        view, r = self.view, self.result
        n = stop - start
        sl = slice(start, stop)
        numbers = _Chunk.of(r, start, stop)
        objects = self._objects(start, stop)
        slow = [c is not None and _judged(c) for c in objects]
        evidenced = [j for j, c in enumerate(objects) if c is not None and c.evidence]
        no_panel = [""] * n
        indicators = []
        for (cells, pre, weight, policy, fields, panel, empty), rounded in zip(
            self.columns, numbers.indicators
        ):
            if panel:
                raws, panels = self._panel_texts(cells, empty, start, stop, slow)
            else:
                raws = list(map(_raw_text, view.raw_values(cells, start, stop)))
                panels = no_panel
            derived = (
                _number_texts(rounded[0])
                if cells.derived_level is None
                else list(map(_text, cells.derived_level[sl].tolist()))
            )
            evidence = ["[]"] * n
            for j in evidenced:
                evidence[j] = _evidence_text(_evidence_in(objects[j], fields))
            indicators.append(
                [
                    f'{pre}{a}, "derived": {d}, "score": {s}, "weight": {w}{weight}{p}, '
                    f'"status": {st}{policy}{e}{pn}}}'
                    for a, d, s, w, p, st, e, pn in zip(
                        raws,
                        derived,
                        _number_texts(rounded[1]),
                        _number_texts(rounded[2]),
                        _number_texts(rounded[3]),
                        _STATUS_TEXTS[cells.status[sl]].tolist(),
                        evidence,
                        panels,
                    )
                ]
            )
        pillars = [
            [f'{pre}{a}, "max": {b}}}' for a, b in zip(_number_texts(pts), _number_texts(most))]
            for pre, (pts, most) in zip(self.pillars, numbers.pillars)
        ]
        if self.table is not None:
            table = self.table
            sources = [
                _source_text(c.source if c is not None else table.source_of(k))
                for k, c in zip(range(start, stop), objects)
            ]
        else:
            sources = [_source_text(c.source) for c in objects]
        missing = view.missing_count[sl].tolist()
        pending = view.pending_count[sl].tolist()
        flags = [
            "["
            + ", ".join(([f'"missing:{m}"'] if m else []) + ([f'"pending:{p}"'] if p else []))
            + "]"
            for m, p in zip(missing, pending)
        ]
        stage = self.stage
        out = []
        for j, (
            rank,
            complete,
            shortlisted,
            cid,
            name,
            province,
            zone,
            period,
            synthetic,
        ) in enumerate(
            zip(
                view.rank[sl].tolist(),
                view.complete[sl].tolist(),
                view.shortlisted[sl].tolist(),
                view.ids[sl].tolist(),
                view.names[sl].tolist(),
                view.provinces[sl].tolist(),
                view.zones[sl].tolist(),
                view.periods[sl].tolist(),
                view.synthetic[sl].tolist(),
            )
        ):
            if slow[j]:
                if self.plan is None:
                    self.plan = RowPlan(r)
                row = candidate_row(r, start + j, plan=self.plan)
                out.append(_ENCODE(_candidate_json(row, numbers, start + j)))
                continue
            c = objects[j]
            out.append(
                f'{{"rank": {_text(rank) if rank > 0 else "null"}, "stage": {stage}, '
                f'"complete": {_text(complete)}, "shortlisted": {_text(shortlisted)}, '
                f'"id": {_text(cid)}, "name": {_text(name)}, "province": {_text(province)}, '
                f'"zone": {_text(zone)}, "period": {_text(period)}, '
                f'"synthetic": {_text(synthetic)}, "total": {_number_texts([numbers.total[j]])[0]}, '
                f'"max_total": {_number_texts([numbers.max_total[j]])[0]}, '
                f'"pillars": {{{", ".join(p[j] for p in pillars)}}}, '
                f'"indicators": [{", ".join(i[j] for i in indicators)}], "flags": {flags[j]}, '
                '"recusals": [], "comments": [], "waived_conflicts": [], "panel_dates": [], '
                f'"source": {sources[j]}, '
                f'"panel_sources": {_sources_text(c.panel_sources) if c is not None else "[]"}}}'
            )
        return out


JSON_CHUNK = 500  # candidates encoded per piece written


def ranking_json_chunks(ranking: Ranking, audit: str, chunk: int = JSON_CHUNK) -> Iterator[str]:
    """The JSON document in pieces, as it is produced: the document's and
    each category's head, then its candidates a few hundred at a time,
    one line each (`_JsonLines`: from the columnar view, as the CSV is
    written), as the json module's C encoder writes them without an
    `indent` (which would force the pure-Python one). The whole document
    is never held in memory, nor every candidate's row."""
    crit = ranking.criteria
    encode = _ENCODE
    head = {
        "schema": SCHEMA,
        "tool_version": __version__,
        "audit_sha256": audit,
        "criteria": {
            "edition": crit.edition,
            "title": {"id": crit.title.id, "en": crit.title.en},
            "status": crit.status,
            "files": [{"path": s.path, "sha256": s.sha256} for s in crit.sources],
        },
    }
    # Every object below is encoded whole and reopened at its end ("}"),
    # so the list that follows is its last key.
    yield _json_escape(encode(head)[:-1] + ', "categories": [')
    total = sum(len(r.candidates) for r in ranking.results)
    with task(_("Writing the JSON ranking"), total) as progress:
        for n, r in enumerate(ranking.results):
            sep = "\n" if n == 0 else ",\n"
            yield _json_escape(sep + encode(_category_head(r))[:-1] + ', "candidates": [')
            lines = _JsonLines(r)
            size = len(r.candidates)
            for start in range(0, size, chunk):
                stop = min(start + chunk, size)
                text = ",\n".join(lines.lines(start, stop))
                yield _json_escape(("\n" if start == 0 else ",\n") + text)
                progress.advance(stop - start)
            yield "\n]}"
    yield "\n]}\n"


def ranking_json(ranking: Ranking, audit: str) -> str:
    """The JSON document (schema in docs/outputs.md): `ranking_json_chunks` joined."""
    return "".join(ranking_json_chunks(ranking, audit))


def _csv_number(value: Any) -> str:
    """One number cell: `_csv_cells` of the one value (a float's text made
    by `_numbers`, as every number of the CSV is)."""
    return _csv_cells([value])[0]


def _csv_value(value: Any) -> str:
    """One CSV cell (`_csv_cells` of the one value)."""
    return _csv_cells([value])[0]


def _csv_cells(values: Sequence[Any]) -> list[str]:
    """The CSV cells of Python values, as the columnar export writes them:
    numbers plain (a float through `_numbers`, all of them in one go; a
    bool true/false; None empty), text through `csv_text` (see cells.py).

    Ratio/growth/sum parts are joined by `/` into one text (`56/66`), which
    is text to a spreadsheet too, so it gets the same treatment.
    """
    import numpy as np

    floats: list[float] = []
    for v in values:
        if isinstance(v, float):
            floats.append(v)
        elif isinstance(v, (list, tuple)):
            floats.extend(x for x in v if isinstance(x, float))
    texts = iter(_numbers(np.array(floats, dtype=np.float64)).to_pylist() if floats else ())

    def number(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return next(texts) or ""  # null: NaN or an infinity
        return str(v)

    out: list[str] = []
    for v in values:
        if v is None or isinstance(v, (bool, int, float)):
            out.append(number(v))
        elif isinstance(v, (list, tuple)):
            parts = [x if isinstance(x, str) else number(x) for x in v]
            # nothing given: empty, as for a single value
            out.append("" if all(x is None for x in v) else csv_text("/".join(parts)))
        else:
            out.append(csv_text(str(v)))
    return out


def csv_header(ranking: Ranking) -> list[str]:
    """The CSV's columns: the union over categories, in criteria order;
    issue 8's columns last, so every earlier column keeps its place."""
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
    header += ["missing_policy", "flags", "synthetic", "stage", "complete", "shortlisted"]
    return header


def _header_line(header: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([csv_text(h) for h in header])
    return out.getvalue()


CSV_CHUNK = 20_000  # rows converted and written at a time (peak memory: docs/outputs.md)
BOM = "\ufeff"  # so Excel reads the file as UTF-8


def _csv_bytes(ranking: Ranking, chunk: int = CSV_CHUNK, bom: bool = False) -> Iterator[bytes]:
    """The CSV as UTF-8 in pieces: the header line (after a byte-order mark
    with `bom`), then `chunk` rows at a time, each built column by column
    from the results (columns.py) by the same conversions as the cells of
    `_csv_cells`, never an object per row."""
    header = csv_header(ranking)
    yield ((BOM if bom else "") + _header_line(header)).encode("utf-8")
    total = sum(len(r.candidates) for r in ranking.results)
    workers = _workers() if total > chunk else 1
    with task(_("Writing the CSV ranking"), total) as progress, _Pool(workers) as pool:
        for r in ranking.results:
            view = category_columns(r)
            spans = [(a, min(a + chunk, view.size)) for a in range(0, view.size, chunk)]
            make = partial(_rows_bytes, ranking, view, header)
            for (start, stop), piece in zip(spans, pool.in_order(make, spans), strict=True):
                yield piece
                progress.advance(stop - start)


def _workers() -> int:
    """Threads for the CSV's chunks: two where the process may use two
    cores. Converting a chunk is mostly Arrow's and NumPy's kernels, which
    run without the GIL, so a second thread converts the next chunk while
    this one finishes (docs/benchmarks.md, "National scale")."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 1


class _Pool:
    """Chunks converted by `workers` threads, given back in order, at most
    `workers` + 1 ahead of the one being written (so memory holds a few
    chunks, never the file); one worker: in this thread, one at a time."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: Any = None

    def __enter__(self) -> "_Pool":
        if self.workers > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.executor = ThreadPoolExecutor(self.workers, thread_name_prefix="csv")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:  # also when the writer stopped early
            self.executor.shutdown(wait=True, cancel_futures=True)

    def in_order(
        self, make: Callable[[int, int], bytes], spans: Sequence[tuple[int, int]]
    ) -> Iterator[bytes]:
        if self.executor is None:
            for start, stop in spans:
                yield make(start, stop)
            return
        from collections import deque

        ahead: deque[Any] = deque()
        todo = iter(spans)
        for span in todo:
            ahead.append(self.executor.submit(make, *span))
            if len(ahead) > self.workers:
                break
        while ahead:
            piece = ahead.popleft().result()  # a chunk's exception is raised here
            for span in todo:
                ahead.append(self.executor.submit(make, *span))
                break
            yield piece


def ranking_csv_chunks(ranking: Ranking, chunk: int = CSV_CHUNK) -> Iterator[str]:
    """The CSV text in pieces (`_csv_bytes`, without the byte-order mark)."""
    for piece in _csv_bytes(ranking, chunk):
        yield piece.decode("utf-8")


def ranking_csv(ranking: Ranking) -> str:
    """The CSV text (a file written by `rank` starts with a byte-order mark:
    `render_chunks`): one row per candidate, columns as in `csv_header`,
    then the stage ranked, whether complete and whether shortlisted."""
    return "".join(ranking_csv_chunks(ranking))


# --------------------------------------------------------------------------
# The CSV's cells, a column at a time (pyarrow.compute over whole columns).
# Each function gives exactly what `_csv_cells` gives for every cell of the
# column (tests/test_export_columns.py compares them cell by cell), with a
# null for an empty cell. Numbers are Arrow's text of the rounded float64
# (`_numbers`), in both.
# --------------------------------------------------------------------------


def _round6(x: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """`round(v, 6)` of every finite element, and where NumPy could differ.

    rint(v * 1e6) / 1e6 is Python's correctly rounded result unless v * 1e6
    lies within a few units in the last place of a half (the product's
    rounding could move it across), or is too large for its integer part
    to be exact; whole numbers are their own rounding."""
    import numpy as np

    with np.errstate(invalid="ignore", over="ignore"):
        s = x * 1e6
        r = np.rint(s)
        a = np.abs(s)
        # |s - r| is the distance to the nearest integer; near a half it is
        # within 4 ulps of 0.5 (|s| * 2**-50 is at least 4 * spacing(|s|)).
        near_half = np.abs(np.abs(s - r) - 0.5) <= a * 2.0**-50
        y = r / 1e6  # a whole x below 2**52 / 1e6: r is x * 1e6 exactly, y is x
        big = ~(a < 2.0**52)
        if big.any():  # where the integer part is not exact: whole numbers as they are
            whole = big & (x == np.floor(x))
            y[whole] = x[whole]
            near_half |= big & ~whole
        # A whole x is exact: x * 1e6 is then an integer below 2**52, and so
        # is r; only from 2**49 is the band wide enough to take it in
        # (wages in rupiah over 563 million), and it needs no check.
        flagged = np.flatnonzero(near_half)
        if flagged.size:
            v = x[flagged]
            near_half[flagged[v == np.floor(v)]] = False
        unsure = near_half
    return y, unsure


def csv_rounded(values: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """Every element as the CSV writes it: `round(v, 6)` (Python's round
    where NumPy could differ: `_round6`), a negative zero as 0; and which
    are finite (NaN and the infinities are written as empty cells)."""
    import numpy as np

    x = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(x)
    y, unsure = _round6(np.where(finite, x, 0.0))
    fix = np.flatnonzero(unsure & finite)
    if fix.size:
        y[fix] = [round(v, 6) for v in x[fix].tolist()]
    y += 0.0  # -0.0 + 0.0 is 0.0: no "-0" for a value that rounds to nothing
    return y, finite


def _numbers(values: "np.ndarray") -> Any:
    """The CSV text of every number: `csv_rounded` as Arrow writes a
    float64 (its cast to string, the one pyarrow.csv.write_csv applies):
    the shortest text that reads back as the same double, whole numbers
    without a point (`2234`), from 1e10 in exponent form (`1.5e+12`);
    null for NaN or an infinity. Every number of the CSV is made here, the
    row-by-row cells (`_csv_cells`) included."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    y, finite = csv_rounded(values)
    mask = None if finite.all() else ~finite
    with np.errstate(invalid="ignore"):
        whole = np.abs(y) < WHOLE_TEXT
        whole &= y == np.floor(y)
    if mask is not None:
        whole |= mask
    if whole.all():
        # Arrow writes a whole float64 below 1e10 as the integer's text
        # (2234.0 is `2234`), and makes an int64's text about 2.4 times
        # faster: counts and rupiah are whole (tests/test_export_columns.py).
        return pc.cast(pa.array(y.astype(np.int64), mask=mask), pa.string())
    return pc.cast(pa.array(y, mask=mask), pa.string())


WHOLE_TEXT = 1e10  # from here Arrow writes a whole float64 in exponent form (`1e+10`)


def _integers(values: "np.ndarray", shown: "np.ndarray | None" = None) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = None if shown is None else ~shown
    return pc.cast(pa.array(values, mask=mask), pa.string())


def _bools(values: "np.ndarray") -> Any:
    """true/false; null where a float column (bool kind) is NaN."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    x = np.asarray(values)
    if x.dtype == np.bool_:
        return pc.if_else(pa.array(x), "true", "false")
    given = ~np.isnan(x.astype(np.float64))
    return pc.if_else(pa.array(x.astype(np.float64) != 0, mask=~given), "true", "false")


def _texts(values: Any, neutralise: bool = True) -> Any:
    """`csv_text` of each str (cells.csv_texts: escaped, quote-prefixed
    when it could be a formula); null for None. `neutralise=False`: the
    strings as they are (a column that cannot hold what a person wrote)."""
    import pyarrow as pa

    if not neutralise:
        return values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    return csv_texts(values)


def _statuses(codes: "np.ndarray") -> Any:
    """The status names (ok, missing, pending) of int8 codes (columns.py's
    STATUS_NAMES), taken from the three names as Arrow strings rather
    than made from a Python string per cell."""
    import pyarrow as pa

    names = pa.array(STATUS_NAMES.tolist(), pa.string())
    return names.take(pa.array(codes, pa.int8()))


def _constant(text: str | None, n: int) -> Any:
    import pyarrow as pa

    if text is None or text == "":
        return pa.nulls(n, pa.string())
    return pa.repeat(pa.scalar(text, pa.string()), n)


def _part_texts(values: "np.ndarray", kind: str) -> Any:
    """One part of a ratio, growth or sum as `_csv_cells` joins it: a
    number as `_csv_number`, a level as is, null when missing."""
    if kind == "level":
        return _texts(values, neutralise=False)
    if kind == "bool":
        return _bools(values)
    return _numbers(values)


def _raw_cells(view: CategoryColumns, cells: Any, start: int, stop: int) -> Any:
    """An indicator's raw cells as the CSV writes them (quoted where needed)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = cells.parts
    if cells.column.indicator.input.kind == "panel":
        return _panel_cells(cells.column.raw, start, stop)
    if parts is None:  # a tuple of raw values: their cells in one go
        texts = _csv_cells(view.raw_values(cells, start, stop))
        empty = pa.array([t == "" for t in texts])
        return _quoted(
            pc.if_else(empty, pa.scalar(None, pa.string()), pa.array(texts, pa.string()))
        )
    cols = [p[start:stop] for p in parts.parts]
    if parts.single:
        kind = parts.kinds[0]
        return _quoted(_texts(cols[0])) if kind == "level" else _part_texts(cols[0], kind)
    texts = [_part_texts(c, k) for c, k in zip(cols, parts.kinds)]
    joined = pc.binary_join_element_wise(*texts, "/", null_handling="replace", null_replacement="")
    given = np.zeros(stop - start, dtype=bool)
    for c, k in zip(cols, parts.kinds):
        if k == "level":
            given |= np.array([x is not None for x in c], dtype=bool).reshape(len(given))
        else:
            given |= ~np.isnan(np.asarray(c, dtype=np.float64))
    joined = pc.if_else(pa.array(given), joined, pa.scalar(None, pa.string()))
    if "level" in parts.kinds:
        return _quoted(_texts(joined))
    return _joined_numbers(joined)


def _joined_numbers(joined: Any) -> Any:
    """`csv_text` of numbers joined by `/` (`56/66`, `-3/5`): their text is
    digits, points, `e+`, true/false and slashes, nothing to escape, no
    comma or quote; only a leading minus looks like a formula."""
    import pyarrow.compute as pc

    lead = pc.fill_null(pc.starts_with(joined, "-"), False)
    if not pc.any(lead).as_py():
        return joined
    return pc.if_else(lead, pc.binary_join_element_wise("'", joined, ""), joined)


def _panel_cells(raws: Sequence[object], start: int, stop: int) -> Any:
    """A rubric item's raw cells: its valid scores as scored joined by `/`
    (`_csv_cells` of columns.panel_raw), empty without any. Only reading
    each candidate's scores is done per candidate."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    part = raws[start:stop]
    n = stop - start
    if set(map(type, part)) <= {Aggregate}:
        # The engine's Aggregates: their scores read straight into one
        # column (what panel_raw gives, without a tuple per candidate).
        scores = list(map(attrgetter("scores"), part))
        counts = np.fromiter(map(len, scores), dtype=np.int32, count=n)
        if not counts.any():
            return pa.nulls(n, pa.string())  # nobody scored yet
        every = map(attrgetter("score"), chain.from_iterable(scores))  # C loops, no frames
        flat = np.fromiter(every, dtype=np.float64, count=int(counts.sum()))
    else:
        scored = [panel_raw(a) for a in part]
        if not any(scored):
            return pa.nulls(n, pa.string())
        counts = np.array([0 if s is None else len(s) for s in scored], dtype=np.int32)
        flat = np.array([x for s in scored if s for x in s], dtype=np.float64)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    lists = pa.ListArray.from_arrays(pa.array(offsets), _numbers(flat))
    joined = pc.binary_join(lists, "/")
    joined = pc.if_else(pa.array(counts > 0), joined, pa.scalar(None, pa.string()))
    return _joined_numbers(joined)


def _flags(view: CategoryColumns, start: int, stop: int) -> Any:
    """CandidateRow.flags joined by a space: `missing:N pending:N`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    missing = view.missing_count[start:stop]
    pending = view.pending_count[start:stop]
    m = pc.binary_join_element_wise("missing:", _integers(missing), "")
    p = pc.binary_join_element_wise("pending:", _integers(pending), "")
    both = pc.binary_join_element_wise(m, p, " ")
    out = pc.if_else(
        pa.array(missing > 0),
        pc.if_else(pa.array(pending > 0), both, m),
        pc.if_else(pa.array(pending > 0), p, pa.scalar(None, pa.string())),
    )
    return out


def _quoted(arr: Any) -> Any:
    """csv.writer's minimal quoting: a cell holding a comma, a quote or a
    line break is quoted, its quotes doubled."""
    import pyarrow.compute as pc

    if not _may_hold(arr, b',"\n\r'):
        return arr
    needs = None
    for mark in (",", '"', "\n", "\r"):  # a search for one character is a memchr
        found = pc.match_substring(arr, mark)
        needs = found if needs is None else pc.or_(needs, found)
    needs = pc.fill_null(needs, False)
    if not pc.any(needs).as_py():
        return arr
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, arr)


def _may_hold(arr: Any, marks: bytes) -> bool:
    """Whether the bytes of a string array's texts hold any of `marks`
    (one byte each): one comparison of its bytes per mark, where a search
    per text (`pc.match_substring`) makes a result per text and mark. The
    texts' bytes are one run of the data buffer, from the first text's
    offset to the end of the last."""
    import numpy as np
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    for chunk in chunks:
        _validity, offsets_buf, data_buf = chunk.buffers()[:3]
        if len(chunk) == 0 or data_buf is None or data_buf.size == 0:
            continue
        wide = pa.types.is_large_string(chunk.type)
        offsets = np.frombuffer(offsets_buf, dtype=np.int64 if wide else np.int32)
        begin, end = int(offsets[chunk.offset]), int(offsets[chunk.offset + len(chunk)])
        data = np.frombuffer(data_buf, dtype=np.uint8)[begin:end]  # no copy
        if any((data == mark).any() for mark in marks):
            return True
    return False


def _quote(text: str) -> str:
    """`_quoted` of one cell."""
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def _column_cells(ranking: Ranking, view: CategoryColumns, start: int, stop: int) -> dict[str, Any]:
    """Every column this category has, for rows start..stop, as the CSV
    writes them: text cells (the only ones that can hold a comma or a
    quote) already quoted where needed."""
    n = stop - start
    r = view.result
    sl = slice(start, stop)
    out: dict[str, Any] = {
        "edition": _constant(str(ranking.criteria.edition), n),
        "category": _constant(_quote(csv_text(r.category.id)), n),
        "rank": _integers(view.rank[sl], view.rank[sl] > 0),
        "id": _quoted(_texts(view.ids[sl])),
        "name": _quoted(_texts(view.names[sl])),
        "province": _quoted(_texts(view.provinces[sl])),
        "zone": _quoted(_texts(view.zones[sl])),
        "total": _numbers(view.total[sl]),
        "max_total": _numbers(view.max_total[sl]),
        "missing_policy": _constant(_quote(csv_text(r.category.missing)), n),
        "flags": _flags(view, start, stop),
        "synthetic": _bools(view.synthetic[sl]),
        "stage": _constant(None if r.stage is None else _quote(csv_text(r.stage.id)), n),
        "complete": _bools(view.complete[sl]),
        "shortlisted": _bools(view.shortlisted[sl]),
    }
    for pillar, points, _max in view.pillars:
        out[f"pillar.{pillar.id}"] = _numbers(points[sl])
    for cells in view.indicators:
        key = cells.column.indicator.id
        out[f"{key}.raw"] = _raw_cells(view, cells, start, stop)
        levels = cells.derived_level
        out[f"{key}.derived"] = (
            _numbers(cells.derived[sl]) if levels is None else _quoted(_texts(levels[sl]))
        )
        out[f"{key}.score"] = _numbers(cells.score[sl])
        out[f"{key}.points"] = _numbers(cells.points[sl])
        out[f"{key}.status"] = _statuses(cells.status[sl])
    return out


def _rows_bytes(
    ranking: Ranking, view: CategoryColumns, header: Sequence[str], start: int, stop: int
) -> bytes:
    """Rows start..stop of a category as CSV lines (UTF-8), joined column-wise."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = stop - start
    if n == 0:
        return b""
    cells = _column_cells(ranking, view, start, stop)
    empty = pa.nulls(n, pa.string())
    cols = [cells.get(h, empty) for h in header]
    if not any(_may_hold(c, b'"') for c in cols):
        # No cell was quoted (no cell holds a comma, a quote or a line
        # break: `_quoted`), so the lines are the cells joined by commas:
        # Arrow's CSV writer does that in one pass, and refuses (an error,
        # never a broken line) a cell holding any of them.
        try:
            return _plain_lines(cols)
        except pa.ArrowInvalid:  # pragma: no cover - every such cell is quoted
            pass
    # The line break joined to the last column (a copy of one column, not
    # of every line), then every line in one join.
    cols[-1] = pc.binary_join_element_wise(pc.fill_null(cols[-1], ""), "\n", "")
    lines = pc.binary_join_element_wise(*cols, ",", null_handling="replace", null_replacement="")
    # One buffer holds every line, one after the other: take it whole.
    offsets = np.frombuffer(
        lines.buffers()[1], dtype=np.int64 if lines.type == pa.large_string() else np.int32
    )
    begin, end = int(offsets[lines.offset]), int(offsets[lines.offset + n])
    return lines.buffers()[2][begin:end].to_pybytes()


def _plain_lines(cols: Sequence[Any]) -> bytes:
    """Cells none of which holds a comma, a quote or a line break, as CSV
    lines: comma-separated, nulls as empty cells, each line ended by a
    line feed."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.table({str(i): c for i, c in enumerate(cols)})
    out = pa.BufferOutputStream()
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    pacsv.write_csv(table, out, options)
    return out.getvalue().to_pybytes()


def render_chunks(
    ranking: Ranking, fmt: str, lang: str, generated: date, *, bom: bool = True
) -> Iterator[bytes]:
    """The `rank` command's output in the chosen format, as byte chunks to
    write as they come (`output.write_atomic` takes them). The CSV starts
    with a UTF-8 byte-order mark (`bom`), which tells Excel its encoding;
    standard output gets none (`bom=False`): it is read by programs."""
    if fmt == "csv":
        yield from _csv_bytes(ranking, bom=bom)
        return
    if fmt == "json":
        from ..audit import audit_hash

        pools = [r.ranked_from for r in ranking.results]
        candidates: Any
        if pools and all(isinstance(p, CandidateTable) for p in pools):
            candidates = CandidateTable.concat(pools)  # type: ignore[arg-type]
        else:  # candidates as objects (or none)
            candidates = [c for p in pools for c in p]
        for text in ranking_json_chunks(ranking, audit_hash(ranking.criteria, candidates)):
            yield text.encode("utf-8")
        return
    yield render_ranking(ranking, fmt, lang, generated)


def render_ranking(ranking: Ranking, fmt: str, lang: str, generated: date) -> bytes:
    """The `rank` command's output in the chosen format, as bytes (a CSV
    without the byte-order mark: `render_chunks` adds it for files)."""
    if fmt in ("csv", "json"):
        return b"".join(render_chunks(ranking, fmt, lang, generated, bom=False))
    if fmt == "xlsx":
        from .xlsx import ranking_xlsx

        return ranking_xlsx(ranking, lang, generated)  # type: ignore[arg-type]
    from .table import ranking_table

    return ranking_table(ranking, lang).encode("utf-8")  # type: ignore[arg-type]


def write_output(
    path: Path, data: bytes | Iterable[bytes], inputs: "Sequence[Path] | InputGuard"
) -> None:
    """Atomic write that refuses to overwrite an input file; `data` may be
    chunks, written as they are produced."""
    from ..output import write_atomic

    write_atomic(path, data, inputs=inputs)
