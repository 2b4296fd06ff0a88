"""XLSX candidate tables: the sheet read, cell types as Excel stored them,
each kind of problem with its exact `file:row:column: Sheet!Cell` message,
and what Excel does to values (docs/formats.md, "Candidate tables").
The workbooks are made here with openpyxl; every row is SYNTHETIC."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import pytest
from paritrana.scoring.model import Criteria
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.validate.tables import TableRead, read_table

HEAD = ["id", "name", "category", "period"]


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    found, problems, _files = load_criteria(shipped_criteria())
    assert found is not None, problems
    return found


def workbook(
    tmp_path: Path,
    rows: Sequence[Sequence[object]],
    sheet: str = "Kandidat",
    before: Sequence[str] = (),
) -> Path:
    """A workbook whose sheet `sheet` holds `rows` (the first is the header),
    after sheets named `before` (a notes sheet first, for instance)."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    for k, name in enumerate(before):
        ws = first if k == 0 else book.create_sheet(name)
        ws.title = name
        ws["A1"] = "Catatan: contoh SINTETIS"
    ws = book.create_sheet(sheet) if before else first
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path


def messages(read: TableRead, severity: str | None = None) -> list[str]:
    return [str(d) for d in read.diagnostics if severity is None or d.severity == severity]


def test_a_valid_workbook_keeps_types_and_reads_text_as_in_a_file(
    tmp_path: Path, criteria: Criteria
) -> None:
    path = workbook(
        tmp_path,
        [
            [*HEAD, "workforce.employed", "workforce.registered", "digital.sipp",
             "coverage.non_asn_share"],
            ["pt-a", "PT A", "ukm", 2022, 1200, "1.100", True, 94.5],
            ["pt-b", "PT B", "ukm", "2022", "2.234", 2000, "ya", "94,5"],
        ],
        before=["Catatan"],
    )  # fmt: skip
    read = read_table(path, criteria)
    assert messages(read, "error") == []
    assert read.table is not None
    t = read.table
    assert list(t.ids) == ["pt-a", "pt-b"]
    # A number cell is its number; a text cell '2.234' is 2234 people, as in YAML.
    assert t.values["workforce.employed"].tolist() == [1200.0, 2234.0]
    assert t.values["workforce.registered"].tolist() == [1100.0, 2000.0]
    assert t.values["digital.sipp"].tolist() == [1.0, 1.0]
    assert t.values["coverage.non_asn_share"].tolist() == [94.5, 94.5]
    assert t.rows.tolist() == [2, 3]


