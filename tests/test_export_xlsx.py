"""The ranking workbook follows Excel's conventions (docs/outputs.md,
"Workbook"): each property opened and checked with openpyxl.

The helpers' three candidates (tests/render_helpers.py): Alfa complete and
ranked 1st with total 78.797939; Beta and Gamma each with the interview
(20 points) pending, so incomplete, out of 80; Beta misses one indicator,
Gamma six.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from paritrana.scoring.render.xlsx import DECIMALS, FRACTION, WHOLE, ranking_xlsx
from render_helpers import make_candidates, make_ranking

DAY = date(2022, 4, 8)


def _book(lang: str = "id", candidates: Any = None) -> Any:
    ranking = make_ranking(candidates)
    return load_workbook(io.BytesIO(ranking_xlsx(ranking, lang, DAY)))  # type: ignore[arg-type]


def _rows(ws: Any) -> dict[str, dict[str, Any]]:
    """Data rows (from row 4) by candidate id, as {header: cell}."""
    header = [c.value for c in ws[3]]
    return {row[1].value: dict(zip(header, row)) for row in ws.iter_rows(min_row=4)}


def test_two_sheets_per_category_ranking_then_submitted_values() -> None:
    assert _book("id").sheetnames == ["kabupaten-kota", "kabupaten-kota nilai"]
    assert _book("en").sheetnames == ["kabupaten-kota", "kabupaten-kota values"]


def test_numbers_have_builtin_formats_and_stay_unrounded() -> None:
    alfa = _rows(_book()["kabupaten-kota"])["kota-alfa"]
    total = alfa["Total"]
    # stored to 6 decimals, shown with two and thousands grouping: '#,##0.00'
    # is Excel's built-in format 4, drawn with the reader's own separators
    assert total.value == pytest.approx(78.797939, abs=1e-9)
    assert total.number_format == DECIMALS == "#,##0.00"
    assert alfa["Regulasi (poin)"].number_format == DECIMALS
    assert alfa["Regulasi khusus jamsostek (skor)"].number_format == DECIMALS
    assert isinstance(alfa["Peringkat"].value, int) and alfa["Peringkat"].value == 1


def test_pending_is_shown_as_pending_never_zero() -> None:
    rows = _rows(_book("id")["kabupaten-kota"])
    beta = rows["kabupaten-beta"]
    assert beta["Wawancara panel (skor)"].value == "tertunda"
    assert beta["Peringkat"].value is None  # incomplete: never ranked
    assert beta["Maks. total"].value == 80  # 100 less the pending 20
    # a missing value is an empty cell, not 0
    assert beta["Desa yang mendaftarkan aparaturnya (skor)"].value is None
    en = _rows(_book("en")["kabupaten-kota"])["kabupaten-beta"]
    assert en["Panel interview (score)"].value == "pending"


def test_flags_and_words_in_the_sheets_language() -> None:
    ind = _rows(_book("id")["kabupaten-kota"])
    assert ind["kabupaten-beta"]["Catatan"].value == "belum lengkap kosong:1 tertunda:1"
    assert ind["kota-gamma"]["Catatan"].value == "belum lengkap kosong:6 tertunda:1"
    assert ind["kota-alfa"]["Lolos"].value == "ya"
    en = _rows(_book("en")["kabupaten-kota"])
    assert en["kabupaten-beta"]["Flags"].value == "incomplete missing:1 pending:1"
    assert en["kota-alfa"]["Shortlisted"].value == "yes"


def test_header_frozen_filtered_and_repeated_when_printed() -> None:
    for ws in _book().worksheets:
        assert ws.freeze_panes == "A4"  # rows 1-3 stay in view
        last = ws.max_column
        assert ws.auto_filter.ref == f"A3:{ws.cell(3, last).column_letter}6"  # 3 candidates
        assert ws.print_title_rows == "$3:$3"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True


def test_column_widths_fit_their_content() -> None:
    ws = _book()["kabupaten-kota"]
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["C"] == 36  # the name
    # id column: the longest id, "kabupaten-beta" (14), plus 2
    assert widths["B"] == 16
    assert all(8 <= w <= 48 for w in widths.values())
    # a number column is at most 20 wide: its header wraps
    assert widths["E"] <= 20 and ws["E3"].alignment.wrap_text


def test_submitted_values_sheet() -> None:
    ws = _book("id")["kabupaten-kota nilai"]
    keys = [c.value for c in ws[2]][3:]
    assert keys[:3] == [
        "regulation.dedicated_level",
        "policy.ptsp_required",
        "regulation.supporting_count",
    ]
    header = [c.value for c in ws[3]]
    rows = {r[1].value: dict(zip(keys, r[3:])) for r in ws.iter_rows(min_row=4)}
    alfa = rows["kota-alfa"]
    assert alfa["coverage.non_asn_registered"].value == 2234
    assert alfa["coverage.non_asn_registered"].number_format == WHOLE
    assert alfa["policy.ptsp_required"].value == "ya"  # yes/no as a word
    assert alfa["regulation.dedicated_level"].value == "Perda/Qanun"  # the level's name
    assert rows["kabupaten-beta"]["coverage.non_asn_share"].value == 94
    assert rows["kota-gamma"]["villages.total"].value is None  # not given: empty
    assert header[:3] == ["Peringkat", "ID", "Nama"]
    assert "Pegawai non-ASN terdaftar (orang)" in header


def test_submitted_fraction_keeps_its_digits() -> None:
    from dataclasses import replace

    gamma, alfa, beta = make_candidates()
    beta = replace(beta, values={**beta.values, "coverage.non_asn_share": 94.125})
    rows = {
        r[1].value: r
        for r in _book("en", [gamma, alfa, beta])["kabupaten-kota values"].iter_rows(min_row=4)
    }
    keys = [c.value for c in _book("en")["kabupaten-kota values"][2]]
    cell = rows["kabupaten-beta"][keys.index("coverage.non_asn_share")]
    assert cell.value == 94.125 and cell.number_format == FRACTION  # two to six decimals


def test_workbook_language_property() -> None:
    assert _book("id").properties.language == "id-ID"
    assert _book("en").properties.language == "en"
