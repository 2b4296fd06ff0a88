"""Ranking: totals, tie-break pillars, shared competition ranks."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import by_id, cand, category, criteria, ind, pillar
from paritrana.scoring.model import CountRule, LinearRule, YesNoRule
from paritrana.scoring.rank.ranking import competition_ranks, rank, rank_category
from paritrana.scoring.score.engine import score_category

PCT = LinearRule(0, 100)


def two_pillars(cat_id: str = "cat"):
    """Pillar a (60) and pillar b (40); ties broken by b, then a."""
    return category(
        cat_id,
        pillar("a", ind("a1", 60, PCT, "f.a")),
        pillar("b", ind("b1", 40, PCT, "f.b")),
        tie_break=["b", "a"],
    )


def ranked(cat, cands):
    return rank_category(score_category(cat, cands))


def test_tie_on_total_resolved_by_tie_break_pillar() -> None:
    r = ranked(
        two_pillars(),
        [
            # p: 0.5 * 60 + 0.25 * 40 = 30 + 10 = 40
            cand("p", f__a=50.0, f__b=25.0),
            # q: 0 * 60 + 1.0 * 40 = 40 -> same total, but pillar b 40 > 10
            cand("q", f__a=0.0, f__b=100.0),
            # s: 1.0 * 60 + 0.5 * 40 = 80
            cand("s", f__a=100.0, f__b=50.0),
        ],
    )
    assert [c.id for c in r.candidates] == ["s", "q", "p"]
    np.testing.assert_allclose(r.total, [80, 40, 40])
    assert r.rank.tolist() == [1, 2, 3]


def test_exact_tie_shares_rank_1_2_2_4() -> None:
    r = ranked(
        two_pillars(),
        [
            cand("d", name="Delta", f__a=0.0, f__b=0.0),  # 0
            cand("c", name="Charlie", f__a=50.0, f__b=50.0),  # 30 + 20 = 50
            cand("b", name="Bravo", f__a=50.0, f__b=50.0),  # 50, same pillars: exact tie
            cand("a", name="Alpha", f__a=100.0, f__b=100.0),  # 100
        ],
    )
    assert r.rank.tolist() == [1, 2, 2, 4]
    # exact ties are listed by name (Bravo before Charlie), display only
    assert [c.id for c in r.candidates] == ["a", "b", "c", "d"]


def test_exact_tie_order_by_name_then_id() -> None:
    r = ranked(
        two_pillars(),
        [
            cand("z2", name="Same", f__a=10.0, f__b=10.0),
            cand("z1", name="Same", f__a=10.0, f__b=10.0),
            cand("a9", name="Zeta", f__a=10.0, f__b=10.0),
        ],
    )
    assert [c.id for c in r.candidates] == ["z1", "z2", "a9"]
    assert r.rank.tolist() == [1, 1, 1]


def test_summation_noise_does_not_decide_a_rank() -> None:
    cat = category(
        "cat",
        pillar(
            "x",
            ind("x1", 1, PCT, "f.a", missing="reweight"),
            ind("x2", 1, PCT, "f.b", missing="reweight"),
            ind("x3", 5, PCT, "f.c", missing="reweight"),
        ),
        pillar("y", ind("y1", 93, PCT, "f.d")),
        tie_break=["x"],
    )
    cands = [
        # full marks on x through reweighting: 1 * 7/6 + 5 * 7/6, which in
        # floating point is 7.000000000000001
        cand("rw", name="A", f__a=100.0, f__c=100.0, f__d=0.0),
        # full marks on x directly: 1 + 1 + 5 = 7
        cand("full", name="B", f__a=100.0, f__b=100.0, f__c=100.0, f__d=0.0),
    ]
    r = ranked(cat, cands)
    assert r.total[0] != r.total[1]  # the noise is real ...
    np.testing.assert_allclose(r.total, [7, 7], atol=1e-12)
    assert r.rank.tolist() == [1, 1]  # ... and does not decide the rank
    assert [c.id for c in r.candidates] == ["rw", "full"]  # by name


def test_rank_category_permutes_every_column_alike() -> None:
    cat = category(
        "cat",
        pillar("a", ind("a1", 50, CountRule(10), "f.a"), ind("a2", 10, YesNoRule(), "f.y")),
        pillar("b", ind("b1", 40, PCT, "f.b")),
        tie_break=["b"],
    )
    cands = [
        cand("one", f__a=1.0, f__b=10.0),  # 5 + 0 + 4 = 9; f.y missing
        cand("two", f__a=10.0, f__y=True, f__b=100.0),  # 50 + 10 + 40 = 100
        cand("three", f__a=5.0, f__y=False, f__b=50.0),  # 25 + 0 + 20 = 45
    ]
    before = score_category(cat, cands)
    after = rank_category(before)
    assert [c.id for c in after.candidates] == ["two", "three", "one"]
    assert after.rank.tolist() == [1, 2, 3]
    old, new = by_id(before), by_id(after)
    for cid in old:
        i, j = old[cid], new[cid]
        assert after.total[j] == before.total[i]
        assert after.max_total[j] == before.max_total[i]
        assert after.missing_count[j] == before.missing_count[i]
        assert after.pending_count[j] == before.pending_count[i]
        for cb, ca in zip(before.indicators, after.indicators):
            assert ca.raw[j] == cb.raw[i]
            for name in ("derived", "score", "weight", "points", "status"):
                np.testing.assert_array_equal(getattr(ca, name)[j], getattr(cb, name)[i])
        for pb, pa in zip(before.pillars, after.pillars):
            assert pa.points[j] == pb.points[i]
            assert pa.max_points[j] == pb.max_points[i]
    assert before.rank.tolist() == [0, 0, 0]  # the input result is unchanged
    np.testing.assert_allclose(after.total, [100, 45, 9])


def test_competition_ranks() -> None:
    # sorted keys 9, 5, 5, 5, 1, 1: a new group starts at rows 0, 1 and 4
    new_group = np.array([True, True, False, False, True, False])
    assert competition_ranks(new_group).tolist() == [1, 2, 2, 2, 5, 5]
    # a second key splits the middle group: (5, 2) > (5, 1) = (5, 1)
    new_group[2] = True
    assert competition_ranks(new_group).tolist() == [1, 2, 3, 3, 5, 5]
    # the first row always starts a group, whatever the flag says
    assert competition_ranks(np.array([False, False])).tolist() == [1, 1]
    assert competition_ranks(np.array([], dtype=bool)).tolist() == []


def test_rank_groups_by_category_in_criteria_order() -> None:
    crit = criteria(two_pillars("besar"), two_pillars("menengah"), two_pillars("ukm"))
    cands = [
        cand("m1", "menengah", f__a=10.0, f__b=10.0),
        cand("b1", "besar", f__a=10.0, f__b=10.0),
        cand("m2", "menengah", f__a=20.0, f__b=10.0),
    ]
    ranking = rank(crit, cands)
    assert ranking.criteria is crit
    # criteria order (besar before menengah); ukm has no candidates: omitted
    assert [r.category.id for r in ranking.results] == ["besar", "menengah"]
    assert [c.id for c in ranking.results[1].candidates] == ["m2", "m1"]
    assert ranking.results[1].rank.tolist() == [1, 2]


def test_rank_unknown_category_raises() -> None:
    crit = criteria(two_pillars("besar"))
    with pytest.raises(ValueError, match="category 'kecil' is not in the criteria"):
        rank(crit, [cand("x", "kecil")])


def test_tie_break_naming_unknown_pillar_raises() -> None:
    cat = category("cat", pillar("a", ind("a1", 100, PCT, "f.a")), tie_break=["zz"])
    with pytest.raises(ValueError, match="unknown pillar 'zz'"):
        ranked(cat, [cand("p", f__a=1.0)])
