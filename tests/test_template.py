"""`paritrana template`: the submission workbook (issue 10, "A workbook to
send out and read back"), opened with openpyxl: its columns, data
validation, Text formats, header notes and the notes sheet, in both
languages; the command line, which never replaces a file.

Runs against the shipped criteria (tests chdir into an empty folder, so
`./criteria` is absent and the shipped set is read).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.fields import FIELDS, LEVELS
from paritrana.scoring.model import Text
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.render.skeleton import field_uses
from paritrana.scoring.render.workbook_template import (
    FIRST_ROW,
    HEADER_ROW,
    IDENTITY,
    LAST_ROW,
    template_columns,
    template_workbook,
)

CRITERIA, _, _ = load_criteria(shipped_criteria())
assert CRITERIA is not None
CATEGORIES = [c.id for c in CRITERIA.categories]


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def workbook(category: str, lang: str = "id") -> Any:
    cat = CRITERIA.category(category)
    assert cat is not None
    data = template_workbook(CRITERIA, cat, file_name="x.xlsx", lang=lang)  # type: ignore[arg-type]
    return openpyxl.load_workbook(io.BytesIO(data))


def header(ws: Any) -> list[str]:
    return [c.value for c in ws[HEADER_ROW]]


def validation(ws: Any, key: str) -> Any:
    """The data validation covering column `key`, from the first row of
    candidates (4) to the sheet's last."""
    letter = openpyxl.utils.get_column_letter(header(ws).index(key) + 1)
    rows = f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}"
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == rows]
    assert len(found) == 1, key
    assert rows == f"{letter}4:{letter}1048576"
    return found[0]


def notes_rows(ws: Any) -> dict[str, tuple[Any, ...]]:
    """The notes sheet's table: column name -> its row (the table's header
    row under the key of its second cell)."""
    rows = list(ws.iter_rows(values_only=True))
    return {r[1]: r for r in rows if r[1] is not None}


# --------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_header_is_the_identity_then_every_field_the_category_reads(category: str) -> None:
    wb = workbook(category)
    cat = CRITERIA.category(category)
    assert cat is not None
    # The entries sheet first, named as the table reader looks for it.
    assert wb.sheetnames == ["Kandidat", "Petunjuk"]
    ws = wb.worksheets[0]
    assert (HEADER_ROW, FIRST_ROW) == (3, 4)
    assert header(ws) == list(IDENTITY) + list(field_uses(cat))
    assert IDENTITY == ("id", "name", "category", "period", "province", "zone")
    # Nothing but the label, type and header rows: an example row would be
    # read as a candidate.
    assert ws.max_row == 3
    assert ws.freeze_panes == "C4"
    # Above the header no cell reads `id`: the reader takes the first row
    # holding one for the header.
    for row in (1, 2):
        assert all(str(c.value).strip().casefold() != "id" for c in ws[row])


def test_kabupaten_kota_columns_in_catalogue_order_with_derived_fields() -> None:
    """The derived fields are columns: a table gives the level and counts
    directly (lists do not fit a cell)."""
    ws = workbook("kabupaten-kota").worksheets[0]
    assert header(ws)[6:12] == [
        "regulation.dedicated_level",
        "policy.ptsp_required",
        "regulation.supporting_count",
        "budget.apbd_vulnerable_workers",
        "budget.vulnerable_workers_target",
        "villages.total",
    ]
    assert {"innovation.count", "outreach.events"} <= set(header(ws))
    assert all(FIELDS[k].derived for k in ("innovation.count", "outreach.events"))


# --------------------------------------------------------------------------
# Data validation
# --------------------------------------------------------------------------


def test_levels_and_yes_no_are_drop_downs_in_the_sheets_language() -> None:
    for lang, words in (("id", '"ya,tidak"'), ("en", '"yes,no"')):
        ws = workbook("kabupaten-kota", lang).worksheets[0]
        level = validation(ws, "regulation.dedicated_level")
        assert level.type == "list"
        assert level.formula1 == '"perda,perkada,instruksi,none"'
        assert level.formula1 == '"' + ",".join(LEVELS) + '"'
        for key in ("policy.ptsp_required", "policy.nik_integration"):
            dv = validation(ws, key)
            assert (dv.type, dv.formula1) == ("list", words)
            assert dv.showErrorMessage and dv.errorStyle == "stop" and dv.allow_blank


