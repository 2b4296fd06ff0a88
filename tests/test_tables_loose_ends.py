"""Candidate tables where they meet the rest of the tool: `improve
--against` with a peer table (the rules of the command's own inputs,
--rejects included), warnings told apart by (file, row), `verify` of a
changed table, PTSP when a row gives only the regulation level, and a
table with no candidate rows. Every row is SYNTHETIC."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.pipeline import load_inputs, rank_inputs, split_warnings

ROOT = Path(__file__).resolve().parent.parent
LANGSA = ROOT / "candidates" / "kota-langsa.yaml"
KAB = "id,name,category,period,villages.total,villages.enrolled"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def rejects_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.fixture()
def peers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """mine.yaml (kota-langsa) and peers/t.csv: kab-a valid, kab-b with 20
    of 10 villages enrolled (an error of row 3, column 6)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(LANGSA, tmp_path / "mine.yaml")
    (tmp_path / "peers").mkdir()
    (tmp_path / "peers" / "t.csv").write_text(
        f"{KAB}\nkab-a,Kabupaten A (SINTETIS),kabupaten-kota,2022,10,5\n"
        "kab-b,Kabupaten B (SINTETIS),kabupaten-kota,2022,10,20\n",
        encoding="utf-8",
    )
    return tmp_path


# --------------------------------------------------------------------------
# 1. improve --against: the peers follow the rules of the command's inputs
# --------------------------------------------------------------------------

BAD_PEER = "peers/t.csv:3:6: villages.enrolled (20) exceeds villages.total (10)"


def test_a_bad_peer_row_fails_improve_before_any_advice(peers: Path) -> None:
    result = invoke("improve", "mine.yaml", "--against", "peers")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert BAD_PEER in lines
    assert (
        "peers/t.csv: 1 row has errors; fix it, or give --rejects FILE.csv to set such rows "
        "aside (with their reasons) and go on with the others"
    ) in lines
    assert result.stdout == ""  # no advice printed above a failed run


def test_rejects_sets_a_bad_peer_row_aside_and_improve_goes_on(peers: Path) -> None:
    result = invoke(
        "improve", "mine.yaml", "--against", "peers", "--rejects", "r.csv", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert (
        "r.csv: warning: 1 table row set aside, written with its reasons to this file"
        in result.stderr.splitlines()
    )
    # Ranked among kab-a alone (kab-b set aside): of 2. Langsa's 21.58 is
    # above kab-a's, which has 2 of its 18 inputs, the villages.
    assert "Rank now: 1 of 2 (total 21.58 of 80.00)" in result.stdout.splitlines()
    rows = rejects_rows(peers / "r.csv")
    assert rows[0] == [*KAB.split(","), "file", "row", "column", "problem"]
    assert rows[1:] == [
        ["kab-b", "Kabupaten B (SINTETIS)", "kabupaten-kota", "2022", "10", "20", "peers/t.csv",
         "3", "villages.enrolled", "villages.enrolled (20) exceeds villages.total (10)"],
    ]  # fmt: skip


def test_the_rejects_file_keeps_the_rows_of_both_loads_each_once(peers: Path) -> None:
    # The command's own inputs (main.csv) set kab-c aside; the peers read
    # main.csv again and peers/t.csv: kab-c once, then kab-b, by file and row.
    (peers / "main.csv").write_text(
        f"{KAB}\nkab-x,Kabupaten X (SINTETIS),kabupaten-kota,2022,20,10\n"
        "kab-c,Kabupaten C (SINTETIS),kabupaten-kota,2022,5,9\n",
        encoding="utf-8",
    )
    result = invoke(
        "improve", "kab-x", "--candidates", "main.csv", "--against", "peers", "--rejects", "r.csv"
    )
    assert result.exit_code == 0, result.output
    rows = rejects_rows(peers / "r.csv")
    assert [(r[0], r[6], r[7]) for r in rows[1:]] == [
        ("kab-c", "main.csv", "3"),
        ("kab-b", "peers/t.csv", "3"),
    ]
    assert "r.csv: warning: 2 table rows set aside, written with their reasons to this file" in (
        result.stderr.splitlines()
    )


def test_improve_pdf_with_a_bad_peer_row_follows_the_same_rules(peers: Path) -> None:
    failed = invoke("improve", "mine.yaml", "--against", "peers", "--pdf", "r.pdf")
    assert failed.exit_code == 1
    assert BAD_PEER in failed.stderr.splitlines()
    assert not (peers / "r.pdf").exists()
    went_on = invoke(
        "improve", "mine.yaml", "--against", "peers", "--pdf", "r.pdf", "--rejects", "r.csv"
    )
    assert went_on.exit_code == 0, went_on.output
    assert (peers / "r.pdf").exists()
    assert [r[0] for r in rejects_rows(peers / "r.csv")[1:]] == ["kab-b"]


def test_rejects_inside_the_peers_folder_is_refused_before_anything_is_written(
    peers: Path,
) -> None:
    result = invoke("improve", "mine.yaml", "--against", "peers", "--rejects", "peers/r.csv")
    assert result.exit_code == 2
    assert (
        "--rejects peers/r.csv: it is inside the candidates folder peers, so the next run would "
        "read it as candidates; write it elsewhere"
    ) in result.output
    assert not (peers / "peers" / "r.csv").exists()


# --------------------------------------------------------------------------
# 2. Warnings of a table told apart by (file, row)
# --------------------------------------------------------------------------

# Every row below gives only 1 of the 18 inputs of kabupaten-kota
# (villages.total), so each row has one "inputs missing" warning at its id
# cell (column 1); `zzz` is an unknown column, a warning of the header
# (row 1, column 5).
WIDE = "id,name,category,period,zzz,villages.total"


@pytest.fixture()
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "t.csv").write_text(
        f"{WIDE}\nkab-a,A (SINTETIS),kabupaten-kota,2022,,10\n"
        "kab-b,B (SINTETIS),kabupaten-kota,2022,,10\n"
        "kab-c,C (SINTETIS),kabupaten-kota,2022,,10\n"
        "kab-d,D (SINTETIS),kabupaten-kota,2022,,abc\n",
        encoding="utf-8",
    )
    return tmp_path


