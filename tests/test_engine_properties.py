"""Laws of scoring and ranking, checked on random candidates (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_helpers import by_id, cand, category, ind, pillar
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    YesNoRule,
)
from paritrana.scoring.rank.ranking import rank_category
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.score.exact import exact_row

SETTINGS = settings(max_examples=60, deadline=None)
EPS = 1e-9
LEVELS = ("perda", "perkada", "instruksi", "none")


def make_category(policy: str):
    """One of every rule and input kind; 100 points in four pillars."""
    m = {"missing": policy}
    return category(
        "cat",
        pillar(
            "a",
            ind("lin", 10, LinearRule(10, 52), "f.lin", **m),
            ind("low", 5, LinearRule(6, 0, "lower"), "f.low", **m),
            ind(
                "band",
                5,
                BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0))),
                "f.band",
                **m,
            ),
        ),
        pillar(
            "b",
            ind("cnt", 10, CountRule(12), "f.cnt", **m),
            ind("yes", 5, YesNoRule(), "f.yes", **m),
            ind(
                "lvl",
                10,
                OrdinalRule(tuple(zip(LEVELS, (100.0, 75.0, 50.0, 0.0)))),
                "f.lvl",
                **m,
            ),
        ),
        pillar(
            "c",
            ind(
                "ratio",
                20,
                LinearRule(0, 100),
                "f.num",
                "f.den",
                kind="ratio",
                fallback="f.share",
                **m,
            ),
            ind("growth", 10, LinearRule(0, 20), "f.cur", "f.prev", kind="growth", **m),
        ),
        pillar("w", ind("wawancara", 25, RubricRule(), kind="panel")),
        tie_break=["c", "a"],
    )


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


# Small sets of values make ties (and shared ranks) common.
small = st.sampled_from([0.0, 1.0, 2.0, 5.0, 10.0, 30.0, 52.0, 100.0])
# Candidate values are counts, rupiah or percents: 0, or at least 1e-6 (a
# percent to six decimals). Tinier ones (5e-324 as a denominator) overflow a
# ratio to infinity, which the engine rightly treats as missing, so raising
# a numerator could "lower" a total for a value no file can hold.
number = st.one_of(small, st.floats(0, 1e6, allow_nan=False).filter(lambda x: x == 0 or x >= 1e-6))
values = st.fixed_dictionaries(
    {
        "f.lin": maybe(number),
        "f.low": maybe(number),
        "f.band": maybe(number),
        "f.cnt": maybe(number),
        "f.yes": maybe(st.booleans()),
        "f.lvl": maybe(st.sampled_from(LEVELS)),
        "f.num": maybe(number),
        "f.den": maybe(number),
        "f.share": maybe(st.sampled_from([0.0, 50.0, 100.0])),
        "f.cur": maybe(number),
        "f.prev": maybe(number),
    }
)
panel = maybe(st.lists(st.integers(1, 5), min_size=1, max_size=3))
candidate_rows = st.lists(
    st.tuples(st.sampled_from(["Alpha", "Beta", "Gamma"]), values, panel),
    min_size=1,
    max_size=12,
)
policies = st.sampled_from(["zero", "reweight"])


def build(rows: list) -> list:
    """Candidates c0, c1, ... from (name, values, panel scores) rows."""
    return [
        replace(
            cand(f"c{i}", name=name, panel={"wawancara": tuple(scores)} if scores else {}),
            values={k: v for k, v in vals.items() if v is not None},
        )
        for i, (name, vals, scores) in enumerate(rows)
    ]


def keys(result) -> list[tuple]:
    """Exact ranking keys of every row (Fractions: no rounding anywhere)."""
    return [
        exact_row(result.category, [col.raw[i] for col in result.indicators]).keys(result.category)
        for i in range(len(result.candidates))
    ]


@SETTINGS
@given(candidate_rows, policies)
def test_scores_and_totals_stay_in_range(rows: list, policy: str) -> None:
    r = score_category(make_category(policy), build(rows))
    for col in r.indicators:
        s = col.score[~np.isnan(col.score)]
        assert np.all((s >= 0) & (s <= 100))
        assert np.all((col.points >= 0) & (col.points <= col.weight + EPS))
    for p in r.pillars:
        assert np.all(p.points <= p.max_points + EPS)
    assert np.all(r.total >= 0)
    assert np.all(r.total <= r.max_total + EPS)
    assert np.all(r.max_total <= 100 + EPS)
    # 100 less the pending interview's 25 when it is pending
    np.testing.assert_allclose(r.max_total, 100 - 25 * r.pending_count)
    # effective weights add up to the maximum: nothing is lost in reweighting
    np.testing.assert_allclose(sum(c.weight for c in r.indicators), r.max_total)


@SETTINGS
@given(candidate_rows, policies, st.randoms(use_true_random=False))
def test_input_order_changes_nothing(rows: list, policy: str, rnd) -> None:
    cat = make_category(policy)
    cands = build(rows)
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    a = rank_category(score_category(cat, cands))
    b = rank_category(score_category(cat, shuffled))
    assert [c.id for c in a.candidates] == [c.id for c in b.candidates]
    np.testing.assert_array_equal(a.total, b.total)
    np.testing.assert_array_equal(a.rank, b.rank)


@SETTINGS
@given(
    candidate_rows,
    policies,
    st.data(),
    st.sampled_from(["f.lin", "f.cnt", "f.num", "f.cur"]),
    st.floats(0, 1e6, allow_nan=False).filter(lambda d: d > 0),
)
def test_raising_a_more_is_better_value_never_lowers_the_total(
    rows: list, policy: str, data, field: str, delta: float
) -> None:
    cat = make_category(policy)
    i = data.draw(st.integers(0, len(rows) - 1))
    base = data.draw(number)
    name, vals, scores = rows[i]
    lower = [*rows[:i], (name, {**vals, field: base}, scores), *rows[i + 1 :]]
    higher = [*rows[:i], (name, {**vals, field: base + delta}, scores), *rows[i + 1 :]]
    t_low = score_category(cat, build(lower)).total[i]
    t_high = score_category(cat, build(higher)).total[i]
    assert t_high >= t_low - EPS


@SETTINGS
@given(candidate_rows, policies)
def test_ranks_agree_with_totals_and_tie_break(rows: list, policy: str) -> None:
    r = rank_category(score_category(make_category(policy), build(rows)))
    k = keys(r)
    rank = r.rank.tolist()
    # Issue 8: a category without stages is one stage of every pillar, so a
    # candidate whose interview is pending is incomplete on that basis (its
    # total is out of 75, the others' out of 100): it is not ranked (rank 0)
    # and follows the complete ones. Ranks are compared among the complete.
    complete = [int(p) == 0 for p in r.pending_count]
    assert r.complete is not None and r.complete.tolist() == complete
    assert complete == sorted(complete, reverse=True)  # complete ones first
    ranked = [i for i in range(len(k)) if complete[i]]
    for i in range(len(k)):
        if not complete[i]:
            assert rank[i] == 0
            continue
        # rank = 1 + the number of complete candidates strictly better
        assert rank[i] == 1 + sum(k[j] > k[i] for j in ranked)
        for j in ranked:
            if k[i][0] > k[j][0]:  # a better total never has a worse rank
                assert rank[i] < rank[j]
            if k[i] == k[j]:  # equal keys share a rank
                assert rank[i] == rank[j]
    # listed best first; exact ties by name, then id; the incomplete by name, id
    order = [(tuple(-x for x in k[i]), c.name, c.id) for i, c in enumerate(r.candidates)]
    assert order[: len(ranked)] == sorted(order[: len(ranked)])
    rest = [(c.name, c.id) for c in r.candidates[len(ranked) :]]
    assert rest == sorted(rest)
    assert sorted(by_id(r)) == sorted(f"c{i}" for i in range(len(rows)))
