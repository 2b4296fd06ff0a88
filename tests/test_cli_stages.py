"""`rank`, `ranklist` and `scorecard` with stages, a shortlist override and
judge files (issue 8), run as a user would, on real YAML.

The folder (`staged`) is SYNTHETIC: a small criteria with two stages and
four candidates, and three judge files. Expected numbers by hand:

  cakupan (weight 60): linear 0 -> 100 on coverage.non_asn_share
    Kota A 90% -> 54; Kota B 80% -> 48; Kota D 70% -> 42; Kota C 50% -> 30
  stage dokumen (cakupan, max 60, shortlist 2):
    A 54, B 48 | D 42, C 30 -> A, B pass; margin B - D = 6
    --top 3: A, B, D pass; margin D - C = 42 - 30 = 12, an override of 2
  stage wawancara (cakupan + wawancara, max 100, shortlist 1), entrants A, B:
    pemahaman (weight 40, rubric 1-5, mean, quorum 3, disagreement 1)
    A: penilai-01 4, penilai-02 5, penilai-03 3 -> mean 4 -> (4 - 1) / 4 =
       75 -> 30 points; total 54 + 30 = 84; spread 5 - 3 = 2 > 1: flagged
    B: penilai-01 3, penilai-02 3; penilai-03 declared a conflict (recused)
       -> 2 valid scores < quorum 3: pending -> incomplete, 48 / 60, no rank
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from paritrana.cli import main

CRITERIA = """\
    # SYNTHETIC criteria for the staged CLI tests (not the award's table).
    edition: 2022
    title: {id: Uji panel, en: Panel test}
    status: proposal
    missing: zero
    panel: {aggregation: mean, quorum: 3, disagreement: 1}
    categories:
      - id: kabupaten-kota
        label: {id: Kabupaten/Kota, en: Regency/City}
        tie_break: [cakupan]
        stages:
          - id: dokumen
            label: {id: Penilaian dokumen, en: Document assessment}
            pillars: [cakupan]
            shortlist: 2
          - id: wawancara
            label: {id: Wawancara, en: Interview}
            pillars: [cakupan, wawancara]
            shortlist: 1
        pillars:
          - id: cakupan
            label: {id: Cakupan, en: Coverage}
            weight: 60
            indicators:
              - id: non_asn
                label: {id: Pegawai non-ASN terdaftar, en: Non-ASN staff registered}
                weight: 60
                field: coverage.non_asn_share
                rule: {type: linear, floor: 0, target: 100}
          - id: wawancara
            label: {id: Wawancara, en: Interview}
            weight: 40
            indicators:
              - id: pemahaman
                label: {id: Pemahaman program, en: Understanding of the programme}
                weight: 40
                panel: true
                rule: {type: rubric, min: 1, max: 5}
                descriptors:
                  1: {id: Tidak memahami, en: No understanding}
                  2: {id: Sedikit memahami, en: Little understanding}
                  3: {id: Cukup memahami, en: Fair understanding}
                  4: {id: Memahami dengan baik, en: Good understanding}
                  5: {id: Sangat memahami, en: Thorough understanding}
"""

CANDIDATE = """\
    # SYNTHETIC candidate for the staged CLI tests.
    id: kota-{x}
    name: Kota {X}
    category: kabupaten-kota
    period: 2022
    province: Provinsi {province}
    synthetic: true
    coverage:
      non_asn_share: {share}
