"""`paritrana panel template | status | form`: the judges' own commands.

Inputs: tests/panel-forms (a small SYNTHETIC criteria with two stages,
dokumen then wawancara, and an interview of two rubric items with
descriptors; quorum 2, disagreement 2) and judge files written here.

By hand, stage dokumen (regulasi 30: PTSP yes/no; cakupan 50: non-ASN
share, linear 0-100):
  kota-a: 30 + 90% x 50 = 75; kota-b: 30 + 60% x 50 = 60; kota-c: 0 + 15 = 15.
  shortlist 2 -> kota-a and kota-b enter the wawancara stage, kota-c does not.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from paritrana.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "panel-forms"
JUDGE_CANDIDATES = ROOT / "tests" / "broken" / "judges" / "candidates"
CRITERIA_OK = ROOT / "tests" / "broken" / "criteria-ok"


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with criteria/ and candidates/ (no panel/ yet)."""
    shutil.copytree(FIXTURE / "criteria", tmp_path / "criteria")
    shutil.copytree(FIXTURE / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    return tmp_path


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    assert "Internal error" not in result.output, result.output
    return result


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


# The panel of the status and form tests (SYNTHETIC):
#   penilai-01: same province as kota-b (Contoh Selatan), waived with a reason;
#               kota-a 5/4, kota-b 4/4.
#   penilai-02: kota-a 2/4, kota-b pemahaman empty (not scored yet), komitmen 3.
#   penilai-03: declared conflict with kota-a; kota-b pemahaman empty, komitmen 4.
#   penilai-04: abstains for kota-a; kota-b not in the file at all.
PANEL = {
    "p01.yaml": """\
judge: {id: penilai-01, name: "Dr. Satu, M.Sc.", role: akademisi, province: Contoh Selatan}
stage: wawancara
date: 2023-02-20
waivers:
  kota-b: Tanpa hubungan kerja; disetujui ketua panel
scores:
  kota-a: {pemahaman: 5, komitmen: 4}
  kota-b: {pemahaman: 4, komitmen: 4}
""",
    "p02.yaml": """\
judge: {id: penilai-02, name: Dua, role: pemerintah}
stage: wawancara
date: 2023-02-20
scores:
  kota-a: {pemahaman: 2, komitmen: 4}
  kota-b:
    pemahaman:
    komitmen: 3
""",
    "p03.yaml": """\
judge: {id: penilai-03, name: Tiga, role: pengusaha}
stage: wawancara
date: 2023-02-21
conflicts:
  kota-a: Konsultan Kota A 2021
scores:
  kota-b:
    pemahaman:
    komitmen: 4
""",
    "p04.yaml": """\
judge: {id: penilai-04, name: Empat, role: serikat pekerja}
stage: wawancara
scores:
  kota-a:
    abstain: Tidak hadir
""",
}


@pytest.fixture()
def panel(here: Path) -> Path:
    for name, text in PANEL.items():
        write(here / "panel" / name, text)
    return here / "panel"


# --------------------------------------------------------------------------
# panel template
# --------------------------------------------------------------------------


def test_template_lists_the_stage_entrants_and_items(here: Path) -> None:
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara", "-o", "p9.yaml"
    )
    assert result.exit_code == 0, result.output
    assert "Wrote p9.yaml: judge penilai-09, stage wawancara, 2 candidates" in result.output
    assert "Fill in the judge's name" in result.output  # no --name given
    text = (here / "p9.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["judge"] == {
        "id": "penilai-09",
        "name": None,
        "role": None,
        "organisation": None,
        "province": None,
    }
    assert data["stage"] == "wawancara" and data["date"] is None
    assert data["conflicts"] is None and data["waivers"] is None
    # Shortlisted in dokumen: kota-a (75) and kota-b (60), not kota-c (15).
    assert data["scores"] == {
        "kota-a": {"pemahaman": None, "komitmen": None},
        "kota-b": {"pemahaman": None, "komitmen": None},
    }
    # The descriptors as comments, in Bahasa Indonesia by default.
    assert "# 1 = Belum memahami" in text and "# 5 = Dianggarkan penuh" in text
    assert "abstain: alasan" in text and "Cara mengisi" in text
    assert "# Kota A · Kabupaten/Kota" in text


