"""The YAML path's shortcuts (docs/benchmarks.md, "National edition") read
exactly what the long way reads: scalars reused across files keep their
tag and style apart, and plain digits read first are the same numbers,
while every other way of writing a number still takes the long way."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from paritrana.scoring.load.files import load_documents
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.model import Criteria
from paritrana.scoring.validate.candidates import validate_candidates
from paritrana.scoring.validate.criteria import validate_criteria

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    docs, problems = load_documents([ROOT / "criteria"])
    crit, more = validate_criteria(docs)
    assert [d for d in problems + more if d.severity == "error"] == []
    assert crit is not None
    return crit


def test_reused_scalars_keep_tag_and_style_apart(tmp_path: Path) -> None:
    text = (
        "a: 10\nb: '10'\nc: !!str 10\nd: 010\ne: yes\nf: 'yes'\n"
        "g: 2022-02-20\nh: '2022-02-20'\ni: 1.5\nj: ~\n"
    )
    values = {
        "a": 10,
        "b": "10",
        "c": "10",
        "d": 8,  # YAML 1.1 octal; the validator refuses it by field
        "e": True,
        "f": "yes",
        "g": datetime.date(2022, 2, 20),
        "h": "2022-02-20",
        "i": 1.5,
        "j": None,
    }
    for n in range(3):  # the second and third files are read from what the first left
        path = tmp_path / f"f{n}.yaml"
        path.write_text(text, encoding="utf-8")
        doc, problems = load_document(path)
        assert problems == [] and doc is not None
        assert doc.data == values
        assert [type(v) for v in doc.data.values()] == [type(v) for v in values.values()]
        assert doc.source("b") == ("10", "'")


def test_a_refused_tag_is_refused_every_time(tmp_path: Path) -> None:
    for n in range(2):
        path = tmp_path / f"t{n}.yaml"
        path.write_text("a: !!python/name:os.system x\n", encoding="utf-8")
        doc, problems = load_document(path)
        assert doc is None
        assert [d.message for d in problems] == ["tag !!python/name:os.system is not allowed"]


def _one(tmp_path: Path, criteria: Criteria, employed: str, period: str = "2022") -> tuple:
    path = tmp_path / "c.yaml"
    path.write_text(
        "id: synth-ukm-1\nname: Synthetic UKM 1\ncategory: ukm\n"
        f"period: {period}\nsynthetic: true\nworkforce:\n  employed: {employed}\n",
        encoding="utf-8",
    )
    docs, problems = load_documents([path])
    cands, more = validate_candidates(docs, criteria)
    errors = [d.message for d in problems + more if d.severity == "error"]
    value = cands[0].values.get("workforce.employed") if cands else None
    return value, errors


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("120", 120.0),  # plain digits: the shortcut
        ("0", 0.0),
        ("1.200", 1200.0),  # a dot groups thousands: the long way
        ("'120'", 120.0),  # quoted: the long way
        ("+120", 120.0),
        ("1_200", 1200.0),
        ("1000000000", 1e9),  # the largest count accepted
    ],
)
def test_counts_read_the_same(
    tmp_path: Path, criteria: Criteria, written: str, value: float
) -> None:
    assert _one(tmp_path, criteria, written) == (value, [])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-5", "workforce.employed must be >= 0, not -5"),
        ("010", "workforce.employed is written '010', which YAML reads as 8"),
        (
            "1000000001",
            "workforce.employed (1,000,000,001) is larger than the largest accepted value",
        ),
    ],
)
def test_counts_refused_the_same(
    tmp_path: Path, criteria: Criteria, written: str, message: str
) -> None:
    value, errors = _one(tmp_path, criteria, written)
    assert value is None
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_years_read_the_same(tmp_path: Path, criteria: Criteria) -> None:
    assert _one(tmp_path, criteria, "5", period="2022")[1] == []
    _value, errors = _one(tmp_path, criteria, "5", period="2101")
    assert errors == ["period must be between 1900 and 2100, not 2101"]