def test_counts_are_whole_at_least_0_and_percent_0_to_100() -> None:
    ws = workbook("kabupaten-kota").worksheets[0]
    for key in ("coverage.active_members", "villages.total", "innovation.count"):
        dv = validation(ws, key)
        assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), key
    for key in ("coverage.non_asn_share", "coverage.village_officials_share"):
        dv = validation(ws, key)
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
            "decimal",
            "between",
            "0",
            "100",
        )
    category = validation(ws, "category")
    assert (category.type, category.formula1) == ("list", '"kabupaten-kota"')
    period = validation(ws, "period")
    assert (period.type, period.formula1, period.formula2) == ("whole", "1900", "2100")
    assert "2022" in period.prompt  # the criteria's edition


def test_money_is_whole_at_least_0_months_and_programmes_bounded() -> None:
    ws = workbook("badan-usaha-menengah").worksheets[0]
    for key in ("compliance.wages_reported", "compliance.wages_actual"):
        dv = validation(ws, key)
        assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    months = validation(ws, "compliance.arrears_months")
    assert (months.type, months.formula1, months.formula2) == ("whole", "0", "1200")
    # Five programmes: JKK, JKM, JHT, JP, JKP.
    programmes = validation(ws, "compliance.programmes")
    assert (programmes.type, programmes.formula1, programmes.formula2) == ("whole", "0", "5")


def test_every_column_prompts_its_label_and_how_to_write_it() -> None:
    ws = workbook("kabupaten-kota").worksheets[0]
    dv = validation(ws, "coverage.active_members")
    assert dv.showInputMessage
    assert dv.promptTitle == "coverage.active_members"
    assert dv.prompt.startswith("Peserta aktif: bilangan bulat, mis. 2.234 atau 2234")
    en = validation(workbook("kabupaten-kota", "en").worksheets[0], "coverage.active_members")
    assert en.prompt.startswith("Active members: a whole number, e.g. 2.234 or 2234")
    for dv in ws.data_validations.dataValidation:  # Excel's limits on prompts
        assert len(dv.promptTitle) <= 32 and len(dv.prompt) <= 255
        assert dv.error is None or len(dv.error) <= 255


# --------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------


def test_identity_and_code_columns_are_text_numbers_grouped_percent_never_percent_format() -> None:
    ws = workbook("badan-usaha-menengah").worksheets[0]
    keys = header(ws)

    def fmt(key: str) -> str:
        letter = openpyxl.utils.get_column_letter(keys.index(key) + 1)
        return ws.column_dimensions[letter].number_format

    for key in ("id", "name", "category", "province", "zone", "digital.sipp"):
        assert fmt(key) == "@", key  # Text: 0012 and 3201010101010001 stay as typed
    assert fmt("period") == "0"
    assert fmt("workforce.employed") == "#,##0"
    assert fmt("compliance.wages_actual") == '"Rp "#,##0'
    kab = workbook("kabupaten-kota").worksheets[0]
    letter = openpyxl.utils.get_column_letter(header(kab).index("coverage.non_asn_share") + 1)
    # Excel's `0%` would store 94 typed as 0.94.
    assert "%" not in kab.column_dimensions[letter].number_format
    assert fmt_level(kab) == "@"


def fmt_level(ws: Any) -> str:
    letter = openpyxl.utils.get_column_letter(header(ws).index("regulation.dedicated_level") + 1)
    return ws.column_dimensions[letter].number_format


def test_above_the_header_each_columns_label_and_type_in_the_sheets_language() -> None:
    for lang, label, kind, first in (
        ("id", "Peserta aktif", "jumlah (orang)", "Id peserta (wajib)"),
        ("en", "Active members", "count (people)", "Candidate id (required)"),
    ):
        ws = workbook("kabupaten-kota", lang).worksheets[0]
        n = header(ws).index("coverage.active_members") + 1
        assert (ws.cell(1, n).value, ws.cell(2, n).value) == (label, kind)
        assert ws.cell(1, 1).value == first
    money = workbook("badan-usaha-besar").worksheets[0]
    n = header(money).index("compliance.wages_actual") + 1
    assert money.cell(2, n).value == "uang (Rp)"


