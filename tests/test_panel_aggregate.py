"""Panel aggregation (scoring/score/panel.py), checked against worked examples.

Every judge and score here is SYNTHETIC (made up for the test).
"""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from engine_helpers import cand, category, ind, pillar
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.model import (
    STATUS_CODES,
    Category,
    JudgeNote,
    Mark,
    PanelPolicy,
    Recusal,
    RubricRule,
)
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.score.exact import exact_row
from paritrana.scoring.score.panel import aggregate_category

PENDING = STATUS_CODES["pending"]
SETTINGS = settings(max_examples=60, deadline=None)


def rubric(id_: str, weight: float = 20, aggregation: str = "mean", lo: float = 1, hi: float = 5):
    return replace(ind(id_, weight, RubricRule(lo, hi), kind="panel"), aggregation=aggregation)  # type: ignore[arg-type]


def panel_category(*items, **policy) -> Category:
    return replace(category("cat", pillar("w", *items)), panel=PanelPolicy(**policy))


def marks(item: str, *scores: float, stage: str | None = "wawancara", first: int = 1):
    """Marks of judges j1, j2, ... (from `first`) for one item."""
    return tuple(Mark(f"j{n}", item, s, stage) for n, s in enumerate(scores, start=first))


def agg(cat: Category, cands, item: str = "w1", k: int = 0):
    return aggregate_category(cat, cands).aggregates[item][k]


# --------------------------------------------------------------------------
# The three aggregations
# --------------------------------------------------------------------------

FIVE = (5, 4, 4, 4, 2)  # the worked example


@pytest.mark.parametrize(
    ("aggregation", "expected", "method"),
    [
        # mean: (5 + 4 + 4 + 4 + 2) / 5 = 19/5 = 3.8
        ("mean", Fraction(19, 5), "mean"),
        # median: sorted 2, 4, 4, 4, 5 -> the middle one, 4
        ("median", Fraction(4), "median"),
        # trimmed mean: drop one highest (5) and one lowest (2): (4 + 4 + 4) / 3 = 4.0
        ("trimmed-mean", Fraction(4), "trimmed-mean"),
    ],
)
def test_five_four_four_four_two(aggregation: str, expected: Fraction, method: str) -> None:
    cat = panel_category(rubric("w1", aggregation=aggregation))
    a = agg(cat, [replace(cand("a"), marks=marks("w1", *FIVE))])
    assert a.value == expected
    assert a.method == method and a.declared == aggregation
    assert a.count == 5 and a.spread == 3.0  # 5 - 2
    assert [s.judge for s in a.scores] == ["j1", "j2", "j3", "j4", "j5"]
    # the engine reads the value: rubric 1..5 -> (value - 1) / 4 * 100
    r = score_category(cat, [replace(cand("a"), marks=marks("w1", *FIVE))])
    np.testing.assert_allclose(r.indicators[0].derived, [float(expected)])
    np.testing.assert_allclose(r.indicators[0].score, [(float(expected) - 1) / 4 * 100])


def test_trimmed_mean_with_four_judges_is_the_mean_and_says_so() -> None:
    cat = panel_category(rubric("w1", aggregation="trimmed-mean"))
    a = agg(cat, [replace(cand("a"), marks=marks("w1", 1, 2, 3, 5))])
    # 4 judges < 5: nothing dropped, (1 + 2 + 3 + 5) / 4 = 11/4 = 2.75
    assert a.value == Fraction(11, 4)
    assert a.method == "mean" and a.declared == "trimmed-mean"


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_ones() -> None:
    cat = panel_category(rubric("w1", aggregation="median"))
    a = agg(cat, [replace(cand("a"), marks=marks("w1", 5, 1, 3, 2))])
    # sorted 1, 2, 3, 5: the middle ones 2 and 3 -> (2 + 3) / 2 = 5/2
    assert a.value == Fraction(5, 2) and a.method == "median"


def test_aggregation_is_exact() -> None:
    cat = panel_category(rubric("w1"))
    a = agg(cat, [replace(cand("a"), marks=marks("w1", 4, 4, 5))])
    assert a.value == Fraction(13, 3)  # (4 + 4 + 5) / 3, not 4.333...
    # decimals are the decimals written: (0.1 + 0.2) / 2 = 3/20 exactly
    cat = panel_category(rubric("w1", lo=0, hi=1))
    a = agg(cat, [replace(cand("a"), marks=marks("w1", 0.1, 0.2))])
    assert a.value == Fraction(3, 20)


