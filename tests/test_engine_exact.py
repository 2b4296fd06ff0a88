"""Exact arithmetic at every decision: thresholds, rule ends, caps and ties.

Each hand-worked case is one where float64 alone decides wrongly (the test
first shows the float error, so it cannot pass by accident), then checks
that the engine scores what exact arithmetic gives.
"""

from __future__ import annotations

from math import gcd

import numpy as np
from engine_helpers import by_id, cand, category, ind, pillar
from gmpy2 import mpq as Fraction
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.model import Band, BandsRule, CountRule, LinearRule
from paritrana.scoring.rank.ranking import rank_category
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.score.exact import exact_row, q

SETTINGS = settings(max_examples=200, deadline=None)
BANDS_58 = BandsRule((Band(0, 10), Band(58, 60), Band(80, 100)))


def one(indicator, **values):
    """Score one candidate in a one-indicator category; (derived, score)."""
    cat = category("cat", pillar("p", indicator))
    r = score_category(cat, [cand("x", **values)])
    return float(r.indicators[0].derived[0]), float(r.indicators[0].score[0])


def test_float_noise_is_real() -> None:
    # The cases below exist because float64 gets these wrong:
    assert 58 / 100 * 100 == 57.99999999999999
    assert (1150 / 1000 - 1) * 100 == 14.999999999999991
    assert 7 / 100 * 100 == 7.000000000000001
    assert 0.1 + 0.2 == 0.30000000000000004
    assert 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1


def test_ratio_exactly_on_a_band_start_scores_the_band() -> None:
    # 58 of 100 villages = 58/100 * 100 = 58 %, exactly the start of the
    # 60-point band (58 <= 58 < 80), not the 10-point band below it.
    rule = ind("v", 10, BANDS_58, "villages.enrolled", "villages.total", kind="ratio")
    derived, score = one(rule, villages__enrolled=58, villages__total=100)
    assert (derived, score) == (58.0, 60.0)


def test_growth_exactly_on_a_band_start_scores_the_band() -> None:
    # 1000 -> 1150 is (1150 - 1000) / 1000 * 100 = 15 % exactly:
    # band "from 15" scores 50, not the 20 of the band below.
    rule = ind(
        "g",
        10,
        BandsRule((Band(0, 20), Band(15, 50))),
        "cur",
        "prev",
        kind="growth",
    )
    assert one(rule, cur=1150, prev=1000) == (15.0, 50.0)


def test_ratio_on_a_linear_target_scores_100_and_on_the_floor_0() -> None:
    # linear 7 % -> 0, 58 % -> 100.
    rule = ind("l", 10, LinearRule(7, 58), "a", "b", kind="ratio")
    # 58/100 = 58 % = target: (58 - 7) / (58 - 7) = 1 -> 100 (float: 99.99999999999997)
    assert one(rule, a=58, b=100) == (58.0, 100.0)
    # 7/100 = 7 % = floor: (7 - 7) / 51 = 0 -> 0 (float: 4.4e-15)
    assert one(rule, a=7, b=100) == (7.0, 0.0)
    # "lower is better": floor 58 -> 0, target 7 -> 100; same two points swapped
    lower = ind("l", 10, LinearRule(58, 7, "lower"), "a", "b", kind="ratio")
    assert one(lower, a=7, b=100) == (7.0, 100.0)
    assert one(lower, a=58, b=100) == (58.0, 0.0)


def test_sum_exactly_on_a_count_cap_scores_100() -> None:
    # 0.1 + 0.2 = 3/10 exactly = the cap 0.3: 3/10 / (3/10) * 100 = 100
    # (float: 0.30000000000000004 -> clipped, but the derived value shown
    # must be the 0.3 that was summed, not 0.30000000000000004).
    rule = ind("c", 10, CountRule(0.3), "a", "b", kind="sum")
    assert one(rule, a=0.1, b=0.2) == (0.3, 100.0)