def test_header_notes_give_label_type_and_bound_in_both_languages() -> None:
    ws = workbook("kabupaten-kota").worksheets[0]
    cell = ws.cell(row=HEADER_ROW, column=header(ws).index("villages.enrolled") + 1)
    assert cell.comment.text.splitlines() == [
        "Desa/gampong yang mendaftarkan aparaturnya",
        "jumlah (desa)",
        "bilangan bulat, mis. 2.234 atau 2234 (titik memisahkan ribuan)",
        "tidak melebihi villages.total",
    ]
    en = workbook("kabupaten-kota", "en").worksheets[0]
    cell = en.cell(row=HEADER_ROW, column=header(en).index("villages.enrolled") + 1)
    assert cell.comment.text.splitlines()[0] == "Villages that enrolled their officials"
    assert cell.comment.text.splitlines()[3] == "at most villages.total"
    assert en.cell(row=HEADER_ROW, column=1).comment.text.startswith("Candidate id (required)")


# --------------------------------------------------------------------------
# The notes sheet
# --------------------------------------------------------------------------


def test_notes_list_every_column_with_the_indicators_it_feeds_and_their_points() -> None:
    wb = workbook("kabupaten-kota")
    ws = wb["Petunjuk"]
    rows = notes_rows(ws)
    assert list(rows) == ["Nama kolom"] + header(wb.worksheets[0])
    letter, key, label, type_, write, bound, feeds = rows["coverage.active_members"]
    assert (letter, label, type_) == ("O", "Peserta aktif", "jumlah (orang)")
    assert bound == "tidak melebihi coverage.employed_population"
    assert write == "bilangan bulat, mis. 2.234 atau 2234 (titik memisahkan ribuan)"
    # The shipped criteria (criteria/2022-pemda.yaml): active members are the
    # numerator of the coverage ratio (12 points), this year of growth (5)
    # and the denominator of the BPU share (4).
    assert feeds.splitlines() == [
        "Rasio peserta aktif terhadap penduduk bekerja [cakupan_rasio], pembilang, 12 poin",
        "Pertumbuhan peserta aktif (tahunan) [pertumbuhan_peserta], tahun ini, 5 poin",
        "Porsi peserta bukan penerima upah (BPU) [porsi_bpu], penyebut, 4 poin",
    ]
    derived = rows["innovation.count"][4]
    assert "innovations:" in derived and "di tabel ditulis langsung" in derived
    first = [r[0] for r in ws.iter_rows(max_row=10, values_only=True)]
    assert first[0].startswith("Templat isian Paritrana Award, kategori Pemerintah Kabupaten/Kota")
    # criteria/2022-pemda.yaml: `missing: zero`.
    assert any("bukan nol" in line and "dinilai nol" in line for line in first)
    assert any("Rp 484.646.400" in line and "94,5" in line for line in first)
    assert any("Bila Excel menolak isian" in line for line in first)
    assert any("paritrana validate --candidates x.xlsx" in line for line in first)


def test_notes_in_english() -> None:
    wb = workbook("kabupaten-kota", "en")
    assert wb.sheetnames == ["Candidates", "Notes"]
    rows = notes_rows(wb["Notes"])
    assert rows["Column name"][:3] == ("Column", "Column name", "Label")
    feeds = rows["coverage.active_members"][6].splitlines()
    assert feeds[0].endswith("[cakupan_rasio], numerator, 12 points")
    first = [r[0] for r in wb["Notes"].iter_rows(max_row=10, values_only=True)]
    assert any("missing, not zero" in line for line in first)


def test_a_category_with_a_panel_says_what_the_panel_scores() -> None:
    rows = [r[0] for r in workbook("badan-usaha-besar")["Petunjuk"].iter_rows(values_only=True)]
    panel = [r for r in rows if r and r.startswith("Dinilai panel")]
    assert len(panel) == 1 and "[pemahaman]" in panel[0]