def test_anonymous_panel_scores_join_the_judges() -> None:
    cat = panel_category(rubric("w1"))
    c = replace(cand("a", panel={"w1": (2.0,)}), marks=marks("w1", 5, 5))
    a = agg(cat, [c])
    # j1 5, j2 5 and one anonymous 2: (5 + 5 + 2) / 3 = 4
    assert a.value == 4
    assert [(s.judge, s.score) for s in a.scores] == [("j1", 5), ("j2", 5), ("#1", 2.0)]


# --------------------------------------------------------------------------
# Recusal, quorum, disagreement
# --------------------------------------------------------------------------


def test_a_recused_judges_marks_are_left_out() -> None:
    cat = panel_category(rubric("w1"), rubric("w2"))
    c = replace(
        cand("a"),
        marks=(*marks("w1", 5, 4, 1), *marks("w2", 5, 4, 1)),
        recusals=(
            # j3 declared a conflict for the candidate: out of every item
            Recusal("j3", "konsultan (sintetis)", "conflict", "wawancara"),
            # j2 stood aside for w2 only
            Recusal("j2", "tidak hadir (sintetis)", "abstain", "wawancara", ("w2",)),
        ),
    )
    w1 = agg(cat, [c], "w1")
    w2 = agg(cat, [c], "w2")
    assert w1.value == Fraction(9, 2)  # j1 5 and j2 4: (5 + 4) / 2; j3's 1 left out
    assert [s.judge for s in w1.scores] == ["j1", "j2"]
    assert [r.judge for r in w1.recused] == ["j3"]
    assert w2.value == 5  # only j1's 5 is valid
    assert [r.judge for r in w2.recused] == ["j3", "j2"]


def test_a_recusal_of_another_stage_leaves_the_marks_in() -> None:
    cat = panel_category(rubric("w1"))
    c = replace(
        cand("a"),
        marks=marks("w1", 5, 1),
        recusals=(Recusal("j2", "sintetis", "conflict", "dokumen"),),
    )
    assert agg(cat, [c]).value == 3  # (5 + 1) / 2: j2 stood aside in another stage


def test_below_the_quorum_the_item_is_pending() -> None:
    cat = panel_category(rubric("w1"), quorum=3)
    cands = [
        replace(cand("two"), marks=marks("w1", 5, 5)),  # 2 valid < 3
        replace(cand("three"), marks=marks("w1", 5, 5, 2)),  # (5 + 5 + 2) / 3 = 4
        replace(  # 3 marks, one recused: 2 valid < 3
            cand("recused"),
            marks=marks("w1", 5, 5, 2),
            recusals=(Recusal("j3", "sintetis", "abstain", "wawancara"),),
        ),
    ]
    res = aggregate_category(cat, cands).aggregates["w1"]
    assert [a.value for a in res] == [None, 4, None]
    assert [a.below_quorum for a in res] == [True, False, True]
    r = score_category(cat, cands)
    assert r.indicators[0].status.tolist() == [PENDING, 0, PENDING]
    # three: (4 - 1) / 4 * 20 = 15 points, out of 20; the others 0 out of 0
    np.testing.assert_allclose(r.total, [0, 15, 0])
    np.testing.assert_allclose(r.max_total, [0, 20, 0])


def test_spread_above_the_threshold_is_flagged() -> None:
    cat = panel_category(rubric("w1"), disagreement=2)
    res = aggregate_category(
        cat,
        [
            replace(cand("a"), marks=marks("w1", *FIVE)),  # 5 - 2 = 3 > 2: flagged
            replace(cand("b"), marks=marks("w1", 5, 3, 4)),  # 5 - 3 = 2, not above 2
            cand("c"),  # no scores: no spread
        ],
    ).aggregates["w1"]
    assert [a.spread for a in res] == [3.0, 2.0, None]
    assert [a.flagged for a in res] == [True, False, False]
    # no threshold: never flagged
    assert not agg(
        panel_category(rubric("w1")), [replace(cand("a"), marks=marks("w1", 5, 1))]
    ).flagged


# --------------------------------------------------------------------------
# zscore normalisation
# --------------------------------------------------------------------------


