"""The improve report PDF (`paritrana improve FILE --pdf OUT.pdf`): what a
reader sees, in both languages, read back with pdftotext as
tests/test_render_pdf.py does.

The criteria and candidates are render_helpers' hand-built ones (no YAML).
Expected numbers, by hand from the rules (render_helpers' docstring has the
candidates' values):

Kota Gamma: only `innovation.count: 1`; everything else missing; interview
pending (weight 20).
  inovasi: 1 innovation -> band 40 x 20% = 8.00 (the only points): total 8,00
  of 80,00 (100 less the pending 20).
  next step: 2 innovations -> band 70 x 20% = 14.00: +6,00;
  full points: 3 innovations -> band 100 x 20% = 20.00: +12,00.
  sosialisasi (missing): 12 events of a cap of 12 -> 100 x 10% = +10,00.
  non_asn (missing): a share of 100% -> 100 x (15 + desa's 15: desa is
  missing under `reweight` and its weight moves to its pillar partner)
  = +30,00.
  Pending interview: lowest, every judge gives 1 -> (1 - 1) / 4 = 0 points:
  8,00; highest, 5 -> 100 x 20% = 20 points: 28,00; of 100,00.

Kota Alfa with --set outreach.events=12 (submitted 6): outreach 6 of 12 ->
50 x 10% = 5.00 becomes 100 x 10% = 10.00, so the total 78.79794 (see
render_helpers) becomes 83.79794 -> 83,80 (id) / 83.80 (en).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from paritrana.scoring.audit import verify_pdf
from paritrana.scoring.errors import OverwritesInput
from paritrana.scoring.improve import assess, change_to
from paritrana.scoring.model import Candidate
from paritrana.scoring.render import improve_pdf
from paritrana.scoring.render.i18n_improve import LABELS
from render_helpers import make_candidates, make_criteria, make_hostile

DAY = date(2022, 4, 8)
CRITERIA = make_criteria()
CATEGORY = CRITERIA.categories[0]


def _candidate(cid: str) -> Candidate:
    return next(c for c in make_candidates() if c.id == cid)


def _pdftotext(data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / name
    src.write_bytes(data)
    return subprocess.run(
        [exe, "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True
    ).stdout.decode()


def _flat(text: str) -> str:
    """Whitespace collapsed: table cells wrap."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def gamma() -> dict[str, str]:
    """Kota Gamma's report in both languages, as pdftotext reads it."""
    import tempfile

    a = assess(CATEGORY, _candidate("kota-gamma"))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("id", "en"):
            data = improve_pdf.render_improve(
                CRITERIA, a, lang, DAY, source="candidates/kota-gamma.yaml"
            )
            assert data.startswith(b"%PDF-")
            out[lang] = _flat(_pdftotext(data, Path(tmp), f"{lang}.pdf"))
    return out


def test_labels_in_both_languages() -> None:
    for key, (id_, en) in LABELS.items():
        assert id_ and en, key


def test_pending_interview_is_a_range_never_zero(gamma: dict[str, str]) -> None:
    assert "Total akhir yang mungkin: 8,00 sampai 28,00 (dari 100,00)" in gamma["id"]
    assert "Possible final total: 8.00 to 28.00 (out of 100.00)" in gamma["en"]
    # the rubric item's own row: 0 to 20 points, from the panel
    assert "dinilai panel saat wawancara: 0,00 sampai 20,00 poin" in gamma["id"]
    assert "scored by the panel at the interview: 0.00 to 20.00 points" in gamma["en"]
    # the total now is out of the maximum scored so far (100 - 20)
    assert "8,00 / 80,00" in gamma["id"]
    assert "8.00 / 80.00" in gamma["en"]


def test_yaml_keys_beside_each_indicator(gamma: dict[str, str]) -> None:
    for text in gamma.values():
        assert "policy: ptsp_required" in text
        assert "villages: enrolled, villages: total" in text
        assert "coverage: non_asn_registered, coverage: non_asn_total" in text
        assert "panel: wawancara" in text


def test_steps_in_words_with_their_points(gamma: dict[str, str]) -> None:
    """The steps in the terminal's words (render/advice.py), with the gain
    and the total after it (8 + 6 = 14, 8 + 12 = 20, 8 + 30 = 38)."""
    ids, en = gamma["id"], gamma["en"]
    # next step and full points of the band (1 -> 2 -> 3 innovations)
    assert (
        "Langkah berikutnya: innovations: (daftar) 1 → paling sedikit 2 (tambah 1 inovasi lagi): "
        "+6,00 poin (total 14,00)" in ids
    )
    assert (
        "Poin penuh: innovations: (daftar) 1 → paling sedikit 3 (tambah 2 inovasi lagi): "
        "+12,00 poin (total 20,00)" in ids
    )
    assert (
        "Next step: innovations: (list) 1 → at least 2 (1 innovation more): "
        "+6.00 points (total 14.00)" in en
    )
    assert (
        "Full points: innovations: (list) 1 → at least 3 (2 innovations more): "
        "+12.00 points (total 20.00)" in en
    )
    # a missing value: the fill that earns full points, with the reweighted gain
    assert (
        "Isi nilai yang kosong: coverage: non_asn_share menjadi 100% (KOSONG di berkas): "
        "+30,00 poin (total 38,00)" in ids
    )
    assert (
        "Fill in the missing value: coverage: non_asn_share to 100% (missing in the file): "
        "+30.00 points (total 38.00)" in en
    )
    assert "policy: ptsp_required menjadi ya (KOSONG di berkas): +5,00 poin" in ids
    assert "policy: ptsp_required to yes (missing in the file): +5.00 points" in en
    # nothing to compute from: said, not left blank
    assert "isi dulu semua nilainya" in ids
    assert "fill in all of its values first" in en


