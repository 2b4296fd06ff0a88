"""The exports opened by a real spreadsheet: LibreOffice evaluates no input text.

Skipped where LibreOffice is not installed (`soffice`, Debian package
libreoffice-calc-nogui). LibreOffice converts the CSV to a workbook (its
formula cells are then visible to openpyxl) and the workbook to CSV (the
values it displays: a formula `=2*3` would show as 6).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from paritrana.scoring.render.export import ranking_csv
from paritrana.scoring.render.xlsx import ranking_xlsx
from render_helpers import make_candidates, make_ranking

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
HYPERLINK = '=HYPERLINK("http://127.0.0.1/x","y")'


def _ranking() -> object:
    gamma, alfa, beta = make_candidates()
    alfa = replace(alfa, name="+1+1", province="=2*3", zone="\t=1+1")
    beta = replace(beta, name=HYPERLINK, province="-2+3", zone="@SUM(1+1)")
    gamma = replace(gamma, name="Kota Medan\r=1+1", province="=1+1")
    return make_ranking([gamma, alfa, beta])


def _convert(src: Path, target: str, tmp: Path, *extra: str) -> Path:
    out = tmp / f"out-{src.suffix[1:]}"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            *extra,
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return next(out.iterdir())


def test_libreoffice_evaluates_nothing_from_the_csv(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    src = tmp_path / "ranking.csv"
    src.write_text(ranking_csv(_ranking()), encoding="utf-8", newline="")  # type: ignore[arg-type]
    book = _convert(src, "xlsx", tmp_path, "--infilter=CSV:44,34,76,1")
    wb = load_workbook(book)
    ws = wb.active
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    assert ws.max_row == 4  # header + 3 candidates: the CR made no extra row
    names = {row[3]: row[4] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert names == {
        "kota-alfa": "'+1+1",
        "kabupaten-beta": "'" + HYPERLINK,
        "kota-gamma": "Kota Medan\\r=1+1",
    }


def test_libreoffice_shows_workbook_text_as_written(tmp_path: Path) -> None:
    src = tmp_path / "ranking.xlsx"
    src.write_bytes(ranking_xlsx(_ranking(), "id", date(2022, 4, 8)))  # type: ignore[arg-type]
    shown = _convert(src, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    with shown.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[3:]
    by_id = {r[1]: r for r in rows}
    assert by_id["kota-alfa"][2:4] == ["+1+1", "=2*3"]  # not "2" and "6"
    assert by_id["kabupaten-beta"][2:4] == [HYPERLINK, "-2+3"]  # not the link text "y"
    assert by_id["kota-gamma"][2:4] == ["Kota Medan\\r=1+1", "=1+1"]
    # Numbers stay numbers, shown through the cell's format: two decimals
    # (78.797939 -> 78.80), separators of the reader's locale.
    assert by_id["kota-alfa"][4].replace(",", ".") == "78.80"
