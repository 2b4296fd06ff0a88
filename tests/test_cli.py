"""The command line as a user meets it: exit codes and the messages read.

Runs against the shipped criteria and the sample candidates in the
repository (the working directory is set to the repository root).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("kabupaten-mempawah", "kota-langsa", "kota-medan", "kota-padang-sidempuan")


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_help_is_quick_and_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from paritrana.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'scorecard' in r.output and 'validate' in r.output\n"
        "heavy = ('numpy', 'weasyprint', 'openpyxl', 'pypdf', 'babel')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_validate_shipped_files(runner: CliRunner) -> None:
    result = invoke(runner, "validate")
    assert result.exit_code == 0
    assert "OK: criteria edition 2022 (6 categories), 4 candidates" in result.output


def test_validate_strict_fails_on_missing_values(runner: CliRunner) -> None:
    # The samples leave out what the reports do not say: a warning each,
    # which --strict turns into errors (exit 1).
    result = invoke(runner, "validate", "--strict")
    assert result.exit_code == 1
    assert "candidates/kota-medan.yaml:1:1:" in result.output
    assert "problems found; nothing was scored." in result.output


def test_validate_broken_file_reports_path_line_column(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: kota-x\n"
        "name: Kota X\n"
        "category: kabupaten-kotta\n"
        "period: 2022\n"
        "villages:\n"
        "  total: 10\n"
        "  enrolled: 12\n",
        encoding="utf-8",
    )
    result = invoke(runner, "validate", "--candidates", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3:11:" in result.output  # the category value
    assert "kabupaten-kota" in result.output  # suggested
    assert f"{bad}:7:" in result.output  # enrolled above total
    # One line per problem, then their count.
    problems = [line for line in result.output.splitlines() if line.startswith(f"{bad}:")]
    assert len(problems) >= 2
    assert result.output.splitlines()[-1] == (
        f"{len(problems)} problems found; nothing was scored."
    )


def test_rank_table_lists_every_sample(runner: CliRunner) -> None:
    result = invoke(runner, "rank")
    assert result.exit_code == 0
    assert "Peringkat" in result.output
    for name in ("Kota Langsa", "Kota Medan", "Padang Sidempuan", "Mempawah"):
        assert name in result.output
    english = invoke(runner, "rank", "--lang", "en")
    assert "Rank" in english.output and "Flags" in english.output


def test_rank_json_and_csv_agree(runner: CliRunner, tmp_path: Path) -> None:
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    assert invoke(runner, "rank", "--format", "json", "-o", str(out_json)).exit_code == 0
    assert invoke(runner, "rank", "--format", "csv", "-o", str(out_csv)).exit_code == 0
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["schema"] == "paritrana.ranking/2"
    assert doc["criteria"]["edition"] == 2022
    assert len(doc["audit_sha256"]) == 64
    cats = {c["id"]: c for c in doc["categories"]}
    assert list(cats) == ["kabupaten-kota"]
    cands = cats["kabupaten-kota"]["candidates"]
    assert sorted(c["id"] for c in cands) == sorted(SAMPLES)
    ranks = [c["rank"] for c in cands]
    totals = [c["total"] for c in cands]
    assert ranks == sorted(ranks) and totals == sorted(totals, reverse=True)
    for c in cands:  # total = sum of pillar points = sum of indicator points
        assert c["total"] == pytest.approx(sum(p["points"] for p in c["pillars"].values()))
        assert c["total"] == pytest.approx(sum(i["points"] for i in c["indicators"]))
        assert "pending:4" in c["flags"]  # nobody has been interviewed (four items)
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel reads
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == [c["id"] for c in cands]
    for r, c in zip(rows, cands):
        assert float(r["total"]) == pytest.approx(c["total"])
        assert int(r["rank"]) == c["rank"]
        assert r["edition"] == "2022" and r["category"] == "kabupaten-kota"


def test_rank_json_to_stdout(runner: CliRunner) -> None:
    result = invoke(runner, "rank", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema"] == "paritrana.ranking/2"


def test_rank_category_filter_and_unknown_category(runner: CliRunner, tmp_path: Path) -> None:
    # The samples are all kabupaten-kota: three synthetic ukm beside them,
    # so the filter has something to leave out.
    synth = tmp_path / "ukm"
    args = ("synth", "--category", "ukm", "-n", "3", "--seed", "5", "-o", str(synth))
    assert invoke(runner, *args).exit_code == 0
    both = ("--candidates", "candidates", "--candidates", str(synth), "--format", "csv")
    everything = invoke(runner, "rank", *both)
    assert everything.exit_code == 0
    categories = [r["category"] for r in csv.DictReader(io.StringIO(everything.stdout))]
    assert sorted(categories) == ["kabupaten-kota"] * 4 + ["ukm"] * 3
    for wanted, count in (("kabupaten-kota", 4), ("ukm", 3)):
        result = invoke(runner, "rank", *both, "--category", wanted)
        assert result.exit_code == 0
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["category"] for r in rows] == [wanted] * count
    bad = invoke(runner, "rank", "--category", "kabupaten")
    assert bad.exit_code == 2
    assert "unknown category 'kabupaten'" in bad.output
    assert "did you mean 'kabupaten-kota'" in bad.output


def test_rank_xlsx(runner: CliRunner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert invoke(runner, "rank", "--format", "xlsx").exit_code == 2  # needs -o
    out = tmp_path / "r.xlsx"
    assert invoke(runner, "rank", "--format", "xlsx", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["kabupaten-kota", "kabupaten-kota nilai"]  # ranking, values
    ws = wb["kabupaten-kota"]
    assert ws.freeze_panes == "A4"
    assert "2022" in ws["A2"].value and "14 November 2023" in ws["B2"].value
    assert ws["A3"].value == "Peringkat"
    assert isinstance(ws["A4"].value, int) and isinstance(ws["E4"].value, float)


def test_output_over_an_input_is_refused(runner: CliRunner) -> None:
    target = ROOT / "candidates" / "kota-medan.yaml"
    before = target.read_bytes()
    result = invoke(runner, "rank", "--format", "csv", "-o", str(target))
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.output
    assert target.read_bytes() == before


def test_score_one_candidate(runner: CliRunner) -> None:
    result = invoke(runner, "score", "candidates/kota-langsa.yaml")
    assert result.exit_code == 0
    assert "Pemerintah Kota Langsa (kota-langsa)" in result.output
    assert "KOSONG" in result.output  # missing values are shown as such
    assert "TERTUNDA" in result.output  # the interview is pending
    assert "Kota Medan" not in result.output


def test_fields_lists_catalogue(runner: CliRunner) -> None:
    result = invoke(runner, "fields", "--lang", "en")
    assert result.exit_code == 0
    assert "coverage.active_members" in result.output
    assert "regulation.dedicated_level" in result.output


def test_synth_writes_valid_files_and_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    args = ("synth", "--category", "ukm", "-n", "5", "--seed", "3", "-o", str(out))
    assert invoke(runner, *args).exit_code == 0
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 5
    assert all("SYNTHETIC" in f.read_text(encoding="utf-8").splitlines()[0] for f in files)
    check = invoke(runner, "validate", "--candidates", str(out))
    assert check.exit_code == 0, check.output
    before = files[0].read_bytes()
    again = invoke(runner, *args)
    assert again.exit_code == 1
    assert "exists" in again.output
    assert files[0].read_bytes() == before


def test_missing_candidates_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "validate", "--candidates", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert str(tmp_path / "nope") in result.output


def test_bad_option_is_usage_error(runner: CliRunner) -> None:
    assert invoke(runner, "rank", "--format", "pdf").exit_code == 2
    assert invoke(runner, "rank", "--lang", "fr").exit_code == 2


def test_scorecard_ranklist_verify_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    """A panel's flow: print a sheet, check it against the files, change a
    value, and see the check fail."""
    import shutil

    cands = tmp_path / "candidates"
    shutil.copytree(ROOT / "candidates", cands)
    out = tmp_path / "sheets"
    made = invoke(
        runner,
        "scorecard",
        "--candidates",
        str(cands),
        "-o",
        str(out),
        "--jobs",
        "1",
        "kota-langsa",
        str(cands / "kota-medan.yaml"),
    )
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in out.iterdir()) == ["kota-langsa.pdf", "kota-medan.pdf"]
    sheet = out / "kota-langsa.pdf"
    ok = invoke(runner, "verify", "--candidates", str(cands), str(sheet))
    assert ok.exit_code == 0
    assert ok.stdout.startswith(f"{sheet}: OK, made from these inputs (")

    medan = cands / "kota-medan.yaml"
    medan.write_text(
        medan.read_text(encoding="utf-8").replace("value: 94", "value: 95"), encoding="utf-8"
    )
    changed = invoke(runner, "verify", "--candidates", str(cands), str(sheet))
    assert changed.exit_code == 1 and "MISMATCH" in changed.output

    listing = tmp_path / "ranklist.pdf"
    assert (
        invoke(
            runner, "ranklist", "--candidates", str(cands), "-o", str(listing), "--lang", "en"
        ).exit_code
        == 0
    )
    assert listing.read_bytes().startswith(b"%PDF")


def test_scorecard_unknown_candidate_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "scorecard", "-o", str(tmp_path / "x"), "kota-langsaa")
    assert result.exit_code == 2
    assert "unknown candidate 'kota-langsaa'" in result.output
    assert "did you mean 'kota-langsa'" in result.output
    assert not (tmp_path / "x").exists()
