"""Candidate tables on the command line: recursive folders, a CSV beside
YAML files, `--rejects FILE.csv` (read back), exit codes, and a table
scoring as the same candidate written as YAML. Rows are SYNTHETIC."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.load.files import find_candidate_files
from paritrana.scoring.pipeline import load_inputs

ROOT = Path(__file__).resolve().parent.parent
HEAD = "id,name,category,period,workforce.employed,workforce.registered"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """./candidates with a YAML sample at the top and a CSV per province below."""
    monkeypatch.chdir(tmp_path)
    cands = tmp_path / "candidates"
    (cands / "aceh").mkdir(parents=True)
    (cands / "bali").mkdir()
    shutil.copy(ROOT / "candidates" / "kota-langsa.yaml", cands / "kota-langsa.yaml")
    (cands / "aceh" / "ukm.csv").write_text(
        f"{HEAD}\npt-a,PT A (SINTETIS),ukm,2022,100,90\npt-b,PT B (SINTETIS),ukm,2022,100,abc\n",
        encoding="utf-8",
    )
    (cands / "bali" / "ukm.csv").write_text(
        f'{HEAD}\npt-c,=HYPERLINK("http://x"),ukm,2022,50,80\npt-d,PT D (SINTETIS),ukm,2022,40,30\n',
        encoding="utf-8",
    )
    return tmp_path


# --------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------


def test_folders_are_read_recursively_with_tables(tmp_path: Path) -> None:
    for rel in ("b.yaml", "a.csv", "sub/c.xlsx", "sub/deeper/d.yml", "notes.txt", ".git/e.yaml",
                "panel/judge.yaml", "sub/z.YAML"):  # fmt: skip
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    files, problems = find_candidate_files([tmp_path])
    assert problems == []
    # Name order, a sub-folder where its name falls; no hidden folder, no panel/.
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.csv",
        "b.yaml",
        "sub/c.xlsx",
        "sub/deeper/d.yml",
        "sub/z.YAML",
    ]


def test_a_link_loop_and_the_panel_folders_are_not_entered(tmp_path: Path) -> None:
    (tmp_path / "a" / "marks").mkdir(parents=True)
    (tmp_path / "a" / "x.yaml").write_text("x")
    (tmp_path / "a" / "marks" / "j.yaml").write_text("x")
    os.symlink(tmp_path / "a", tmp_path / "a" / "again")
    files, problems = find_candidate_files([tmp_path / "a"], exclude=[tmp_path / "a" / "marks"])
    assert problems == []
    assert files == [tmp_path / "a" / "x.yaml"]


def test_an_empty_folder_tree(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    files, problems = find_candidate_files([tmp_path])
    assert files == []
    assert [(p.path, p.message) for p in problems] == [
        (str(tmp_path), "folder has no .yaml, .yml, .csv or .xlsx files (sub-folders included)")
    ]


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def test_a_bad_row_fails_the_run_and_points_at_rejects(work: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "candidates/aceh/ukm.csv: 1 row has errors; fix it, or give --rejects FILE.csv to set "
        "such rows aside (with their reasons) and go on with the others"
    ) in lines
    assert (
        "candidates/aceh/ukm.csv:3:6: workforce.registered must be a whole number, not 'abc'; "
        "write 120000 or 120.000"
    ) in lines
    # 90 of 100 is fine; 80 of 50 is above its partner: an error of that row.
    assert (
        "candidates/bali/ukm.csv:2:6: workforce.registered (80) exceeds workforce.employed (50)"
        in lines
    )


def test_rejects_sets_rows_aside_and_goes_on(work: Path) -> None:
    result = invoke("rank", "--format", "json", "-o", "out.json", "--rejects", "rejects.csv")
    assert result.exit_code == 0, result.output
    assert (
        "rejects.csv: warning: 2 table rows set aside, written with their reasons to this file"
        in result.output
    )
    ranking = json.loads((work / "out.json").read_text(encoding="utf-8"))
    ids = sorted(c["id"] for cat in ranking["categories"] for c in cat["candidates"])
    assert ids == ["kota-langsa", "pt-a", "pt-d"]

    raw = (work / "rejects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [*HEAD.split(","), "file", "row", "column", "problem"]
    assert rows[1:] == [
        ["pt-b", "PT B (SINTETIS)", "ukm", "2022", "100", "abc", "candidates/aceh/ukm.csv", "3",
         "workforce.registered",
         "workforce.registered must be a whole number, not 'abc'; write 120000 or 120.000"],
        # The name would run as a formula in a spreadsheet: a quote in front.
        ["pt-c", "'=HYPERLINK(\"http://x\")", "ukm", "2022", "50", "80", "candidates/bali/ukm.csv",
         "2", "workforce.registered", "workforce.registered (80) exceeds workforce.employed (50)"],
    ]  # fmt: skip


@pytest.mark.own_language
def test_rejects_speaks_the_users_language(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITRANA_LANG", "id")
    result = invoke("validate", "--rejects", "rejects.csv")
    assert result.exit_code == 0, result.output
    text = (work / "rejects.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[-4:] == ["berkas", "baris", "kolom", "masalah"]


def test_a_corrected_rejects_file_reads_as_a_table_again(work: Path) -> None:
    assert invoke("validate", "--rejects", "rejects.csv").exit_code == 0
    text = (work / "rejects.csv").read_text(encoding="utf-8-sig")
    fixed = (
        text.replace(",abc,", ",95,").replace(",80,", ",40,").replace("'=HYPERLINK", "HYPERLINK")
    )
    (work / "back.csv").write_text(fixed, encoding="utf-8-sig")
    result = invoke("validate", "--candidates", "back.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "unknown column" not in result.output  # the reason columns are not read


def test_rejects_never_overwrites_an_input(work: Path) -> None:
    shutil.copy(work / "candidates" / "aceh" / "ukm.csv", work / "ukm.csv")
    result = invoke("validate", "--candidates", "ukm.csv", "--rejects", "ukm.csv")
    assert result.exit_code == 2
    assert "ukm.csv: refusing to overwrite an input file (ukm.csv)" in result.output
    assert "pt-a,PT A" in (work / "ukm.csv").read_text()


def test_rejects_must_be_a_csv_file(work: Path) -> None:
    result = invoke("validate", "--rejects", "rejects.xlsx")
    assert result.exit_code == 2
    assert "the rejects file is a CSV file; end its name in .csv" in result.output


def test_strict_with_rejects_still_fails(work: Path) -> None:
    result = invoke("validate", "--strict", "--rejects", "rejects.csv")
    assert result.exit_code == 1
    assert (work / "rejects.csv").exists()  # written before the run fails


def test_an_id_in_yaml_and_in_a_table_is_a_duplicate(work: Path) -> None:
    (work / "candidates" / "dup.csv").write_text(
        "id,name,category,period\nkota-langsa,Kota Langsa (copy),kabupaten-kota,2022\n"
    )
    result = invoke("validate", "--rejects", "r.csv")
    assert (
        "candidates/dup.csv:2:1: warning: duplicate candidate id 'kota-langsa' (also in "
        "candidates/kota-langsa.yaml)"
    ) in result.output.splitlines()


def test_an_id_in_two_tables_is_a_duplicate_of_the_later_row(work: Path) -> None:
    # aceh/ukm.csv gives pt-a on row 2; a third table repeats it on row 3.
    (work / "candidates" / "zz.csv").write_text(
        f"{HEAD}\npt-z,PT Z (SINTETIS),ukm,2022,10,5\npt-a,PT A again (SINTETIS),ukm,2022,10,5\n"
    )
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "candidates/zz.csv:3:1: duplicate candidate id 'pt-a' (also in candidates/aceh/ukm.csv:2)"
    ) in result.output.splitlines()


def test_a_csv_named_as_candidate_argument(work: Path) -> None:
    result = invoke("score", "candidates/bali/ukm.csv", "--rejects", "r.csv")
    assert result.exit_code == 0, result.output
    assert "PT D (SINTETIS)" in result.output


def test_a_table_scores_as_the_same_candidate_in_yaml(tmp_path: Path) -> None:
    # One employer, as a YAML file and as a CSV row: the same total.
    (tmp_path / "y").mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "y" / "pt-a.yaml").write_text(
        "id: pt-a\nname: PT A (SINTETIS)\ncategory: ukm\nperiod: 2022\nsynthetic: true\n"
        "workforce:\n  employed: 1.200\n  registered: 1.100\n"
        "compliance:\n  arrears_months: 0\n  owner_registered: ya\n"
        "programmes: [JKK, JKM, JHT]\n"
        "care:\n  promotes_peers: tidak\n",
        encoding="utf-8",
    )
    (tmp_path / "c" / "t.csv").write_text(
        "id;name;category;period;synthetic;workforce.employed;workforce.registered;"
        "compliance.arrears_months;compliance.owner_registered;compliance.programmes;"
        "care.promotes_peers\n"
        "pt-a;PT A (SINTETIS);ukm;2022;ya;1.200;1.100;0;ya;3;tidak\n",
        encoding="utf-8",
    )
    from paritrana.scoring.pipeline import rank_inputs

    totals = []
    for folder in ("y", "c"):
        inputs = load_inputs(None, [tmp_path / folder])
        ranking = rank_inputs(inputs)
        result = next(r for r in ranking.results if r.category.id == "ukm")
        totals.append((result.total.tolist(), result.rank.tolist()))
    assert totals[0] == totals[1]


def test_rejects_inside_the_candidates_folder_is_refused(work: Path) -> None:
    result = invoke("validate", "--rejects", "candidates/aceh/rejects.csv")
    assert result.exit_code == 2
    assert (
        "--rejects candidates/aceh/rejects.csv: it is inside the candidates folder candidates, "
        "so the next run would read it as candidates; write it elsewhere"
    ) in result.output
    assert not (work / "candidates" / "aceh" / "rejects.csv").exists()


def test_a_folder_named_as_candidate_selects_its_sub_folders(work: Path) -> None:
    result = invoke("score", "candidates", "--rejects", "r.csv")
    assert result.exit_code == 0, result.output
    for name in ("PT A (SINTETIS)", "PT D (SINTETIS)", "Pemerintah Kota Langsa"):
        assert name in result.output


def test_a_judge_file_naming_a_rejected_row_is_no_second_error(work: Path) -> None:
    """pt-b's row is rejected (`abc` registered workers). A judge who scored
    pt-b too gets no "unknown candidate" error for it on top: the row's own
    problem is reported once, as a failed YAML file's would be, and pt-a's
    scores are read."""
    panel = work / "panel"
    panel.mkdir()
    marks = "    pemahaman: 4\n    komitmen: 4\n    ajakan: 3\n    keberlanjutan: 3\n"
    (panel / "judge.yaml").write_text(
        "judge:\n  id: penilai-01\n  name: Penilai Sintetis 01\nstage: wawancara\n"
        f"scores:\n  pt-a:\n{marks}  pt-b:\n{marks}",
        encoding="utf-8",
    )
    result = invoke("validate", "--rejects", str(work / "rejects.csv"))
    assert result.exit_code == 0, result.output
    assert "unknown candidate" not in result.output
    assert "tidak dikenal" not in result.output
    # Without --rejects the row is an error of the run, and still only its own.
    result = invoke("validate")
    assert result.exit_code == 1
    assert "workforce.registered" in result.output
    assert "unknown candidate" not in result.output and "tidak dikenal" not in result.output
