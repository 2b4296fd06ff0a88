"""`paritrana synth --csv` (a SYNTHETIC pool as one table), `--bad-rows`
and `--national` (the national edition as YAML files, a folder per
province).

Until the table reader lands, each row of a pool is checked through the
YAML validator: the row written as a candidate file (a derived field as
its list), so "always valid" and "each bad row is refused" are checked by
the same rules a table will be read by."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.errors import OutputError, ParitranaError
from paritrana.scoring.fields import FIELDS, PROGRAMMES
from paritrana.scoring.load.files import load_documents
from paritrana.scoring.model import Criteria
from paritrana.scoring.synthetic import (
    BAD_KINDS,
    NATIONAL,
    PROVINCES,
    generate_national,
    generate_table,
    table_stem,
    write_table,
)
from paritrana.scoring.validate.candidates import validate_candidates
from paritrana.scoring.validate.criteria import validate_criteria

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = ["id", "name", "category", "period", "province", "zone", "synthetic"]
# badan-usaha-besar's indicators read these fields (criteria/2022-badan-usaha.yaml),
# here in catalogue order (scoring/fields.py).
BESAR_FIELDS = [
    "workforce.employed",
    "workforce.registered",
    "compliance.arrears_months",
    "compliance.wages_reported",
    "compliance.wages_actual",
    "compliance.programmes",
    "digital.sipp",
    "digital.jmo_users",
    "digital.nik_validated",
    "care.vendors_total",
    "care.vendors_compliant",
    "care.csr_vulnerable_covered",
]


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    docs, problems = load_documents([ROOT / "criteria"])
    crit, more = validate_criteria(docs)
    assert [d for d in problems + more if d.severity == "error"] == []
    assert crit is not None
    return crit


def _write(criteria: Criteria, out: Path, category: str, count: int, **kw: float) -> list[Path]:
    seed = int(kw.pop("seed", 5))
    missing = kw.pop("missing_rate", 0.05)
    bad_rate = kw.pop("bad_rate", 0.0)
    columns, bad = generate_table(
        criteria, category, count, seed, missing_rate=missing, bad_rate=bad_rate
    )
    return write_table(
        out,
        columns,
        bad,
        category_id=category,
        period=criteria.edition,
        seed=seed,
        missing_rate=missing,
        bad_rate=bad_rate,
    )


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or ()), rows


def _as_yaml(row: dict[str, str]) -> str:
    """A table row as the candidate file a region would write: each cell's
    text as written (plain YAML), a derived count as its list."""
    lines = [f"{key}: {row[key]}" for key in IDENTITY if row[key] != ""]
    sections: dict[str, list[str]] = {}
    for name, text in row.items():
        if name in IDENTITY or text == "":
            continue
        if name == "compliance.programmes":
            if re.fullmatch(r"[0-5]", text):
                lines.append(f"programmes: [{', '.join(PROGRAMMES[: int(text)])}]")
            else:
                lines.append(f"programmes: {text}")  # refused: not a list
            continue
        section, key = name.split(".", 1)
        sections.setdefault(section, []).append(f"  {key}: {text}")
    for section, keys in sections.items():
        lines += [f"{section}:", *keys]
    return "\n".join(lines) + "\n"


def _validate_rows(
    criteria: Criteria, rows: list[dict[str, str]], folder: Path
) -> dict[int, list[str]]:
    """Errors per row (2-based, as a spreadsheet numbers them)."""
    folder.mkdir()
    for n, row in enumerate(rows, start=2):
        (folder / f"row-{n:06d}.yaml").write_text(_as_yaml(row), encoding="utf-8")
    docs, problems = load_documents([folder])
    _cands, more = validate_candidates(docs, criteria)
    errors: dict[int, list[str]] = {}
    for d in problems + more:
        if d.severity != "error":
            continue
        for found in re.findall(r"row-(\d{6})\.yaml", f"{d.path} {d.message}"):
            errors.setdefault(int(found), []).append(d.message)
    return errors


def test_header_identity_and_marks(criteria: Criteria, tmp_path: Path) -> None:
    paths = _write(criteria, tmp_path, "badan-usaha-besar", 300)
    assert [p.name for p in paths] == [
        "SYNTHETIC-badan-usaha-besar-300.csv",
        "SYNTHETIC-badan-usaha-besar-300.README.txt",
    ]
    header, rows = _rows(paths[0])
    assert header == IDENTITY + BESAR_FIELDS
    assert len(rows) == 300
    assert [r["id"] for r in rows[:2]] == [
        "synth-badan-usaha-besar-000001",
        "synth-badan-usaha-besar-000002",
    ]
    assert {r["synthetic"] for r in rows} == {"true"}
    assert {r["category"] for r in rows} == {"badan-usaha-besar"}
    assert {r["period"] for r in rows} == {"2022"}
    assert all(r["name"].startswith("Synthetic ") for r in rows)
    assert len({r["province"] for r in rows}) <= PROVINCES
    readme = paths[1].read_text(encoding="utf-8")
    assert readme.startswith("SYNTHETIC DATA: NOT REAL EMPLOYERS")
    assert "300 candidates of category badan-usaha-besar" in readme


def test_values_obey_the_checks(criteria: Criteria, tmp_path: Path) -> None:
    (path, _readme) = _write(criteria, tmp_path, "badan-usaha-besar", 2_000)
    _header, rows = _rows(path)
    cells = 0
    empty = 0
    for row in rows:
        for name in BESAR_FIELDS:
            text = row[name]
            cells += 1
            if text == "":
                empty += 1
                continue
            kind = FIELDS[name].type
            if kind == "bool":
                assert text in ("ya", "tidak"), (name, text)
            else:  # count, money, months: plain digits, >= 0
                assert re.fullmatch(r"0|[1-9][0-9]*", text), (name, text)
            partner = FIELDS[name].at_most
            if partner and row.get(partner):
                assert int(text) <= int(row[partner]), (name, text, row[partner])
        assert int(row["compliance.programmes"] or 2) in range(2, 6)  # JKK, JKM and 0-3 more
        assert int(row["compliance.arrears_months"] or 0) in range(7)
    # 5% of cells left empty by default: between 4% and 6% of 24,000.
    assert 0.04 < empty / cells < 0.06


def test_every_row_validates(criteria: Criteria, tmp_path: Path) -> None:
    for category in ("badan-usaha-besar", "ukm"):
        (path, _readme) = _write(criteria, tmp_path / category, category, 150, seed=9)
        _header, rows = _rows(path)
        assert _validate_rows(criteria, rows, tmp_path / f"{category}-rows") == {}


def test_same_seed_same_bytes(criteria: Criteria, tmp_path: Path) -> None:
    a = _write(criteria, tmp_path / "a", "ukm", 500, seed=3)[0].read_bytes()
    b = _write(criteria, tmp_path / "b", "ukm", 500, seed=3)[0].read_bytes()
    c = _write(criteria, tmp_path / "c", "ukm", 500, seed=4)[0].read_bytes()
    assert a == b
    assert a != c


def test_bad_rows_are_listed_and_each_refused(criteria: Criteria, tmp_path: Path) -> None:
    paths = _write(criteria, tmp_path, "badan-usaha-besar", 800, bad_rate=0.01, seed=2)
    assert [p.name for p in paths] == [
        "SYNTHETIC-badan-usaha-besar-800-bad-1pct.csv",
        "SYNTHETIC-badan-usaha-besar-800-bad-1pct.README.txt",
        "SYNTHETIC-badan-usaha-besar-800-bad-1pct.bad-rows.txt",
    ]
    _header, rows = _rows(paths[0])
    listing = [line.split("\t") for line in paths[2].read_text(encoding="utf-8").splitlines()]
    assert listing[0] == ["row", "column", "kind"]
    bad = [(int(r), c, k) for r, c, k in listing[1:]]
    # 1% of 800 = 8 rows, one of each kind, in BAD_KINDS order.
    assert [k for _r, _c, k in bad] == [k for k, _what in BAD_KINDS]
    cells = {k: rows[r - 2][c] for r, c, k in bad}
    assert cells["word"] == "sekitar 120"
    assert cells["negative"] == "-15"
    assert cells["excel-id"] == "3.2E+15"
    assert cells["decimal"] == "12,5"
    assert cells["percent"] == "Rp 5 juta"  # badan-usaha-besar reads no percent field
    assert cells["category"] == "badan-usaha-raksasa"
    row, column, _kind = next(b for b in bad if b[2] == "over-partner")
    partner = FIELDS[column].at_most
    assert partner and int(rows[row - 2][column]) == int(rows[row - 2][partner]) + 7
    dup_row = next(r for r, _c, k in bad if k == "duplicate-id")
    assert rows[dup_row - 2]["id"] == rows[dup_row - 1]["id"]  # the next row's id
    errors = _validate_rows(criteria, rows, tmp_path / "rows")
    # Every bad row is refused, and no other row but the one whose id was copied.
    assert set(errors) == {r for r, _c, _k in bad} | {dup_row + 1}
    readme = paths[1].read_text(encoding="utf-8")
    assert "8 rows (1% of them) were corrupted on purpose" in readme


def test_bad_rate_rounds_and_zero(criteria: Criteria) -> None:
    _columns, bad = generate_table(criteria, "ukm", 1_000, 1, bad_rate=0.005)
    assert len(bad) == 5 and len({r for r, _c, _k in bad}) == 5
    _columns, none = generate_table(criteria, "ukm", 1_000, 1)
    assert none == []
    assert table_stem("ukm", 1_000, 0.005) == "SYNTHETIC-ukm-1000-bad-0.5pct"


def test_bad_arguments(criteria: Criteria, tmp_path: Path) -> None:
    with pytest.raises(ParitranaError, match="unknown category 'kota'"):
        generate_table(criteria, "kota", 1, 1)
    with pytest.raises(ParitranaError, match="bad_rate"):
        generate_table(criteria, "ukm", 1, 1, bad_rate=2.0)
    _write(criteria, tmp_path, "ukm", 5)
    with pytest.raises(OutputError, match="refusing to overwrite"):
        _write(criteria, tmp_path, "ukm", 5)


def test_cli_csv_and_usage(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "pool"
    result = runner.invoke(
        main,
        ["synth", "--category", "ukm", "--csv", "-n", "200", "--bad-rows", "1%", "-o", str(out)],
        env={"PARITRANA_LANG": "en"},
    )
    assert result.exit_code == 0, result.output
    csv_path = out / "SYNTHETIC-ukm-200-bad-1pct.csv"
    assert f"Wrote 200 synthetic candidate row(s) to {csv_path}" in result.output
    _header, rows = _rows(csv_path)
    assert len(rows) == 200
    for args, message in (
        (["--category", "ukm", "--bad-rows", "1%"], "--bad-rows is for a table: give --csv"),
        (["--category", "ukm", "--csv", "--bad-rows", "lots"], "give a percentage of rows"),
        (["--category", "ukm", "--csv", "--bad-rows", "101%"], "between 0 and 100"),
        (["--category", "ukm", "--csv", "--judges", "3"], "leave out --csv"),
        ([], "give --category"),
        (["--national", "--category", "ukm", "-n", "3"], "leave out --category, -n"),
    ):
        result = runner.invoke(
            main, ["synth", *args, "-o", str(tmp_path / "x")], env={"PARITRANA_LANG": "en"}
        )
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert not (tmp_path / "x").exists()


def test_national_edition_in_memory(criteria: Criteria) -> None:
    edition = generate_national(criteria, seed=1)
    # 34 provinces + 514 kab/kota + 1,000 villages + 2,000 companies = 3,548.
    assert len(edition) == 3_548
    assert Counter(doc["category"] for _f, doc in edition) == dict(NATIONAL)
    assert sum(n for c, n in NATIONAL if c.startswith(("badan-usaha", "ukm"))) == 2_000
    folders = {folder for folder, _doc in edition}
    assert len(folders) == PROVINCES
    for folder, doc in edition:
        assert doc["synthetic"] is True
        assert folder == doc["province"].lower().replace(" ", "-")
        assert doc["zone"].startswith("Zona Sintetis ")
        assert "panel_scores" not in doc
    provinces = [doc for _f, doc in edition if doc["category"] == "provinsi"]
    assert len({d["province"] for d in provinces}) == PROVINCES  # one per province
    assert len({doc["id"] for _f, doc in edition}) == 3_548


def test_national_edition_written_validates(tmp_path: Path, criteria: Criteria) -> None:
    runner = CliRunner()
    out = tmp_path / "national"
    result = runner.invoke(
        main, ["synth", "--national", "--seed", "4", "-o", str(out)], env={"PARITRANA_LANG": "en"}
    )
    assert result.exit_code == 0, result.output
    # 3,548 files: the count written the English way (messages.number)
    assert f"Wrote 3,548 synthetic candidate file(s) in 34 folders to {out}" in result.output
    assert (out / "README.txt").read_text(encoding="utf-8").startswith("SYNTHETIC DATA")
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == PROVINCES
    docs, problems = load_documents(folders)
    cands, more = validate_candidates(docs, criteria)
    assert [str(d) for d in problems + more if d.severity == "error"] == []
    assert len(cands) == 3_548
    # Writing again refuses, and leaves the files as they were.
    again = runner.invoke(main, ["synth", "--national", "-o", str(out)])
    assert again.exit_code == 1
    assert "exists" in again.output
