"""The generation date of documents: --date, else SOURCE_DATE_EPOCH, else
today, with "today" frozen, so no test depends on the moment it runs (a
test that asks for today after the code did fails around midnight)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.render import dates

ROOT = Path(__file__).resolve().parent.parent
NEW_YEARS_EVE = date(2024, 12, 31)


class _FrozenDate(date):
    """`date` whose today() is New Year's Eve 2024, whenever it is asked."""

    @classmethod
    def today(cls) -> _FrozenDate:
        return cls(NEW_YEARS_EVE.year, NEW_YEARS_EVE.month, NEW_YEARS_EVE.day)


@pytest.fixture()
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "date", _FrozenDate)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_today_is_the_last_resort(frozen: None) -> None:
    assert dates.generation_date(environ={}) == NEW_YEARS_EVE
    assert dates.generation_date(None, {"SOURCE_DATE_EPOCH": ""}) == NEW_YEARS_EVE
    # 1649376000 s after 1970 is 8 April 2022 (UTC); --date wins over both.
    assert dates.generation_date(environ={"SOURCE_DATE_EPOCH": "1649376000"}) == date(2022, 4, 8)
    explicit = dates.generation_date("2023-02-20", {"SOURCE_DATE_EPOCH": "1649376000"})
    assert explicit == date(2023, 2, 20)


def _workbook_date(path: Path) -> str:
    from openpyxl import load_workbook

    return str(load_workbook(path)["kabupaten-kota"]["B2"].value)


def test_the_workbook_prints_the_date_the_precedence_gives(
    frozen: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    out = tmp_path / "r.xlsx"
    assert runner.invoke(main, ["rank", "-o", str(out)]).exit_code == 0
    assert "31 Desember 2024" in _workbook_date(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1649376000")
    assert runner.invoke(main, ["rank", "-o", str(out)]).exit_code == 0
    assert "8 April 2022" in _workbook_date(out)
    result = runner.invoke(main, ["rank", "-o", str(out), "--date", "2023-02-20"])
    assert result.exit_code == 0
    assert "20 Februari 2023" in _workbook_date(out)
    bad = runner.invoke(main, ["rank", "-o", str(out), "--date", "20/02/2023"])
    assert bad.exit_code == 2 and "expected YYYY-MM-DD" in bad.output
