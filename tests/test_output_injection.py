"""CSV, XLSX and JSON exports carry hostile input text without obeying it.

OWASP "CSV Injection": a cell starting with = + - @ TAB or CR is a formula
to Excel and LibreOffice. Candidates are built as model objects (no
validation: the exports must be safe whatever they are fed) and the exports
are read back with Python's csv module and openpyxl.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from paritrana.scoring.render.cells import csv_text, xlsx_text
from paritrana.scoring.render.export import ranking_csv, ranking_json
from paritrana.scoring.render.xlsx import ranking_xlsx
from render_helpers import make_candidates, make_criteria, make_ranking

DAY = date(2022, 4, 8)
HYPERLINK = '=HYPERLINK("http://127.0.0.1/x","y")'


def _hostile_ranking() -> object:
    """The three helper candidates with formula-like and control-character text."""
    gamma, alfa, beta = make_candidates()
    alfa = replace(alfa, name="+1+1", province="=2*3", zone="\t=1+1")
    beta = replace(beta, name=HYPERLINK, province="-2+3", zone="@SUM(A1:A9)")
    gamma = replace(
        gamma,
        name="Kota Medan\r=1+1",
        province="Kota\x07Medan\x00\x1b[31m",
        zone="\r=cmd|' /C calc'!A0",
    )
    return make_ranking([gamma, alfa, beta])


def _csv_rows(ranking: object) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ranking_csv(ranking), newline="")))  # type: ignore[arg-type]


def test_csv_text_rules() -> None:
    assert csv_text("Pemerintah Kota Langsa") == "Pemerintah Kota Langsa"
    for risky in ("=2*3", "+1+1", "-2+3", "@SUM(A1)", HYPERLINK):
        assert csv_text(risky) == "'" + risky
    # tab and CR are escaped first (\t, \r as text), so what starts the cell
    # is a backslash: no quote needed, and no raw control character left.
    assert csv_text("\t=1+1") == "\\t=1+1"
    assert csv_text("\r=1+1") == "\\r=1+1"
    # A text that already starts with a quote gets one more, so dropping the
    # first quote always gives the text back.
    assert csv_text("'=1") == "''=1"
    assert csv_text("'quoted'") == "''quoted'"


def test_csv_has_no_formulas_and_one_row_per_candidate() -> None:
    ranking = _hostile_ranking()
    text = ranking_csv(ranking)  # type: ignore[arg-type]
    # 1 header + 3 candidates; no raw CR anywhere, so LibreOffice-like readers
    # that split on any line break see 4 records too.
    assert "\r" not in text
    assert len(text.splitlines()) == 4
    rows = _csv_rows(ranking)
    assert len(rows) == 3
    by_id = {r["id"]: r for r in rows}
    alfa, beta, gamma = by_id["kota-alfa"], by_id["kabupaten-beta"], by_id["kota-gamma"]
    assert (alfa["name"], alfa["province"], alfa["zone"]) == ("'+1+1", "'=2*3", "\\t=1+1")
    assert (beta["name"], beta["province"], beta["zone"]) == (
        "'" + HYPERLINK,
        "'-2+3",
        "'@SUM(A1:A9)",
    )
    assert gamma["name"] == "Kota Medan\\r=1+1"
    assert gamma["province"] == "Kota\\x07Medan\\x00\\x1b[31m"
    assert gamma["zone"] == "\\r=cmd|' /C calc'!A0"
    # No cell a spreadsheet would evaluate: none starts with a formula character.
    for row in rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (key, value)
            if value.startswith("-"):
                float(value)  # only a negative number may start with "-"
    # Numbers stay plain numbers. By hand (render_helpers.py): Alfa
    # 17 + 2234/2500 x 15 + 56/66 x 15 + 19 + (13/3 - 1)/4 x 20
    # = 17 + 13.404 + 12.727273 + 19 + 16.666667 = 78.797939;
    # Beta 7.5 + 94 x 30/100 + 1/12 x 10 = 7.5 + 28.2 + 0.833333 = 36.533333.
    assert float(alfa["total"]) == pytest.approx(78.797939, abs=1e-6)
    assert float(beta["total"]) == pytest.approx(36.533333, abs=1e-6)
    assert alfa["rank"] == "1" and alfa["edition"] == "2022"


def test_csv_negative_numbers_are_not_prefixed() -> None:
    from paritrana.scoring.render.export import _csv_value

    assert _csv_value(-5.5) == "-5.5"
    assert _csv_value(-3) == "-3"
    assert _csv_value((-3.0, 5.0)) == "'-3/5"  # joined parts are text to a spreadsheet
    assert _csv_value((None, None)) == ""  # nothing given
    assert _csv_value(float("inf")) == ""


def _workbook(ranking: object) -> object:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(ranking_xlsx(ranking, "id", DAY)))  # type: ignore[arg-type]


def test_xlsx_has_no_formula_cells_and_numbers_stay_numbers() -> None:
    wb = _workbook(_hostile_ranking())
    ws = wb["kabupaten-kota"]  # type: ignore[index]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    for c in cells:
        if isinstance(c.value, str):
            assert c.data_type in ("s", "inlineStr"), c.coordinate
        else:
            assert c.data_type == "n", (c.coordinate, c.value)
    header = [c.value for c in ws[3]]
    rows = {r[1]: dict(zip(header, r)) for r in ws.iter_rows(min_row=4, values_only=True)}
    alfa = rows["kota-alfa"]
    # The text itself is kept (no quote added in the workbook)...
    assert alfa["Nama"] == "+1+1" and alfa["Provinsi"] == "=2*3"
    assert rows["kabupaten-beta"]["Nama"] == HYPERLINK
    # ...control characters shown as escapes instead of crashing openpyxl.
    assert rows["kota-gamma"]["Nama"] == "Kota Medan\\r=1+1"
    assert rows["kota-gamma"]["Provinsi"] == "Kota\\x07Medan\\x00\\x1b[31m"
    # Numbers, as numbers: Alfa's total 78.797939 (worked out above).
    assert alfa["Total"] == pytest.approx(78.797939, abs=1e-6)
    assert isinstance(alfa["Peringkat"], int) and alfa["Peringkat"] == 1
    assert rows["kabupaten-beta"]["Maks. total"] == 80  # 100 less the pending 20


def test_xlsx_formula_like_text_has_quote_prefix_style() -> None:
    wb = _workbook(_hostile_ranking())
    ws = wb["kabupaten-kota"]  # type: ignore[index]
    by_value = {c.value: c for row in ws.iter_rows(min_row=4) for c in row}
    for text in ("+1+1", "=2*3", HYPERLINK, "-2+3"):  # the workbook has no zone column
        assert by_value[text].quotePrefix, text
    assert not by_value["kota-alfa"].quotePrefix


def test_xlsx_labels_from_criteria_are_not_formulas() -> None:
    crit = make_criteria()
    cat = crit.categories[0]
    pillar = replace(cat.pillars[0], label=replace(cat.pillars[0].label, id="=1+1"))
    crit = replace(
        crit,
        categories=(replace(cat, pillars=(pillar, *cat.pillars[1:])),),
        title=replace(crit.title, id="@evil\x1b]0;x\x07"),
    )
    from paritrana.scoring.rank.ranking import rank

    wb = _workbook(rank(crit, make_candidates()))
    ws = wb["kabupaten-kota"]  # type: ignore[index]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws["A1"].value.startswith("@evil\\x1b]0;x\\x07: ")
    assert ws["A1"].quotePrefix
    assert "=1+1 (poin)" in [c.value for c in ws[3]]


def test_xlsx_text_is_cut_to_what_a_cell_holds() -> None:
    text = xlsx_text("Z" * 40_000, "en")
    assert len(text) <= 32_767
    # note sized for 40,000: len("… [40,000 characters cut]") = 25, so
    # 32,767 - 25 = 32,742 kept and 40,000 - 32,742 = 7,258 cut.
    assert text == "Z" * 32_742 + "… [7,258 characters cut]"


def test_json_keeps_text_exact_and_escapes_terminal_controls() -> None:
    gamma, alfa, beta = make_candidates()
    name = "Kota\u202eMedan\x1b]0;pwned\x07\x9b31m\u2028x"
    alfa = replace(alfa, name=name, province=HYPERLINK)
    text = ranking_json(make_ranking([gamma, alfa, beta]), "0" * 64)
    for raw in ("\u202e", "\x1b", "\x07", "\x9b", "\u2028"):
        assert raw not in text
    assert "\\u202e" in text and "\\u001b" in text and "\\u009b" in text
    doc = json.loads(text)
    names = [c["name"] for c in doc["categories"][0]["candidates"]]
    assert name in names  # a JSON reader gets the very text back


def test_pdf_html_shows_control_characters_as_code_points() -> None:
    from paritrana.scoring.render import templating

    gamma, alfa, beta = make_candidates()
    alfa = replace(alfa, name="Kota\x07Medan\x00X\x1b]0;t\x07", notes=("baris satu\nbaris dua",))
    ranking = make_ranking([gamma, alfa, beta])
    res = ranking.results[0]  # type: ignore[attr-defined]
    index = [c.id for c in res.candidates].index("kota-alfa")
    html = templating.scorecard_html(ranking, res, index, "id", DAY)
    assert "Kota[U+0007]Medan[U+0000]X[U+001B]]0;t[U+0007]" in html
    for raw in ("\x07", "\x00", "\x1b"):
        assert raw not in html
    assert "baris satu\nbaris dua" in html  # newlines in a note are kept
    assert templating.printable("Kota Langsa") == "Kota Langsa"


def test_ids_from_the_criteria_are_neutralised_too() -> None:
    """Ids are validated, but the exports do not rely on it."""
    from paritrana.scoring.rank.ranking import rank

    crit = make_criteria()
    cat = crit.categories[0]
    first = cat.pillars[0]
    ind = replace(first.indicators[0], id="=1+1")
    pillar = replace(first, indicators=(ind, *first.indicators[1:]))
    cat = replace(cat, id="'kab\x07/kota'", pillars=(pillar, *cat.pillars[1:]))
    candidates = [replace(c, category=cat.id) for c in make_candidates()]
    ranking = rank(replace(crit, categories=(cat,)), candidates)
    header = next(csv.reader(io.StringIO(ranking_csv(ranking))))
    assert "'=1+1.raw" in header and "'=1+1.derived" in header
    wb = _workbook(ranking)
    # BEL escaped to "\x07", then "\" and "/" (not allowed in sheet names)
    # replaced by "-", and the apostrophes at either end dropped; the
    # submitted values' sheet is named after the ranking's.
    assert wb.sheetnames == ["kab-x07-kota", "kab-x07-kota nilai"]  # type: ignore[attr-defined]