"""

JUDGES = {
    "penilai-01": """\
        # SYNTHETIC judge file.
        judge:
          id: penilai-01
          name: Dr. Siti Contoh, M.Sc.
          role: akademisi
          organisation: Universitas Contoh
          province: Sumatera Utara
        stage: wawancara
        date: 2023-02-20
        waivers:
          kota-a: Sama provinsi, tanpa hubungan kerja; disetujui ketua panel
        scores:
          kota-a: {pemahaman: 4}
          kota-b: {pemahaman: 3}
    """,
    "penilai-02": """\
        # SYNTHETIC judge file.
        judge:
          id: penilai-02
          name: Budi Sintetis
          role: pemerintah
          organisation: Kementerian Contoh
          province: DKI Jakarta
        stage: wawancara
        date: 2023-02-20
        scores:
          kota-a:
            pemahaman: 5
            comment: Komitmen kuat, rencana anggaran 2023 jelas
          kota-b: {pemahaman: 3}
    """,
    "penilai-03": """\
        # SYNTHETIC judge file.
        judge:
          id: penilai-03
          name: Rahmat Rekaan
          role: pengusaha
          organisation: Asosiasi Contoh
          province: Bali
        stage: wawancara
        date: 2023-02-20
        conflicts:
          kota-b: Pernah menjadi konsultan Kota B (2021)
        scores:
          kota-a: {pemahaman: 3}
    """,
}


@pytest.fixture()
def staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for sub in ("criteria", "candidates", "panel"):
        (tmp_path / sub).mkdir()
    (tmp_path / "criteria" / "criteria.yaml").write_text(textwrap.dedent(CRITERIA), "utf-8")
    for x, share, province in (
        ("a", 90, "Sumatera Utara"),
        ("b", 80, "Jawa Tengah"),
        ("c", 50, "Jawa Tengah"),
        ("d", 70, "Jawa Tengah"),
    ):
        text = textwrap.dedent(CANDIDATE).format(x=x, X=x.upper(), province=province, share=share)
        (tmp_path / "candidates" / f"kota-{x}.yaml").write_text(text, "utf-8")
    for name, text in JUDGES.items():
        (tmp_path / "panel" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rank_picks_the_latest_stage_with_a_complete_candidate(staged: Path) -> None:
    result = run("rank", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    got = [(r["id"], r["stage"], r["rank"], r["complete"], r["shortlisted"]) for r in rows]
    assert got == [
        ("kota-a", "wawancara", "1", "true", "true"),
        ("kota-b", "wawancara", "", "false", "false"),  # 2 of a quorum of 3
    ]
    assert (rows[0]["total"], rows[1]["total"], rows[1]["max_total"]) == ("84", "48", "60")


def test_rank_stage_and_top_in_csv_json_and_table(staged: Path) -> None:
    rows = _csv(run("rank", "--stage", "dokumen", "--format", "csv").stdout)
    assert [(r["id"], r["rank"], r["shortlisted"]) for r in rows] == [
        ("kota-a", "1", "true"),
        ("kota-b", "2", "true"),
        ("kota-d", "3", "false"),
        ("kota-c", "4", "false"),
    ]
    doc = json.loads(run("rank", "--stage", "dokumen", "--top", "3", "--format", "json").stdout)
    (cat,) = doc["categories"]
    assert cat["stage"]["id"] == "dokumen" and cat["stage"]["max"] == 60
    assert cat["cutoff"] == {
        "size": 3,
        "override": True,
        "declared": 2,
        "passed": 3,
        "last_in": "kota-d",
        "first_out": "kota-c",
        "margin": 12,  # 42 - 30
        "tie": None,
    }
    table = run("rank", "--stage", "dokumen", "--top", "3", "--lang", "en").stdout
    assert (
        "-- Shortlist cut-off at 3: 3 shortlisted; margin at the cut-off 12.00 points "
        "(Kota D over Kota C); --top 3 overrides the criteria's shortlist (2) --" in table
    )
    assert "Stage 1 of 2: Document assessment; ranked on: Coverage (max. 60.00)" in table


def test_json_carries_each_judges_score_and_the_recusal(staged: Path) -> None:
    doc = json.loads(run("rank", "--stage", "wawancara", "--format", "json").stdout)
    a, b = doc["categories"][0]["candidates"]
    (item,) = [i for i in a["indicators"] if i["id"] == "pemahaman"]
    panel = item["panel"]
    assert [(j["judge"], j["score"]) for j in panel["judges"]] == [
        ("penilai-01", 4),
        ("penilai-02", 5),
        ("penilai-03", 3),
    ]
    assert (panel["value"], panel["count"], panel["quorum"], panel["spread"]) == (4, 3, 3, 2)
    assert panel["flagged"] is True  # 2 > 1
    assert a["comments"][0]["text"] == "Komitmen kuat, rencana anggaran 2023 jelas"
    assert a["waived_conflicts"][0]["judge"] == "penilai-01"
    assert b["recusals"] == [
        {
            "judge": "penilai-03",
            "name": "Rahmat Rekaan",
            "kind": "conflict",
            "reason": "Pernah menjadi konsultan Kota B (2021)",
        }
    ]
    assert (b["rank"], b["complete"]) == (None, False)


def test_unknown_stage_is_exit_2_listing_the_stages(staged: Path) -> None:
    for command in (
        ["rank", "--stage", "wawancaraa"],
        ["ranklist", "-o", "list.pdf", "--stage", "wawancaraa"],
        ["scorecard", "-o", "out", "--stage", "wawancaraa"],
    ):
        result = run(*command)
        assert result.exit_code == 2, command
        assert "unknown stage 'wawancaraa'" in result.output
        assert "(did you mean 'wawancara'?)" in result.output
        assert "stages: kabupaten-kota: dokumen, wawancara" in result.output
    assert not (staged / "list.pdf").exists() and not (staged / "out").exists()


@pytest.mark.parametrize("top", ["0", "-1", "x"])
def test_top_must_be_a_whole_number_of_at_least_1(staged: Path, top: str) -> None:
    for command in (["rank"], ["ranklist", "-o", "list.pdf"]):
        result = run(*command, "--top", top)
        assert result.exit_code == 2 and "--top" in result.output


def _pdftext(path: Path, layout: bool = True) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode()


def test_scorecard_shortlisted_prints_only_those_of_the_stage(staged: Path) -> None:
    result = run("scorecard", "-o", "out", "--stage", "dokumen", "--shortlisted")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (staged / "out").iterdir()) == ["kota-a.pdf", "kota-b.pdf"]
    result = run(
        "scorecard", "-o", "final", "--stage", "wawancara", "--shortlisted", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (staged / "final").iterdir()] == ["kota-a.pdf"]
    text = " ".join(_pdftext(staged / "final" / "kota-a.pdf").split())
    assert "Understanding of the programme 4 5 3 4.00 mean of 3 judges;" in text
    assert "J1 Dr. Siti Contoh, M.Sc. (akademisi)" in text
    raw = " ".join(_pdftext(staged / "final" / "kota-a.pdf", layout=False).split())
    assert "Name: Rahmat Rekaan Role: pengusaha" in raw  # the judges sign


def test_scorecard_of_a_recused_judge_says_so(staged: Path) -> None:
    result = run("scorecard", "-o", "out", "--stage", "wawancara", "kota-b")
    assert result.exit_code == 0, result.output
    text = " ".join(_pdftext(staged / "out" / "kota-b.pdf", layout=False).split())
    assert (
        "R1 Rahmat Rekaan (pengusaha): konflik kepentingan: "
        "Pernah menjadi konsultan Kota B (2021)" in text
    )
    assert "Belum lengkap: tidak diberi peringkat pada tahap ini" in text


def test_scorecard_of_a_candidate_left_out_before_the_stage_fails_naming_it(
    staged: Path,
) -> None:
    result = run("scorecard", "-o", "out", "--stage", "wawancara", "kota-c")
    assert result.exit_code == 1
    assert "FAILED kota-c (candidates/kota-c.yaml): no such candidate among the entrants" in (
        result.output
    )
    assert "--stage" in result.output
    none = run("scorecard", "-o", "out", "--stage", "dokumen", "--shortlisted", "kota-c")
    assert none.exit_code == 2
    assert "none of the candidates named is shortlisted" in none.output


def test_ranklist_stage_and_top(staged: Path) -> None:
    result = run("ranklist", "-o", "list.pdf", "--stage", "dokumen", "--top", "1")
    assert result.exit_code == 0, result.output
    lines = _pdftext(staged / "list.pdf").splitlines()
    cut = next(i for i, s in enumerate(lines) if "Batas daftar pendek 1: 1 lolos" in s)
    assert "selisih di batas 6,00 poin (Kota A di atas Kota B)" in lines[cut]  # 54 - 48
    assert "--top 1 menggantikan daftar pendek kriteria (2)" in lines[cut]
    a = next(i for i, s in enumerate(lines) if "Kota A" in s and i != cut)
    b = next(i for i, s in enumerate(lines) if "Kota B" in s and i != cut)
    assert a < cut < b


def test_sheets_of_a_later_stage_verify_against_every_candidate(staged: Path) -> None:
    """A stage-2 sheet and list depend on every candidate of the category
    (kota-c and kota-d decided the stage-1 cut-off although they are not
    on the stage-2 list), so their audit hash covers all four files and
    `verify` with the same inputs says OK; changing kota-d's file, which
    is on no stage-2 sheet, makes them differ."""
    assert run("scorecard", "-o", "out", "--stage", "wawancara").exit_code == 0
    assert run("ranklist", "-o", "list.pdf", "--stage", "wawancara").exit_code == 0
    sheets = sorted((staged / "out").glob("*.pdf")) + [staged / "list.pdf"]
    assert [p.name for p in sheets] == ["kota-a.pdf", "kota-b.pdf", "list.pdf"]
    for pdf in sheets:
        ok = run("verify", str(pdf))
        assert ok.exit_code == 0, ok.output
    d = staged / "candidates" / "kota-d.yaml"
    d.write_text(d.read_text("utf-8") + "# changed\n", "utf-8")
    for pdf in sheets:
        changed = run("verify", str(pdf))
        assert changed.exit_code == 1
        assert "candidates/kota-d.yaml" in changed.output