def test_template_in_english_with_name_and_date(here: Path) -> None:
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara",
        "--name", "Dr. Nama Penilai, M.Sc.", "--date", "2023-02-20", "--lang", "en",
        "-o", "p9.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Fill in the judge's name" not in result.output
    text = (here / "p9.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["judge"]["name"] == "Dr. Nama Penilai, M.Sc."
    assert str(data["date"]) == "2023-02-20"
    assert "# 1 = Does not understand" in text and "abstain: reason" in text
    assert "How to fill it in" in text and "Belum memahami" not in text


def test_template_round_trip_validates_and_scores(here: Path) -> None:
    """Two skeletons filled in programmatically validate and score.

    kota-a: pemahaman 4 and 5 (mean, 2 judges = quorum) -> 4.5 ->
    (4.5 - 1) / 4 x 100 = 87.5 x 10% = 8.75; komitmen 5 and 3 (median of
    two = their mean) -> 4 -> 75 x 10% = 7.5. With dokumen's 75:
    75 + 8.75 + 7.5 = 91.25 out of 100.
    kota-b: pemahaman 3 and 3 -> 3 -> 50 -> 5.0; komitmen 2 and 2 -> 2 ->
    25 -> 2.5; 60 + 5 + 2.5 = 67.5.
    """
    given = {
        "penilai-01": {"kota-a": (4, 5), "kota-b": (3, 2)},
        "penilai-02": {"kota-a": (5, 3), "kota-b": (3, 2)},
    }
    for jid, scores in given.items():
        out = here / "panel" / f"{jid}.yaml"
        out.parent.mkdir(exist_ok=True)
        result = run("panel", "template", "--judge", jid, "--stage", "wawancara", "-o", str(out))
        assert result.exit_code == 0, result.output
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        data["judge"]["name"] = f"Penilai {jid}"
        for cid, (pemahaman, komitmen) in scores.items():
            data["scores"][cid] = {"pemahaman": pemahaman, "komitmen": komitmen}
        out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output

    from paritrana.scoring.pipeline import load_inputs
    from paritrana.scoring.rank.ranking import rank

    inputs = load_inputs(None, [], cwd=here)
    (res,) = rank(inputs.criteria, list(inputs.candidates), stage="wawancara").results
    totals = {c.id: round(float(t), 9) for c, t in zip(res.candidates, res.total)}
    assert totals == {"kota-a": 91.25, "kota-b": 67.5}
    assert [int(r) for r in res.rank] == [1, 2]


def test_unfilled_template_with_a_name_validates_with_warnings(here: Path) -> None:
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara",
        "--name", "Sembilan", "-o", "panel/p9.yaml",
    )  # fmt: skip
    assert result.exit_code == 1  # panel/ does not exist yet
    assert "does not exist" in result.output
    (here / "panel").mkdir()
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara",
        "--name", "Sembilan", "-o", "panel/p9.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run("validate")
    assert result.exit_code == 0, result.output
    # Every item of both entrants is "not scored yet": 2 x 2 warnings.
    assert result.output.count("is not scored yet") == 4


def test_template_never_overwrites(here: Path) -> None:
    existing = write(here / "p9.yaml", "# the judge's scores\n")
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara", "-o", "p9.yaml"
    )
    assert result.exit_code == 1
    assert "p9.yaml: exists; refusing to overwrite" in result.output
    assert existing.read_text(encoding="utf-8") == "# the judge's scores\n"
    # An input file is refused as a usage error (exit 2).
    result = run(
        "panel", "template", "--judge", "penilai-09", "--stage", "wawancara",
        "-o", "candidates/kota-a.yaml",
    )  # fmt: skip
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.output


def test_template_refuses_a_second_file_for_the_same_judge_and_stage(panel: Path) -> None:
    result = run(
        "panel", "template", "--judge", "penilai-02", "--stage", "wawancara", "-o", "again.yaml"
    )
    assert result.exit_code == 1
    assert "judge 'penilai-02' already has a file for stage 'wawancara'" in result.output
    assert not Path("again.yaml").exists()