def test_missing_first_then_by_gain(gamma: dict[str, str]) -> None:
    for lang, text in gamma.items():
        t = {k: v[1 if lang == "en" else 0] for k, v in LABELS.items()}
        head = text.index(t["priorities_title"])
        steps = text[head : text.index(t["indicator"], head)]
        # the top five are all missing values, largest gain first: non_asn
        # (+30) before the regulation level (+10) before PTSP (+5)
        non_asn = steps.index("non_asn_share")
        level = steps.index("Perda/Qanun")
        ptsp = steps.index("ptsp_required")
        assert non_asn < level < ptsp
        assert steps.count(t["status_missing"]) == 5
        # in the pillar's table, the missing outreach comes before the
        # innovations the candidate has (criteria order is the reverse)
        pillar = "Innovation" if lang == "en" else "Inovasi"
        table = text[text.index(f"{t['pillar']}: {pillar}") :]
        assert table.index("events:") < table.index("innovations:")


def test_whatif_values_are_marked_hypothetical(tmp_path: Path) -> None:
    alfa = _candidate("kota-alfa")
    a = assess(CATEGORY, alfa, [change_to(alfa, "outreach.events", 12)])
    ids = _flat(_pdftotext(improve_pdf.render_improve(CRITERIA, a, "id", DAY), tmp_path))
    en = _flat(_pdftotext(improve_pdf.render_improve(CRITERIA, a, "en", DAY), tmp_path))
    assert "SIMULASI: laporan ini memakai nilai pengandaian (--set), bukan data" in ids
    assert "SIMULATION (hypothetical): this report uses what-if values (--set)" in en
    # the key, the submitted value and the hypothetical one
    assert "events: 6 kegiatan 12 kegiatan SIMULASI" in ids
    assert "events: 6 events 12 events HYPOTHETICAL" in en
    # the totals are the simulation's: 78.79794 + 5 = 83.79794
    assert "Total sekarang (semua pilar) (SIMULASI)" in ids
    assert "83,80 / 100,00" in ids
    assert "83.80 / 100.00" in en
    # without --set nothing is marked
    plain = assess(CATEGORY, alfa)
    text = _flat(_pdftotext(improve_pdf.render_improve(CRITERIA, plain, "id", DAY), tmp_path))
    assert "SIMULASI" not in text
    assert "78,80 / 100,00" in text


def test_hostile_candidate_is_text(tmp_path: Path) -> None:
    evil = make_hostile()
    a = assess(CATEGORY, evil)
    html = improve_pdf.improve_html(CRITERIA, a, "en", DAY, source="candidates/evil.yaml")
    # escaped by the template, never markup of the document
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = _pdftotext(improve_pdf.render_improve(CRITERIA, a, "en", DAY), tmp_path)
    flat = "".join(text.split())
    # the 10,346-character name is cut to NAME_MAX (150) with its note
    # (see test_render_pdf.test_hostile_candidate for the arithmetic)
    assert "Kabupaten" + "Z" * (125 - len("Kabupaten")) + "…[10,221characterscut]" in flat
    assert "<script>alert(1)</script>" in text  # shown as text
    # a short name with a right-to-left override: shown as code
    # points, not obeyed (templating.printable)
    short = replace(evil, name="Kota \u202eAlfa\u202c </style>")
    text = _pdftotext(
        improve_pdf.render_improve(CRITERIA, assess(CATEGORY, short), "id", DAY), tmp_path
    )
    assert "Kota [U+202E]Alfa[U+202C] </style>" in text


def test_never_overwrites_an_input_and_verifies(tmp_path: Path) -> None:
    gamma = _candidate("kota-gamma")
    a = assess(CATEGORY, gamma)
    src = tmp_path / "kota-gamma.yaml"
    src.write_text("id: kota-gamma\n")
    with pytest.raises(OverwritesInput):
        improve_pdf.write_improve(src, CRITERIA, a, inputs=[src], generated=DAY)
    assert src.read_text() == "id: kota-gamma\n"
    out = tmp_path / "report.pdf"
    improve_pdf.write_improve(out, CRITERIA, a, inputs=[src], generated=DAY)
    first = out.read_bytes()
    # the audit hash of the inputs: verify recognises the candidate's files
    assert verify_pdf(out, CRITERIA, [gamma]).ok
    assert not verify_pdf(out, CRITERIA, make_candidates()).ok  # other files: a mismatch
    # the same inputs and date: the same bytes
    improve_pdf.write_improve(out, CRITERIA, a, inputs=[src], generated=DAY)
    assert out.read_bytes() == first


