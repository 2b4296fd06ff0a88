"""The JSON ranking written from the columns (export._JsonLines) against
the same lines written row by row, as before: one CandidateRow per
candidate (rows.candidate_row), its dict (`_candidate_json`, numbers
rounded one at a time by `_round`) encoded by the json module. The two
must give the same text, byte for byte, for every kind of result: the
helpers' and hostile candidates, staged results with judges (scores,
recusals, comments, waived conflicts), evidence, SYNTHETIC pools from YAML
files and from a CSV table, judged by synthetic panels, in both shapes the
exports read (tests/test_export_columns.py, `columnar`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import panel_fixtures as pf
import pytest
from paritrana.scoring import pipeline
from paritrana.scoring.model import Evidence, Ranking
from paritrana.scoring.render import export
from paritrana.scoring.render.rows import RowPlan, candidate_row
from render_helpers import make_candidates, make_ranking
from test_export_columns import _hostile, columnar


def rows_lines(ranking: Ranking) -> list[list[str]]:
    """Each category's candidate lines, row by row (the JSON before the
    columnar lines)."""
    out = []
    for r in ranking.results:
        plan = RowPlan(r)
        out.append(
            [
                export._ENCODE(export._candidate_json(candidate_row(r, k, plan=plan)))
                for k in range(len(r.candidates))
            ]
        )
    return out


def columns_lines(ranking: Ranking, chunk: int) -> list[list[str]]:
    """The same from the columns, `chunk` rows at a time."""
    out = []
    for r in ranking.results:
        lines = export._JsonLines(r)
        size = len(r.candidates)
        got: list[str] = []
        for start in range(0, size, chunk):
            got += lines.lines(start, min(start + chunk, size))
        out.append(got)
    return out


def through_rows(ranking: Ranking, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many rows the columnar lines write through their CandidateRow."""
    calls = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return candidate_row(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(export, "candidate_row", counted)
        columns_lines(ranking, 500)
    return len(calls)


def _with_evidence() -> Ranking:
    """The helpers' candidates, one with evidence on two fields (one of
    them twice, which an indicator lists once) and one with a page."""
    gamma, alfa, beta = make_candidates()
    report = Evidence("laporan-2022.pdf", "12")
    alfa = replace(
        alfa,
        evidence={
            "workforce.registered": report,
            "workforce.employed": (report, Evidence("lampiran \u202e.pdf")),
        },
    )
    return make_ranking([gamma, alfa, beta])


def _yaml_pool(tmp_path: Path, judges: int = 0) -> Ranking:
    """SYNTHETIC YAML candidates read and ranked as `rank` does; with
    `judges`, a synthetic panel scores the last stage of each category."""
    folders = []
    for category, seed in (("kabupaten-kota", 3), ("badan-usaha-besar", 4), ("ukm", 5)):
        folder = tmp_path / category
        folder.mkdir(parents=True)
        pipeline.generate_synthetic(
            None,
            category,
            40,
            seed,
            0.1,
            folder,
            judges=judges,
            stage="wawancara" if judges else None,
        )
        folders.append(folder)
    panel = [f / "panel" for f in folders if (f / "panel").is_dir()]
    inputs = pipeline.load_inputs(None, folders, cwd=tmp_path, panel_paths=panel)
    return pipeline.rank_inputs(inputs)


def _table_pool(tmp_path: Path) -> Ranking:
    """SYNTHETIC candidates from one CSV table (rows without objects)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    pipeline.generate_synthetic_table(None, "badan-usaha-besar", 60, 7, 0.1, tmp_path)
    tables = sorted(tmp_path.glob("*.csv"))
    inputs = pipeline.load_inputs(None, tables, cwd=tmp_path)
    return pipeline.rank_inputs(inputs)


def _documents_pool(tmp_path: Path) -> Ranking:
    """SYNTHETIC YAML candidates without panel scores (as the national
    edition's: the documents only), of every category."""
    from paritrana.scoring.synthetic import generate, write_candidates

    criteria, _problems, _files = pipeline.load_criteria(pipeline.default_criteria())
    assert criteria is not None
    folder = tmp_path / "documents"
    for n, category in enumerate(criteria.categories):
        docs = generate(criteria, category.id, 15, 20 + n, missing_rate=0.2, panel_rate=0.0)
        write_candidates(folder / category.id, docs, seed=20 + n)
    return pipeline.rank_inputs(pipeline.load_inputs(None, [folder], cwd=tmp_path))


RANKINGS = {
    "helpers": lambda _: make_ranking(),
    "hostile": lambda _: _hostile(),
    "evidence": lambda _: _with_evidence(),
    "stage-dokumen": lambda _: pf.dokumen(top=1),
    "stage-dokumen-tied": lambda _: pf.dokumen_tied(),
    "stage-wawancara": lambda _: pf.wawancara(),
    "yaml-pool": _yaml_pool,
    "yaml-pool-judged": lambda tmp: _yaml_pool(tmp, judges=3),
    "table-pool": _table_pool,
    "documents-pool": _documents_pool,
}


@pytest.mark.parametrize("name", sorted(RANKINGS))
@pytest.mark.parametrize("shape", ["as-read", "columnar"])
def test_columnar_json_lines_are_the_row_by_row_lines(
    name: str, shape: str, tmp_path: Path
) -> None:
    ranking = RANKINGS[name](tmp_path)
    if shape == "columnar":
        ranking = columnar(ranking)
    expected = rows_lines(ranking)
    for chunk in (1, 7, 500):  # chunk boundaries change nothing
        assert columns_lines(ranking, chunk) == expected
    # every line is one JSON object (the lines are joined by ",\n")
    for lines in expected:
        for line in lines:
            assert isinstance(json.loads(line), dict)


def test_the_fast_path_is_taken_for_rows_without_panel_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Candidates without panel scores or judges (the national edition's
    # documents, a table's rows): no row is written through its
    # CandidateRow, so the comparison above tests the columns.
    for ranking in (_documents_pool(tmp_path / "d"), _table_pool(tmp_path / "t")):
        assert sum(len(r.candidates) for r in ranking.results) > 0
        assert through_rows(ranking, monkeypatch) == 0
    # Anonymous panel scores on some candidates: both paths, the rows a
    # panel scored through CandidateRow, the others from the columns.
    ranking = _yaml_pool(tmp_path / "y")
    total = sum(len(r.candidates) for r in ranking.results)
    assert 0 < through_rows(ranking, monkeypatch) < total


def test_the_whole_document_is_unchanged_by_the_chunk_size(tmp_path: Path) -> None:
    ranking = _yaml_pool(tmp_path)
    whole = "".join(export.ranking_json_chunks(ranking, "x"))
    assert "".join(export.ranking_json_chunks(ranking, "x", chunk=3)) == whole
    doc = json.loads(whole)
    assert [len(c["candidates"]) for c in doc["categories"]] == [
        len(r.candidates) for r in ranking.results
    ]


def test_text_values_are_written_as_the_encoder_writes_them() -> None:
    # _text and _raw_text against json.dumps (ensure_ascii off) of the
    # value, and of `_plain` of a raw value: whole floats as integers,
    # non-finite as null, dates as ISO text, tuples as lists.
    dumps = export._ENCODE
    for value in (None, True, False, 0, -3, 10**20, 0.1, -0.0, 1e-7, 2.5e15, 'a"b\\', "é\u202e"):
        assert export._text(value) == dumps(value)
    for raw in (
        12.0,
        12.5,
        -0.0,
        1e300,
        float("nan"),
        float("inf"),
        (56.0, None, "perda"),
        [True, 3],
        date(2023, 2, 20),
        (date(2023, 2, 20), 1.5),
    ):
        assert export._raw_text(raw) == dumps(export._plain(raw))
    with pytest.raises(ValueError):  # NaN is refused, as the encoder refuses it
        export._text(float("nan"))