def test_zscore_worked_case_with_both_guards() -> None:
    cat = panel_category(rubric("w1"), rubric("w2"), normalise="zscore")
    a = replace(
        cand("a"),
        marks=(
            Mark("j1", "w1", 5, "wawancara"),
            Mark("j1", "w2", 3, "wawancara"),
            Mark("j2", "w1", 2, "wawancara"),
            Mark("j2", "w2", 2, "wawancara"),
            Mark("j3", "w1", 3, "wawancara"),
        ),
    )
    b = replace(
        cand("b"),
        marks=(
            Mark("j1", "w1", 4, "wawancara"),
            Mark("j2", "w1", 2, "wawancara"),
            Mark("j3", "w1", 1, "wawancara"),
        ),
    )
    panel = aggregate_category(cat, [a, b])
    # j1: 5, 3, 4 -> m_1 = 4, s_1 = sqrt((1 + 1 + 0) / 3) = sqrt(2/3) = 0.816497
    # j2: 2, 2, 2 -> s_2 = 0: no spread, used as scored
    # j3: 3, 1 -> 2 scores < 3: used as scored
    # pooled (every valid named score of the stage): 5, 3, 4, 2, 2, 2, 3, 1
    #   M = 22 / 8 = 2.75; squared deviations 5.0625 + 0.0625 + 1.5625
    #   + 3 * 0.5625 + 0.0625 + 3.0625 = 11.5; S = sqrt(11.5 / 8) = sqrt(1.4375)
    # j1's used scores: M + (score - 4) / sqrt(2/3) * sqrt(1.4375), where
    #   sqrt(1.4375) / sqrt(2/3) = sqrt(69/32) = 1.46841751555884...
    #   a.w1: 2.75 + 1.468417515... = 4.218417515... -> 4.218418 (6 decimals, half up)
    #   a.w2: 2.75 - 1.468417515... = 1.281582484... -> 1.281582
    #   b.w1: 2.75 + 0 = 2.75
    assert panel.notes == (
        JudgeNote("j1", "wawancara", True, "", 3),
        JudgeNote("j2", "wawancara", False, "no-spread", 3),
        JudgeNote("j3", "wawancara", False, "fewer-than-3", 2),
    )
    aw1, bw1 = panel.aggregates["w1"]
    aw2 = panel.aggregates["w2"][0]
    assert [(s.judge, s.score, s.used, s.normalised) for s in aw1.scores] == [
        ("j1", 5, 4.218418, True),
        ("j2", 2, 2, False),
        ("j3", 3, 3, False),
    ]
    # a.w1 = (4.218418 + 2 + 3) / 3 = 9.218418 / 3, exactly
    assert aw1.value == Fraction(9218418, 3 * 10**6)
    # a.w2 = (1.281582 + 2) / 2 = 1.640791
    assert aw2.value == Fraction(1640791, 10**6)
    # b.w1 = (2.75 + 2 + 1) / 3 = 5.75 / 3 = 23/12
    assert bw1.value == Fraction(23, 12)
    # the spread is of the scores as scored: a.w1 5 - 2 = 3
    assert aw1.spread == 3.0
    # the result carries the notes
    assert score_category(cat, [a, b]).judge_notes == panel.notes


def test_zscore_clips_to_the_scale() -> None:
    cat = panel_category(rubric("w1"), normalise="zscore")
    j1 = (5, 1, 1, 1)
    j2 = (5, 5, 5, 1)
    cands = [
        replace(cand(f"c{n}"), marks=(Mark("j1", "w1", x, "s"), Mark("j2", "w1", y, "s")))
        for n, (x, y) in enumerate(zip(j1, j2), start=1)
    ]
    res = aggregate_category(cat, cands).aggregates["w1"]
    # j1: m = 2, s = sqrt((9 + 1 + 1 + 1) / 4) = sqrt(3); j2: m = 4, s = sqrt(3)
    # pooled 5, 1, 1, 1, 5, 5, 5, 1: M = 3, every deviation +-2, S = 2
    # j1 5: 3 + 3 / sqrt(3) * 2 = 3 + 2 sqrt(3) = 6.46... -> clipped to 5
    # j1 1: 3 - 1 / sqrt(3) * 2 = 3 - 1.1547005383... = 1.8452994616... -> 1.845299
    # j2 5: 3 + 1.1547005383... = 4.1547005383... -> 4.154701
    # j2 1: 3 - 3 / sqrt(3) * 2 = 3 - 2 sqrt(3) = -0.46... -> clipped to 1
    used = [[s.used for s in a.scores] for a in res]
    assert used == [[5, 4.154701], [1.845299, 4.154701], [1.845299, 4.154701], [1.845299, 1]]
    # means: c1 (5 + 4.154701) / 2; c2, c3 (1.845299 + 4.154701) / 2 = 3; c4 (1.845299 + 1) / 2
    assert [a.value for a in res] == [
        Fraction(9154701, 2 * 10**6),
        3,
        3,
        Fraction(2845299, 2 * 10**6),
    ]


