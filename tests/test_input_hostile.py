"""Hostile input classes found by fuzzing (issue 6, last section): each ends
in a clear message naming file:line:column, never a traceback, and text
that reaches messages is shown escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from paritrana.scoring.load.safeyaml import CONTROL_RE, load_document
from paritrana.scoring.validate import validate_candidates, validate_criteria
from paritrana.scoring.validate.panel import validate_panel
from validate_helpers import BROKEN, doc, errors, ok_criteria, warnings

HEAD = "id: kota-a\nname: Kota A\ncategory: kabupaten-kota\nperiod: 2022\n"
HUGE = "1" + "0" * 309  # float(HUGE) raises OverflowError
CRITERIA_OK = (BROKEN / "criteria-ok" / "criteria.yaml").read_text(encoding="utf-8")


def _candidate(tmp_path: Path, text: str) -> list[str]:
    """Every error and warning of one candidate file (raw, so nothing hides)."""
    _, problems = validate_candidates([doc(tmp_path, text, "c.yaml")], ok_criteria())
    return errors(problems) + [w for w in warnings(problems) if "indicator inputs missing" not in w]


def _criteria(tmp_path: Path, text: str) -> list[str]:
    criteria, problems = validate_criteria([doc(tmp_path, text, "k.yaml")])
    assert criteria is None
    return errors(problems)


def _no_raw_controls(messages: list[str]) -> None:
    for message in messages:
        assert not CONTROL_RE.search(message), repr(message)


# --- very large integers -------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            HEAD.replace("period: 2022", f"period: {HUGE}"),
            "c.yaml:4:9: period is too large: 310 digits",
        ),
        (
            HEAD + f"panel_scores:\n  wawancara: [{HUGE}]\n",
            "c.yaml:6:15: panel score for 'wawancara' (a number of 310 digits) is larger"
            " than the largest accepted value, 1,000,000,000,000,000",
        ),
        (
            HEAD + f"regulations:\n  - {{type: perda, year: {HUGE}}}\n",
            "c.yaml:6:25: regulation year is too large: 310 digits",
        ),
        (
            HEAD + f"benefits:\n  - {{title: Santunan, amount: {HUGE}}}\n",
            "c.yaml:6:31: amount is too large: 310 digits",
        ),
        (
            HEAD + f"coverage:\n  active_members: {HUGE}\n",
            "c.yaml:6:19: coverage.active_members is too large: 310 digits",
        ),
    ],
)
def test_huge_integer_in_a_candidate(tmp_path: Path, body: str, expected: str) -> None:
    assert _candidate(tmp_path, body) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("weight: 30", f"weight: {HUGE}", "weight must be <= 100, not a number of 310 digits"),
        ("floor: 0, target: 100", f"floor: 0, target: {HUGE}", "target (a number of 310"),
        ("[50, 60]", f"[{HUGE}, 60]", "band start (a number of 310 digits) is larger"),
        ("cap: 12", f"cap: {HUGE}", "count cap (a number of 310 digits) is larger"),
        ("max: 5", f"max: {HUGE}", "rubric max must be between 0 and 1,000"),
        ("edition: 2022", f"edition: {HUGE}", "edition is too large: 310 digits"),
    ],
)
def test_huge_integer_in_criteria(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in CRITERIA_OK
    problems = _criteria(tmp_path, CRITERIA_OK.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_huge_integer_in_a_panel_file(tmp_path: Path) -> None:
    criteria = ok_criteria()
    (cand,), _ = validate_candidates([doc(tmp_path, HEAD, "c.yaml")], criteria)
    panel = doc(tmp_path, f"scores:\n  kota-a:\n    wawancara: [{HUGE}]\n", "p.yaml")
    _, problems = validate_panel([panel], criteria, [cand])
    assert errors(problems) == [
        "p.yaml:3:17: panel score for 'wawancara' of 'kota-a' (a number of 310 digits)"
        " is larger than the largest accepted value, 1,000,000,000,000,000"
    ]


# --- explicit tags with a bad value -----------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "!!timestamp yesterday",
            "cannot read 'yesterday' as a date (it is tagged"
            " !!timestamp); remove the tag or write a date such as 2023-02-20",
        ),
        (
            "!!bool maybe",
            "cannot read 'maybe' as true/false (it is tagged !!bool);"
            " remove the tag or write true or false",
        ),
        (
            "!!int abc",
            "cannot read 'abc' as a whole number (it is tagged !!int);"
            " remove the tag or write a whole number such as 120000",
        ),
        (
            "!!float x",
            "cannot read 'x' as a number (it is tagged !!float);"
            " remove the tag or write a number such as 94.5",
        ),
        (
            "!!timestamp 2023-02-30",
            "cannot read '2023-02-30' as a date (it is tagged"
            " !!timestamp); remove the tag or write a date such as 2023-02-20",
        ),
    ],
)
def test_bad_explicit_tag_even_under_an_unknown_key(
    tmp_path: Path, value: str, message: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(HEAD + f"tidak_dikenal:\n  x: {value}\n", encoding="utf-8")
    document, problems = load_document(path, "c.yaml")
    assert document is None
    assert [str(p) for p in problems] == [f"c.yaml:6:6: {message}"]


# --- control characters in text ---------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown", "at"),
    [
        (r"Kota\x07Medan", r"\x07", 5),
        (r"Kota\0Medan", r"\x00", 5),
        (r"Kota\eMedan", r"\x1b", 5),
        (r"Kota Medan\r=1+1", r"\x0d", 11),
        (r"Kota\u202eMedan", r"\u202e", 5),
        (r"Kota\u2066Medan", r"\u2066", 5),
        (r"Kota\x85Medan", r"\x85", 5),  # C1 (NEL)
        (r"Kota\tMedan", r"\x09", 5),  # no tab in a name
    ],
)
def test_control_character_in_a_name(tmp_path: Path, written: str, shown: str, at: int) -> None:
    text = HEAD.replace("name: Kota A", f'name: "{written}"')
    problems = _candidate(tmp_path, text)
    assert problems == [
        f"c.yaml:2:7: name contains the control character {shown} at character {at}; remove it"
    ]
    _no_raw_controls(problems)


def test_control_character_in_a_criteria_label(tmp_path: Path) -> None:
    text = CRITERIA_OK.replace(
        "label: {id: Regulasi, en: Regulation}", r'label: {id: "Regu\x1b[2Jlasi", en: Regulation}'
    )
    problems = _criteria(tmp_path, text)
    assert problems == [
        "k.yaml:13:21: label.id contains the control character \\x1b at character 5; remove it"
    ]


def test_notes_may_hold_newlines_and_tabs_but_no_other_control(tmp_path: Path) -> None:
    ok = HEAD + 'notes:\n  - "baris satu\\n\\tbaris dua"\n  - |\n    blok\n    teks\n'
    candidates, problems = validate_candidates([doc(tmp_path, ok, "c.yaml")], ok_criteria())
    assert errors(problems) == []
    assert candidates[0].notes == ("baris satu\n\tbaris dua", "blok\nteks\n")
    bad = HEAD + 'notes:\n  - "catatan\\x1b]0;judul\\x07"\n'
    problems = _candidate(tmp_path, bad)
    assert problems == [
        "c.yaml:6:5: notes entry contains the control character \\x1b at character 8;"
        " remove it; only newlines and tabs are allowed"
    ]


def test_folded_title_keeps_working(tmp_path: Path) -> None:
    # A `>-` or `>` block scalar is how long titles are written; `>` leaves a
    # final line end, which is not a control character in the title.
    text = HEAD + "reports:\n  - id: r1\n    title: >\n      Judul yang\n      panjang\n"
    candidates, problems = validate_candidates([doc(tmp_path, text, "c.yaml")], ok_criteria())
    assert errors(problems) == []
    assert candidates[0].reports[0].title == "Judul yang panjang"


def test_title_on_several_lines_says_fold_it(tmp_path: Path) -> None:
    text = HEAD + "reports:\n  - id: r1\n    title: |\n      Judul yang\n      panjang\n"
    assert _candidate(tmp_path, text) == [
        "c.yaml:7:12: report title spans several lines; write it on one line, or fold"
        " it with '>' instead of '|'"
    ]


def test_control_characters_in_keys_and_choices_are_shown_escaped(tmp_path: Path) -> None:
    text = HEAD.replace("category: kabupaten-kota", 'category: "kabupaten-\\e]0;pwned\\akota"')
    text += '"kunci\\e[31m": 1\nregulations:\n  - {type: "perda\\u202e"}\n'
    problems = _candidate(tmp_path, text)
    assert problems == [
        "c.yaml:3:11: unknown category 'kabupaten-\\x1b]0;pwned\\x07kota' (did you mean"
        " 'kabupaten-kota'?); categories are kabupaten-kota, provinsi",
        "c.yaml:7:12: regulation type must be one of perda, qanun, perdes, pergub,"
        " perbup, perwal, perkada, perkades, keputusan, instruksi, surat-edaran,"
        " not 'perda\\u202e' (did you mean 'perda'?)",
        "c.yaml:5:1: warning: unknown key 'kunci\\x1b[31m' in a candidate file",
    ]
    _no_raw_controls(problems)


def test_raw_control_character_in_the_file_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes("id: kota-a\nname: Kotä \x1b x\n".encode())
    document, problems = load_document(path, "c.yaml")
    assert document is None
    # "name: Kotä " is 11 characters (ä is one): ESC at column 12.
    assert [str(p) for p in problems] == [
        "c.yaml:2:12: the control character \\x1b is not allowed in a YAML file; remove it"
    ]


# --- numbers too large to format ------------------------------------------


def test_number_from_1e26_is_refused(tmp_path: Path) -> None:
    body = HEAD + "villages:\n  total: {value: 1.0e+26}\n"
    assert _candidate(tmp_path, body) == [
        "c.yaml:6:18: villages.total (1e+26) is larger than the largest accepted value, 1,000,000,000"
    ]
    body = HEAD + "budget:\n  apbd_vulnerable_amount: 1.0e+16\n"
    assert _candidate(tmp_path, body) == [
        "c.yaml:6:27: budget.apbd_vulnerable_amount (1e+16) is larger than the largest"
        " accepted value, 1,000,000,000,000,000"
    ]


def test_count_at_the_limit_is_accepted(tmp_path: Path) -> None:
    # 1.000.000.000 = 10^9, the largest count; one more is refused.
    body = HEAD + "coverage:\n  employed_population: 1.000.000.000\n"
    assert _candidate(tmp_path, body) == []
    body = HEAD + "coverage:\n  employed_population: 1000000001\n"
    assert _candidate(tmp_path, body) == [
        "c.yaml:6:24: coverage.employed_population (1,000,000,001) is larger than the"
        " largest accepted value, 1,000,000,000"
    ]


def test_criteria_threshold_from_1e26_is_refused(tmp_path: Path) -> None:
    text = CRITERIA_OK.replace("floor: 0, target: 100", "floor: 0, target: 1.0e+26")
    assert _criteria(tmp_path, text) == [
        "k.yaml:36:52: target (1e+26) is larger than the largest accepted value, 1,000,000,000,000,000"
    ]


# --- sizes of text and lists ---------------------------------------------


def test_thousand_assessor_names_are_refused(tmp_path: Path) -> None:
    names = ", ".join("a" for _ in range(1000))
    assert _candidate(tmp_path, HEAD + f"panel: [{names}]\n") == [
        "c.yaml:5:8: panel has 1,000 items; at most 20 are allowed"
    ]
    criteria = ok_criteria()
    (cand,), _ = validate_candidates([doc(tmp_path, HEAD, "c.yaml")], criteria)
    many = ", ".join("a" for _ in range(100_000))
    panel = doc(tmp_path, f"assessors: [{many}]\nscores: {{}}\n", "p.yaml")
    _, problems = validate_panel([panel], criteria, [cand])
    assert errors(problems) == ["p.yaml:1:12: assessors has 100,000 items; at most 20 are allowed"]


def test_long_unbroken_name_is_refused(tmp_path: Path) -> None:
    text = HEAD.replace("name: Kota A", "name: " + "x" * 30_000)
    assert _candidate(tmp_path, text) == [
        "c.yaml:2:7: name is 30,000 characters long; at most 200 are allowed"
    ]
    text = HEAD + "panel: [" + "y" * 201 + "]\n"
    assert _candidate(tmp_path, text) == [
        "c.yaml:5:9: panel entry is 201 characters long; at most 200 are allowed"
    ]


def test_many_notes_and_a_long_note_are_refused(tmp_path: Path) -> None:
    notes = ", ".join("n" for _ in range(30_000))
    assert _candidate(tmp_path, HEAD + f"notes: [{notes}]\n") == [
        "c.yaml:5:8: notes has 30,000 items; at most 50 are allowed"
    ]
    fifty = HEAD + "notes:\n" + "".join(f"  - catatan {i}\n" for i in range(50))
    assert _candidate(tmp_path, fifty) == []
    long_note = HEAD + "notes:\n  - " + "kata " * 401 + "\n"
    assert _candidate(tmp_path, long_note) == [
        "c.yaml:6:5: notes entry is 2,004 characters long; at most 2,000 are allowed"
    ]


def test_too_many_list_items_are_refused(tmp_path: Path) -> None:
    events = "".join(f"  - kegiatan {i}\n" for i in range(501))
    assert _candidate(tmp_path, HEAD + "events:\n" + events) == [
        "c.yaml:6:3: events has 501 items; at most 500 are allowed"
    ]
