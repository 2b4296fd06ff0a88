"""Each scoring rule on hand-computed values (the rules in words:
test_render_wording.py).

Rules that break an invariant are refused by validation, where the
invariants live (tests/test_validate_rules.py); the engine is only handed
valid rules and checks only the column it scores.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    YesNoRule,
)
from paritrana.scoring.score.rules import apply_rule, ordinal_codes

NAN = math.nan

LEVELS = OrdinalRule((("perda", 100.0), ("perkada", 75.0), ("instruksi", 50.0), ("none", 0.0)))
ARREARS = BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0)))
INNOVATIONS = BandsRule((Band(1, 40), Band(2, 70), Band(3, 100)))


def check(actual: np.ndarray, expected: list[float]) -> None:
    np.testing.assert_allclose(actual, np.array(expected), rtol=0, atol=1e-9)


def test_linear_higher() -> None:
    rule = LinearRule(floor=10, target=52)
    x = np.array([10, 52, 31, 5, 60, 35.68, NAN, math.inf, -math.inf])
    # 10 -> 0 (floor); 52 -> 100 (target); 31: (31-10)/(52-10) = 21/42 = 0.5 -> 50
    # 5 below floor -> 0; 60 above target -> 100
    # 35.68 (UCJ April 2025): (35.68-10)/42 = 25.68/42 = 0.611428... -> 61.142857...
    # NaN stays missing; +inf clipped to 100, -inf to 0
    check(apply_rule(rule, x), [0, 100, 50, 0, 100, 25.68 / 42 * 100, NAN, 100, 0])


def test_linear_lower() -> None:
    rule = LinearRule(floor=6, target=0, direction="lower")
    x = np.array([0, 3, 6, 9, 1.5, -2])
    # (floor - x) / (floor - target): 0 -> 6/6 = 100; 3 -> 3/6 = 50; 6 -> 0;
    # 9 -> -3/6 clipped to 0; 1.5 -> 4.5/6 = 0.75 -> 75; -2 -> 8/6 clipped to 100
    check(apply_rule(rule, x), [100, 50, 0, 0, 75, 100])


def test_bands_arrears_exact_thresholds() -> None:
    # 0 -> 100, 1 -> 60, 2..3 -> 20, 4 and more -> 0 (months in arrears)
    x = np.array([0, 1, 2, 3, 4, 10, 0.5, 3.999, NAN])
    # 0.5: last start <= 0.5 is 0 -> 100; 3.999: last start <= 3.999 is 2 -> 20
    check(apply_rule(ARREARS, x), [100, 60, 20, 20, 0, 0, 100, 20, NAN])


def test_bands_below_first() -> None:
    # innovations: 0 -> 0 (below the first band), 1 -> 40, 2 -> 70, 3+ -> 100
    x = np.array([0, 0.99, 1, 2.5, 3, 7, -math.inf, math.inf])
    check(apply_rule(INNOVATIONS, x), [0, 0, 40, 70, 100, 100, 0, 100])


def test_yesno() -> None:
    x = np.array([1.0, 0.0, NAN])
    check(apply_rule(YesNoRule(), x), [100, 0, NAN])
    check(apply_rule(YesNoRule(yes=80, no=20), x), [80, 20, NAN])


def test_yesno_refuses_other_numbers() -> None:
    with pytest.raises(ValueError, match="yesno"):
        apply_rule(YesNoRule(), np.array([0.5]))


def test_count_with_cap() -> None:
    x = np.array([0, 6, 12, 30, 3, NAN, math.inf])
    # min(x, 12) / 12 * 100: 6 -> 50; 12 -> 100; 30 -> 12/12 -> 100; 3 -> 25
    check(apply_rule(CountRule(cap=12), x), [0, 50, 100, 100, 25, NAN, 100])


def test_ordinal_by_name_and_by_code() -> None:
    names = np.array(["perda", "perkada", "instruksi", "none", None], dtype=object)
    # each level scores its listed score; None is missing
    check(apply_rule(LEVELS, names), [100, 75, 50, 0, NAN])
    codes = ordinal_codes(LEVELS, ["none", "perda", None])
    check(codes, [3, 0, NAN])  # position in the rule's levels, best first
    check(apply_rule(LEVELS, codes), [0, 100, NAN])


def test_ordinal_unknown_level_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown level 'pergub'"):
        apply_rule(LEVELS, np.array(["pergub"], dtype=object))
    with pytest.raises(ValueError, match="index"):
        apply_rule(LEVELS, np.array([4.0]))


def test_rubric() -> None:
    x = np.array([1, 5, 3, 13 / 3, NAN])
    # (mean - 1) / (5 - 1) * 100: 3 -> 50; 13/3 (scores 4, 5, 4) -> (10/3)/4 = 83.33...
    check(apply_rule(RubricRule(), x), [0, 100, 50, 250 / 3, NAN])
    # other scale 0..10: 7.5 -> 75
    check(apply_rule(RubricRule(min=0, max=10), np.array([7.5])), [75])


def test_scores_never_leave_scale() -> None:
    x = np.array([-1e308, -1.0, 0.0, 1e-300, 1e308, math.inf, -math.inf, NAN])
    # Rules are valid here: their invariants (scores 0..100, ...) are proven
    # by validation (tests/test_validate_rules.py); the inputs are extreme.
    for rule in (
        LinearRule(10, 52),
        LinearRule(6, 0, "lower"),
        ARREARS,
        INNOVATIONS,
        CountRule(12),
        RubricRule(),
    ):
        s = apply_rule(rule, x)
        assert np.all((s[~np.isnan(s)] >= 0) & (s[~np.isnan(s)] <= 100))
        assert np.isnan(s[-1])