def test_zscore_leaves_anonymous_scores_and_says_so() -> None:
    cat = panel_category(rubric("w1"), normalise="zscore")
    cands = [
        cand("a", panel={"w1": (5.0, 3.0)}),
        cand("b", panel={"w1": (1.0,)}),
        # an assessors: panel file's score arrives as an unnamed mark
        replace(cand("c"), marks=(Mark("Budi", "w1", 4, None, named=False),)),
    ]
    panel = aggregate_category(cat, cands)
    assert panel.notes == (
        JudgeNote("Budi", None, False, "anonymous", 1),
        JudgeNote("#", None, False, "anonymous", 3),  # the 3 panel_scores
    )
    assert [a.value for a in panel.aggregates["w1"]] == [4, 1, 4]  # as scored
    assert not any(s.normalised for a in panel.aggregates["w1"] for s in a.scores)


def test_zscore_is_per_judge_and_stage() -> None:
    cat = panel_category(rubric("w1"), normalise="zscore")
    # j1 scores three candidates in stage s1 and two in s2: normalised in s1
    # only (2 scores in s2 < 3)
    cands = [
        replace(cand("a"), marks=(Mark("j1", "w1", 5, "s1"), Mark("j1", "w1", 4, "s2"))),
        replace(cand("b"), marks=(Mark("j1", "w1", 3, "s1"), Mark("j1", "w1", 2, "s2"))),
        replace(cand("c"), marks=(Mark("j1", "w1", 4, "s1"),)),
    ]
    panel = aggregate_category(cat, cands)
    assert panel.notes == (
        JudgeNote("j1", "s1", True, "", 3),
        JudgeNote("j1", "s2", False, "fewer-than-3", 2),
    )
    # s1: j1 alone, so m_1 = M and s_1 = S: the scores stay 5, 3, 4
    a_scores = [(s.score, s.used, s.normalised) for s in panel.aggregates["w1"][0].scores]
    assert sorted(a_scores) == [(4, 4, False), (5, 5.0, True)]


def test_no_normalisation_gives_no_notes() -> None:
    cat = panel_category(rubric("w1"))
    assert aggregate_category(cat, [replace(cand("a"), marks=marks("w1", 5, 4, 3))]).notes == ()


# --------------------------------------------------------------------------
# Exact path
# --------------------------------------------------------------------------


def test_the_exact_row_reads_the_aggregate() -> None:
    cat = panel_category(rubric("w1", weight=20))
    c = replace(cand("a"), marks=marks("w1", 4, 4, 5))
    r = score_category(cat, [c])
    row = exact_row(cat, [col.raw[0] for col in r.indicators])
    # (13/3 - 1) / 4 * 100 = 250/3; 250/3 / 100 * 20 = 50/3 points
    assert row.derived == (Fraction(13, 3),)
    assert row.total == Fraction(50, 3)
    # an old-style raw (a plain tuple of scores) still derives its mean
    assert exact_row(cat, [(4, 4, 5)]).total == Fraction(50, 3)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

JUDGES = ("j1", "j2", "j3", "j4", "j5")
ITEMS = ("w1", "w2")
score = st.integers(1, 5)
# per candidate: for each (judge, item) a score or None (not scored)
sheet = st.dictionaries(st.tuples(st.sampled_from(JUDGES), st.sampled_from(ITEMS)), score)
policies = st.builds(
    PanelPolicy,
    aggregation=st.just("mean"),
    normalise=st.sampled_from(["none", "zscore"]),
    quorum=st.integers(1, 3),
    disagreement=st.sampled_from([None, 1, 2]),
)
aggregations = st.sampled_from(["mean", "median", "trimmed-mean"])


def build(sheets: list[dict], recused: list[str | None]):
    return [
        replace(
            cand(f"c{k}"),
            marks=tuple(Mark(j, i, s, "wawancara") for (j, i), s in sorted(marks_.items())),
            recusals=()
            if judge is None
            else (Recusal(judge, "sintetis", "conflict", "wawancara"),),
        )
        for k, (marks_, judge) in enumerate(zip(sheets, recused))
    ]


