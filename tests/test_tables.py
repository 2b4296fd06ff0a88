"""CSV candidate tables: reading, every kind of problem with its exact
`file:row:column` message, and the Excel-mangling checks
(docs/formats.md, "Candidate tables"). All rows here are SYNTHETIC."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.model import Criteria
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.validate._common import read_value
from paritrana.scoring.validate.tables import TableRead, read_table

HEAD = "id,name,category,period"


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    found, problems, _files = load_criteria(shipped_criteria())
    assert found is not None, problems
    return found


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def messages(read: TableRead, severity: str | None = None) -> list[str]:
    return [str(d) for d in read.diagnostics if severity is None or d.severity == severity]


def test_a_valid_csv_becomes_columns(tmp_path: Path, criteria: Criteria) -> None:
    path = write(
        tmp_path,
        "id,name,category,period,province,synthetic,workforce.employed,workforce.registered,"
        "compliance.wages_actual,coverage.non_asn_share,digital.sipp,regulation.dedicated_level\n"
        "pt-a,PT A,ukm,2022,Aceh,ya,120,100,484646400,94.5,ya,perda\n"
        'pt-b,"PT B, Tbk",ukm,2022,,tidak,1.200,"1.100","Rp 484.646.400","94,5",tidak,Perda\n',
    )
    read = read_table(path, criteria)
    assert read.table is not None
    t = read.table
    assert list(t.ids) == ["pt-a", "pt-b"]
    assert list(t.names) == ["PT A", "PT B, Tbk"]
    assert list(t.provinces) == ["Aceh", None]
    assert t.synthetic.tolist() == [True, False]
    assert t.periods.tolist() == [2022, 2022]
    assert t.rows.tolist() == [2, 3]  # header = row 1
    # 1.200 is 1200 people (a dot groups thousands), as in a candidate file.
    assert t.values["workforce.employed"].tolist() == [120.0, 1200.0]
    assert t.values["workforce.registered"].tolist() == [100.0, 1100.0]
    assert t.values["compliance.wages_actual"].tolist() == [484646400.0, 484646400.0]
    # 94,5 is 94.5 % (a decimal comma), as in a candidate file.
    assert t.values["coverage.non_asn_share"].tolist() == [94.5, 94.5]
    assert t.values["digital.sipp"].tolist() == [1.0, 0.0]
    assert t.values["regulation.dedicated_level"].tolist() == ["perda", "perda"]
    assert t.kinds["regulation.dedicated_level"] == "level"
    cand = t[0]
    assert cand.values["workforce.employed"] == 120.0 and cand.source is not None
    assert cand.source.path == str(path)
    assert messages(read, "error") == [] and read.rejected == []


def test_semicolon_bom_and_indonesian_numbers(tmp_path: Path, criteria: Criteria) -> None:
    # What Excel set to Indonesian writes: ';' between cells, a BOM, a decimal comma.
    path = write(
        tmp_path,
        "\ufeffid;name;category;period;coverage.non_asn_share;workforce.employed\r\n"
        "pt-a;PT A;ukm;2022;94,5;2.234\r\n",
    )
    read = read_table(path, criteria)
    assert read.table is not None and messages(read, "error") == []
    assert read.table.values["coverage.non_asn_share"].tolist() == [94.5]
    assert read.table.values["workforce.employed"].tolist() == [2234.0]


def test_header_below_a_title_blank_rows_and_row_numbers(
    tmp_path: Path, criteria: Criteria
) -> None:
    path = write(
        tmp_path,
        "Pengajuan Paritrana 2022 (SYNTHETIC),,,\n"
        f"{HEAD}\n"
        "pt-a,PT A,ukm,2022\n"
        "\n"
        ",,,\n"
        "pt-b,PT B,ukm,20x2\n",
    )
    read = read_table(path, criteria)
    assert read.table is not None
    assert read.table.rows.tolist() == [3]  # the header is row 2; rows 4-5 are empty
    assert messages(read, "error") == [
        f"{path}:6:4: period must be a whole number, not '20x2'; write a year such as 2022"
    ]


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            f"{HEAD},workforce.employed",
            "pt-a,PT A,ukm,2022,abc",
            "2:5: workforce.employed must be a whole number, not 'abc'; write 120000 or 120.000",
        ),
        (
            f"{HEAD},workforce.employed",
            'pt-a,PT A,ukm,2022,"1,5"',
            "2:5: workforce.employed must be a whole number, not '1,5'; write 120000 or 120.000 "
            "(a dot groups thousands)",
        ),
        (
            f"{HEAD},coverage.non_asn_share",
            "pt-a,PT A,ukm,2022,101",
            "2:5: coverage.non_asn_share must be between 0 and 100, not 101",
        ),
        (
            f"{HEAD},compliance.arrears_months",
            "pt-a,PT A,ukm,2022,010",
            "2:5: compliance.arrears_months is written '010', which YAML reads as 8 (octal, "
            "hexadecimal or base 60); write the number in plain decimal digits without a leading zero",
        ),
        (
            f"{HEAD},digital.sipp",
            "pt-a,PT A,ukm,2022,mungkin",
            "2:5: digital.sipp must be true or false (or ya/tidak), not 'mungkin'",
        ),
        (
            f"{HEAD},regulation.dedicated_level",
            "pt-a,PT A,ukm,2022,perwal",
            "2:5: regulation.dedicated_level must be one of perda, perkada, instruksi, none, "
            "not 'perwal' (did you mean 'perda'?)",
        ),
        (
            f"{HEAD},compliance.programmes",
            "pt-a,PT A,ukm,2022,6",
            # 5 programmes exist (JKK, JKM, JHT, JP, JKP): at most 5 held.
            "2:5: compliance.programmes must be between 0 and 5, not 6",
        ),
        (
            f"{HEAD},workforce.employed,workforce.registered",
            "pt-a,PT A,ukm,2022,100,120",
            "2:6: workforce.registered (120) exceeds workforce.employed (100)",
        ),
        (
            HEAD,
            "pt-a,PT A,ukn,2022",
            "2:3: unknown category 'ukn' (did you mean 'ukm'?); "
            "categories are badan-usaha-besar, badan-usaha-menengah, ukm, pemerintah-desa, "
            "provinsi, kabupaten-kota",
        ),
        (
            HEAD,
            "PT-A,PT A,ukm,2022",
            "2:1: id must be lower-case letters, digits and '-', not 'PT-A'",
        ),
        (HEAD, ",PT A,ukm,2022", "2:1: id is empty: every row needs a value in column 'id'"),
        (HEAD, "pt-a, ,ukm,2022", "2:2: name is empty: every row needs a value in column 'name'"),
        (HEAD, "pt-a,PT A,ukm,1850", "2:4: period must be between 1900 and 2100, not 1850"),
        (
            HEAD,
            "pt-a,PT A,ukm,2022,x",
            "2:5: the row has 5 cells but the header has 4 columns; "
            "look for a stray ',' or an unclosed quote",
        ),
        (
            HEAD,
            "pt-a,PT A,ukm",
            "2:4: the row has 3 cells but the header has 4 columns; "
            "look for a stray ',' or an unclosed quote",
        ),
        (
            HEAD,
            "pt-a",  # one cell: the singular (ngettext)
            "2:2: the row has 1 cell but the header has 4 columns; "
            "look for a stray ',' or an unclosed quote",
        ),
    ],
)
@pytest.mark.parametrize("vectorised", [False, True], ids=["by-text", "vectorised"])
def test_each_kind_of_problem_has_its_exact_message(
    tmp_path: Path,
    criteria: Criteria,
    header: str,
    row: str,
    expected: str,
    vectorised: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if vectorised:  # the reading of a large column (docs/design.md, "Candidate tables")
        from paritrana.scoring.validate import tables

        monkeypatch.setattr(tables, "FEW", 0)
    path = write(
        tmp_path, f"{header}\npt-ok,PT OK,ukm,2022{',' * (header.count(',') - 3)}\n{row}\n"
    )
    # The good row is row 2 here, the bad one row 3.
    read = read_table(path, criteria)
    line, col, message = expected.split(":", 2)
    assert messages(read, "error") == [f"{path}:{int(line) + 1}:{col}:{message}"]
    assert read.table is not None and list(read.table.ids) == ["pt-ok"]
    assert [r.row for r in read.rejected] == [3]


def test_warnings_unknown_column_list_column_and_missing_inputs(
    tmp_path: Path, criteria: Criteria
) -> None:
    path = write(
        tmp_path,
        f"{HEAD},active_members,innovations,berkas\npt-a,PT A,ukm,2020,1,x,y\n",
    )
    read = read_table(path, criteria)
    assert messages(read, "error") == []
    # ukm reads 6 inputs (criteria/2022-badan-usaha.yaml); none is given.
    assert messages(read, "warning") == [
        f"{path}:1:5: warning: unknown column 'active_members' (did you mean "
        "'coverage.active_members'?): its cells are not read",
        f"{path}:1:6: warning: column 'innovations' is not read: a list does not fit in a "
        "cell; give innovation.count as columns instead",
        f"{path}:2:1: warning: pt-a: 6 of 6 indicator inputs missing: workforce.registered, "
        "workforce.employed, compliance.owner_registered, compliance.arrears_months, "
        "compliance.programmes, care.promotes_peers",
        f"{path}:2:4: warning: period 2020 differs from the criteria edition 2022",
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"{HEAD},name", "1:5: column 'name' appears twice (columns 2 and 5); keep one"),
        ("id,name,period", "1:0: missing required column 'category' in the header row"),
    ],
)
def test_a_wrong_header_rejects_the_file(
    tmp_path: Path, criteria: Criteria, header: str, expected: str
) -> None:
    path = write(tmp_path, f"{header}\npt-a,PT A,ukm,2022\n")
    read = read_table(path, criteria)
    assert read.table is None
    assert messages(read, "error") == [f"{path}:{expected}"]


def test_a_file_that_is_not_utf8_names_the_row(tmp_path: Path, criteria: Criteria) -> None:
    path = write(tmp_path, f"{HEAD}\npt-a,Café,ukm,2022\n", encoding="cp1252")
    read = read_table(path, criteria)
    assert read.table is None
    assert messages(read) == [
        f"{path}:2:0: the file is not UTF-8: byte 0xe9 cannot be read; in Excel save it as "
        "'CSV UTF-8 (Comma delimited)'"
    ]


def test_an_empty_file(tmp_path: Path, criteria: Criteria) -> None:
    path = write(tmp_path, "")
    read = read_table(path, criteria)
    assert read.table is None
    assert messages(read) == [f"{path}: the table is empty: it has no header row"]


# --------------------------------------------------------------------------
# Excel mangling
# --------------------------------------------------------------------------


def test_identifier_in_scientific_notation(tmp_path: Path, criteria: Criteria) -> None:
    path = write(tmp_path, f"{HEAD}\n3.2E+15,PT A,ukm,2022\n")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:1: id is written 3.2E+15: Excel turned a long identifier into scientific "
        "notation and lost its digits; format the id column as Text and type the identifiers again"
    ]


def test_number_in_scientific_notation_is_refused_not_read(
    tmp_path: Path, criteria: Criteria
) -> None:
    # YAML would read 1.23457E+11 as 123457000000: Excel kept 6 of the 12 digits.
    path = write(tmp_path, f"{HEAD},compliance.wages_actual\npt-a,PT A,ukm,2022,1.23457E+11\n")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:5: compliance.wages_actual is written 1.23457E+11 in scientific notation: "
        "Excel writes long numbers so, keeping only a few digits; format the column as Number "
        "without decimals (or as Text) and save the file again"
    ]


def test_leading_zeros_dropped(tmp_path: Path, criteria: Criteria) -> None:
    path = write(
        tmp_path, f"{HEAD}\n0012345,PT A,ukm,2022\n12346,PT B,ukm,2022\n0012347,PT C,ukm,2022\n"
    )
    read = read_table(path, criteria)
    assert read.table is not None and len(read.table) == 3  # a warning: the id is valid
    assert [m for m in messages(read, "warning") if "leading zeros" in m] == [
        f"{path}:3:1: warning: id '12346' has fewer digits than ids such as '0012345' of the "
        "same column: Excel may have dropped its leading zeros; format the id column as Text and "
        "type the identifiers again"
    ]


def test_date_serial_number_in_period(tmp_path: Path, criteria: Criteria) -> None:
    # Excel's day 44562 counted from 1899-12-30 is 2022-01-01.
    path = write(tmp_path, f"{HEAD}\npt-a,PT A,ukm,44562\n")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:4: period must be between 1900 and 2100, not 44562: 44562 is how Excel stores "
        "the date 2022-01-01; type the year (2022) in a column formatted as Text"
    ]


def test_date_like_text_in_a_number_column(tmp_path: Path, criteria: Criteria) -> None:
    path = write(tmp_path, f"{HEAD},workforce.employed\npt-a,PT A,ukm,2022,5-Jan\n")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:5: workforce.employed must be a whole number, not '5-Jan'; write 120000 or "
        "120.000; it looks like a date: Excel turns some values into dates (1-5 into 5-Jan); "
        "format the column as Text and type the value again"
    ]


def test_a_word_and_a_number_is_not_taken_for_a_date(tmp_path: Path, criteria: Criteria) -> None:
    # `sekitar 120` ("about 120") is refused as not a number, without the
    # hint about dates: only month names (Jan, Agu, Des ...) make a date.
    path = write(tmp_path, f"{HEAD},workforce.employed\npt-a,PT A,ukm,2022,sekitar 120\n")
    read = read_table(path, criteria)
    assert messages(read, "error") == [
        f"{path}:2:5: workforce.employed must be a whole number, not 'sekitar 120'; write 120000 "
        "or 120.000"
    ]


# --------------------------------------------------------------------------
# The cap
# --------------------------------------------------------------------------


def test_messages_are_capped_and_counted(tmp_path: Path, criteria: Criteria) -> None:
    rows = [f"pt-{i},PT {i},ukm,2022,abc" for i in range(25)]
    path = write(tmp_path, f"{HEAD},workforce.employed\n" + "\n".join(rows) + "\n")
    read = read_table(path, criteria)
    errors = messages(read, "error")
    # 10 shown (rows 2-11), the other 15 (rows 12-26) counted in one line.
    assert len(errors) == 11
    assert errors[0] == (
        f"{path}:2:5: workforce.employed must be a whole number, not 'abc'; write 120000 or 120.000"
    )
    assert errors[9].startswith(f"{path}:11:5: ")
    assert errors[10] == (
        f"{path}: ... and 15 more problems of this kind in column 'workforce.employed' (rows 12 "
        "to 26); --rejects FILE.csv lists every rejected row"
    )
    assert len(read.rejected) == 25  # every row, whatever was shown
    assert all(r.problems for r in read.rejected)


def test_at_most_per_file(tmp_path: Path, criteria: Criteria) -> None:
    # 12 columns x 10 rows of bad values: 10 shown per column, 100 per file.
    fields = [
        "workforce.employed", "workforce.registered", "compliance.arrears_months",
        "digital.jmo_users", "digital.nik_validated", "care.vendors_total",
        "care.vendors_compliant", "care.csr_vulnerable_covered", "compliance.wages_actual",
        "compliance.wages_reported", "coverage.active_members", "coverage.bpu_members",
    ]  # fmt: skip
    rows = [f"pt-{i},PT {i},ukm,2022," + ",".join(["x"] * len(fields)) for i in range(10)]
    path = write(tmp_path, f"{HEAD}," + ",".join(fields) + "\n" + "\n".join(rows) + "\n")
    read = read_table(path, criteria)
    errors = messages(read, "error")
    located = [e for e in errors if not e.startswith(f"{path}: ")]
    assert len(located) == 100
    # 120 problems, 100 listed in row order: rows 2-9 whole (96), 4 of row 10.
    assert errors[-1] == (
        f"{path}: ... and 20 more problems and warnings not listed (at most 100 are listed per "
        "file), from row 10"
    )


# --------------------------------------------------------------------------
# Exactly the YAML reading
# --------------------------------------------------------------------------


def _table_value(tmp_path: Path, criteria: Criteria, name: str, text: str) -> tuple[object, str]:
    cell = '"' + text.replace('"', '""') + '"'
    path = write(tmp_path, f"{HEAD},{name}\npt-a,PT A,ukm,2022,{cell}\n")
    read = read_table(path, criteria)
    errors = [d.message for d in read.diagnostics if d.severity == "error"]
    if errors or read.table is None or not len(read.table):
        return None, errors[0] if errors else ""
    x = read.table.values[name][0]
    if isinstance(x, float) and math.isnan(x):
        return None, ""
    return x, ""


CASES = {
    "workforce.employed": ["0", "7", "120000", "120.000", "1.200.000", "1_200", "+5", "-5", "0120",
                           "1,5", "12.5", "120,000", "1.0e+6", "2.5E+3", "Rp 5", "  42  ", "9" * 12],
    "compliance.wages_actual": ["484646400", "484.646.400", "Rp 484.646.400", "Rp. 484.646.400,00",
                                "484.646.400,-", "484.646", "Rp 1.000,50", "1000000000000001"],
    "coverage.non_asn_share": ["94", "94.5", "94,5", "94%", "94,5 %", "0.94", "0,5%", "1.0", "100",
                               "100.5", "0", "1", "007", "5e1"],
    "digital.sipp": ["ya", "Tidak", "YES", "no", "true", "on", "1", "benar"],
    "regulation.dedicated_level": ["perda", "Perda", "PERKADA", "none", "qanun"],
}  # fmt: skip


@pytest.mark.parametrize("vectorised", [False, True], ids=["by-text", "vectorised"])
@pytest.mark.parametrize(("name", "text"), [(n, t) for n, texts in CASES.items() for t in texts])
def test_a_cell_is_read_as_the_same_value_in_a_candidate_file(
    tmp_path: Path,
    criteria: Criteria,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    vectorised: bool,
) -> None:
    # Both readings: text by text (a column of few distinct texts) and the
    # vectorised forms of a large column (FEW = 0 forces them).
    if vectorised:
        from paritrana.scoring.validate import tables

        monkeypatch.setattr(tables, "FEW", 0)
    expected, problems = read_value(name, text)
    errors = [d.message for d in problems if d.severity == "error"]
    value, message = _table_value(tmp_path, criteria, name, text)
    if "e" in text.lower() and any(c.isdigit() for c in text) and name != "digital.sipp":
        # Scientific notation is refused in a table (Excel's mark), read in YAML.
        assert value is None and "scientific notation" in message
        return
    if errors:
        assert value is None and message.startswith(errors[0])
        return
    if isinstance(expected, bool):
        expected = 1.0 if expected else 0.0
    assert value == expected and message == ""


_CRITERIA: list[Criteria] = []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789.,%", min_size=1, max_size=14), min_size=1, max_size=30),
    st.sampled_from(["workforce.employed", "compliance.wages_actual", "coverage.non_asn_share"]),
)
def test_fast_path_and_per_value_reading_agree(texts: list[str], name: str) -> None:
    # The vectorised reading of a whole column gives read_value's value for
    # every cell, or refuses it with read_value's message (one table per example).
    import tempfile

    if not _CRITERIA:
        found, _problems, _files = load_criteria(shipped_criteria())
        assert found is not None
        _CRITERIA.append(found)
    from paritrana.scoring.validate import tables

    lines = [f'pt-{i},PT {i},ukm,2022,"{t}"' for i, t in enumerate(texts)]
    # A column of few distinct texts is read text by text; FEW = 0 forces
    # the vectorised forms (regular expressions and casts) a large column takes.
    for few in (tables.FEW, 0):
        saved, tables.FEW = tables.FEW, few
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "t.csv"
                path.write_text(f"{HEAD},{name}\n" + "\n".join(lines) + "\n", encoding="utf-8")
                read = read_table(path, _CRITERIA[0])
        finally:
            tables.FEW = saved
        assert read.table is not None
        kept = dict(zip(read.table.rows.tolist(), read.table.values[name].tolist(), strict=True))
        refused = {r.row: r.problems[0][1] for r in read.rejected}
        for i, text in enumerate(texts):
            expected, problems = read_value(name, text)
            errors = [d.message for d in problems if d.severity == "error"]
            if errors:
                assert refused[i + 2].startswith(errors[0])
            else:
                assert kept[i + 2] == expected