def where(warnings: list) -> list[tuple[int, int]]:  # type: ignore[type-arg]
    return sorted((w.line, w.column) for w in warnings)


def test_a_table_row_shown_shows_its_own_warnings_and_the_files(table: Path) -> None:
    inputs = load_inputs(None, [Path("d")], rejects=Path("r.csv"))
    assert {w.path for w in inputs.warnings} == {"d/t.csv", "r.csv"}
    mine = [w for w in inputs.warnings if w.path == "d/t.csv"]
    shown, counted = split_warnings(inputs, ["kab-b"])
    shown = [w for w in shown if w.path == "d/t.csv"]
    # kab-b is row 3; the header's warning (1, 5) is the file's; kab-a (2),
    # kab-c (4) and the row set aside, kab-d (5: its error, a warning with
    # --rejects, at column 6), are other rows: counted.
    assert where(shown) == [(1, 5), (3, 1)]
    assert where(counted) == [(2, 1), (4, 1), (5, 6)]
    assert len(shown) + len(counted) == len(mine)


def test_a_named_table_shows_every_row_only_when_no_candidate_is_reported_on(
    table: Path,
) -> None:
    inputs = load_inputs(None, [Path("d/t.csv")], rejects=Path("r.csv"))
    everything, none = split_warnings(inputs)  # rank: the table named is reported on
    assert where([w for w in everything if w.path == "d/t.csv"]) == [
        (1, 5), (2, 1), (3, 1), (4, 1), (5, 6),
    ]  # fmt: skip
    assert none == []
    shown, counted = split_warnings(inputs, ["kab-a", "kab-c"])  # score kab-a kab-c
    assert where([w for w in shown if w.path == "d/t.csv"]) == [(1, 5), (2, 1), (4, 1)]
    assert where(counted) == [(3, 1), (5, 6)]


