"""Each rule's invariants, proven where they are enforced (scoring/validate/rules.py).

The engine (scoring/score/rules.py, exact.py) does not check a rule again:
a rule that breaks an invariant below must never reach it, so each case
here checks that validation refuses it with its message, and that the
rule at the edge of the invariant is accepted.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.fields import LEVELS as LEVEL_NAMES
from paritrana.scoring.load.safeyaml import Document
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    YesNoRule,
)
from paritrana.scoring.score.rules import apply_rule
from paritrana.scoring.validate import rules, validate_criteria
from paritrana.scoring.validate._common import Checker
from paritrana.scoring.validate.rules import MAX_CAP
from validate_helpers import doc, errors


def criteria_text(rule: str, field: str = "outreach.events") -> str:
    """One category, one pillar, one indicator reading `field` with `rule` (line 14)."""
    return f"""\
edition: 2022
title: {{id: Uji, en: Test}}
status: proposal
categories:
  - id: a
    label: {{id: K, en: C}}
    pillars:
      - id: p
        label: {{id: P, en: P}}
        weight: 100
        indicators:
          - id: i
            label: {{id: I, en: I}}
            weight: 100
            field: {field}
            rule: {rule}
"""


def validated(
    tmp_path: Path, rule: str, field: str = "outreach.events"
) -> tuple[object, list[str]]:
    criteria, problems = validate_criteria([doc(tmp_path, criteria_text(rule, field))])
    return criteria, errors(problems)


COUNT, BOOL, LEVEL = "outreach.events", "policy.ptsp_required", "regulation.dedicated_level"
LEVELS = "{perda: 100, perkada: 75, instruksi: 50, none: 0}"

REFUSED = [
    # linear, higher: floor < target
    (
        "{type: linear, floor: 52, target: 10}",
        COUNT,
        "52",
        "linear floor (52) must be below target (10) when direction is higher",
    ),
    (
        "{type: linear, floor: 5, target: 5}",
        COUNT,
        "5, target",
        "linear floor (5) must be below target (5) when direction is higher",
    ),
    # linear, lower: floor > target
    (
        "{type: linear, floor: 0, target: 6, direction: lower}",
        COUNT,
        "0, target",
        "linear floor (0) must be above target (6) when direction is lower",
    ),
    (
        "{type: linear, floor: 1, target: 2, direction: sideways}",
        COUNT,
        "sideways",
        "direction must be one of higher, lower, not 'sideways'",
    ),
    # bands: at least one, strictly ascending starts, scores 0..100
    ("{type: bands, bands: []}", COUNT, "[]", "bands needs at least one [start, score] pair"),
    (
        "{type: bands, bands: [[2, 10], [1, 20]]}",
        COUNT,
        "1, 20]",
        "band starts must be strictly ascending: 1 comes after 2",
    ),
    (
        "{type: bands, bands: [[1, 10], [1, 20]]}",
        COUNT,
        "1, 20]",
        "band starts must be strictly ascending: 1 comes after 1",
    ),
    (
        "{type: bands, bands: [[0, 150]]}",
        COUNT,
        "150",
        "band score must be between 0 and 100, not 150",
    ),
    (
        "{type: bands, bands: [[0, -5]]}",
        COUNT,
        "-5",
        "band score must be between 0 and 100, not -5",
    ),
    # count: a finite cap > 0
    ("{type: count, cap: 0}", COUNT, "0", "count cap must be > 0, not 0"),
    ("{type: count, cap: -3}", COUNT, "-3", "count cap must be > 0, not -3"),
    ("{type: count, cap: .inf}", COUNT, ".inf", "count cap must be a number, not inf"),
    # yesno: scores 0..100
    ("{type: yesno, yes: 120}", BOOL, "120", "yes score must be between 0 and 100, not 120"),
    ("{type: yesno, no: -1}", BOOL, "-1", "no score must be between 0 and 100, not -1"),
    # rubric: min < max
    ("{type: rubric, min: 5, max: 1}", "", "{type", "rubric min (5) must be below max (1)"),
    ("{type: rubric, min: 3, max: 3}", "", "{type", "rubric min (3) must be below max (3)"),
    # ordinal: exactly the catalogue's levels
    (
        "{type: ordinal, levels: {perda: 100, perkada: 75, instruksi: 50}}",
        LEVEL,
        "{perda",
        "ordinal levels must list every level (perda, perkada, instruksi, none); missing: none",
    ),
    (
        "{type: ordinal, levels: {perda: 100, perkada: 75, instruksi: 50, none: 0, pergub: 60}}",
        LEVEL,
        "pergub",
        "unknown level 'pergub'; levels are perda, perkada, instruksi, none",
    ),
    (
        "{type: ordinal, levels: {perda: 101, perkada: 75, instruksi: 50, none: 0}}",
        LEVEL,
        "101",
        "score of level 'perda' must be between 0 and 100, not 101",
    ),
    # the rule reads its indicator's value
    (
        "{type: yesno}",
        COUNT,
        "{type",
        "indicator 'i': a yesno rule needs a bool field, not a count one",
    ),
    (
        "{type: count, cap: 3}",
        BOOL,
        "{type",
        "indicator 'i': a count rule needs a number, not a bool field",
    ),
]


@pytest.mark.parametrize(("rule", "field", "at", "message"), REFUSED)
def test_rule_breaking_an_invariant_is_refused(
    tmp_path: Path, rule: str, field: str, at: str, message: str
) -> None:
    """`at`: the text of the rule the message points at (the rule starts in column 19)."""
    if not field:  # a rubric reads panel scores
        text = criteria_text(rule).replace("field: outreach.events", "panel: true")
        criteria, problems = validate_criteria([doc(tmp_path, text)])
        found = errors(problems)
    else:
        criteria, found = validated(tmp_path, rule, field)
    assert criteria is None
    assert found == [f"file.yaml:16:{19 + rule.index(at)}: {message}"]


ACCEPTED: list[tuple[str, str, Rule]] = [
    ("{type: linear, floor: 4.99, target: 5}", COUNT, LinearRule(4.99, 5.0)),
    (
        "{type: linear, floor: 5, target: 4.99, direction: lower}",
        COUNT,
        LinearRule(5.0, 4.99, "lower"),
    ),
    (
        "{type: bands, bands: [[0, 0], [0.001, 100]]}",
        COUNT,
        BandsRule((Band(0, 0), Band(0.001, 100))),
    ),
    ("{type: count, cap: 0.5}", COUNT, CountRule(0.5)),
    ("{type: yesno, yes: 0, no: 100}", BOOL, YesNoRule(0.0, 100.0)),
    (
        f"{{type: ordinal, levels: {LEVELS}}}",
        LEVEL,
        OrdinalRule((("perda", 100.0), ("perkada", 75.0), ("instruksi", 50.0), ("none", 0.0))),
    ),
]


@pytest.mark.parametrize(("rule", "field", "expected"), ACCEPTED)
def test_rule_at_the_edge_of_its_invariant_is_accepted(
    tmp_path: Path, rule: str, field: str, expected: Rule
) -> None:
    criteria, found = validated(tmp_path, rule, field)
    assert found == []
    assert criteria is not None
    assert criteria.categories[0].indicators[0].rule == expected  # type: ignore[attr-defined]


def test_rubric_at_the_edge_is_accepted(tmp_path: Path) -> None:
    text = criteria_text("{type: rubric, min: 0, max: 0.5}").replace(
        "field: outreach.events", "panel: true"
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert errors(problems) == []
    assert criteria is not None
    assert criteria.categories[0].indicators[0].rule == RubricRule(0.0, 0.5)


# What the engine relies on, for any rule validation accepts: scores within
# 0..100 for any input (it no longer clips a rule's own scores), and the
# invariants above. Rules are drawn freely, most of them invalid.
NUMBER = st.one_of(
    st.integers(-200, 1200), st.floats(-1e3, 1e4, allow_nan=False, allow_infinity=False)
)
RULES = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("linear"), "floor": NUMBER, "target": NUMBER},
        optional={"direction": st.sampled_from(["higher", "lower"])},
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("bands"),
            "bands": st.lists(st.lists(NUMBER, min_size=2, max_size=2), max_size=5),
        }
    ),
    st.fixed_dictionaries({"type": st.just("yesno")}, optional={"yes": NUMBER, "no": NUMBER}),
    st.fixed_dictionaries({"type": st.just("count"), "cap": NUMBER}),
    st.fixed_dictionaries(
        {
            "type": st.just("ordinal"),
            "levels": st.fixed_dictionaries({level: NUMBER for level in LEVEL_NAMES}),
        }
    ),
    st.fixed_dictionaries({"type": st.just("rubric")}, optional={"min": NUMBER, "max": NUMBER}),
)
EXTREMES = np.array([-1e15, -1.0, 0.0, 0.5, 1.0, 3.0, 57.99999999999999, 1e15, math.nan])


def _holds(rule: Rule) -> bool:
    """The invariant of the rule's kind (scoring/validate/rules.py)."""
    if isinstance(rule, LinearRule):
        return rule.floor < rule.target if rule.direction == "higher" else rule.floor > rule.target
    if isinstance(rule, BandsRule):
        starts = [b.start for b in rule.bands]
        scores = [b.score for b in rule.bands]
        ascending = all(a < b for a, b in zip(starts, starts[1:]))
        return bool(rule.bands) and ascending and all(0 <= s <= 100 for s in scores)
    if isinstance(rule, YesNoRule):
        return 0 <= rule.yes <= 100 and 0 <= rule.no <= 100
    if isinstance(rule, CountRule):
        return 0 < rule.cap <= MAX_CAP
    if isinstance(rule, OrdinalRule):
        names = [name for name, _ in rule.levels]
        return sorted(names) == sorted(LEVEL_NAMES) and all(0 <= s <= 100 for _, s in rule.levels)
    assert isinstance(rule, RubricRule)
    return 0 <= rule.min < rule.max


@settings(max_examples=400, deadline=None)
@given(RULES)
def test_every_accepted_rule_holds_its_invariant_and_scores_within_0_100(value: dict) -> None:
    ck = Checker(Document("x.yaml", {"rule": value}))
    rule = rules.rule(ck, ("rule",), value)
    assert (rule is None) == any(d.severity == "error" for d in ck.diagnostics)
    if rule is None:
        return
    assert _holds(rule), rule
    if isinstance(rule, YesNoRule):
        column = np.array([1.0, 0.0, math.nan])
    elif isinstance(rule, OrdinalRule):
        column = np.array([0.0, 1.0, 2.0, 3.0, math.nan])
    else:
        column = EXTREMES
    scores = apply_rule(rule, column)
    present = scores[~np.isnan(column)]
    assert np.all((present >= 0) & (present <= 100)), (rule, scores)
    assert np.isnan(scores[-1])