def category_for(policy: PanelPolicy, aggregation: str) -> Category:
    return replace(
        panel_category(rubric("w1", aggregation=aggregation), rubric("w2", lo=1, hi=5)),
        panel=policy,
    )


def values(cat: Category, cands) -> list:
    panel = aggregate_category(cat, cands)
    return [
        [(a.value, a.spread, a.flagged, a.method, a.scores) for a in panel.aggregates[i]]
        for i in ITEMS
    ], panel.notes


candidate_sheets = st.lists(
    st.tuples(sheet, st.one_of(st.none(), st.sampled_from(JUDGES))), min_size=1, max_size=5
)


@SETTINGS
@given(candidate_sheets, policies, aggregations, st.integers(1, 5))
def test_a_recused_judges_scores_change_nothing(rows, policy, aggregation, new) -> None:
    cat = category_for(policy, aggregation)
    sheets = [dict(s) for s, _ in rows]
    recused = [j for _, j in rows]
    before = values(cat, build(sheets, recused))
    # change (or add) every score the recused judges gave their candidates
    changed = []
    for s, judge in zip(sheets, recused):
        s = dict(s)
        if judge is not None:
            for item in ITEMS:
                s[(judge, item)] = new
        changed.append(s)
    assert values(cat, build(changed, recused)) == before


@SETTINGS
@given(candidate_sheets, policies, aggregations, st.randoms(use_true_random=False))
def test_judge_and_mark_order_change_nothing(rows, policy, aggregation, rnd) -> None:
    cat = category_for(policy, aggregation)
    sheets = [dict(s) for s, _ in rows]
    recused = [j for _, j in rows]
    cands = build(sheets, recused)
    # the same marks in another order, and the judges renamed in reverse
    # order (j1 <-> j5, ...), which changes the order they are met in
    shuffled = []
    for c in cands:
        m = list(c.marks)
        rnd.shuffle(m)
        shuffled.append(replace(c, marks=tuple(m)))
    assert values(cat, shuffled) == values(cat, cands)
    rename = dict(zip(JUDGES, reversed(JUDGES)))
    renamed = [
        replace(
            c,
            marks=tuple(replace(m, judge=rename[m.judge]) for m in c.marks),
            recusals=tuple(replace(r, judge=rename[r.judge]) for r in c.recusals),
        )
        for c in cands
    ]
    (a, _), (b, _) = values(cat, cands), values(cat, renamed)
    strip = [[(v, sp, fl, me) for v, sp, fl, me, _ in col] for col in a]
    assert strip == [[(v, sp, fl, me) for v, sp, fl, me, _ in col] for col in b]


@SETTINGS
@given(candidate_sheets, aggregations, st.sampled_from([(1, 5), (0, 10), (1, 4)]))
def test_normalised_scores_stay_on_the_scale(rows, aggregation, scale) -> None:
    lo, hi = scale
    cat = replace(
        panel_category(rubric("w1", aggregation=aggregation, lo=lo, hi=hi)),
        panel=PanelPolicy(normalise="zscore"),
    )
    sheets = [{k: min(max(v, lo), hi) for k, v in s.items() if k[1] == "w1"} for s, _ in rows]
    panel = aggregate_category(cat, build(sheets, [None] * len(sheets)))
    for a in panel.aggregates["w1"]:
        for s in a.scores:
            assert lo <= s.used <= hi
            assert round(s.used, 6) == s.used  # 6 decimals
        if a.value is not None:
            assert lo <= a.value <= hi


def test_seeded_random_marks_match_a_direct_mean() -> None:
    """Without normalisation the mean is sum / count of the valid scores,
    whatever the number of candidates, judges and recusals (seeded)."""
    rnd = random.Random(8)
    cat = panel_category(rubric("w1"))
    for _ in range(50):
        cands, expected = [], []
        for k in range(rnd.randint(1, 6)):
            scores = [rnd.randint(1, 5) for _ in range(rnd.randint(0, 6))]
            out = rnd.randrange(len(scores)) if scores and rnd.random() < 0.5 else None
            c = replace(
                cand(f"c{k}"),
                marks=marks("w1", *scores),
                recusals=()
                if out is None
                else (Recusal(f"j{out + 1}", "sintetis", "conflict", "wawancara"),),
            )
            valid = [s for n, s in enumerate(scores) if n != out]
            expected.append(Fraction(sum(valid), len(valid)) if valid else None)
            cands.append(c)
        assert [a.value for a in aggregate_category(cat, cands).aggregates["w1"]] == expected
