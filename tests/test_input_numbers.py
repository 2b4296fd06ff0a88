"""Numbers as Indonesian offices write them (issue 6; docs/formats.md,
"How numbers may be written"): each written form, the value it is read as,
or the message it gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from paritrana.scoring.validate import validate_candidates, validate_criteria
from validate_helpers import doc, errors, ok_criteria, warnings

HEAD = "id: kota-a\nname: Kota A\ncategory: kabupaten-kota\nperiod: 2022\n"


def _one(tmp_path: Path, body: str):
    """(values, errors, warnings other than the missing-inputs one)."""
    candidates, problems = validate_candidates(
        [doc(tmp_path, HEAD + body, "c.yaml")], ok_criteria()
    )
    values = candidates[0].values if candidates else None
    notes = [w for w in warnings(problems) if "indicator inputs missing" not in w]
    return values, errors(problems), notes


# A count written with dot-grouped thousands is the Indonesian integer: the
# dots separate thousands, so "120.000" is one hundred and twenty thousand.
@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("120.000", 120_000),  # YAML alone reads 120.0
        ("1.200.000", 1_200_000),  # YAML alone reads the text '1.200.000'
        ("2.000", 2_000),  # YAML alone reads 2.0
        ("2.500", 2_500),  # YAML alone reads 2.5
        ("+2.500", 2_500),
        ("'120.000'", 120_000),  # quoted: the same text, the same number
        ("120000", 120_000),
        ("1_200", 1_200),  # YAML's own digit separator
        ('"2022"', 2_022),
    ],
)
def test_count_written_with_thousands_dots(tmp_path: Path, written: str, value: int) -> None:
    values, errs, notes = _one(tmp_path, f"coverage:\n  active_members: {written}\n")
    assert errs == [] and notes == []
    assert values == {"coverage.active_members": float(value)}


WHOLE = "write 120000 or 120.000 (a dot groups thousands)"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1,5", f"coverage.active_members must be a whole number, not '1,5'; {WHOLE}"),
        ("12.5", f"coverage.active_members must be a whole number, not '12.5'; {WHOLE}"),
        # Four digits after the dot are not a thousands group.
        ("1.2345", f"coverage.active_members must be a whole number, not '1.2345'; {WHOLE}"),
        ("12.0", f"coverage.active_members must be a whole number, not '12.0'; {WHOLE}"),
        (
            "120,000",
            "coverage.active_members '120,000' is ambiguous: a comma is a decimal comma"
            " in Indonesian; write whole numbers as 120000 or 120.000",
        ),
        (
            "1,200,000",
            "coverage.active_members '1,200,000' is ambiguous: a comma is a decimal comma"
            " in Indonesian; write whole numbers as 120000 or 120.000",
        ),
        # Forms YAML reads as a different number than the digits suggest.
        (
            "010",
            "coverage.active_members is written '010', which YAML reads as 8 (octal,"
            " hexadecimal or base 60); write the number in plain decimal digits without"
            " a leading zero",
        ),
        (
            "1:30",
            "coverage.active_members is written '1:30', which YAML reads as 90 (octal,"
            " hexadecimal or base 60); write the number in plain decimal digits without"
            " a leading zero",
        ),
        (
            "'0120'",
            "coverage.active_members '0120' starts with 0; write it without the leading"
            " zero (120000 or 120.000)",
        ),
        ("-1.000", "coverage.active_members must be >= 0, not -1,000"),
        (
            "seratus",
            "coverage.active_members must be a whole number, not 'seratus';"
            " write 120000 or 120.000",
        ),
    ],
)
def test_count_that_is_not_a_whole_number(tmp_path: Path, written: str, message: str) -> None:
    values, errs, _ = _one(tmp_path, f"coverage:\n  active_members: {written}\n")
    assert values is None
    assert errs == [f"c.yaml:6:19: {message}"]


@pytest.mark.parametrize(
    "written",
    [
        "484.646.400",
        "484646400",
        "Rp 484.646.400",
        "Rp484.646.400",
        "Rp. 484.646.400",
        "Rp 484.646.400,00",
        "484.646.400,-",
        "rp 484646400",
    ],
)
def test_money_forms(tmp_path: Path, written: str) -> None:
    values, errs, notes = _one(tmp_path, f"budget:\n  apbd_vulnerable_amount: {written}\n")
    assert errs == [] and notes == []
    # 484.646.400 = 484 million 646 thousand 400 rupiah, whatever the dressing.
    assert values == {"budget.apbd_vulnerable_amount": 484_646_400.0}


def test_money_written_with_three_digits_after_a_dot_is_thousands(tmp_path: Path) -> None:
    # Today's bug: 484.646 was accepted as 484.646 rupiah; it is 484 646 rupiah.
    values, errs, _ = _one(tmp_path, "budget:\n  apbd_vulnerable_amount: 484.646\n")
    assert errs == [] and values == {"budget.apbd_vulnerable_amount": 484_646.0}


@pytest.mark.parametrize("written", ["Rp 1.000,50", "484646400.5", "1,5"])
def test_money_with_sen_is_refused(tmp_path: Path, written: str) -> None:
    values, errs, _ = _one(tmp_path, f"budget:\n  apbd_vulnerable_amount: {written}\n")
    shown = written.removeprefix("Rp ")
    assert values is None
    assert errs == [
        f"c.yaml:6:27: budget.apbd_vulnerable_amount must be a whole number of rupiah,"
        f" not '{shown}'; write 484646400, 484.646.400 or Rp 484.646.400"
        " (a dot groups thousands)"
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("94,5", 94.5),  # decimal comma
        ("94%", 94.0),
        ("94,5 %", 94.5),
        ("94,5%", 94.5),
        ("94.5", 94.5),  # a dot in a percent is a decimal point
        ("'94'", 94.0),
        ("100", 100.0),
        ("0", 0.0),
        ("0,5%", 0.5),  # a % sign says it is a percent: no fraction warning
    ],
)
def test_percent_forms(tmp_path: Path, written: str, value: float) -> None:
    values, errs, notes = _one(tmp_path, f"coverage:\n  non_asn_share: {written}\n")
    assert errs == [] and notes == []
    assert values == {"coverage.non_asn_share": value}


@pytest.mark.parametrize(
    ("written", "meant"), [("0.94", "94"), ("0,94", "94"), ("1.0", "100"), ("0.5", "50")]
)
def test_percent_written_as_a_fraction_warns_and_keeps_the_value(
    tmp_path: Path, written: str, meant: str
) -> None:
    values, errs, notes = _one(tmp_path, f"coverage:\n  non_asn_share: {written}\n")
    kept = float(written.replace(",", "."))
    assert errs == [] and values == {"coverage.non_asn_share": kept}
    assert notes == [
        f"c.yaml:6:18: warning: coverage.non_asn_share is {written}, which looks like a"
        f" fraction: did you mean {meant}%? (read as {kept:g}%)"
    ]


def test_percent_out_of_range_and_not_a_number(tmp_path: Path) -> None:
    _, errs, _ = _one(tmp_path, "coverage:\n  non_asn_share: 120%\n")
    assert errs == ["c.yaml:6:18: coverage.non_asn_share must be between 0 and 100, not 120"]
    _, errs, _ = _one(tmp_path, "coverage:\n  non_asn_share: banyak%\n")
    assert errs == [
        "c.yaml:6:18: coverage.non_asn_share must be a number, not 'banyak%';"
        " write 94, 94.5, 94,5 or 94,5%"
    ]


def test_year_period_and_item_numbers_read_the_same_way(tmp_path: Path) -> None:
    values, errs, _ = _one(
        tmp_path,
        'regulations:\n  - {type: perda, year: "2019", scope: [dedicated]}\n'
        "benefits:\n  - {title: Santunan JKM, count: 1.200, amount: Rp 42.000.000}\n",
    )
    assert errs == []
    assert values is not None and values["regulation.dedicated_level"] == "perda"
    candidates, _ = validate_candidates(
        [
            doc(
                tmp_path,
                HEAD.replace("2022", '"2022"') + "benefits:\n"
                "  - {title: Santunan JKM, count: 1.200, amount: Rp 42.000.000}\n",
                "d.yaml",
            )
        ],
        ok_criteria(),
    )
    (cand,) = candidates
    assert cand.period == 2022
    # 1.200 people and Rp 42.000.000: one thousand two hundred, 42 million.
    assert (cand.benefits[0].count, cand.benefits[0].amount) == (1200.0, 42_000_000.0)


def test_year_outside_the_accepted_years(tmp_path: Path) -> None:
    _, errs, _ = _one(tmp_path, "regulations:\n  - {type: perda, year: 19}\n")
    assert errs == ["c.yaml:6:25: regulation year must be between 1900 and 2100, not 19"]


def test_criteria_edition_may_be_quoted(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "broken/criteria-ok/criteria.yaml").read_text()
    text = text.replace("edition: 2022", 'edition: "2022"')
    assert 'edition: "2022"' in text
    criteria, problems = validate_criteria([doc(tmp_path, text, "k.yaml")])
    assert errors(problems) == [] and criteria is not None and criteria.edition == 2022