def test_score_of_one_table_row_lists_that_rows_warning_and_counts_the_others(
    table: Path,
) -> None:
    result = invoke("score", "kab-b", "--candidates", "d", "--rejects", "r.csv")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert [line.split(": warning:")[0] for line in lines if line.startswith("d/t.csv:")] == [
        "d/t.csv:1:5",
        "d/t.csv:3:1",
    ]
    assert "3 more warnings in 1 candidate file" in result.stderr


# --------------------------------------------------------------------------
# 3. verify names a changed table once
# --------------------------------------------------------------------------


def test_verify_names_a_changed_table_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    table = tmp_path / "c" / "t.csv"
    table.write_text(
        f"{KAB}\nkab-a,A (SINTETIS),kabupaten-kota,2022,10,5\n"
        "kab-b,B (SINTETIS),kabupaten-kota,2022,10,6\n"
        "kab-c,C (SINTETIS),kabupaten-kota,2022,10,7\n",
        encoding="utf-8",
    )
    shutil.copy(LANGSA, tmp_path / "c" / "kota-langsa.yaml")
    made = invoke("scorecard", "--candidates", "c", "-o", "out", "--jobs", "1", "kab-a")
    assert made.exit_code == 0, made.output
    assert invoke("verify", "--candidates", "c", "out/kab-a.pdf").exit_code == 0
    # Every row of the table changed (and one more added): still one file.
    table.write_text(
        table.read_text(encoding="utf-8").replace(",10,", ",11,")
        + "kab-d,D (SINTETIS),kabupaten-kota,2022,10,8\n",
        encoding="utf-8",
    )
    result = invoke("verify", "--candidates", "c", "out/kab-a.pdf")
    assert result.exit_code == 1
    listed = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed == ["  differs: c/t.csv (candidate)"]


# --------------------------------------------------------------------------
# 4. PTSP when a row gives the regulation level: as from `regulations:`
# --------------------------------------------------------------------------


def test_a_level_without_ptsp_reads_as_the_same_regulations_in_yaml(tmp_path: Path) -> None:
    # YAML: one regulation, a dedicated perda not scoped ptsp. Derived:
    # regulation.dedicated_level = perda, regulation.supporting_count = 0,
    # policy.ptsp_required = false (regulations given, none scoped ptsp).
    (tmp_path / "y").mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "y" / "kab-a.yaml").write_text(
        "id: kab-a\nname: Kabupaten A (SINTETIS)\ncategory: kabupaten-kota\nperiod: 2022\n"
        "synthetic: true\nregulations:\n"
        "  - {type: perda, number: '1', year: 2020, title: Jaminan Sosial, scope: [dedicated]}\n"
        "villages: {total: 10, enrolled: 5}\n",
        encoding="utf-8",
    )
    # The table: the same level and count, no PTSP column at all.
    (tmp_path / "c" / "t.csv").write_text(
        "id,name,category,period,synthetic,regulation.dedicated_level,"
        "regulation.supporting_count,villages.total,villages.enrolled\n"
        "kab-a,Kabupaten A (SINTETIS),kabupaten-kota,2022,ya,perda,0,10,5\n",
        encoding="utf-8",
    )
    seen = []
    for folder in ("y", "c"):
        inputs = load_inputs(None, [tmp_path / folder])
        ptsp = inputs.candidates.values["policy.ptsp_required"].tolist()
        missing = [w.message for w in inputs.warnings]
        assert len(missing) == 1 and "policy.ptsp_required" not in missing[0]
        result = next(r for r in rank_inputs(inputs).results if r.category.id == "kabupaten-kota")
        seen.append((ptsp, result.total.tolist(), missing[0].split(":")[1]))
    assert seen[0] == seen[1]
    assert seen[0][0] == [0.0]  # false, not missing (NaN)


def test_ptsp_written_or_no_level_is_left_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "id,name,category,period,regulation.dedicated_level,policy.ptsp_required\n"
        "kab-a,A (SINTETIS),kabupaten-kota,2022,perda,ya\n"  # written: kept, true
        "kab-b,B (SINTETIS),kabupaten-kota,2022,none,\n"  # level none given: false
        "kab-c,C (SINTETIS),kabupaten-kota,2022,,\n",  # no level: PTSP stays missing
        encoding="utf-8",
    )
    inputs = load_inputs(None, [tmp_path / "t.csv"])
    values = inputs.candidates.values["policy.ptsp_required"]
    assert values[:2].tolist() == [1.0, 0.0]
    assert values[2] != values[2]  # NaN: missing
    by_id = {w.message.split(":")[0]: w.message for w in inputs.warnings}
    assert "policy.ptsp_required" in by_id["kab-c"]
    assert "policy.ptsp_required" not in by_id["kab-b"]