def test_first_sheet_when_none_is_named_kandidat(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(tmp_path, [HEAD, ["pt-a", "PT A", "ukm", 2022]], sheet="Sheet1")
    read = read_table(path, criteria)
    assert read.table is not None and list(read.table.ids) == ["pt-a"]


def test_header_below_a_title_row(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(
        tmp_path,
        [
            ["Pengajuan 2022 (SINTETIS)"],
            HEAD,
            ["pt-a", "PT A", "ukm", 2022],
            ["pt-b", "PT B", "ukm", "x"],
        ],
    )
    read = read_table(path, criteria)
    assert read.table is not None and read.table.rows.tolist() == [3]
    assert messages(read, "error") == [
        f"{path}:4:4: Kandidat!D4: period must be a whole number, not 'x'; write a year such as 2022"
    ]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "workforce.employed",
            "abc",
            "E3: workforce.employed must be a whole number, not 'abc'; write 120000 or 120.000",
        ),
        (
            "workforce.employed",
            2.5,
            # A number cell is never re-read as text: 2.5 people is refused, not 25.
            "E3: workforce.employed must be a whole number, not 2.5; write 120000 or 120.000",
        ),
        (
            "workforce.employed",
            -3,
            "E3: workforce.employed must be >= 0, not -3",
        ),
        (
            "coverage.non_asn_share",
            150,
            "E3: coverage.non_asn_share must be between 0 and 100, not 150",
        ),
        (
            "digital.sipp",
            1,
            "E3: digital.sipp must be true or false (or ya/tidak), not 1",
        ),
        (
            "regulation.dedicated_level",
            3,
            "E3: regulation.dedicated_level must be one of perda, perkada, instruksi, none, not 3",
        ),
        (
            "workforce.employed",
            True,
            "E3: workforce.employed must be a number, not true",
        ),
        (
            "workforce.employed",
            datetime.date(2022, 1, 5),
            "E3: workforce.employed: the cell holds the date 2022-01-05: Excel turned what was "
            "typed into a date; format the column as Text and type the value again",
        ),
    ],
)
@pytest.mark.parametrize("vectorised", [False, True], ids=["by-text", "vectorised"])
def test_each_kind_of_problem_names_sheet_and_cell(
    tmp_path: Path,
    criteria: Criteria,
    column: str,
    value: object,
    expected: str,
    vectorised: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if vectorised:  # the reading of a large column (docs/design.md, "Candidate tables")
        from paritrana.scoring.validate import tables

        monkeypatch.setattr(tables, "FEW", 0)
    path = workbook(
        tmp_path,
        [
            [*HEAD, column],
            ["pt-ok", "PT OK", "ukm", 2022, None],
            ["pt-a", "PT A", "ukm", 2022, value],
        ],
    )
    read = read_table(path, criteria)
    assert messages(read, "error") == [f"{path}:3:5: Kandidat!{expected}"]
    assert read.table is not None and list(read.table.ids) == ["pt-ok"]
    assert [r.row for r in read.rejected] == [3]


def test_identity_problems(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(
        tmp_path,
        [
            HEAD,
            ["pt-a", "PT A", "ukn", 2022],
            ["pt-a", "PT A2", "ukm", 2022],
            [None, "PT C", "ukm", 2022],
        ],
    )
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:3: Kandidat!C2: unknown category 'ukn' (did you mean 'ukm'?); categories are "
        "badan-usaha-besar, badan-usaha-menengah, ukm, pemerintah-desa, provinsi, kabupaten-kota",
        f"{path}:3:1: Kandidat!A3: duplicate candidate id 'pt-a' (also in {path}:2)",
        f"{path}:4:1: Kandidat!A4: id is empty: every row needs a value in column 'id'",
    ]


def test_duplicate_and_missing_columns(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(tmp_path, [["id", "name", "period", "name"], ["pt-a", "PT A", 2022, "x"]])
    read = read_table(path, criteria)
    assert read.table is None
    assert messages(read, "error") == [
        f"{path}:1:4: Kandidat!D1: column 'name' appears twice (columns 2 and 4); keep one",
        f"{path}:1:0: missing required column 'category' in the header row",
    ]


def test_a_damaged_workbook_is_one_message(tmp_path: Path, criteria: Criteria) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    read = read_table(path, criteria)
    assert read.table is None
    assert len(read.diagnostics) == 1
    assert str(read.diagnostics[0]).startswith(f"{path}: cannot read the workbook: ")


# --------------------------------------------------------------------------
# Excel mangling
# --------------------------------------------------------------------------


def test_long_identifier_stored_as_a_number_lost_its_digits(
    tmp_path: Path, criteria: Criteria
) -> None:
    path = workbook(tmp_path, [HEAD, [3.2e15, "PT A", "ukm", 2022]])
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:1: Kandidat!A2: id is stored as the number 3200000000000000 in the workbook, "
        "so its digits are lost (Excel keeps 15); format the id column as Text and type the "
        "identifiers again"
    ]


def test_identifier_stored_as_a_number_and_leading_zeros(
    tmp_path: Path, criteria: Criteria
) -> None:
    path = workbook(
        tmp_path,
        [HEAD, ["0012345", "PT A", "ukm", 2022], [12346, "PT B", "ukm", 2022]],
    )
    read = read_table(path, criteria)
    assert read.table is not None and list(read.table.ids) == ["0012345", "12346"]
    assert [m for m in messages(read, "warning") if "Excel" in m] == [
        f"{path}:3:1: warning: Kandidat!A3: id is stored as the number 12346 in the workbook: "
        "Excel drops the leading zeros of numbers; format the id column as Text so identifiers "
        "stay as typed",
        f"{path}:3:1: warning: Kandidat!A3: id '12346' has fewer digits than ids such as "
        "'0012345' of the same column: Excel may have dropped its leading zeros; format the id "
        "column as Text and type the identifiers again",
    ]


def test_period_as_a_date_cell_and_as_a_serial_number(tmp_path: Path, criteria: Criteria) -> None:
    # 44562 days after 1899-12-30 is 2022-01-01 (Excel's date serial numbers).
    path = workbook(
        tmp_path,
        [HEAD, ["pt-a", "PT A", "ukm", datetime.date(2022, 1, 1)], ["pt-b", "PT B", "ukm", 44562]],
    )
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:4: Kandidat!D2: period: the cell holds the date 2022-01-01: Excel turned what "
        "was typed into a date; format the column as Text and type the value again",
        f"{path}:3:4: Kandidat!D3: period must be between 1900 and 2100, not 44562: 44562 is how "
        "Excel stores the date 2022-01-01; type the year (2022) in a column formatted as Text",
    ]


def test_percent_cell_stored_as_a_fraction(tmp_path: Path, criteria: Criteria) -> None:
    # A cell formatted as 94,5% holds 0.945: read as 0.945 %, with a warning.
    path = workbook(
        tmp_path, [[*HEAD, "coverage.non_asn_share"], ["pt-a", "PT A", "ukm", 2022, 0.945]]
    )
    read = read_table(path, criteria)
    assert read.table is not None
    assert read.table.values["coverage.non_asn_share"].tolist() == [0.945]
    assert [m for m in messages(read, "warning") if "percentage" in m] == [
        f"{path}:2:5: warning: Kandidat!E2: coverage.non_asn_share is stored as 0.945, which is "
        "how Excel stores 94.5% in a cell formatted as a percentage: did you mean 94.5%? (read as "
        "0.945%)"
    ]


def test_sheet_names_with_spaces_are_quoted_in_cells(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(tmp_path, [HEAD, ["pt-a", "PT A", "ukm", "x"]], sheet="Data Aceh")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:4: 'Data Aceh'!D2: period must be a whole number, not 'x'; write a year such "
        "as 2022"
    ]


def test_above_its_partner_and_an_unknown_column(tmp_path: Path, criteria: Criteria) -> None:
    path = workbook(
        tmp_path,
        [
            [*HEAD, "workforce.employed", "workforce.registered", "employed"],
            ["pt-a", "PT A", "ukm", 2022, 100, "120", 5],
        ],
    )
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:6: Kandidat!F2: workforce.registered (120) exceeds workforce.employed (100)"
    ]
    assert messages(read, "warning")[0] == (
        f"{path}:1:7: warning: Kandidat!G1: unknown column 'employed' (did you mean "
        "'workforce.employed'?): its cells are not read"
    )
