"""Safe loading: limits, refusals and marks (docs/formats.md, first paragraph)."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.load.safeyaml import load_document
from validate_helpers import BROKEN, doc

# Each broken file of tests/broken/load with every diagnostic it must give.
LOAD_CASES = {
    "syntax-error.yaml": [
        (
            "load/syntax-error.yaml:3:9: YAML syntax error: did not find expected ',' or ']'"
            " (while parsing a flow sequence started at line 2)"
        )
    ],
    "duplicate-key.yaml": ["load/duplicate-key.yaml:3:1: duplicate key 'id' (first at line 1)"],
    # Only the first anchor and the first alias are reported: nothing expands.
    "alias-bomb.yaml": [
        "load/alias-bomb.yaml:1:4: anchors are not allowed (&a)",
        "load/alias-bomb.yaml:2:8: aliases are not allowed (*a)",
    ],
    "alias-only.yaml": ["load/alias-only.yaml:3:7: aliases are not allowed (*base)"],
    "not-utf8.yaml": [
        "load/not-utf8.yaml:2:12: not UTF-8 text (byte 0xe9 at offset 22); save the file as UTF-8"
    ],
    "top-level-list.yaml": [
        (
            "load/top-level-list.yaml:1:1: the top level must be a mapping of keys and values,"
            " not a list"
        )
    ],
    "empty.yaml": [
        "load/empty.yaml:1:1: the file is empty (expected a mapping of keys and values)"
    ],
    "python-tag.yaml": [
        "load/python-tag.yaml:2:7: tag !!python/object/apply:os.system is not allowed"
    ],
    "two-documents.yaml": [
        ("load/two-documents.yaml:2:1: only one YAML document per file ('---' starts a second one)")
    ],
    "complex-key.yaml": [
        "load/complex-key.yaml:2:3: a key must be a plain name, not a list, mapping or alias"
    ],
    "bad-date.yaml": [
        (
            "load/bad-date.yaml:2:7: cannot read '2023-02-30' as a date:"
            " day is out of range for month"
        )
    ],
}


def test_every_broken_load_file_is_in_the_table() -> None:
    assert sorted(p.name for p in (BROKEN / "load").glob("*.yaml")) == sorted(LOAD_CASES)


@pytest.mark.parametrize("name", sorted(LOAD_CASES))
def test_broken_file_gives_exact_diagnostics(name: str) -> None:
    document, problems = load_document(BROKEN / "load" / name, f"load/{name}")
    assert document is None
    assert [str(p) for p in problems] == LOAD_CASES[name]
    assert all(p.severity == "error" for p in problems)


def test_billion_laughs_returns_promptly() -> None:
    start = time.perf_counter()
    document, problems = load_document(BROKEN / "load" / "alias-bomb.yaml")
    assert document is None and problems
    assert time.perf_counter() - start < 1.0


def test_value_marks_key_marks_and_where(tmp_path: Path) -> None:
    document = doc(
        tmp_path,
        """\
        a:
          b: {c: 1}
          d:
            - x
            - {e: 2}
        """,
    )
    assert document.data == {"a": {"b": {"c": 1}, "d": ["x", {"e": 2}]}}
    assert document.marks[("a", "b", "c")] == (2, 10)
    assert document.marks[("a", "d", 1, "e")] == (5, 11)
    assert document.key_marks[("a", "d")] == (3, 3)
    assert document.key_where("a", "d", 1, "e") == (5, 8)
    # An absent key points at its nearest existing ancestor.
    assert document.where("a", "b", "zz", 3) == document.marks[("a", "b")] == (2, 6)
    assert document.where() == (1, 1)


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    raw = b"# komentar\nid: kota-a   # trailing\n"
    path = tmp_path / "a.yaml"
    path.write_bytes(raw)
    document, _ = load_document(path)
    assert document is not None
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.path == str(path)


def test_values_resolve_as_yaml_1_1_and_keys_stay_text(tmp_path: Path) -> None:
    document = doc(
        tmp_path,
        """\
        yes: 100
        no: 0
        2022: tahun
        flag: yes
        count: 1_000
        share: 12.5
        date: 2023-02-20
        quoted: "5"
        empty:
        inf: .inf
        """,
    )
    assert document.data == {
        "yes": 100,
        "no": 0,
        "2022": "tahun",
        "flag": True,
        "count": 1000,
        "share": 12.5,
        "date": date(2023, 2, 20),
        "quoted": "5",
        "empty": None,
        "inf": float("inf"),  # the validator refuses it, naming the field
    }


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: kota-a\n")
    document, problems = load_document(path)
    assert problems == [] and document is not None
    assert document.data == {"id": "kota-a"}


def test_file_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    # 1 MiB + 1 byte of valid YAML: refused on size alone.
    path.write_bytes(b"a: " + b"x" * ((1 << 20) - 3) + b"\n")
    document, problems = load_document(path, "big.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        "big.yaml: file is larger than 1,048,576 bytes (limit 1,024 KiB)"
    ]
    small, problems = load_document(path, "big.yaml", max_bytes=10)
    assert small is None and "larger than 10 bytes" in str(problems[0])


def test_exactly_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: 1\n")
    document, problems = load_document(path, max_bytes=5)
    assert problems == [] and document is not None


def test_deep_nesting_is_refused_promptly(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 20000 + "]" * 20000 + "\n")
    start = time.perf_counter()
    document, problems = load_document(path, "deep.yaml")
    assert time.perf_counter() - start < 1.0
    assert document is None
    # Depth 1 is the top mapping; the 32nd '[' (column 35) is level 33.
    assert [str(p) for p in problems] == ["deep.yaml:1:35: nesting is deeper than 32 levels"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # libyaml stops at 1000 flow levels before our check sees level 33;
        # the place is still the one where level 33 starts.
        ("k1: 1\nk2: [x]\na: " + "[" * 20000, "3:35"),
        # Top mapping, a's mapping, b's list (col 6) hold 3 levels; brackets
        # inside quoted text do not count: level 4 at col 13, 33 at col 42.
        ('a:\n  b: ["x[", ' + "[" * 3000, "2:42"),
        # 'it''s[' is one single-quoted text; each item opens a level: the
        # mapping at col 4 is level 2, item n (11 characters each, from col 8)
        # is level 3 + n, so level 33 is item 30, at col 8 + 30 x 11 = 338.
        ("a: {b: " + "['it''s[', " * 40 + "[" * 3000, "1:338"),
        # Chunk n of "{b: " (4 characters, from col 4) is level 1 + n: level 33
        # is chunk 32, at col 4 + 31 x 4 = 128.
        ("a: " + "{b: " * 3000, "1:128"),
    ],
)
def test_deep_flow_nesting_names_level_33(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    start = time.perf_counter()
    document, problems = load_document(path, "deep.yaml")
    assert time.perf_counter() - start < 10.0  # a hang guard, not a benchmark
    assert document is None
    assert [str(p) for p in problems] == [f"deep.yaml:{where}: nesting is deeper than 32 levels"]


def test_nesting_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 31 + "]" * 31 + "\n")  # 1 mapping + 31 lists = 32
    document, problems = load_document(path)
    assert problems == [] and document is not None


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing, problems = load_document(tmp_path / "nope.yaml", "nope.yaml")
    assert missing is None and [str(p) for p in problems] == ["nope.yaml: not found"]
    folder, problems = load_document(tmp_path, "dir")
    assert folder is None and [str(p) for p in problems] == ["dir: not a regular file"]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    try:
        document, problems = load_document(path, "secret.yaml")
        if document is None:  # root can read anything; then there is nothing to check
            assert str(problems[0]).startswith("secret.yaml: cannot read: ")
    finally:
        path.chmod(0o644)


def test_many_problems_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "dups.yaml"
    path.write_text("a: 1\n" * 500)
    document, problems = load_document(path, "dups.yaml")
    assert document is None
    assert len(problems) == 51  # 50 problems, then the notice
    assert str(problems[-1]) == "dups.yaml:51:1: too many problems; stopped reading"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        document, problems = load_document(path)
    assert (document is None) == bool(problems)
    assert document is None or isinstance(document.data, dict)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                ":",
                " ",
                "\n",
                "-",
                "[",
                "]",
                "{",
                "}",
                "&x",
                "*x",
                "!!",
                "'",
                '"',
                "? ",
                ",",
                "#",
                "|",
                ">",
                "1",
                "yes",
                "~",
                "\t",
                "%",
                "@",
                "\x00",
                "é",
            ]
        ),
        max_size=60,
    )
)
def test_yaml_like_text_never_raises(parts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text("".join(parts), encoding="utf-8")
        document, problems = load_document(path)
    assert (document is None) == bool(problems)


def test_a_fifo_that_passes_the_first_check_is_still_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race: the path was a regular file when checked and is a FIFO when
    # opened. The descriptor is opened without blocking and checked again, so
    # the read neither hangs (no writer) nor happens.
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(Path, "is_file", lambda self: True)
    document, problems = load_document(fifo, "swapped.yaml")
    assert document is None
    assert [str(p) for p in problems] == ["swapped.yaml: not a regular file"]