def test_template_with_a_hostile_name_stays_one_mapping(here: Path) -> None:
    """A name with a line break, quotes and an escape sequence is written
    as one quoted scalar: the file reads back with exactly that name and
    nothing injected."""
    hostile = 'Nama\n  role: injected\n"quoted" \x1b[31m \u2028x'
    result = run(
        "panel", "template", "--judge", "penilai-07", "--stage", "wawancara",
        "--name", hostile, "-o", "p7.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = Path("p7.yaml").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u2028" not in text
    data = yaml.safe_load(text)
    assert data["judge"]["name"] == hostile and data["judge"]["role"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--judge", "Penilai 1", "--stage", "wawancara", "-o", "x.yaml"],
            "a judge id is lowercase",
        ),
        (
            ["--judge", "penilai-01", "--stage", "wawancra", "-o", "x.yaml"],
            "unknown stage 'wawancra'",
        ),
        (
            ["--judge", "penilai-01", "--stage", "dokumen", "-o", "x.yaml"],
            "no rubric (panel) items",
        ),
        (["--judge", "penilai-01", "--stage", "wawancara", "-o", "x.txt"], "a judge file is YAML"),
        (
            ["--judge", "penilai-01", "--stage", "wawancara", "--date", "20-2-23", "-o", "x.yaml"],
            "expected YYYY-MM-DD",
        ),
        (
            ["--judge", "penilai-01", "--stage", "wawancara", "--category", "desa", "-o", "x.yaml"],
            "unknown category 'desa'",
        ),
    ],
)
def test_template_usage_errors(here: Path, args: list[str], message: str) -> None:
    result = run("panel", "template", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not Path("x.yaml").exists() and not Path("x.txt").exists()


def test_no_entrants_before_the_stage_before_is_complete(here: Path) -> None:
    """With the interview inside dokumen too, nobody is complete in dokumen
    without judges, so its shortlist is not cut and nobody enters wawancara."""
    criteria = Path("criteria/criteria.yaml")
    text = criteria.read_text()
    assert "pillars: [regulasi, cakupan]\n" in text
    criteria.write_text(
        text.replace("pillars: [regulasi, cakupan]\n", "pillars: [regulasi, cakupan, wawancara]\n")
    )
    result = run(
        "panel", "template", "--judge", "penilai-01", "--stage", "wawancara", "-o", "x.yaml"
    )
    assert result.exit_code == 1
    assert "no candidate enters stage 'wawancara' yet" in result.output
    assert not Path("x.yaml").exists()
    result = run("panel", "status")
    assert result.exit_code == 0, result.output
    assert "0 peserta, 0 penilai, 0 lengkap\n  Belum ada peserta di tahap ini" in result.output
    assert (
        result.output.rstrip()
        .splitlines()[-1]
        .startswith("Ringkasan tahap wawancara: TAHAP BELUM LENGKAP: 0 dari 0")
    )


def test_template_first_stage_lists_every_candidate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A criteria without stages has one stage, `semua`, entered by every
    candidate; --category keeps one category's."""
    monkeypatch.chdir(tmp_path)
    common = ["--criteria", str(CRITERIA_OK), "--candidates", str(JUDGE_CANDIDATES)]
    result = run(
        "panel", "template", *common, "--judge", "penilai-01", "--stage", "semua", "-o", "all.yaml"
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(Path("all.yaml").read_text(encoding="utf-8"))
    assert data["scores"] == {
        "kota-a": {"wawancara": None},
        "kota-b": {"wawancara": None},
        "prov-c": {"wawancara": None},
    }
    result = run(
        "panel", "template", *common, "--judge", "penilai-01", "--stage", "semua",
        "--category", "provinsi", "-o", "prov.yaml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(Path("prov.yaml").read_text(encoding="utf-8"))
    assert list(data["scores"]) == ["prov-c"]


# --------------------------------------------------------------------------
# panel status
# --------------------------------------------------------------------------


def test_status_lists_missing_recusals_conflicts_quorum_and_agenda(panel: Path) -> None:
    """By hand, stage wawancara (entrants kota-a, kota-b; quorum 2):
    kota-a pemahaman: penilai-01 5, penilai-02 2 (penilai-03 conflict,
      penilai-04 abstains): 2 valid, spread 3 > 2 -> on the agenda.
    kota-a komitmen: 4, 4 -> fine.  kota-a complete.
    kota-b pemahaman: only penilai-01's 4 -> 1 valid < 2: below quorum,
      kota-b incomplete. komitmen: 4, 3, 4 -> fine.
    Not scored yet: penilai-02 and penilai-03 kota-b pemahaman, penilai-04
      kota-b both items -> 4 scores.
    """
    result = run("panel", "status", "--stage", "wawancara")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Status panel · Kabupaten/Kota (kabupaten-kota) · tahap Wawancara (wawancara)" in out
    assert "2 peserta, 4 penilai, 1 lengkap" in out
    assert "penilai-02 (Dua) -> kota-b: pemahaman" in out
    assert "penilai-03 (Tiga) -> kota-b: pemahaman" in out
    assert "penilai-04 (Empat) -> kota-b: semua butir" in out
    assert "-> kota-a" not in out.split("Mundur dari penilaian")[0]  # recused, not missing
    assert "penilai-03 -> kota-a: konflik kepentingan: Konsultan Kota A 2021" in out
    assert "penilai-04 -> kota-a: abstain: Tidak hadir" in out
    assert "penilai-01 - kota-b: provinsi sama; dikecualikan: Tanpa hubungan kerja" in out
    assert "penilai-03 - kota-a: dinyatakan; tidak menilai" in out
    assert "Di bawah kuorum (2 penilai):\n    kota-b · pemahaman: 1 penilai sah" in out
    assert (
        "Agenda diskusi (selisih lebih dari 2):\n"
        "    kota-a · pemahaman: 5 (penilai-01), 2 (penilai-02); selisih 3" in out
    )
    assert out.rstrip().splitlines()[-1] == (
        "Ringkasan tahap wawancara: TAHAP BELUM LENGKAP: 1 dari 2 peserta lengkap; "
        "4 nilai belum diisi, 1 butir di bawah kuorum, 1 butir untuk diskusi."
    )


def test_status_in_english_and_complete_once_quorum_is_reached(panel: Path) -> None:
    """penilai-02 and penilai-03 fill in kota-b's pemahaman (3 and 4):
    kota-b pemahaman has 3 valid scores (4, 3, 4), spread 1: complete;
    penilai-04's two scores of kota-b are still not in."""
    for name in ("p02.yaml", "p03.yaml"):
        path = panel / name
        score = "3" if name == "p02.yaml" else "4"
        path.write_text(path.read_text().replace("    pemahaman:\n", f"    pemahaman: {score}\n"))
    result = run("panel", "status", "--stage", "wawancara", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Panel status · Regency/City (kabupaten-kota) · stage Interview (wawancara)" in out
    assert "penilai-04 (Empat) -> kota-b: every item" in out
    assert "Below quorum (2 judges): none" in out
    assert "penilai-01 - kota-b: same province; waived: Tanpa hubungan kerja" in out
    assert out.rstrip().splitlines()[-1] == (
        "Summary of stage wawancara: STAGE COMPLETE: 2 of 2 candidates complete; "
        "scores not in yet: 2, items below quorum: 0, items for discussion: 1."
    )


def test_status_normalisation_notes(panel: Path) -> None:
    """With `normalise: zscore` (per judge within the stage):
    penilai-01 scores 4, 4, 4, 4 (kota-a's pemahaman made 4): no spread,
    left as scored; penilai-02 scores 2, 4, 3: normalised; penilai-03
    gives one score (kota-b komitmen 4): fewer than 3, left as scored;
    penilai-04 gives none and has no note."""
    criteria = Path("criteria/criteria.yaml")
    criteria.write_text(
        criteria.read_text().replace("  quorum: 2\n", "  quorum: 2\n  normalise: zscore\n")
    )
    p01 = panel / "p01.yaml"
    p01.write_text(
        p01.read_text().replace("{pemahaman: 5, komitmen: 4}", "{pemahaman: 4, komitmen: 4}")
    )
    result = run("panel", "status", "--stage", "wawancara")
    assert result.exit_code == 0, result.output
    assert (
        "  Normalisasi (z-score per penilai):\n"
        "    penilai-01: tidak dinormalisasi: semua skor sama (4 skor)\n"
        "    penilai-02: dinormalisasi (3 skor)\n"
        "    penilai-03: tidak dinormalisasi: kurang dari 3 skor (1 skor)\n"
    ) in result.output
    result = run("panel", "status", "--stage", "wawancara", "--lang", "en")
    assert "penilai-03: not normalised: fewer than 3 scores (scores: 1)" in result.output


def test_status_of_every_stage_and_without_judges(here: Path) -> None:
    result = run("panel", "status", "--category", "kabupaten-kota")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "tahap Penilaian dokumen (dokumen)\n  3 peserta, 0 penilai, 3 lengkap" in out
    assert "Tahap ini tidak memuat butir rubrik panel." in out
    assert "Belum ada berkas penilai untuk tahap ini" in out
    lines = out.rstrip().splitlines()
    assert lines[-2].startswith("Ringkasan tahap dokumen: TAHAP LENGKAP: 3 dari 3")
    assert lines[-1].startswith("Ringkasan tahap wawancara: TAHAP BELUM LENGKAP: 0 dari 2")


def test_status_escapes_what_files_wrote(panel: Path) -> None:
    path = panel / "p04.yaml"
    # A zero-width space hides in a terminal: shown as its escape.
    path.write_text(path.read_text().replace("Tidak hadir", "Tidak \u200bhadir"), encoding="utf-8")
    result = run("panel", "status", "--stage", "wawancara")
    assert result.exit_code == 0, result.output
    assert "\u200b" not in result.output
    assert "abstain: Tidak \\u200bhadir" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--stage", "akhir"], "unknown stage 'akhir'"), (["--category", "desa"], "unknown category")],
)
def test_status_usage_errors(here: Path, args: list[str], message: str) -> None:
    result = run("panel", "status", *args)
    assert result.exit_code == 2 and message in result.output


# --------------------------------------------------------------------------
# panel form
# --------------------------------------------------------------------------


def _criteria_hash(here: Path) -> str:
    from paritrana.scoring.audit import audit_hash
    from paritrana.scoring.pipeline import load_inputs

    return audit_hash(load_inputs(None, [], cwd=here).criteria, ())


def test_form_per_judge_leaves_out_declared_conflicts(panel: Path) -> None:
    result = run("panel", "form", "--stage", "wawancara", "--judge", "penilai-03", "-o", "forms")
    assert result.exit_code == 0, result.output
    assert "Wrote 1 form file(s) to forms" in result.output
    pages = pdf_text(Path("forms/wawancara-penilai-03.pdf"))
    text = "\n".join(pages)
    # kota-a is a declared conflict: listed, not printed.
    assert "Tidak dicetak: konflik kepentingan yang dinyatakan" in text
    assert "Tiga (penilai-03) untuk Kota A (kota-a): Konsultan Kota A 2021" in text
    assert "wawancara/penilai-03/kota-a" not in text
    assert "ID lembar wawancara/penilai-03/kota-b" in text
    assert "Nama penilai Tiga" in text and "Unsur pengusaha" in text
    assert "Tanggal panel 21 Februari 2023" in text  # the judge file's date
    # Each item: its label, five boxes with their levels and the descriptors.
    assert "Pemahaman program (pemahaman · Bobot 10 · rata-rata)" in text
    assert "Komitmen anggaran (komitmen · Bobot 10 · median)" in text
    assert "☐ 1 ☐ 2 ☐ 3 ☐ 4 ☐ 5" in text
    assert "Belum memahami" in text and "Dianggarkan penuh" in text
    # 2 items x 5 levels + abstain + conflict = 12 boxes on the one sheet.
    assert text.count("☐") == 12
    assert "☐ Abstain (tidak menilai peserta ini). Alasan:" in text
    assert "☐ Konflik kepentingan. Alasan:" in text
    assert f"SHA-256 kriteria: {_criteria_hash(panel.parent)}" in text
    assert "Halaman 1 dari" in pages[0]
    assert "DATA SINTETIS" in text


def test_form_per_candidate_has_a_sheet_per_judge(panel: Path) -> None:
    result = run(
        "panel", "form", "--stage", "wawancara", "--candidate", "kota-a", "--date", "2023-03-01",
        "--lang", "en", "-o", "forms",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = "\n".join(pdf_text(Path("forms/wawancara-kota-a.pdf")))
    # penilai-03 declared a conflict with kota-a: left out and listed.
    ids = [f"wawancara/penilai-0{n}/kota-a" for n in (1, 2, 3, 4)]
    assert [i in text for i in ids] == [True, True, False, True]
    assert "Not printed: declared conflicts of interest" in text
    assert "Tiga (penilai-03) for Kota A (kota-a): Konsultan Kota A 2021" in text
    assert "Understanding of the programme (pemahaman · Weight 10 · mean)" in text
    assert "Does not understand" in text and "Fully budgeted" in text
    assert text.count("☐") == 3 * 12
    # --date overrides the judge files' dates on every sheet.
    assert text.count("Panel date March 1, 2023") == 3 and "February" not in text
    assert f"Criteria SHA-256: {_criteria_hash(panel.parent)}" in text
    assert "Page 1 of" in text


def test_form_without_judge_files_gives_blank_blocks(here: Path) -> None:
    result = run("panel", "form", "--stage", "wawancara", "--candidate", "kota-b", "-o", "forms")
    assert result.exit_code == 0, result.output
    text = "\n".join(pdf_text(Path("forms/wawancara-kota-b.pdf")))
    assert [f"wawancara/slot-{n}/kota-b" in text for n in range(1, 7)] == [True] * 5 + [False]
    result = run("panel", "form", "--stage", "wawancara", "--all", "--slots", "2", "-o", "forms2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("forms2").iterdir()) == [
        "wawancara-kota-a.pdf",
        "wawancara-kota-b.pdf",
    ]
    text = "\n".join(pdf_text(Path("forms2/wawancara-kota-a.pdf")))
    assert "wawancara/slot-2/kota-a" in text and "wawancara/slot-3/kota-a" not in text
    # A judge no file names yet: blank name lines, the id printed.
    result = run("panel", "form", "--stage", "wawancara", "--judge", "penilai-09", "-o", "forms3")
    assert result.exit_code == 0, result.output
    text = "\n".join(pdf_text(Path("forms3/wawancara-penilai-09.pdf")))
    assert "wawancara/penilai-09/kota-a" in text and "wawancara/penilai-09/kota-b" in text


def test_forms_are_reproducible(here: Path) -> None:
    for out in ("a", "b"):
        result = run("panel", "form", "--stage", "wawancara", "--candidate", "kota-a", "-o", out)
        assert result.exit_code == 0, result.output
    assert (
        Path("a/wawancara-kota-a.pdf").read_bytes() == Path("b/wawancara-kota-a.pdf").read_bytes()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --judge ID, --candidate ID or --all"),
        (["--all", "--judge", "penilai-01"], "--all prints every candidate's forms"),
        (["--candidate", "kota-x"], "unknown candidate 'kota-x'"),
        (["--candidate", "kota-c"], "does not enter stage 'wawancara'"),
        (["--judge", "Penilai Satu"], "not a judge id"),
        (["--all", "--date", "1/3/2023"], "expected YYYY-MM-DD"),
    ],
)
def test_form_usage_errors(here: Path, args: list[str], message: str) -> None:
    result = run("panel", "form", "--stage", "wawancara", *args, "-o", "forms")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not any(Path("forms").glob("*.pdf")) if Path("forms").exists() else True


def test_form_of_a_stage_without_rubric_items(here: Path) -> None:
    result = run("panel", "form", "--stage", "dokumen", "--all", "-o", "forms")
    assert result.exit_code == 2 and "stages with rubric items: wawancara" in result.output


# --------------------------------------------------------------------------
# The panel commands reach the CLI's one error handler like every command
# --------------------------------------------------------------------------

PANEL_COMMANDS = {
    "template": [
        "panel",
        "template",
        "--judge",
        "penilai-01",
        "--stage",
        "wawancara",
        "-o",
        "p.yaml",
    ],
    "status": ["panel", "status"],
    "form": ["panel", "form", "--stage", "wawancara", "--all", "-o", "forms"],
}


def test_the_panel_group_has_the_three_commands() -> None:
    assert set(main.commands["panel"].commands) == set(PANEL_COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(PANEL_COMMANDS))
@pytest.mark.parametrize(
    ("exc", "code", "usage"),
    [
        ("output", 1, False),
        ("overwrites", 2, True),
        ("usage", 2, True),
        ("invalid", 1, False),
        ("bug", 1, False),
    ],
)
def test_panel_commands_map_errors_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, exc: str, code: int, usage: bool
) -> None:
    from paritrana.scoring import pipeline
    from paritrana.scoring.errors import (
        Diagnostic,
        InvalidInput,
        OutputError,
        OverwritesInput,
        UsageError,
    )

    errors: dict[str, Exception] = {
        "output": OutputError("out/x.pdf: cannot write: disk full"),
        "overwrites": OverwritesInput("x.yaml: refusing to overwrite an input file (x.yaml)"),
        "usage": UsageError("unknown stage 'x'"),
        "invalid": InvalidInput([Diagnostic("a.yaml", 3, 1, "bad")]),
        "bug": RuntimeError("boom"),
    }
    error = errors[exc]

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pipeline, "load_for", fail)
    result = CliRunner().invoke(main, PANEL_COMMANDS[name])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert ("Usage:" in result.output) is usage
    if exc == "bug":
        assert "Internal error" in result.output and "RuntimeError: boom" in result.output
    elif exc == "invalid":
        assert "a.yaml:3:1: bad\n1 problem found; nothing was scored." in result.output
    else:
        assert str(error) in result.output