# --------------------------------------------------------------------------
# 5. A table with no candidate rows is an error naming the file
# --------------------------------------------------------------------------


def test_a_blank_template_read_back_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written = invoke("template", "--category", "kabupaten-kota", "-o", "sub.xlsx")
    assert written.exit_code == 0, written.output
    result = invoke("validate", "--candidates", "sub.xlsx")
    assert result.exit_code == 1
    # The template's header is row 3 (labels and units above it); its
    # sheet is named in the workbook's language (Bahasa Indonesia by default).
    assert result.stderr.splitlines() == [
        "sub.xlsx: sheet 'Kandidat' has no candidate rows, only its header (row 3); give "
        "one row per candidate below it",
        "1 problem found; nothing was scored.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "id,name,category,period\n",
        "id,name,category,period\n,,,\n,,,\n\n",
        "id,name,category,period\n  , ,\t,\n\u00a0,,,\n",
    ],
    ids=["header only", "empty rows", "rows of spaces"],
)
def test_a_csv_with_no_candidate_rows_is_an_error_beside_yaml_files_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # As an empty candidate file in a folder is an error, not "0 candidates".
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    shutil.copy(LANGSA, tmp_path / "c" / "kota-langsa.yaml")
    (tmp_path / "c" / "h.csv").write_text(text, encoding="utf-8")
    result = invoke("validate", "--candidates", "c")
    assert result.exit_code == 1
    assert (
        "c/h.csv: the table has no candidate rows, only its header (row 1); give one row per "
        "candidate below it"
    ) in result.stderr.splitlines()


def test_a_read_table_frees_the_files_columns_without_the_garbage_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The raw table (the file's Arrow columns: some 430 MB at 725,356 rows)
    # must be gone when read_table returns, so that its memory goes back to
    # the system before scoring; a cycle through the problems' messages
    # kept it until a collection (docs/benchmarks.md, "National scale").
    import gc
    import weakref

    from paritrana.scoring.pipeline import default_criteria, load_criteria
    from paritrana.scoring.validate import tables as vt

    path = tmp_path / "t.csv"
    path.write_text(
        KAB + "\nkab-a,Kab A,kabupaten-kota,2022,10,5\nkab-a,Kab B,kabupaten-kota,2022,10,2\n",
        encoding="utf-8",
    )
    criteria, _diags, _paths = load_criteria(default_criteria())
    assert criteria is not None
    seen: list[weakref.ref[object]] = []
    load = vt.load_table

    def spy(p: Path):  # type: ignore[no-untyped-def]
        raw, problems = load(p)
        seen.append(weakref.ref(raw))
        return raw, problems

    monkeypatch.setattr(vt, "load_table", spy)
    gc.disable()
    try:
        read = vt.read_table(path, criteria)
        assert len(read.rejected) == 1  # kab-a twice: the message's closure holds the reader
        assert seen and seen[0]() is None
    finally:
        gc.enable()


def test_rows_holding_only_spaces_are_not_candidates(tmp_path: Path) -> None:
    # Excel leaves rows of blank-looking cells below the data; a cell's
    # value is read trimmed, so a row of spaces is an empty row, not a
    # candidate whose id is empty.
    path = tmp_path / "t.csv"
    path.write_text(
        KAB + "\nkab-a,Kab A,kabupaten-kota,2022,10,5\n , ,  ,,\t,\n,,,,,\n   ,,,,,\n",
        encoding="utf-8",
    )
    inputs = load_inputs(None, [path], cwd=tmp_path)  # raises on an error
    assert list(inputs.candidates.ids) == ["kab-a"]
    assert [d.line for d in inputs.warnings if d.line > 2] == []  # nothing about rows 3-5
