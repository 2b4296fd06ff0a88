"""The template's round trip (issue 10): `paritrana template` writes the
workbook, a person fills its rows in (here openpyxl, with values typed as
people type them: `Rp 484.646.400`, `94,5`, `2.234`, `Perda`, `ya`, and
real numbers), the table reader reads it back, and the candidates score
exactly as the same values written in YAML files.

Every candidate here is SYNTHETIC (made up for the test), and says so in
its name; the criteria are the shipped ones.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from paritrana.cli import main
from table_helpers import fill_template, points_of, ranked, summary, write_yaml

# Rows as a person fills them in, column name -> what is typed (None: the
# cell is left empty).
KAB_CONTOH: dict[str, Any] = {
    "id": "kabupaten-contoh",
    "name": "Kabupaten Contoh (SYNTHETIC)",
    "category": "kabupaten-kota",
    "period": 2022,
    "province": "Aceh",
    "regulation.dedicated_level": "Perda",
    "policy.ptsp_required": "ya",
    "regulation.supporting_count": 2,
    "budget.apbd_vulnerable_workers": "1.500",
    "budget.vulnerable_workers_target": 2000,
    "villages.total": 56,
    "villages.enrolled": "28",
    "coverage.employed_population": "100.000",
    "coverage.active_members": 31000,
    "coverage.active_members_previous": "25.000",
    "coverage.bpu_members": "6.200",
    "coverage.non_asn_share": "94,5",
    "coverage.village_officials_total": "2.000",
    "coverage.village_officials_registered": 1500,
    "innovation.count": 2,
    "outreach.events": "6",
    "policy.nik_integration": "tidak",
}
# The hand-worked points of KAB_CONTOH (criteria/2022-pemda.yaml, pillars of
# `provinsi`; missing: zero; no panel scores, so it is ranked in the stage
# `dokumen`: regulasi, anggaran, cakupan, inovasi, 80 points):
KAB_CONTOH_POINTS = {
    "regulasi_khusus": 10.0,  # perda -> 100 of 10 points
    "ptsp": 5.0,  # ya -> 100 of 5
    "regulasi_pendukung": 2.0,  # count 2 of cap 5 -> 40 of 5 = 2
    "apbd_pekerja_rentan": 7.5,  # 1.500 / 2000 = 75 %, linear 0..100 -> 75 of 10
    "desa_mendanai": 2.5,  # 28 / 56 = 50 %, linear 0..100 -> 50 of 5
    "cakupan_rasio": 6.0,  # 31000 / 100.000 = 31 %, linear 10..52 -> (31-10)/42 = 50 of 12
    "pertumbuhan_peserta": 5.0,  # 31000 / 25.000 - 1 = 24 %, linear 0..20 -> 100 of 5
    "non_asn": 4.725,  # no ratio (total and registered empty): fallback 94,5 % -> 94.5 of 5
    "aparatur_desa": 3.0,  # 1500 / 2.000 = 75 % -> 75 of 4
    "porsi_bpu": 2.0,  # 6.200 / 31000 = 20 %, linear 0..40 -> 50 of 4
    "inovasi_terbukti": 5.6,  # 2 innovations: band [2, 70] -> 70 of 8
    "sosialisasi": 2.0,  # 6 events of cap 12 -> 50 of 4
    "integrasi_nik": 0.0,  # tidak -> 0 of 3
}
# regulasi 17 + anggaran 10 + cakupan 20.725 + inovasi 7.6
KAB_CONTOH_TOTAL = 55.325

KAB_ROWS: list[dict[str, Any]] = [
    KAB_CONTOH,
    {  # real numbers where the first row has text, a lower-case level, yes/no words in English
        "id": "kota-contoh",
        "name": "Kota Contoh (SYNTHETIC)",
        "category": "kabupaten-kota",
        "period": 2022,
        "zone": "Sumatera",
        "regulation.dedicated_level": "perkada",
        "policy.ptsp_required": "no",
        "regulation.supporting_count": 0,
        "budget.apbd_vulnerable_workers": 1500,
        "budget.vulnerable_workers_target": 1500,
        "coverage.employed_population": 250000,
        "coverage.active_members": 130000,  # 52 %: exactly on the target
        "coverage.active_members_previous": 120000,
        "coverage.non_asn_total": 3000,
        "coverage.non_asn_registered": "2.234",
        "coverage.village_officials_share": 66.5,
        "innovation.count": "4",
        "outreach.events": 12,
        "policy.nik_integration": "YA",
    },
    {  # almost nothing given: missing, not zero
        "id": "kabupaten-kosong",
        "name": "Kabupaten Kosong (SYNTHETIC)",
        "category": "kabupaten-kota",
        "period": "2022",
        "villages.total": "120",
    },
]

BU_ROWS: list[dict[str, Any]] = [
    {
        "id": "pt-contoh",
        "name": "PT Contoh (SYNTHETIC)",
        "category": "badan-usaha-besar",
        "period": 2022,
        "province": "Jawa Barat",
        "workforce.employed": "1.200",
        "workforce.registered": 1200,
        "compliance.arrears_months": "0",
        "compliance.wages_reported": "Rp 484.646.400",
        # 484.646.400 / 538.496.000 = 90 % exactly: linear 50..100 -> 80 of 10 = 8 points
        "compliance.wages_actual": 538496000,
        "compliance.programmes": 5,
        "digital.sipp": "Ya",
        "digital.jmo_users": "600",
        "care.vendors_total": 10,
        "care.vendors_compliant": "10",
    },
    {
        "id": "pt-lain",
        "name": "PT Lain (SYNTHETIC)",
        "category": "badan-usaha-besar",
        "period": 2022,
        "workforce.employed": 800,
        "workforce.registered": "640",
        "compliance.wages_reported": "Rp 12.000.000,00",
        "compliance.wages_actual": "Rp 15.000.000",
        "compliance.arrears_months": 2,
        "digital.sipp": "tidak",
    },
]


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def template(category: str, name: str) -> Path:
    result = CliRunner().invoke(
        main, ["template", "--category", category, "-o", name], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return Path(name)


def test_kabupaten_kota_filled_in_scores_as_the_same_values_in_yaml(here: Path) -> None:
    book = fill_template(template("kabupaten-kota", "kirim.xlsx"), KAB_ROWS, here / "terisi.xlsx")
    from_table = ranked([book], here)
    from_yaml = ranked(write_yaml(here / "yaml", KAB_ROWS), here)
    assert summary(from_table) == summary(from_yaml)
    got = points_of(from_table, "kabupaten-contoh")
    for indicator, points in KAB_CONTOH_POINTS.items():
        assert got[indicator] == pytest.approx(points, abs=1e-9), indicator
    assert got["total"] == pytest.approx(KAB_CONTOH_TOTAL, abs=1e-9)
    (result,) = from_table.results
    assert result.stage is not None and result.stage.id == "dokumen"


def test_a_business_template_reads_rupiah_as_typed(here: Path) -> None:
    book = fill_template(template("badan-usaha-besar", "kirim.xlsx"), BU_ROWS, here / "terisi.xlsx")
    from_table = ranked([book], here)
    from_yaml = ranked(write_yaml(here / "yaml", BU_ROWS), here)
    assert summary(from_table) == summary(from_yaml)
    # Rp 484.646.400 of Rp 538.496.000 is 90 % exactly: (90 - 50) / 50 = 80 of 10 points.
    assert points_of(from_table, "pt-contoh")["upah_dilaporkan"] == pytest.approx(8.0, abs=1e-12)
    # Rp 12.000.000,00 of Rp 15.000.000 is 80 %: (80 - 50) / 50 = 60 of 10 points.
    assert points_of(from_table, "pt-lain")["upah_dilaporkan"] == pytest.approx(6.0, abs=1e-12)


def test_the_template_unfilled_holds_no_candidate(here: Path) -> None:
    """Read back as it is written, the template has a header and no rows:
    nothing is invented (no example row), and a source with no candidate
    is an error naming it, as an empty candidate file is (not "0 candidates")."""
    from paritrana.scoring.errors import InvalidInput
    from paritrana.scoring.pipeline import load_inputs

    book = template("ukm", "kirim.xlsx")
    with pytest.raises(InvalidInput) as raised:
        load_inputs(None, [book], cwd=here)
    # The sheet is named in the workbook's language (id by default); the
    # header is row 3, under the labels and units.
    assert [(d.path, d.line, d.message) for d in raised.value.diagnostics] == [
        (
            str(book),
            0,
            "sheet 'Kandidat' has no candidate rows, only its header (row 3); "
            "give one row per candidate below it",
        )
    ]


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_saved_again_by_a_spreadsheet_it_still_reads_back_the_same(here: Path) -> None:
    """The filled-in workbook opened and saved by LibreOffice Calc (as a
    person's spreadsheet would save it): the header, the drop-downs and
    the Text format survive, and it scores as the YAML files do."""
    book = fill_template(template("kabupaten-kota", "kirim.xlsx"), KAB_ROWS, here / "terisi.xlsx")
    out = here / "saved"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(here / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / "terisi.xlsx"
    ws = openpyxl.load_workbook(saved).worksheets[0]
    kinds = {
        str(dv.sqref).split(":")[0]: (dv.type, dv.formula1)
        for dv in ws.data_validations.dataValidation
    }
    assert kinds["G4"] == ("list", '"perda,perkada,instruksi,none"')
    assert ws["A4"].number_format == "@"
    assert summary(ranked([saved], here)) == summary(
        ranked(write_yaml(here / "yaml", KAB_ROWS), here)
    )