def test_fallback_percent_on_a_band_start() -> None:
    # denominator 0 -> the ratio is missing -> the fallback percent 58 is used
    rule = ind("v", 10, BANDS_58, "a", "b", kind="ratio", fallback="share")
    assert one(rule, a=3, b=0, share=58.0) == (58.0, 60.0)


def test_field_on_a_band_start() -> None:
    rule = ind("v", 10, BANDS_58, "share")
    assert one(rule, share=58.0) == (58.0, 60.0)
    assert one(rule, share=57.99) == (57.99, 10.0)


def test_display_rounding_boundary_is_exact() -> None:
    # linear 0 % -> 0, 100 % -> 100 on a ratio; 9 of 4000 = 0.225 % exactly,
    # scoring 0.225, which prints 0,23 (half up). In float 9 / 4000 * 100 is
    # 0.22499999999999998, which would print 0,22.
    assert 9 / 4000 * 100 == 0.22499999999999998
    rule = ind("l", 100, LinearRule(0, 100), "a", "b", kind="ratio")
    assert one(rule, a=9, b=4000) == (0.225, 0.225)


def tie_category(tie_break=()):
    """Three indicators of weight 1, each linear 0 -> 0, 100 -> 100:
    a value v scores v and earns v / 100 points."""
    lin = LinearRule(0, 100)
    return category(
        "cat",
        pillar("p", ind("a", 1, lin, "a"), ind("b", 1, lin, "b")),
        pillar("s", ind("c", 1, lin, "c")),
        tie_break=tie_break,
    )


def test_equal_totals_summed_in_different_orders_tie() -> None:
    # A: 0.1 + 0.2 | 0.3 and B: 0.3 + 0.2 | 0.1 points; both total 0.6 exactly.
    r = rank_category(
        score_category(
            tie_category(),
            [cand("A", a=10, b=20, c=30), cand("B", a=30, b=20, c=10)],
        )
    )
    i = by_id(r)
    # the float totals differ (0.6000000000000001 against 0.6)...
    assert r.total[i["A"]] != r.total[i["B"]]
    assert r.rank.tolist() == [1, 1]  # ...the ranks do not
    assert [c.id for c in r.candidates] == ["A", "B"]  # equal: by name


def test_equal_totals_go_to_the_tie_break_exactly() -> None:
    # Same totals (0.6); tie-break pillar s: A has 0.3, B has 0.1 -> A first.
    r = rank_category(
        score_category(
            tie_category(tie_break=("s",)),
            [cand("B", a=30, b=20, c=10), cand("A", a=10, b=20, c=30)],
        )
    )
    assert [c.id for c in r.candidates] == ["A", "B"]
    assert r.rank.tolist() == [1, 2]


def test_a_hair_apart_is_not_a_tie() -> None:
    # 0.6 against 0.6 + 1e-12 points: exact totals differ, so no shared rank,
    # even though the difference is far below any printed digit.
    r = rank_category(
        score_category(
            tie_category(),
            [cand("A", a=10, b=20, c=30), cand("B", a=30, b=20, c=10.0000000001)],
        )
    )
    assert [c.id for c in r.candidates] == ["B", "A"]
    assert r.rank.tolist() == [1, 2]


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


@st.composite
def on_the_quotient(draw):
    """(a, b, t): integers a, b and a two-decimal threshold t with a/b*100 == t."""
    k = draw(st.integers(1, 20000))  # t = k / 100, from 0.01 to 200
    m = draw(st.integers(1, 5000))
    b = m * 10000 // gcd(k, 10000)
    a = k * b // 10000
    assert Fraction(a, b) * 100 == Fraction(k, 100)
    return a, b, k / 100


