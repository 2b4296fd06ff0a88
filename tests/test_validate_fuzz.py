"""Whatever the YAML holds, validation reports problems and never raises."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.load.safeyaml import Document
from paritrana.scoring.validate import validate_candidates, validate_criteria
from paritrana.scoring.validate.candidates import TOP_KEYS
from paritrana.scoring.validate.criteria import (
    CATEGORY_KEYS,
    FILE_KEYS,
    INDICATOR_KEYS,
    PILLAR_KEYS,
    RULE_KEYS,
)
from validate_helpers import broken_doc, ok_criteria

WORDS = sorted(
    {*TOP_KEYS, *FILE_KEYS, *CATEGORY_KEYS, *PILLAR_KEYS, *INDICATOR_KEYS, *RULE_KEYS}
    | {k.split(".")[1] for k in FIELDS}
    | {"type", "value", "evidence", "document", "levels", "perda", "none", "wawancara"}
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([*WORDS, *FIELDS, "kabupaten-kota", "JKK", "linear", "rubric", ""]),
    st.just(date(2022, 1, 1)),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(WORDS), inner, max_size=6),
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(WORDS), DATA, max_size=10))
def test_candidate_validation_never_raises(data: dict) -> None:
    candidates, problems = validate_candidates([Document("x.yaml", data)], ok_criteria())
    assert len(candidates) <= 1
    assert not (candidates and any(p.severity == "error" for p in problems))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(WORDS), DATA, max_size=10))
def test_criteria_validation_never_raises(data: dict) -> None:
    criteria, problems = validate_criteria([Document("x.yaml", data)])
    assert (criteria is None) == any(p.severity == "error" for p in problems)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, prefix + (i,))
    return found


def _replace(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)  # type: ignore[call-overload]
    copy[path[0]] = _replace(copy[path[0]], path[1:], value)
    return copy


def _broken_variants(base: dict):
    paths = _paths(base)[1:]
    return st.tuples(st.sampled_from(paths), DATA)


CRITERIA_BASE = broken_doc("criteria-ok/criteria.yaml").data
CANDIDATE_BASE = {
    "id": "kota-a",
    "name": "Kota A",
    "category": "kabupaten-kota",
    "period": 2022,
    "regulations": [{"type": "qanun", "year": 2019, "scope": ["dedicated", "ptsp"]}],
    "villages": {"total": 66, "enrolled": {"value": 56, "evidence": {"document": "s"}}},
    "coverage": {"non_asn_share": 94},
    "events": [{"title": "FGD"}],
    "programmes": ["JKK"],
    "panel_scores": {"wawancara": [4, 5]},
}


@settings(max_examples=300, deadline=None)
@given(_broken_variants(CRITERIA_BASE))
def test_one_changed_value_in_valid_criteria_never_raises(change: tuple) -> None:
    path, value = change
    data = _replace(CRITERIA_BASE, path, value)
    criteria, problems = validate_criteria([Document("x.yaml", data)])
    assert (criteria is None) == any(p.severity == "error" for p in problems)


@settings(max_examples=300, deadline=None)
@given(_broken_variants(CANDIDATE_BASE))
def test_one_changed_value_in_a_valid_candidate_never_raises(change: tuple) -> None:
    path, value = change
    data = _replace(CANDIDATE_BASE, path, value)
    candidates, problems = validate_candidates([Document("x.yaml", data)], ok_criteria())
    assert len(candidates) == (0 if any(p.severity == "error" for p in problems) else 1)
