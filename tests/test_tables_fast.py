"""The fast paths of the table reader against the slow ones they stand for
(scoring/validate/tables.py): each vectorised test gives what the regular
expression it replaces gives, on every byte and on hostile texts, and a
whole table read with the fast paths gives exactly (every message, value
and rejected row) what it gives with the slow ones. All rows are SYNTHETIC."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.model import Criteria
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.render.rejects import rejects_csv
from paritrana.scoring.validate import tables
from paritrana.scoring.validate._common import ID_RE, MAX_SHORT

# Texts around every edge the fast tests draw: digits of other scripts,
# spaces of several kinds, 15 and 16 digits, leading zeros, a line break,
# the control and direction characters _CONTROL_RE names and their neighbours.
HOSTILE = [
    "0",
    "00",
    "07",
    "7",
    "15",
    "120",
    "999999999999999",
    "1000000000000000",
    "012345678901234",
    "1 ",
    " 1",
    "1\n",
    "\t12",
    "12,5",
    "2.234",
    "1e3",
    "-15",
    "+5",
    "\u0661\u0662",
    "\uff11\uff12",
    "\u00b2",
    "\u0967",
    "",
    " ",
    "\u00a0",
    "abc",
    "synth-000001",
    "pt-a",
    "-pt",
    "pt-",
    "PT-A",
    "pt_a",
    "pt.a",
    "pt/a",
    "pt:a",
    "pt@a",
    "pt`a",
    "pt{a",
    "p" * MAX_SHORT,
    "p" * (MAX_SHORT + 1),
    "\u00efd",
    "caf\u00e9",
    "a\x00b",
    "a\x1fb",
    "a\x20b",
    "a\x7eb",
    "a\x7fb",
    "a\u0080b",
    "a\u009fb",
    "a\u00a0b",
    "a\u00bfb",
    "a\u2029b",
    "a\u202ab",
    "a\u202eb",
    "a\u202fb",
    "a\u2065b",
    "a\u2066b",
    "a\u2069b",
    "a\u206ab",
    "\u201cMaju\u201d",
    "\u2026",
    "N\u0085L",
    "\U0001f600",
]


def _strings(texts: list[str | None]) -> pa.Array:
    return pa.array(texts, type=pa.string())


def _mask(found: Any) -> list[bool | None]:
    return list(found.to_pylist())


def test_whole_number_test_is_the_regular_expression() -> None:
    texts = _strings([*HOSTILE, None])
    fast = _mask(tables._whole(texts))
    slow = _mask(pc.match_substring_regex(texts, tables._WHOLE_FAST))
    assert fast == slow
    # By hand: '0', '7', '15', '120', the 15 nines; not '00'/'07' (a leading
    # zero), not 16 digits, not '1 ' (a space), not Arabic-Indic or fullwidth digits.
    assert [t for t, ok in zip(HOSTILE, fast, strict=False) if ok] == [
        "0",
        "7",
        "15",
        "120",
        "999999999999999",
    ]


def test_id_bytes_every_byte() -> None:
    allowed = set(b"abcdefghijklmnopqrstuvwxyz0123456789-")
    for b in range(256):
        assert tables._id_bytes(np.array([b], dtype=np.uint8)) is (b in allowed), b
    assert tables._id_bytes(np.zeros(0, dtype=np.uint8)) is True


@pytest.mark.parametrize("texts", [HOSTILE, ["synth-000001", "pt-a", "007"], ["-x", "a"], [""]])
def test_ids_ok_is_the_regular_expression(texts: list[str]) -> None:
    array = _strings([*texts, None])
    expected = pc.fill_null(
        pc.and_(
            pc.match_substring_regex(array, ID_RE.pattern),
            pc.less_equal(pc.utf8_length(array), MAX_SHORT),
        ),
        True,
    ).to_pylist()
    assert tables._ids_ok(array).tolist() == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_no_control_is_the_regular_expression(text: str) -> None:
    # One text alone (so the byte check sees only it), and among clean ones,
    # and sliced out of a larger array (offsets not starting at 0).
    for texts in ([text], ["PT A", text, None, "PT B"]):
        array = _strings(texts)
        expected = pc.invert(
            pc.fill_null(pc.match_substring_regex(array, tables._CONTROL_RE), False)
        ).to_pylist()
        assert tables._no_control(array).tolist() == expected
    sliced = _strings(["x\x01", text, "y"]).slice(1, 1)
    expected = not tables.re.search(tables._CONTROL_RE, text)
    assert tables._no_control(sliced).tolist() == [expected]


def test_strictly_increasing() -> None:
    assert tables._strictly_increasing(_strings(["a", "b", "c"]))
    assert not tables._strictly_increasing(_strings(["a", "b", "b"]))
    assert not tables._strictly_increasing(_strings(["b", "a"]))
    assert tables._strictly_increasing(_strings(["a"]))


# --- a whole table, fast paths against slow ones ----------------------------


def _slow_whole(texts: pa.Array) -> pa.Array:
    return pc.match_substring_regex(texts, tables._WHOLE_FAST)


def _slow_ids_ok(texts: pa.Array) -> np.ndarray:
    return np.asarray(
        pc.fill_null(
            pc.and_(
                pc.match_substring_regex(texts, ID_RE.pattern),
                pc.less_equal(pc.utf8_length(texts), MAX_SHORT),
            ),
            True,
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )


def _slow_no_control(texts: pa.Array) -> np.ndarray:
    return ~np.asarray(
        pc.fill_null(pc.match_substring_regex(texts, tables._CONTROL_RE), False).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )


NUMBERS = ["0", "7", "15", "120", "2234", "2.234", "1.200.000", " 45 ", "\t12", "007",
           "12,5", "94,5", "94.5", "0,5", "0.25", "1", "3.2E+15", "-15", "Rp 484.646.400",
           "1-5", "5-Jan", "\u0661\u0662", "abc", "  ", "", "", "100%", "999999999999999",
           "1000000000000000", "140", "00", "+5", ".5"]  # fmt: skip
BOOLS = ["ya", "tidak", "Ya", "TIDAK", "yes", "no", " ya ", "", "benar", "2"]
LEVELS = ["perda", "Perda", "perkada", "", " perda ", "uu", "x"]


def _cell(name: str, rng: random.Random) -> str:
    kind = FIELDS[name].type
    if kind == "bool":
        return rng.choice(BOOLS)
    if kind == "level":
        return rng.choice(LEVELS)
    if rng.random() < 0.5:
        return str(rng.randint(0, 10 ** rng.randint(1, 9)))
    return rng.choice(NUMBERS)


def _quote(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _hostile_table(path: Path, category: str, seed: int, rows: int, ordered: bool) -> None:
    """A SYNTHETIC table whose cells are drawn from hostile forms."""
    rng = random.Random(seed)
    fields = [n for n in FIELDS if rng.random() < 0.5]
    header = ["id", "name", "category", "period", "province", "synthetic", *fields]
    lines = [",".join(header)]
    for i in range(rows):
        if ordered or rng.random() < 0.85:
            cid = f"synth-{i:06d}"
        else:
            cid = rng.choice([f"synth-{rng.randint(0, rows):06d}", "3.2E+15", " synth-x ",
                              "Synth-Up", "-bad", "", f"{rng.randint(0, 99):05d}", "7"])  # fmt: skip
        row = [
            cid,
            rng.choice(
                [
                    f"Synthetic {i}",
                    f" Synthetic {i} ",
                    "",
                    "a\u202eb",
                    "x\x01y",
                    f"Caf\u00e9 Sintetis {i}",
                    f"\u201cMaju\u201d {i}",
                    "a" * 250,
                ]
            ),  # fmt: skip
            category if rng.random() < 0.95 else rng.choice(["", "badan-usaha-raksasa"]),
            rng.choice(["2022"] * 12 + ["2021", "", "44562", "dua ribu", " 2022 "]),
            rng.choice(["Provinsi Sintetis A", "", " Provinsi Sintetis B ", "x\x02"]),
            rng.choice(["true", "ya", "", "false", "maybe"]),
            *(_cell(f, rng) for f in fields),
        ]
        lines.append(",".join(_quote(c) for c in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _everything(read: tables.TableRead) -> Any:
    t = read.table
    assert t is not None
    columns = {
        name: getattr(t, name).tolist()
        for name in ("ids", "names", "categories", "periods", "provinces", "synthetic", "rows")
    }
    values = {
        k: [None if isinstance(x, float) and x != x else x for x in v.tolist()]
        for k, v in t.values.items()
    }
    return (
        [str(d) + d.severity for d in read.diagnostics],
        columns,
        values,
        rejects_csv(read.rejected),
        read.ids.tolist() if read.ids is not None else None,
    )


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    found, problems, _files = load_criteria(shipped_criteria())
    assert found is not None, problems
    return found


@pytest.mark.parametrize("ordered", [False, True], ids=["ids-shuffled", "ids-in-order"])
@pytest.mark.parametrize("category", ["badan-usaha-besar", "ukm", "desa"])
def test_a_table_reads_the_same_with_fast_and_slow_paths(
    tmp_path: Path,
    criteria: Criteria,
    monkeypatch: pytest.MonkeyPatch,
    category: str,
    ordered: bool,
) -> None:
    path = tmp_path / "SYNTHETIC-hostile.csv"
    _hostile_table(path, category, seed=len(category) + ordered, rows=400, ordered=ordered)
    monkeypatch.setattr(tables, "FEW", 0)  # the vectorised reading of a large column
    fast = _everything(tables.read_table(path, criteria))
    with monkeypatch.context() as slow:
        slow.setattr(tables, "_whole", _slow_whole)
        slow.setattr(tables, "_ids_ok", _slow_ids_ok)
        slow.setattr(tables, "_no_control", _slow_no_control)
        slow.setattr(tables, "_strictly_increasing", lambda _texts: False)
        assert _everything(tables.read_table(path, criteria)) == fast
    # And the reading text by text (a column of few distinct texts) keeps
    # the same rows and values.
    monkeypatch.setattr(tables, "FEW", 5_000)
    by_text = _everything(tables.read_table(path, criteria))
    assert by_text[1:3] == fast[1:3]
    assert fast[3].count(b"\r\n") > 1  # some rows were rejected: the slow paths ran