@SETTINGS
@given(on_the_quotient())
def test_ratio_on_any_threshold_scores_as_on_it(abt) -> None:
    a, b, t = abt
    bands = BandsRule((Band(0, 10), Band(t, 70)))
    r = ind("v", 10, bands, "a", "b", kind="ratio")
    assert one(r, a=a, b=b) == (t, 70.0)
    assert one(ind("l", 10, LinearRule(0, t), "a", "b", kind="ratio"), a=a, b=b)[1] == 100.0
    assert one(ind("f", 10, LinearRule(t, t + 50), "a", "b", kind="ratio"), a=a, b=b)[1] == 0.0
    assert one(ind("c", 10, CountRule(t), "a", "b", kind="ratio"), a=a, b=b)[1] == 100.0


@SETTINGS
@given(st.integers(1, 10**6), st.integers(-99, 500))
def test_growth_on_any_whole_percent_threshold(prev: int, pct: int) -> None:
    # cur = prev * (1 + pct/100) must be whole: scale prev by 100
    prev *= 100
    cur = prev * (100 + pct) // 100
    rule = BandsRule((Band(-100, 10), Band(pct, 70)))
    assert one(ind("g", 10, rule, "cur", "prev", kind="growth"), cur=cur, prev=prev) == (
        float(pct),
        70.0,
    )


@SETTINGS
@given(
    st.lists(st.integers(0, 100), min_size=3, max_size=3),
    st.permutations(range(3)),
    st.sampled_from([0.1, 0.7, 1.3, 3.3, 10]),
)
def test_totals_equal_by_construction_always_tie(values, perm, w) -> None:
    # Three indicators of one weight w; B has A's values in another order,
    # so the exact totals are equal while the float sums run in other orders.
    lin = LinearRule(0, 100)
    cat = category(
        "cat",
        pillar("p", *(ind(f"i{j}", w, lin, f"f{j}") for j in range(3))),
        pillar("q", ind("rest", 100 - 3 * w, lin, "g")),
    )
    a = {f"f{j}": values[j] / 7 for j in range(3)}  # thirds and sevenths: inexact
    b = {f"f{j}": values[perm[j]] / 7 for j in range(3)}
    r = rank_category(score_category(cat, [cand("A", g=1 / 3, **a), cand("B", g=1 / 3, **b)]))
    assert r.rank.tolist() == [1, 1]


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 60), st.booleans()),
        min_size=1,
        max_size=10,
    )
)
def test_engine_floats_are_the_exact_values_rounded(rows) -> None:
    """Every float the engine stores agrees with exact arithmetic, and at
    the decisions (bands) is exactly the band exact arithmetic picks."""
    cat = category(
        "cat",
        pillar(
            "p",
            ind("r", 30, BANDS_58, "a", "b", kind="ratio", missing="reweight"),
            ind("l", 30, LinearRule(20, 75), "a", "b", kind="ratio", missing="reweight"),
            ind("g", 40, LinearRule(0, 100), "a", "b", kind="growth", missing="reweight"),
        ),
    )
    # b = 0 or a left out: the ratio and growth are missing (reweighted)
    cands = [
        cand(f"c{i}", a=a, b=b) if keep else cand(f"c{i}", b=b)
        for i, (a, b, keep) in enumerate(rows)
    ]
    r = score_category(cat, cands)
    for i in range(len(cands)):
        ex = exact_row(cat, [col.raw[i] for col in r.indicators])
        for j, col in enumerate(r.indicators):
            if ex.score[j] is None:
                assert np.isnan(col.score[i])
                continue
            assert abs(Fraction(float(col.score[i])) - ex.score[j]) <= Fraction(1, 10**9)
            assert abs(Fraction(float(col.points[i])) - ex.points[j]) <= Fraction(1, 10**9)
        assert abs(Fraction(float(r.total[i])) - ex.total) <= Fraction(1, 10**9)
        # the band is exact, not approximately right
        if ex.score[0] is not None:
            assert Fraction(float(r.indicators[0].score[i])) == ex.score[0]


def test_q_reads_floats_as_the_decimal_written() -> None:
    assert q(0.1) == Fraction(1, 10)
    assert q(484646400) == 484646400
    assert q(float("nan")) is None and q(None) is None and q(True) is None
