"""Deriving values and scoring a category, checked against worked examples."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from engine_helpers import by_id, cand, category, ind, pillar
from paritrana.scoring.model import (
    STATUS_CODES,
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    YesNoRule,
)
from paritrana.scoring.score.engine import derive, score_category

NAN = math.nan
OK, MISSING, PENDING = (STATUS_CODES[s] for s in ("ok", "missing", "pending"))
PCT = LinearRule(0, 100)  # the derived percentage itself is the score


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), atol=1e-9
    )


# --------------------------------------------------------------------------
# derive
# --------------------------------------------------------------------------


def test_ratio_kota_langsa_gampong() -> None:
    # Kota Langsa (seed 000): 56 of 66 gampong enrolled their officials.
    # 56 / 66 * 100 = 84.848484...%
    i = ind("desa", 5, PCT, "villages.enrolled", "villages.total", kind="ratio")
    raw, derived = derive(i, [cand("kota-langsa", villages__enrolled=56.0, villages__total=66.0)])
    assert tuple(raw) == ((56.0, 66.0),)
    close(derived, [5600 / 66])
    assert derived[0] == pytest.approx(84.848484848, abs=1e-8)


def test_ratio_fallback_zero_and_missing() -> None:
    i = ind(
        "non_asn",
        5,
        PCT,
        "coverage.non_asn_registered",
        "coverage.non_asn_total",
        kind="ratio",
        fallback="coverage.non_asn_share",
    )
    cands = [
        # both parts: 891 / 1000 * 100 = 89.1 (fallback ignored)
        cand(
            "a",
            coverage__non_asn_registered=891.0,
            coverage__non_asn_total=1000.0,
            coverage__non_asn_share=50.0,
        ),
        # Kota Medan (seed 002): only the share, 94% -> fallback 94
        cand("medan", coverage__non_asn_share=94.0),
        # Kota Langsa: 2,234 registered, total not reported, no share -> missing
        cand("langsa", coverage__non_asn_registered=2234.0),
        # total 0: the ratio is undefined -> missing, never inf ...
        cand("zero", coverage__non_asn_registered=0.0, coverage__non_asn_total=0.0),
        # ... and when a share is given it is used instead: 12
        cand(
            "zero-fb",
            coverage__non_asn_registered=5.0,
            coverage__non_asn_total=0.0,
            coverage__non_asn_share=12.0,
        ),
    ]
    raw, derived = derive(i, cands)
    close(derived, [89.1, 94, NAN, NAN, 12])
    assert raw[1] == (None, None, 94.0)  # (A, B, fallback) as given
    assert raw[2] == (2234.0, None, None)


def test_growth() -> None:
    i = ind(
        "tumbuh",
        5,
        LinearRule(0, 20),
        "coverage.active_members",
        "coverage.active_members_previous",
        kind="growth",
    )
    cands = [
        cand(
            "a",
            coverage__active_members=1100.0,
            coverage__active_members_previous=1000.0,
        ),
        cand(
            "b",
            coverage__active_members=900.0,
            coverage__active_members_previous=1000.0,
        ),
        cand("c", coverage__active_members=900.0, coverage__active_members_previous=0.0),
        cand("d", coverage__active_members=900.0),
    ]
    raw, derived = derive(i, cands)
    # (1100/1000 - 1) * 100 = 10%; (900/1000 - 1) * 100 = -10%;
    # previous 0 -> division by zero -> missing; previous absent -> missing
    close(derived, [10, -10, NAN, NAN])
    assert raw[3] == (900.0, None)


def test_sum() -> None:
    i = ind("jumlah", 5, CountRule(20), "a.x", "a.y", "a.z", kind="sum")
    cands = [cand("p", a__x=10.0, a__y=5.0, a__z=2.5), cand("q", a__x=10.0, a__z=1.0)]
    raw, derived = derive(i, cands)
    close(derived, [17.5, NAN])  # 10 + 5 + 2.5 = 17.5; a part missing -> missing
    assert tuple(raw) == ((10.0, 5.0, 2.5), (10.0, None, 1.0))


def test_field_kinds() -> None:
    yes = ind("ptsp", 5, YesNoRule(), "policy.ptsp_required")
    level = ind(
        "reg",
        10,
        OrdinalRule((("perda", 100.0), ("none", 0.0))),
        "regulation.dedicated_level",
    )
    cands = [
        cand("a", policy__ptsp_required=True, regulation__dedicated_level="none"),
        cand("b", policy__ptsp_required=False),
        cand("c", regulation__dedicated_level="perda"),
    ]
    raw, derived = derive(yes, cands)
    assert tuple(raw) == (True, False, None)
    close(derived, [1, 0, NAN])
    raw, derived = derive(level, cands)
    assert tuple(raw) == ("none", None, "perda")
    close(derived, [1, NAN, 0])  # level codes: position in the rule's levels


def test_numeric_field_accepts_ints_and_numpy_numbers() -> None:
    i = ind("n", 5, CountRule(10), "a.x")
    _, derived = derive(i, [cand("p", a__x=3), cand("q", a__x=np.float64(4.5))])
    close(derived, [3, 4.5])


def test_panel_mean() -> None:
    i = ind("wawancara", 20, RubricRule(), kind="panel")
    cands = [
        cand("a", panel={"wawancara": (4, 5, 4)}),
        cand("b"),
        cand("c", panel={"wawancara": ()}),
    ]
    raw, derived = derive(i, cands)
    close(derived, [13 / 3, NAN, NAN])  # (4 + 5 + 4) / 3; none given -> pending
    # raw is each candidate's Aggregate (score/panel.py): the scores as given,
    # anonymous "#1", "#2", ... for a candidate's own panel_scores
    assert [[(s.judge, s.score) for s in a.scores] for a in raw] == [
        [("#1", 4), ("#2", 5), ("#3", 4)],
        [],
        [],
    ]
    assert [a.value for a in raw] == [Fraction(13, 3), None, None]


@pytest.mark.parametrize(
    ("rule", "value", "message"),
    [
        (CountRule(10), True, "expected a number"),
        (CountRule(10), "12", "expected a number"),
        (YesNoRule(), 1.0, "expected true/false"),
        (OrdinalRule((("perda", 100.0),)), 1.0, "expected a level name"),
    ],
)
def test_wrong_value_type_is_an_error_not_a_coercion(
    rule: object, value: object, message: str
) -> None:
    i = ind("x", 5, rule, "a.x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"candidate 'bad' has .*{message}"):
        derive(i, [cand("ok"), cand("bad", a__x=value)])


def test_non_finite_values_are_missing() -> None:
    i = ind("n", 5, CountRule(10), "a.x")
    _, derived = derive(i, [cand("p", a__x=math.inf), cand("q", a__x=math.nan)])
    close(derived, [NAN, NAN])
    # overflow in a ratio (1e308 / 1e-308) is missing too, never inf
    r = ind("r", 5, PCT, "a.x", "a.y", kind="ratio")
    _, derived = derive(r, [cand("p", a__x=1e308, a__y=1e-308)])
    close(derived, [NAN])


# --------------------------------------------------------------------------
# score_category: a whole category
# --------------------------------------------------------------------------


def pemda(policy: str = "reweight"):
    """Pillar x (6 + 3 + 1 = 10), pillar y (70), pillar z: interview (20)."""
    return category(
        "cat",
        pillar(
            "x",
            ind("x1", 6, PCT, "f.a", missing=policy),  # type: ignore[arg-type]
            ind("x2", 3, CountRule(10), "f.b", missing=policy),  # type: ignore[arg-type]
            ind("x3", 1, YesNoRule(), "f.c", missing=policy),  # type: ignore[arg-type]
        ),
        pillar("y", ind("y1", 70, PCT, "f.d")),
        pillar("z", ind("z1", 20, RubricRule(), kind="panel")),
        tie_break=["y"],
    )


CANDS = [
    # x2 missing; interview 4, 5, 4
    cand("a", f__a=50.0, f__c=True, f__d=80.0, panel={"z1": (4, 5, 4)}),
    # the whole pillar x missing; no interview yet (pending)
    cand("b", f__d=100.0),
    # complete
    cand("c", f__a=100.0, f__b=20.0, f__c=False, f__d=0.0, panel={"z1": (1, 1)}),
]


def column(result, ind_id: str):
    return next(c for c in result.indicators if c.indicator.id == ind_id)


def test_reweight_shares_missing_weight_in_proportion() -> None:
    r = score_category(pemda("reweight"), CANDS)
    assert [c.id for c in r.candidates] == ["a", "b", "c"]  # input order
    close(r.rank, [0, 0, 0])  # ranking is rank_category's job
    # Candidate a, pillar x (6, 3, 1), x2 missing: its 3 points go to x1 and x3
    # in proportion 6 : 1, so x1 weighs 6 * 10/7 = 8.571428..., x3 1 * 10/7.
    x1, x2, x3 = column(r, "x1"), column(r, "x2"), column(r, "x3")
    close([x1.weight[0], x2.weight[0], x3.weight[0]], [60 / 7, 0, 10 / 7])
    # x1 scores 50 -> 0.5 * 60/7 = 30/7; x3 yes -> 100 -> 10/7; pillar x = 40/7
    close([x1.points[0], x2.points[0], x3.points[0]], [30 / 7, 0, 10 / 7])
    close(r.pillars[0].points[0], 40 / 7)
    close(r.pillars[0].max_points[0], 10)  # the pillar's maximum is unchanged
    # y1: 80 -> 0.8 * 70 = 56; z1: mean 13/3 -> (13/3 - 1) / 4 * 100 = 250/3,
    # 250/3 / 100 * 20 = 50/3
    close(r.pillars[1].points[0], 56)
    close(r.pillars[2].points[0], 50 / 3)
    # total = 40/7 + 56 + 50/3 = 5.714286 + 56 + 16.666667 = 78.380952...
    close(r.total[0], 40 / 7 + 56 + 50 / 3)
    close(r.max_total[0], 100)
    assert x2.status[0] == MISSING and np.isnan(x2.score[0])
    assert x1.status[0] == OK and x3.status[0] == OK
    assert r.missing_count[0] == 1 and r.pending_count[0] == 0


def test_whole_pillar_missing_and_pending_interview() -> None:
    r = score_category(pemda("reweight"), CANDS)
    # Candidate b: nothing of pillar x is left to share with, so x scores 0
    # out of its full 10 and every indicator is flagged missing.
    cols = [column(r, i) for i in ("x1", "x2", "x3")]
    assert [c.status[1] for c in cols] == [MISSING] * 3
    close([c.weight[1] for c in cols], [6, 3, 1])
    close(r.pillars[0].points[1], 0)
    close(r.pillars[0].max_points[1], 10)
    # z1 has no panel scores: pending, weight 0, left out of the maximum.
    z1 = column(r, "z1")
    assert z1.status[1] == PENDING
    close([z1.weight[1], z1.points[1], r.pillars[2].max_points[1]], [0, 0, 0])
    # total = 0 + 1.0 * 70 = 70 out of max_total = 100 - 20 = 80
    close([r.total[1], r.max_total[1]], [70, 80])
    assert r.missing_count[1] == 3 and r.pending_count[1] == 1


def test_complete_candidate() -> None:
    r = score_category(pemda("reweight"), CANDS)
    # Candidate c: x1 100 -> 6; x2 min(20, 10)/10 -> 100 -> 3; x3 no -> 0;
    # y1 0 -> 0; z1 mean 1 -> 0. total = 6 + 3 = 9
    close([c.points[2] for c in r.indicators], [6, 3, 0, 0, 0])
    close([r.total[2], r.max_total[2]], [9, 100])
    assert r.missing_count[2] == 0 and r.pending_count[2] == 0


def test_zero_policy_keeps_weight_and_scores_zero() -> None:
    r = score_category(pemda("zero"), CANDS)
    x1, x2, x3 = column(r, "x1"), column(r, "x2"), column(r, "x3")
    # Candidate a: weights stay 6, 3, 1; x2 missing earns 0:
    # 0.5 * 6 + 0 + 1 * 1 = 4; total = 4 + 56 + 50/3 = 76.666667
    close([x1.weight[0], x2.weight[0], x3.weight[0]], [6, 3, 1])
    close([x1.points[0], x2.points[0], x3.points[0]], [3, 0, 1])
    close(r.total[0], 60 + 50 / 3)
    assert x2.status[0] == MISSING
    # the pending interview is still pending, not zero, under this policy too
    close([r.total[1], r.max_total[1]], [70, 80])


def test_mixed_policies_in_one_pillar() -> None:
    cat = category(
        "cat",
        pillar(
            "x",
            ind("x1", 6, PCT, "f.a", missing="reweight"),
            ind("x2", 3, PCT, "f.b", missing="zero"),
            ind("x3", 1, PCT, "f.c", missing="reweight"),
        ),
        pillar("y", ind("y1", 90, PCT, "f.d")),
    )
    r = score_category(
        cat,
        [
            cand("p", f__b=100.0, f__c=100.0, f__d=0.0),  # x1 (reweight) missing
            cand("q", f__a=100.0, f__c=100.0, f__d=0.0),  # x2 (zero) missing
        ],
    )
    # p: x1's 6 go to x2 and x3 (3 : 1): x2 3 * 10/4 = 7.5, x3 1 * 10/4 = 2.5
    close([c.weight[0] for c in r.indicators], [0, 7.5, 2.5, 90])
    close(r.total[0], 10)
    # q: x2 is under `zero`: it keeps its 3 and earns 0; nothing is shared.
    close([c.weight[1] for c in r.indicators], [6, 3, 1, 90])
    close(r.total[1], 7)  # 6 + 0 + 1


def test_all_candidates_pending_max_total() -> None:
    cat = category(
        "cat",
        pillar("a", ind("a1", 80, CountRule(4), "f.a")),
        pillar(
            "w",
            ind("w1", 12, RubricRule(), kind="panel"),
            ind("w2", 8, RubricRule(min=0, max=10), kind="panel"),
        ),
    )
    r = score_category(
        cat,
        [
            cand("p", f__a=1.0, panel={"w2": (5.0,)}),
            cand("q", f__a=8.0),
        ],
    )
    # p: a1 min(1, 4)/4 = 25 -> 0.25 * 80 = 20; w1 pending (12 left out);
    # w2 (5 - 0)/10 = 50 -> 4; total 24 of 100 - 12 = 88.
    # Pending weight is not reweighted: w2 keeps 8.
    close([r.total[0], r.max_total[0]], [24, 88])
    close([c.weight[0] for c in r.indicators], [80, 0, 8])
    close(r.pillars[1].max_points, [8, 0])
    # q: a1 100 -> 80; both interview indicators pending: 80 of 80.
    close([r.total[1], r.max_total[1]], [80, 80])
    close(r.pending_count, [1, 2])


def test_every_rule_type_in_one_category() -> None:
    cat = category(
        "badan-usaha",
        pillar(
            "kepatuhan",
            ind(
                "terdaftar",
                15,
                LinearRule(50, 100),
                "workforce.registered",
                "workforce.employed",
                kind="ratio",
            ),
            ind(
                "tunggakan",
                10,
                BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0))),
                "compliance.arrears_months",
            ),
            ind("upah", 10, LinearRule(6, 0, "lower"), "a.months"),
            ind("program", 5, CountRule(5), "compliance.programmes"),
        ),
        pillar(
            "digital",
            ind("sipp", 5, YesNoRule(), "digital.sipp"),
            ind(
                "regulasi",
                10,
                OrdinalRule(
                    (
                        ("perda", 100.0),
                        ("perkada", 75.0),
                        ("instruksi", 50.0),
                        ("none", 0.0),
                    )
                ),
                "regulation.dedicated_level",
            ),
        ),
        pillar("wawancara", ind("wawancara", 45, RubricRule(), kind="panel")),
    )
    r = score_category(
        cat,
        [
            cand(
                "pt",
                workforce__registered=90.0,
                workforce__employed=120.0,
                compliance__arrears_months=2.0,
                a__months=1.5,
                compliance__programmes=4.0,
                digital__sipp=True,
                regulation__dedicated_level="perkada",
                panel={"wawancara": (3.0, 4.0)},
            )
        ],
    )
    # terdaftar: 90/120*100 = 75%; (75 - 50)/(100 - 50) = 0.5 -> 50 -> 0.5 * 15 = 7.5
    # tunggakan: 2 months -> band 2 -> 20 -> 0.2 * 10 = 2
    # upah: (6 - 1.5)/6 = 0.75 -> 75 -> 7.5
    # program: 4/5 -> 80 -> 0.8 * 5 = 4
    # sipp: yes -> 100 -> 5; regulasi: perkada -> 75 -> 7.5
    # wawancara: mean 3.5 -> (3.5 - 1)/4 = 62.5 -> 0.625 * 45 = 28.125
    close([c.score[0] for c in r.indicators], [50, 20, 75, 80, 100, 75, 62.5])
    close([c.points[0] for c in r.indicators], [7.5, 2, 7.5, 4, 5, 7.5, 28.125])
    close([p.points[0] for p in r.pillars], [21, 12.5, 28.125])
    close(r.total, [61.625])  # 21 + 12.5 + 28.125


def test_empty_category() -> None:
    r = score_category(pemda(), [])
    assert len(r.candidates) == 0 and r.total.shape == (0,)
    assert all(tuple(c.raw) == () and c.score.shape == (0,) for c in r.indicators)


def test_result_rows_follow_candidates() -> None:
    r = score_category(pemda(), CANDS)
    rows = by_id(r)
    assert rows == {"a": 0, "b": 1, "c": 2}
    assert tuple(column(r, "x1").raw) == (50.0, None, 100.0)
    z1 = column(r, "z1").raw  # Aggregates: a's (4 + 5 + 4) / 3, b none, c (1 + 1) / 2
    assert [tuple(s.score for s in a.scores) for a in z1] == [(4, 5, 4), (), (1, 1)]  # type: ignore[attr-defined]
    assert [a.value for a in z1] == [Fraction(13, 3), None, 1]  # type: ignore[attr-defined]
    for col in r.indicators:
        assert col.status.dtype == np.int8
        assert not np.any(np.isnan(col.points))
        assert np.array_equal(np.isnan(col.score), col.status != OK)