# --------------------------------------------------------------------------
# The command: `paritrana improve FILE --pdf OUT.pdf`
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
LANGSA = ROOT / "candidates" / "kota-langsa.yaml"


def _improve(monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    from click.testing import CliRunner
    from paritrana.cli import main

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["improve", *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_cli_pdf_with_set_leaves_the_file_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Kota Langsa (the sample, public reports) with 66 of 66 villages
    instead of 56: desa_mendanai (weight 5) 56/66 x 5 = 4,24 -> 5,00, so the
    total 21,58 (of 80; interview pending) becomes 22,33 (21,5757 + 0,7576
    = 22,3333)."""
    copy = tmp_path / "kota-langsa.yaml"
    shutil.copyfile(LANGSA, copy)
    before = copy.read_bytes()
    out = tmp_path / "report.pdf"
    result = _improve(
        monkeypatch,
        str(copy),
        "--set",
        "villages.enrolled=66",
        "--pdf",
        str(out),
        "--date",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == before
    assert f"Wrote {out}" in result.stderr
    assert result.stdout == ""  # the report went to the file
    text = _flat(_pdftotext(out.read_bytes(), tmp_path, "read.pdf"))
    assert "Pemerintah Kota Langsa" in text
    assert "Dibuat 1 Desember 2026" in text
    assert "SIMULASI: laporan ini memakai nilai pengandaian" in text
    assert "villages: enrolled 56 desa 66 desa SIMULASI" in text
    assert "22,33 / 80,00" in text
    assert "Total akhir yang mungkin: 22,33 sampai 42,33 (dari 100,00)" in text
    # the audit hash covers the criteria and the file as read (not the
    # --set values): `verify` says the report was made from them
    from click.testing import CliRunner
    from paritrana.cli import main

    check = CliRunner().invoke(main, ["verify", str(out), "--candidates", str(copy)])
    assert check.exit_code == 0, check.output
    assert "OK, made from these inputs" in check.output


def test_cli_pdf_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = _improve(monkeypatch, str(LANGSA), "--pdf", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    text = _flat(_pdftotext(out.read_bytes(), tmp_path, "read.pdf"))
    assert "Self-assessment Report" in text
    # 21.58 now; the four interview items (20 points) give 21.58 to 41.58
    assert "Possible final total: 21.58 to 41.58 (out of 100.00)" in text
    assert "SIMULATION" not in text


def test_cli_pdf_never_over_an_input(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / "kota-langsa.yaml"
    shutil.copyfile(LANGSA, copy)
    before = copy.read_bytes()
    link = tmp_path / "report.pdf"  # an output name that is the input file
    link.symlink_to(copy)
    result = _improve(monkeypatch, str(copy), "--pdf", str(link))
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.output
    assert copy.read_bytes() == before
    wrong = _improve(monkeypatch, str(copy), "--pdf", str(tmp_path / "report.txt"))
    assert wrong.exit_code == 2
    assert "end the name with .pdf" in wrong.output
    assert not (tmp_path / "report.txt").exists()


def test_report_against_the_samples_holds_the_comparison_and_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`improve FILE --against DIR --pdf`: the comparison printed is the one
    the terminal shows (tests/test_improve_peers.py works it by hand:
    Mempawah is 4 of 4 in stage dokumen; Perda alone reaches rank 2, cost
    3), and since the rank depends on the peers their files are in the
    audit hash: `verify` with them says OK, and a change to a peer's file
    makes the report differ."""
    from click.testing import CliRunner
    from paritrana.cli import main

    samples = tmp_path / "candidates"
    shutil.copytree(ROOT / "candidates", samples)
    monkeypatch.chdir(tmp_path)  # ./candidates is the copy

    def run(*args: str) -> Any:
        return CliRunner().invoke(main, list(args))

    out = tmp_path / "report.pdf"
    mempawah = samples / "kabupaten-mempawah.yaml"
    result = run("improve", str(mempawah), "--against", str(samples), "--pdf", str(out))
    assert result.exit_code == 0, result.output
    text = _flat(_pdftotext(out.read_bytes(), tmp_path, "r.pdf"))
    assert "Dibandingkan dengan peserta lain: Pemerintah Kabupaten/Kota" in text
    assert "Peringkat sekarang: 4 dari 4 (total 0,00 dari 80,00)" in text
    assert "1 indikator diubah (biaya 3)" in text
    assert "peringkat tercapai: 2, total 10,00" in text
    verify = run("verify", str(out))
    assert verify.exit_code == 0, verify.output
    langsa = samples / "kota-langsa.yaml"
    langsa.write_text(langsa.read_text("utf-8") + "# changed\n", "utf-8")
    changed = run("verify", str(out))
    assert changed.exit_code == 1
    assert "kota-langsa.yaml" in changed.output
