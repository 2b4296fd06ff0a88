"""The columnar ranking CSV (scoring/render/columns.py, export.py) against
a row-by-row rendering of the same results (rows.py's CandidateRow, row
by row through `_csv_cells`, as the CSV was written before issue 10, with
the numbers' text of the same rule: `_numbers`), and the column
conversions against the scalar ones they stand for.

Results are tried in both shapes the exports read: candidates as a tuple
and raw values as tuples (the engine before issue 10), and candidates as a
CandidateTable with raw values as RawParts (the columnar engine).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import panel_fixtures as pf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.model import CandidateTable, CategoryResult, Ranking, RawParts
from paritrana.scoring.render import export
from paritrana.scoring.render.cells import csv_text
from paritrana.scoring.render.export import (
    _csv_cells,
    _csv_number,
    _csv_value,
    _numbers,
    _texts,
    csv_header,
    ranking_csv,
    ranking_csv_chunks,
)
from paritrana.scoring.render.rows import candidate_rows
from render_helpers import make_candidates, make_ranking

KINDS = {name: f.type for name, f in FIELDS.items()}
HYPERLINK = '=HYPERLINK("http://127.0.0.1/x","y")'


def rows_csv(ranking: Ranking) -> str:
    """The CSV as it was written before the columnar export: one
    CandidateRow per candidate, its cells through `_csv_cells`."""
    header = csv_header(ranking)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(h) for h in header])
    for r in ranking.results:
        for row in candidate_rows(r):
            c = row.candidate
            cells: dict[str, object] = {
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
            writer.writerow(_csv_cells([cells.get(h) for h in header]))
    return out.getvalue()


def columnar(ranking: Ranking) -> Ranking:
    """The same ranking in the columnar engine's shape: candidates as a
    CandidateTable, every non-panel raw as RawParts over its columns."""

    def one(result: CategoryResult) -> CategoryResult:
        table = CandidateTable.from_candidates(result.candidates, KINDS)
        indicators = []
        for col in result.indicators:
            inp = col.indicator.input
            if inp.kind == "panel":
                indicators.append(col)
                continue
            names = inp.fields + ((inp.fallback,) if inp.fallback else ())
            kinds = tuple(KINDS.get(f, "count") for f in names)
            parts = tuple(table.column(f, k) for f, k in zip(names, kinds))
            indicators.append(replace(col, raw=RawParts(parts, kinds, inp.kind == "field")))
        return replace(result, candidates=table, indicators=tuple(indicators))  # type: ignore[arg-type]

    return replace(ranking, results=tuple(one(r) for r in ranking.results))


def _hostile() -> Ranking:
    gamma, alfa, beta = make_candidates()
    alfa = replace(alfa, name="+1+1, with a comma", province="=2*3", zone="\t=1+1")
    beta = replace(beta, name=HYPERLINK, province="-2+3", zone="@SUM(A1:A9)")
    gamma = replace(
        gamma,
        name='Kota "Medan"\r=1+1',
        province="Kota\x07Medan\x00\x1b[31m\u202e",
        zone="'quoted",
    )
    return make_ranking([gamma, alfa, beta])


def _synthetic(tmp_path: Path) -> Ranking:
    """300 SYNTHETIC candidates (paritrana synth), read and ranked as `rank` does."""
    from paritrana.scoring.pipeline import generate_synthetic, load_inputs, rank_inputs

    folders = []
    for category, seed in (("kabupaten-kota", 3), ("badan-usaha-besar", 4), ("ukm", 5)):
        folder = tmp_path / category
        folder.mkdir()
        generate_synthetic(None, category, 100, seed, 0.1, folder)
        folders.append(folder)
    return rank_inputs(load_inputs(None, folders, cwd=tmp_path))


RANKINGS = {
    "helpers": make_ranking,
    "hostile": _hostile,
    "stage-dokumen": lambda: pf.dokumen(top=1),
    "stage-wawancara": pf.wawancara,
}


@pytest.mark.parametrize("name", sorted(RANKINGS))
def test_columnar_csv_is_the_row_by_row_csv(name: str) -> None:
    ranking = RANKINGS[name]()
    assert ranking_csv(ranking) == rows_csv(ranking)
    # and in the columnar engine's shape, against the rows of that shape
    col = columnar(ranking)
    assert ranking_csv(col) == rows_csv(col)


def test_hostile_cells_are_quoted_and_neutralised() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(ranking_csv(_hostile()), newline=""))}
    # csv_text: a quote in front of a formula start; escapes for controls;
    # the comma and the quotes survive the CSV quoting.
    assert rows["kota-alfa"]["name"] == "'+1+1, with a comma"
    assert rows["kota-alfa"]["zone"] == "\\t=1+1"
    assert rows["kabupaten-beta"]["name"] == "'" + HYPERLINK
    assert rows["kota-gamma"]["name"] == 'Kota "Medan"\\r=1+1'
    assert rows["kota-gamma"]["province"] == "Kota\\x07Medan\\x00\\x1b[31m\\u202e"
    assert rows["kota-gamma"]["zone"] == "''quoted"


def test_synthetic_pool_columnar_csv_is_row_by_row(tmp_path: Path) -> None:
    ranking = _synthetic(tmp_path)
    expected = rows_csv(ranking)
    assert ranking_csv(ranking) == expected
    # The columnar engine's shape gives the very same text: validated
    # values are floats, so RawParts' floats print as the tuples' did.
    assert ranking_csv(columnar(ranking)) == expected
    # Chunk boundaries change nothing (7 rows at a time: 100 = 14 x 7 + 2).
    assert "".join(ranking_csv_chunks(ranking, chunk=7)) == expected
    # header + one line per entrant of each category's stage ranked (a
    # staged category lists only the shortlisted of the stage before)
    assert expected.count("\n") == 1 + sum(len(r.candidates) for r in ranking.results)
    # The JSON and the workbook read the columnar shape alike.
    from datetime import date

    from paritrana.scoring.render.export import ranking_json
    from paritrana.scoring.render.xlsx import ranking_xlsx

    assert ranking_json(columnar(ranking), "x") == ranking_json(ranking, "x")
    day = date(2022, 4, 8)
    # the whole file, its audit hash over the candidate tables included
    assert b"".join(export.render_chunks(columnar(ranking), "json", "id", day)) == b"".join(
        export.render_chunks(ranking, "json", "id", day)
    )
    assert _sheets(ranking_xlsx(columnar(ranking), "id", day)) == _sheets(
        ranking_xlsx(ranking, "id", day)
    )


def _sheets(data: bytes) -> list[list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]


# --------------------------------------------------------------------------
# Column conversions against the scalar cells they stand for
# --------------------------------------------------------------------------

# Every number's text is the rounded value (round(v, 6), Python's exact
# rounding of the double's binary value) as Arrow writes a float64: the
# shortest digits that read back as that double, no ".0" on a whole
# number, a point below 1e10 and an exponent from there (Arrow's rule).
# Working for the less obvious ones in each comment.
EDGES: list[tuple[float, str | None]] = [
    (0.0, "0"),
    (-0.0, "0"),  # a negative zero is written as 0
    (1.0, "1"),
    (2234.0, "2234"),  # whole: no ".0"
    (-5.5, "-5.5"),
    (84.84848484848484, "84.848485"),  # 84.848484|848...: the 7th digit 8 rounds up
    (5e-7, "0"),  # the double is 4.99999999999999977e-7, below the half: 0
    (1.5e-6, "0.000002"),  # the double is 1.50000000000000004e-6, above the half
    (2.5e-6, "0.000003"),  # 2.50000000000000020e-6: above the half
    (1.0000005, "1.000001"),  # 1.00000050000000007: above the half
    (0.00005, "0.00005"),  # Python's repr would write 5e-05
    (0.0001, "0.0001"),
    (0.00009999995, "0.0001"),  # 0.0000999999500000000013: above the half
    (123456789.1234565, "123456789.123456"),  # 123456789.1234564930...: below
    (484646400.0, "484646400"),
    (8589934592.5, "8589934592.5"),  # 2**33 + 0.5
    (-8589934591.25, "-8589934591.25"),
    (9999999999.0, "9999999999"),  # the last whole number before the exponent form
    (10000000000.0, "1e+10"),
    (1500000000000.0, "1.5e+12"),  # rupiah: still the exact number, read back as such
    (999999999999999.9, "9.999999999999999e+14"),
    (1e15, "1e+15"),
    (3.2e15, "3.2e+15"),
    (4503599627370495.5, "4.5035996273704955e+15"),  # 2**52 - 0.5: every digit kept
    (9007199254740994.0, "9.007199254740994e+15"),  # whole, above 2**53
    # the literal is the double 123456789012345664 (spacing 16): 17 digits
    (1.2345678901234567e17, "1.2345678901234566e+17"),
    (5e-324, "0"),  # rounds to 0
    (1.7976931348623157e308, "1.7976931348623157e+308"),
    (math.nan, None),  # missing: an empty cell
    (math.inf, None),
    (-math.inf, None),
]


def test_number_column_edges() -> None:
    values = np.array([v for v, _ in EDGES])
    assert _numbers(values).to_pylist() == [text for _, text in EDGES]
    # the row-by-row cells write the same text (empty for a missing number)
    assert [_csv_number(v) for v, _ in EDGES] == [text or "" for _, text in EDGES]


def _scalar(values: list[float]) -> list[str | None]:
    """Arrow's text of Python's round(v, 6) of each value, one by one."""
    import pyarrow as pa

    rounded = [round(v, 6) + 0.0 if math.isfinite(v) else None for v in values]
    return pa.array(rounded, pa.float64()).cast(pa.string()).to_pylist()  # type: ignore[no-any-return]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=50))
def test_number_column_rounds_as_python(values: list[float]) -> None:
    assert _numbers(np.array(values, dtype=np.float64)).to_pylist() == _scalar(values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e12, max_value=1e12).map(lambda x: round(x, 7)),
        max_size=50,
    )
)
def test_number_column_near_the_sixth_decimal(values: list[float]) -> None:
    # Values with 7 decimals: every rounding decision at the 6th is a half
    # or near one, where NumPy's rint(x * 1e6) could differ from round().
    assert _numbers(np.array(values, dtype=np.float64)).to_pylist() == _scalar(values)


def test_number_column_many_random_values() -> None:
    rng = np.random.default_rng(10)
    values = np.concatenate(
        [
            rng.uniform(-100, 100, 20_000),
            rng.lognormal(10, 6, 20_000),
            np.round(rng.uniform(0, 1e6, 20_000), 7),
            rng.integers(0, 10**12, 20_000).astype(np.float64),
        ]
    )
    assert _numbers(values).to_pylist() == _scalar(values.tolist())


def test_parts_cells() -> None:
    # Ratio parts joined by "/", each part as a number cell; the joined
    # text is text to a spreadsheet, so a leading minus gets the quote.
    assert _csv_cells([(56.0, 66.0), (-3.0, 5.0), (None, None), (56.0, None, 12.5)]) == [
        "56/66",
        "'-3/5",
        "",
        "56//12.5",
    ]
    assert _csv_value(84.84848484848484) == "84.848485"
    assert _csv_value(True) == "true" and _csv_value(None) == "" and _csv_value(3) == "3"
    assert _csv_value("=1+1") == "'=1+1"


TEXT = st.text(
    alphabet=st.sampled_from(list("aZ09 ,\"'=+-@\t\r\n\x00\x07\x1b\x7f\x9b\u202e\u2028é")),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=30))
def test_text_column_is_csv_text(values: list[str | None]) -> None:
    expected = [None if v is None else csv_text(v) for v in values]
    assert _texts(np.array(values + [None], dtype=object)[:-1]).to_pylist() == expected


# --------------------------------------------------------------------------
# The file: a byte-order mark for Excel; chunks as they are produced
# --------------------------------------------------------------------------


def test_csv_file_starts_with_a_byte_order_mark_and_stdout_does_not() -> None:
    from datetime import date

    ranking = make_ranking()
    day = date(2022, 4, 8)
    data = b"".join(export.render_chunks(ranking, "csv", "id", day))
    assert data.startswith(b"\xef\xbb\xbfedition,category,rank,")
    assert data[3:].decode("utf-8") == ranking_csv(ranking)
    plain = b"".join(export.render_chunks(ranking, "csv", "id", day, bom=False))
    assert plain == data[3:]
    # Python's utf-8-sig reader (as Excel does) reads the header cleanly.
    first = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert first[0] == "edition"


def test_csv_rows_are_written_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    ranking = make_ranking()
    pieces = list(ranking_csv_chunks(ranking, chunk=1))
    # header, then one piece per candidate (3 in the helpers' category)
    assert len(pieces) == 4
    assert pieces[0].startswith("edition,")
    assert all(p.count("\n") == 1 for p in pieces)


def test_text_column_reads_a_slice_and_large_strings() -> None:
    import pyarrow as pa
    from paritrana.scoring.render.cells import csv_texts

    values = ["a", "=1", None, "", "'q", "-2", "é=", "+x", "\x07"]
    # a quote in front of = ' - +; "é=" starts with a two-byte character,
    # not a formula; the bell is escaped
    expected = ["a", "'=1", None, "", "''q", "'-2", "é=", "'+x", "\\x07"]
    sliced = pa.array(["pad", "=pad"] + values, pa.string())[2:]  # offset 2 into the buffers
    assert csv_texts(sliced).to_pylist() == expected
    assert csv_texts(pa.array(values, pa.large_string())).to_pylist() == expected
    assert csv_texts(np.array(values, dtype=object)).to_pylist() == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-(10**10) - 5, max_value=10**10 + 5),
            st.integers(min_value=-(2**53), max_value=2**53),
        ).map(float)
        | st.sampled_from([-0.0, math.nan, math.inf, 9999999999.0, 1e10, -1e10]),
        max_size=50,
    )
)
def test_whole_number_columns_write_as_arrow_writes_the_float(values: list[float]) -> None:
    # A column of whole numbers (counts, rupiah) is written from int64
    # (`_numbers`' fast path): the same text as Arrow's float64 cast of
    # Python's round, the exponent form from 1e10 and -0.0 as 0 included.
    assert _numbers(np.array(values, dtype=np.float64)).to_pylist() == _scalar(values)


def test_whole_numbers_need_no_python_rounding() -> None:
    # Wages in rupiah over 563 million: v * 1e6 is 2**49 or more, where the
    # band `_round6` checks around a half is wider than 0.5. A whole number
    # is its own rounding and is not sent to Python's round (1.4 million
    # such cells in the 725,356-employer pool).
    from paritrana.scoring.render.export import _round6

    values = np.array([3.0346521385e10, 563_000_000.0, 4_503_599_628.0, 4_503_599_627.0, 0.5e-6])
    rounded, unsure = _round6(values)
    assert rounded[:4].tolist() == values[:4].tolist()
    assert unsure.tolist() == [False, False, False, False, True]  # 0.0000005: a true half


def test_a_search_of_the_texts_bytes_sees_only_the_slice() -> None:
    import pyarrow as pa
    from paritrana.scoring.render.export import _may_hold

    padded = pa.array(["a,b", 'x"y', "plain", "text", None, "", "z\n"], pa.string())
    assert _may_hold(padded, b",") and _may_hold(padded, b"\n")
    assert not _may_hold(padded[2:6], b',"\n\r')  # the marks are in the buffer, not the slice
    assert _may_hold(padded[1:3], b'"') and not _may_hold(padded[1:3], b",")
    assert _may_hold(pa.array(["plain", "a,b"], pa.large_string()), b",")
    assert not _may_hold(pa.chunked_array([padded[2:4], padded[3:6]]), b',"')
    assert _may_hold(pa.chunked_array([padded[2:4], padded[:1]]), b",")
    assert not _may_hold(pa.nulls(3, pa.string()), b",")
    assert not _may_hold(pa.array([], pa.string()), b",")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet='ab,"\r\n é'), max_size=20), st.integers(0, 5))
def test_a_search_of_the_texts_bytes_is_a_search_of_each_text(texts: list[str], skip: int) -> None:
    import pyarrow as pa
    from paritrana.scoring.render.export import _may_hold

    arr = pa.array(texts, pa.string())[min(skip, len(texts)) :]
    for mark in ",", '"', "\n", "\r":
        expected = any(mark in t for t in arr.to_pylist())
        assert _may_hold(arr, mark.encode()) is expected


@pytest.mark.parametrize("name", ["helpers", "hostile", "stage-wawancara"])
@pytest.mark.parametrize("chunk", [1, 2])
def test_chunks_converted_by_two_threads_are_the_same_bytes_in_order(
    name: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranking = columnar(RANKINGS[name]())
    monkeypatch.setattr(export, "_workers", lambda: 1)
    alone = list(export._csv_bytes(ranking, chunk=chunk))
    monkeypatch.setattr(export, "_workers", lambda: 2)
    threaded = list(export._csv_bytes(ranking, chunk=chunk))
    assert threaded == alone
    assert b"".join(threaded).decode("utf-8") == rows_csv(ranking)


def test_a_writer_that_stops_early_leaves_no_thread_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(export, "_workers", lambda: 2)
    before = {t.ident for t in threading.enumerate()}
    pieces = export._csv_bytes(columnar(make_ranking()), chunk=1)
    assert next(pieces).startswith(b"edition,")  # the header
    assert next(pieces).count(b"\n") == 1  # the first row, while the next are converted
    pieces.close()  # the writer failed (a full disk): the generator is closed
    assert {t.ident for t in threading.enumerate() if t.name.startswith("csv")} <= before


def test_a_chunks_error_reaches_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_workers", lambda: 2)

    def broken(*_args: object) -> bytes:
        raise RuntimeError("chunk failed")

    monkeypatch.setattr(export, "_rows_bytes", broken)
    with pytest.raises(RuntimeError, match="chunk failed"):
        list(export._csv_bytes(columnar(make_ranking()), chunk=1))
