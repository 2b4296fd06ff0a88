"""Stages and shortlists (scoring/rank/stages.py, ranking.py), worked by hand.

Judges and scores are SYNTHETIC (made up for the test).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from engine_helpers import cand, category, criteria, ind, pillar
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.errors import UsageError
from paritrana.scoring.model import (
    Category,
    Cutoff,
    LinearRule,
    Mark,
    PanelPolicy,
    RubricRule,
    Stage,
    Text,
)
from paritrana.scoring.pipeline import Inputs, rank_inputs
from paritrana.scoring.rank.ranking import rank, rank_category, rank_stages
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.score.exact import exact_row

PCT = LinearRule(0, 100)


def stage(id_: str, *pillars: str, shortlist: int | None = None, combine=()) -> Stage:
    return Stage(id_, Text(id_, id_), tuple(pillars), shortlist, tuple(combine))


def award(*stages: Stage, tie_break=("b",), quorum: int = 1) -> Category:
    """Pillars a (a1, 30), b (b1, 30) and the interview w (w1, rubric 1-5, 40)."""
    cat = category(
        "cat",
        pillar("a", ind("a1", 30, PCT, "f.a")),
        pillar("b", ind("b1", 30, PCT, "f.b")),
        pillar("w", ind("w1", 40, RubricRule(), kind="panel")),
        tie_break=tie_break,
    )
    return replace(cat, stages=stages, panel=PanelPolicy(quorum=quorum))


def entrant(id_: str, a: float, b: float, *interview: float, name: str | None = None):
    """A candidate with values f.a, f.b and judges j1, j2, ... for w1."""
    marks = tuple(Mark(f"j{n}", "w1", s, "wawancara") for n, s in enumerate(interview, 1))
    return replace(cand(id_, name=name, f__a=a, f__b=b), marks=marks)


def ranked(cat: Category, cands, stage_id: str | None = None, top: int | None = None):
    return rank(criteria(cat), cands, stage_id, top).results[0]


def ids(result) -> list[str]:
    return [c.id for c in result.candidates]


# Points: a1 = f.a / 100 * 30, b1 = f.b / 100 * 30, w1 = (mean - 1) / 4 * 40.
#   q: a 100 -> 30, b 100 -> 30: documents 60; interview 2 -> (2 - 1) / 4 * 40 = 10
#   p: a 100 -> 30, b 50 -> 15: documents 45; interview 5 -> 40
#   r: a 60 -> 18, b 60 -> 18: documents 36; interview 5 (never entered: cut)
#   s: a 0, b 0: documents 0
CANDS = [
    entrant("q", 100, 100, 2),
    entrant("p", 100, 50, 5),
    entrant("r", 60, 60, 5),
    entrant("s", 0, 0),
]
DOKUMEN = stage("dokumen", "a", "b", shortlist=2)


def test_first_stage_ranks_everyone_on_its_pillars_and_cuts() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1))
    r = ranked(cat, CANDS, "dokumen")
    assert r.stage == DOKUMEN and not r.stage_auto
    assert ids(r) == ["q", "p", "r", "s"]
    np.testing.assert_allclose(r.total, [60, 45, 36, 0])
    np.testing.assert_allclose(r.max_total, [60, 60, 60, 60])  # 30 + 30, the interview is not in it
    assert r.rank.tolist() == [1, 2, 3, 4]
    assert r.complete.tolist() == [True] * 4  # s has no interview: not in this basis
    assert r.shortlisted.tolist() == [True, True, False, False]
    # last in p (45), first out r (36): margin 45 - 36 = 9
    assert r.cutoff == Cutoff(2, False, 2, "p", "r", 9.0, "")
    # pillars and indicators still hold every pillar, for the entrants
    assert [p.pillar.id for p in r.pillars] == ["a", "b", "w"]
    assert len(r.indicators) == 3 and r.indicators[2].raw[3].value is None


def test_own_pillars_only_among_the_shortlisted() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1))
    r = ranked(cat, CANDS, "wawancara")
    # entered by q and p only (shortlisted in dokumen); r's interview does not count
    # p: 40 of 40, q: 10 of 40
    assert ids(r) == ["p", "q"]
    np.testing.assert_allclose(r.total, [40, 10])
    np.testing.assert_allclose(r.max_total, [40, 40])
    assert r.rank.tolist() == [1, 2] and r.shortlisted.tolist() == [True, False]
    assert r.cutoff == Cutoff(1, False, 1, "p", "q", 30.0, "")  # 40 - 10


def test_cumulative_stage() -> None:
    cat = award(DOKUMEN, stage("wawancara", "a", "b", "w", shortlist=1))
    r = ranked(cat, CANDS, "wawancara")
    # p: 45 + 40 = 85, q: 60 + 10 = 70, out of 100
    assert ids(r) == ["p", "q"]
    np.testing.assert_allclose(r.total, [85, 70])
    np.testing.assert_allclose(r.max_total, [100, 100])


def test_combined_stages() -> None:
    combine = (("dokumen", 80), ("wawancara", 20))
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1, combine=combine))
    r = ranked(cat, CANDS, "wawancara")
    # 80 * documents / 60 + 20 * interview / 40:
    #   q: 80 * 60/60 + 20 * 10/40 = 80 + 5 = 85
    #   p: 80 * 45/60 + 20 * 40/40 = 60 + 20 = 80
    # (the documents decide: q first, unlike own pillars or cumulative)
    assert ids(r) == ["q", "p"]
    np.testing.assert_allclose(r.total, [85, 80])
    np.testing.assert_allclose(r.max_total, [100, 100])  # 80 + 20
    assert r.rank.tolist() == [1, 2]
    row = exact_row(r.category, [col.raw[0] for col in r.indicators])
    assert row.basis(r.category, r.stage) == 85


def test_a_combined_stage_is_complete_only_when_every_stage_combined_is() -> None:
    # stage 1 holds the interview too, so its pending blocks the combination
    combine = (("dokumen", 50), ("final", 50))
    cat = award(
        stage("dokumen", "a", "w", shortlist=3),
        stage("final", "b", combine=combine),
    )
    cands = [entrant("q", 100, 100, 3), entrant("p", 100, 100)]  # p: no interview
    r = ranked(cat, cands, "dokumen")
    assert ids(r) == ["q", "p"] and r.rank.tolist() == [1, 0]
    r = ranked(cat, cands, "final")
    # only q entered (p incomplete in dokumen, never shortlisted):
    # 50 * (30 + 20) / 70 + 50 * 30 / 30 = 250/7 + 50 = 600/7
    assert ids(r) == ["q"]
    np.testing.assert_allclose(r.total, [600 / 7])


def test_cutoff_tie_decided_by_the_tie_break_pillar() -> None:
    cat = award(stage("dokumen", "a", "b", shortlist=1), tie_break=("b", "a"))
    cands = [
        entrant("x", 100, 50),  # 30 + 15 = 45
        entrant("y", 50, 100),  # 15 + 30 = 45: equal total, pillar b 30 > 15
        entrant("z", 0, 0),
    ]
    r = ranked(cat, cands)
    assert ids(r) == ["y", "x", "z"] and r.rank.tolist() == [1, 2, 3]
    assert r.shortlisted.tolist() == [True, False, False]
    # the totals at the cut are equal (margin 0); pillar b decided
    assert r.cutoff == Cutoff(1, False, 1, "y", "x", 0.0, "b")


def test_exact_tie_at_the_cutoff_lets_all_tied_pass() -> None:
    cat = award(stage("dokumen", "a", "b", shortlist=2), tie_break=("b",))
    cands = [
        entrant("z", 100, 100),  # 60
        entrant("x", 50, 50, name="Bravo"),  # 15 + 15 = 30
        entrant("y", 50, 50, name="Alfa"),  # 30, same pillars: an exact tie
        entrant("u", 0, 0),  # 0
    ]
    r = ranked(cat, cands)
    assert ids(r) == ["z", "y", "x", "u"]  # tied ones by name: Alfa, Bravo
    assert r.rank.tolist() == [1, 2, 2, 4]
    assert r.shortlisted.tolist() == [True, True, True, False]
    # 3 pass a shortlist of 2; last in x (Bravo), first out u: 30 - 0
    assert r.cutoff == Cutoff(2, False, 3, "x", "u", 30.0, "exact-tie")


def test_equal_stage_totals_tie_exactly_whatever_the_float_sum() -> None:
    cat = category(
        "cat",
        pillar("a", ind("a1", 1, PCT, "f.a")),
        pillar("b", ind("b1", 1, PCT, "f.b")),
        pillar("c", ind("c1", 98, PCT, "f.c")),
    )
    cat = replace(cat, stages=(stage("s1", "a", "b", shortlist=1),))
    cands = [
        # m: 10/100 * 1 + 20/100 * 1 = 0.1 + 0.2 (0.30000000000000004 in float)
        cand("m", f__a=10.0, f__b=20.0, f__c=0.0),
        # n: 0 + 30/100 * 1 = 0.3; its pillar c (outside the stage) differs
        cand("n", f__a=0.0, f__b=30.0, f__c=100.0),
    ]
    r = ranked(cat, cands)
    assert r.total[0] != r.total[1]  # the float noise is real ...
    assert r.rank.tolist() == [1, 1]  # ... and the basis totals tie exactly
    assert r.cutoff is not None and r.cutoff.tie == "exact-tie" and r.cutoff.passed == 2


def test_top_overrides_the_shortlist() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1))
    r = ranked(cat, CANDS, "dokumen", top=3)
    assert r.shortlisted.tolist() == [True, True, True, False]
    # last in r (36), first out s (0)
    assert r.cutoff == Cutoff(3, True, 3, "r", "s", 36.0, "")
    # --top applies to the stage ranked, not to the stages before it:
    # wawancara is still entered by dokumen's 2
    r = ranked(cat, CANDS, "wawancara", top=2)
    assert ids(r) == ["p", "q"] and r.shortlisted.tolist() == [True, True]
    assert r.cutoff == Cutoff(2, True, 2, "q", None, None, "")
    with pytest.raises(ValueError, match="at least 1"):
        ranked(cat, CANDS, "dokumen", top=0)


def test_auto_stage_is_the_latest_with_a_complete_entrant() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1))
    nobody = [entrant("q", 100, 100), entrant("p", 100, 50), entrant("r", 60, 60)]
    r = ranked(cat, nobody)
    # no interview yet: wawancara has entrants (q, p) but none complete
    assert r.stage.id == "dokumen" and r.stage_auto
    assert ids(r) == ["q", "p", "r"] and r.rank.tolist() == [1, 2, 3]
    one = [entrant("q", 100, 100), entrant("p", 100, 50, 4), entrant("r", 60, 60, 5)]
    r = ranked(cat, one)
    # p interviewed: wawancara; q (shortlisted, not yet interviewed) follows
    # unranked; r's interview does not count (r was not shortlisted)
    assert r.stage.id == "wawancara" and r.stage_auto
    assert ids(r) == ["p", "q"] and r.rank.tolist() == [1, 0]
    assert r.complete.tolist() == [True, False]
    assert r.shortlisted.tolist() == [True, False]
    # p: (4 - 1) / 4 * 40 = 30 of 40; q: 0 of 0 (its only item is pending)
    np.testing.assert_allclose(r.total, [30, 0])
    np.testing.assert_allclose(r.max_total, [40, 0])


def test_auto_stage_without_any_complete_candidate_is_the_first() -> None:
    cat = award(stage("wawancara", "w", shortlist=1))
    r = ranked(cat, [entrant("b", 0, 0, name="Beta"), entrant("a", 0, 0, name="Alfa")])
    assert r.stage.id == "wawancara" and r.stage_auto
    assert r.rank.tolist() == [0, 0] and ids(r) == ["a", "b"]  # by name
    assert r.cutoff == Cutoff(1, False, 0, None, None, None, "")


def test_below_quorum_is_incomplete_and_unranked_after_the_complete() -> None:
    cat = award(stage("dokumen", "a", "b", shortlist=3), stage("wawancara", "w"), quorum=3)
    cands = [
        entrant("two", 100, 100, 5, 5),  # 2 judges < quorum 3: pending
        entrant("three", 0, 0, 2, 2, 2),  # (2 - 1) / 4 * 40 = 10
        entrant("four", 50, 50, 3, 3, 3, 3),  # (3 - 1) / 4 * 40 = 20
    ]
    r = ranked(cat, cands)
    assert r.stage.id == "wawancara"
    # 'two' leads the documents, but is not ranked above anyone on the interview
    assert ids(r) == ["four", "three", "two"]
    assert r.rank.tolist() == [1, 2, 0]
    assert r.complete.tolist() == [True, True, False]
    assert r.indicators[2].raw[2].below_quorum
    # the last stage has no shortlist: nobody is marked, no cut-off
    assert r.cutoff is None and not r.shortlisted.any()


def test_a_stage_without_shortlist_passes_every_complete_entrant() -> None:
    cat = award(stage("dokumen", "a", "w"), stage("final", "a", "b"))
    cands = [entrant("x", 100, 0, 5), entrant("y", 0, 100), entrant("z", 10, 10, 1)]
    r = ranked(cat, cands, "final")
    # y had no interview: incomplete in dokumen, so not in final
    # x: 30 + 0 = 30, z: 3 + 3 = 6
    assert ids(r) == ["x", "z"] and r.rank.tolist() == [1, 2]


def test_without_stages_one_stage_of_every_pillar() -> None:
    cat = replace(award(), shortlist=1)  # no stages declared
    r = ranked(cat, CANDS)
    assert r.stage.id == "semua" and r.stage_auto
    # s has no interview: incomplete on the full basis (0 of 60), so unranked
    # q: 60 + 10 = 70, p: 45 + 40 = 85, r: 36 + 40 = 76, out of 100
    assert ids(r) == ["p", "r", "q", "s"]
    assert r.rank.tolist() == [1, 2, 3, 0]
    np.testing.assert_allclose(r.total, [85, 76, 70, 0])
    np.testing.assert_allclose(r.max_total, [100, 100, 100, 60])
    assert r.cutoff == Cutoff(1, False, 1, "p", "r", 9.0, "")
    assert ranked(cat, CANDS, "semua").stage_auto is False


def test_rank_stages_gives_every_stage() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w", shortlist=1))
    dok, waw = rank_stages(score_category(cat, CANDS))
    assert ids(dok) == ["q", "p", "r", "s"] and ids(waw) == ["p", "q"]
    assert rank_category(score_category(cat, CANDS)).stage.id == "wawancara"


def test_unknown_stage() -> None:
    cat = award(DOKUMEN, stage("wawancara", "w"))
    with pytest.raises(ValueError, match="no stage 'final'; its stages: dokumen, wawancara"):
        ranked(cat, CANDS, "final")
    other = replace(category("lain", pillar("a", ind("a1", 100, PCT, "f.a"))))
    crit = criteria(cat, other)
    inputs = Inputs(crit, (*CANDS, cand("o", "lain", f__a=1.0)), (), ())
    with pytest.raises(UsageError) as err:
        rank_inputs(inputs, (), "wawancara")
    assert str(err.value) == (
        "unknown stage 'wawancara' in lain; stages: cat: dokumen, wawancara; lain: semua"
    )
    with pytest.raises(UsageError, match="did you mean 'dokumen'"):
        rank_inputs(inputs, ("cat",), "dokumenn")
    # only the categories ranked are checked
    assert rank_inputs(inputs, ("cat",), "wawancara").results[0].stage.id == "wawancara"
    with pytest.raises(UsageError, match="--top"):
        rank_inputs(inputs, (), None, 0)


# --------------------------------------------------------------------------
# Property: no ranking mixes bases
# --------------------------------------------------------------------------

STAGINGS = [
    (stage("dokumen", "a", "b", shortlist=2), stage("wawancara", "w", shortlist=1)),
    (stage("dokumen", "a", "b", shortlist=3), stage("wawancara", "a", "b", "w")),
    (
        stage("dokumen", "a", "b", shortlist=2),
        stage("wawancara", "w", combine=(("dokumen", 70), ("wawancara", 30))),
    ),
    (),
]
rows = st.lists(
    st.tuples(
        st.sampled_from([0.0, 25.0, 50.0, 100.0]),
        st.sampled_from([0.0, 50.0, 100.0]),
        st.lists(st.integers(1, 5), max_size=3),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(
    rows,
    st.sampled_from(range(len(STAGINGS))),
    st.integers(1, 3),
    st.one_of(st.none(), st.integers(1, 4)),
)
def test_no_ranking_mixes_bases(data, staging: int, quorum: int, top) -> None:
    cat = award(*STAGINGS[staging], quorum=quorum)
    cands = [entrant(f"c{k}", a, b, *w) for k, (a, b, w) in enumerate(data)]
    for st_ in [None, *(s.id for s in cat.all_stages)]:
        r = ranked(cat, cands, st_, top)
        ranks = r.rank.tolist()
        done = r.complete.tolist()
        n_done = sum(done)
        # the complete come first, ranked; the incomplete follow with rank 0
        assert done == [True] * n_done + [False] * (len(done) - n_done)
        assert all(k > 0 for k in ranks[:n_done]) and all(k == 0 for k in ranks[n_done:])
        # every ranked candidate is on the same, full basis
        full = sum(float(w) for _, w in r.stage.combine) or sum(
            p.weight for p in cat.pillars if p.id in r.stage.pillars
        )
        np.testing.assert_allclose(r.max_total[:n_done], full)
        # ranks follow the exact basis keys
        keys = [
            exact_row(cat, [col.raw[i] for col in r.indicators]).keys(cat, r.stage)
            for i in range(n_done)
        ]
        for i in range(n_done):
            assert ranks[i] == 1 + sum(k > keys[i] for k in keys)
        # shortlisted = ranked within the shortlist
        size = top if top is not None else r.stage.shortlist
        expect = [size is not None and 0 < k <= size for k in ranks]
        assert r.shortlisted.tolist() == expect


def test_exact_basis_of_a_combination_is_a_rational() -> None:
    combine = (("dokumen", 1), ("wawancara", 2))
    cat = award(DOKUMEN, stage("wawancara", "w", combine=combine))
    r = score_category(cat, [entrant("x", 10, 0, 2)])
    row = exact_row(cat, [col.raw[0] for col in r.indicators])
    # 1 * 3 / 60 + 2 * 10 / 40 = 1/20 + 1/2 = 11/20
    assert row.basis(cat, cat.stages[1]) == Fraction(11, 20)