HOSTILE = '=HYPERLINK("http://x.example","klik")\x1b[31m\u202eend'


def test_hostile_criteria_text_stays_text() -> None:
    """Labels from a criteria file reach the notes and prompts as string
    cells, never formulas, with control characters escaped."""
    cat = CRITERIA.category("kabupaten-kota")
    assert cat is not None
    pillars = tuple(
        replace(p, indicators=tuple(replace(i, label=Text(HOSTILE, HOSTILE)) for i in p.indicators))
        for p in cat.pillars
    )
    cat = replace(cat, pillars=pillars, label=Text(HOSTILE, HOSTILE))
    crit = replace(CRITERIA, title=Text(HOSTILE, HOSTILE), categories=(cat,))
    data = template_workbook(crit, cat, file_name="x.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert "\x1b" not in cell.value and "\u202e" not in cell.value
                    if cell.value.startswith("="):
                        assert cell.quotePrefix
    title = wb["Petunjuk"]["A1"].value
    assert "\\x1b" in title and "\\u202e" in title


def test_columns_follow_the_criteria_given() -> None:
    cat = CRITERIA.category("ukm")
    assert cat is not None
    keys = [c.key for c in template_columns(CRITERIA, cat)]
    assert keys == list(IDENTITY) + list(field_uses(cat))
    assert "compliance.programmes" in keys and "coverage.active_members" not in keys


def test_the_generation_date_is_the_workbooks_date() -> None:
    cat = CRITERIA.category("ukm")
    assert cat is not None
    data = template_workbook(CRITERIA, cat, file_name="x.xlsx", generated=date(2022, 4, 8))
    props = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert props.created.date() == date(2022, 4, 8)
    assert props.creator == "paritrana"


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def test_cli_writes_the_workbook(here: Path) -> None:
    result = run("template", "--category", "kabupaten-kota", "-o", "kirim.xlsx", "--lang", "en")
    assert result.exit_code == 0, result.output
    # 6 identity columns and the 20 fields kabupaten-kota reads.
    assert "kirim.xlsx" in result.output and "26" in result.output
    wb = openpyxl.load_workbook(here / "kirim.xlsx")
    assert wb.sheetnames == ["Candidates", "Notes"]
    assert len(header(wb.worksheets[0])) == 26


def test_cli_never_overwrites(here: Path) -> None:
    (here / "kirim.xlsx").write_bytes(b"a region's filled-in workbook")
    result = run("template", "--category", "ukm", "-o", "kirim.xlsx")
    assert result.exit_code == 1
    assert "kirim.xlsx" in result.output
    assert (here / "kirim.xlsx").read_bytes() == b"a region's filled-in workbook"


def test_cli_refuses_another_extension_and_an_unknown_category(here: Path) -> None:
    result = run("template", "--category", "ukm", "-o", "kirim.xls")
    assert result.exit_code == 2 and ".xlsx" in result.output
    assert not (here / "kirim.xls").exists()
    result = run("template", "--category", "kabupaten-kot", "-o", "kirim.xlsx")
    assert result.exit_code == 2 and "kabupaten-kota" in result.output
    assert not (here / "kirim.xlsx").exists()


def test_cli_refuses_a_missing_folder(here: Path) -> None:
    result = run("template", "--category", "ukm", "-o", "nowhere/kirim.xlsx")
    assert result.exit_code == 1 and "nowhere" in result.output


def test_the_notes_print_landscape_one_page_wide_with_the_header_repeated() -> None:
    ws = workbook("kabupaten-kota")["Petunjuk"]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    header_row = next(r for r in range(1, 30) if ws.cell(r, 2).value == "Nama kolom")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert "A1:G1" in {str(m) for m in ws.merged_cells.ranges}
    # A row of the table is as tall as its most wrapped cell: coverage.active_members
    # feeds three indicators, one per line.
    row = next(
        r
        for r in range(header_row, header_row + 40)
        if ws.cell(r, 2).value == "coverage.active_members"
    )
    assert ws.row_dimensions[row].height >= 3 * 15
