"""What is missing and what it is worth (scoring/improve): hand-computed
gains for each rule type, and properties against the engine.

Expected numbers are worked out by hand from the shipped criteria (a
PROPOSAL, criteria/2022-*.yaml) in the comments beside them; Fractions keep
the working exact. The candidates are built in Python: invented values for
tests, not data about any real region or company.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction as F
from pathlib import Path

import pytest
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.improve import (
    Assessment,
    IndicatorAdvice,
    apply_changes,
    assess,
    change_to,
    lower_bound,
    upper_bound,
)
from paritrana.scoring.model import (
    BandsRule,
    Candidate,
    Category,
    CountRule,
    Criteria,
    Indicator,
    Input,
    LinearRule,
    OrdinalRule,
    Pillar,
    Text,
    YesNoRule,
)
from paritrana.scoring.pipeline import load_criteria, load_inputs
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.synthetic import generate, write_candidates
from paritrana.scoring.validate._common import read_value

ROOT = Path(__file__).resolve().parent.parent
TOL = 1e-9


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    crit, problems, _ = load_criteria(ROOT / "criteria")
    assert crit is not None, problems
    return crit


def kabkota(criteria: Criteria) -> Category:
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    return cat


def candidate(category: str, **values: object) -> Candidate:
    """A test candidate (invented values); keys as section__key."""
    flat = {k.replace("__", "."): v for k, v in values.items()}
    return Candidate("test", "Kandidat Uji", category, 2022, values=flat)  # type: ignore[arg-type]


def advice_of(a: Assessment, indicator_id: str) -> IndicatorAdvice:
    return next(i for i in a.indicators if i.indicator.id == indicator_id)


def steps_of(advice: IndicatorAdvice) -> list[tuple[str, list[tuple[str, object]], float]]:
    return [(s.kind, [(c.field, c.after) for c in s.changes], s.gain) for s in advice.steps]


def close(x: float, expected: F | float) -> bool:
    return math.isclose(x, float(expected), rel_tol=0, abs_tol=TOL)


# --------------------------------------------------------------------------
# One rule type at a time
# --------------------------------------------------------------------------


def test_band_next_threshold_and_full(criteria: Criteria) -> None:
    # inovasi_terbukti: weight 8, bands 0 -> 0, 1 -> 40, 2 -> 70, 3 -> 100.
    # 1 innovation: 40 -> 3,2 points. Next: 2 (70 -> 5,6): +2,4. Full: 3 (8): +4,8.
    a = assess(kabkota(criteria), candidate("kabupaten-kota", innovation__count=1.0))
    adv = advice_of(a, "inovasi_terbukti")
    assert close(adv.points, F(32, 10)) and close(adv.available, F(48, 10))
    (k1, c1, g1), (k2, c2, g2) = steps_of(adv)
    assert (k1, c1) == ("next", [("innovation.count", 2.0)]) and close(g1, F(24, 10))
    assert (k2, c2) == ("full", [("innovation.count", 3.0)]) and close(g2, F(48, 10))
    assert adv.steps[0].changes[0].delta == 1.0 and adv.steps[0].changes[0].aim == "at-least"
    assert adv.keys[0].written == "innovations:" and adv.keys[0].derived


def test_band_where_less_is_better(criteria: Criteria) -> None:
    # tunggakan (badan usaha besar): weight 10, bands 0 -> 100, 1 -> 60, 2 -> 20, 4 -> 0.
    # 3 months in arrears: band [2, 4) scores 20 -> 2 points.
    # Next: 1 month (band [1, 2): 60 -> 6): +4. Full: 0 months (100 -> 10): +8.
    cat = criteria.category("badan-usaha-besar")
    assert cat is not None
    a = assess(cat, candidate("badan-usaha-besar", compliance__arrears_months=3.0))
    adv = advice_of(a, "tunggakan")
    assert close(adv.points, 2)
    assert [(k, c) for k, c, _ in steps_of(adv)] == [
        ("next", [("compliance.arrears_months", 1.0)]),
        ("full", [("compliance.arrears_months", 0.0)]),
    ]
    assert close(adv.steps[0].gain, 4) and close(adv.steps[1].gain, 8)
    # 1 month or fewer earns the next band; 0 is the least there is: exactly 0.
    assert [s.changes[0].aim for s in adv.steps] == ["at-most", "exactly"]
    # 5 months scores 0: the next band down is [2, 4), reached at 3 months (+2).
    b = advice_of(
        assess(cat, candidate("badan-usaha-besar", compliance__arrears_months=5.0)), "tunggakan"
    )
    assert steps_of(b)[0][:2] == ("next", [("compliance.arrears_months", 3.0)])
    assert close(b.steps[0].gain, 2)


def _one(rule: object, input_: Input, weight: float = 10) -> Category:
    """A one-indicator category (for rules the shipped criteria do not hold)."""
    ind = Indicator("x", Text("Uji", "Test"), weight, input_, rule, "zero")  # type: ignore[arg-type]
    pillar = Pillar("p", Text("Pilar", "Pillar"), weight, (ind,))
    return Category("uji", Text("Uji", "Test"), (pillar,), ("p",), "zero")


def test_linear_field_lower_is_better() -> None:
    # linear, direction lower: 6 months -> 0, 0 months -> 100, weight 10.
    # 3 months: (3 - 6) / (0 - 6) = 50 -> 5 points. Full: 0 months: +5.
    cat = _one(LinearRule(6, 0, "lower"), Input("field", ("compliance.arrears_months",)))
    adv = assess(cat, candidate("uji", compliance__arrears_months=3.0)).indicators[0]
    assert close(adv.points, 5)
    assert steps_of(adv) == [
        ("full", [("compliance.arrears_months", 0.0)], pytest.approx(5, abs=TOL))
    ]
    assert adv.steps[0].changes[0].aim == "exactly"  # 0 months: the least there is


def test_linear_percent_through_the_fallback(criteria: Criteria) -> None:
    # non_asn: weight 5, ratio of non-ASN staff registered, fallback
    # coverage.non_asn_share; linear 0% -> 0, 100% -> 100.
    # Only the share is given, 94: 94 -> 4,7 points. Full: share 100: +0,3.
    a = assess(kabkota(criteria), candidate("kabupaten-kota", coverage__non_asn_share=94.0))
    adv = advice_of(a, "non_asn")
    assert close(adv.points, F(47, 10))
    ((kind, changes, gain),) = steps_of(adv)
    assert kind == "full" and changes == [("coverage.non_asn_share", 100.0)]
    assert close(gain, F(3, 10))


def test_ratio_numerator_at_the_current_denominator(criteria: Criteria) -> None:
    # desa_mendanai: weight 5, villages.enrolled / villages.total, linear 0..100.
    # 56 of 66: 56/66 * 5 = 280/66 points. Full: 66 of 66 -> 5: +5 - 280/66 = 50/66
    # ("tambah 10 desa lagi: +0,76 poin").
    a = assess(
        kabkota(criteria),
        candidate("kabupaten-kota", villages__enrolled=56.0, villages__total=66.0),
    )
    adv = advice_of(a, "desa_mendanai")
    assert close(adv.points, F(280, 66))
    ((kind, changes, gain),) = steps_of(adv)
    assert changes == [("villages.enrolled", 66.0)] and close(gain, F(50, 66))
    assert adv.steps[0].changes[0].delta == 10.0
    assert [k.written for k in adv.keys] == ["villages: enrolled", "villages: total"]


def test_ratio_rounds_the_numerator_up(criteria: Criteria) -> None:
    # cakupan_rasio: weight 12, active / employed, linear 10% -> 0, 52% -> 100.
    # Employed 99.999: 52% of it is 51.999,48 members, so 52.000 are needed
    # (52.000 / 99.999 = 52,0005%; 51.999 would be 51,9995%, below the target).
    a = assess(
        kabkota(criteria),
        candidate(
            "kabupaten-kota",
            coverage__active_members=30000.0,
            coverage__employed_population=99999.0,
        ),
    )
    adv = advice_of(a, "cakupan_rasio")
    assert adv.steps[-1].changes[0].after == 52000.0
    assert close(adv.steps[-1].points_after, 12)


def _coverage(criteria: Criteria) -> Assessment:
    return assess(
        kabkota(criteria),
        candidate(
            "kabupaten-kota",
            coverage__active_members=30000.0,
            coverage__employed_population=100000.0,
            coverage__bpu_members=5000.0,
            coverage__active_members_previous=28000.0,
        ),
    )


def test_ratio_whose_denominator_also_moves(criteria: Criteria) -> None:
    # Active members are the numerator of cakupan_rasio (and of growth) and
    # the denominator of porsi_bpu. 30.000 active of 100.000 employed, 5.000
    # BPU, 28.000 last year.
    # cakupan_rasio (12, 10% -> 52%): 30% -> 12 * 20/42; full at 52.000: +12 * 22/42 = 44/7.
    # pertumbuhan (5, 0% -> 20%): 30.000/28.000 - 1 = 100/14 % -> 5 * (100/14)/20 = 25/14;
    #   at 52.000 growth is 85,7% (capped at 100): 5, so +45/14.
    # porsi_bpu (4, 0% -> 40%): 5.000/30.000 = 50/3 % -> 4 * (50/3)/40 = 5/3;
    #   at 52.000: 5.000/52.000 = 125/13 % -> 4 * (125/13)/40 = 25/26, so 25/26 - 5/3 = -55/78.
    # Net gain of the total: 44/7 + 45/14 - 55/78 = 19/2 - 55/78 = 343/39 (8,79), not 44/7.
    a = _coverage(criteria)
    adv = advice_of(a, "cakupan_rasio")
    step = adv.steps[-1]
    assert step.changes[0].field == "coverage.active_members"
    assert step.changes[0].after == 52000.0
    assert close(step.gain, F(343, 39))
    assert close(step.total_after, F(a.total) + F(343, 39))


def test_growth_current_value_needed(criteria: Criteria) -> None:
    # pertumbuhan_peserta full: 20% over 28.000 = 33.600 active members.
    # growth: 5 - 25/14 = +45/14; cakupan_rasio: 12 * 3,6/42 = +36/35;
    # porsi_bpu: 4 * (5.000/33.600 * 100)/40 = 125/84, less 5/3 = -5/28.
    # Net: 45/14 + 36/35 - 5/28 = (450 + 144 - 25) / 140 = 569/140 (4,06).
    adv = advice_of(_coverage(criteria), "pertumbuhan_peserta")
    ((kind, changes, gain),) = steps_of(adv)
    assert changes == [("coverage.active_members", 33600.0)]
    assert close(gain, F(569, 140))
    assert [k.field for k in adv.keys] == [
        "coverage.active_members",
        "coverage.active_members_previous",
    ]


def test_count_cap(criteria: Criteria) -> None:
    # sosialisasi: weight 4, count, cap 12. 1 event: 4/12 = 1/3 point. Full: 12: +11/3.
    adv = advice_of(
        assess(kabkota(criteria), candidate("kabupaten-kota", outreach__events=1.0)), "sosialisasi"
    )
    assert steps_of(adv) == [("full", [("outreach.events", 12.0)], pytest.approx(11 / 3, abs=TOL))]


def test_ordinal_next_level_and_best(criteria: Criteria) -> None:
    # regulasi_khusus: weight 10; perda 100, perkada 75, instruksi 50, none 0.
    # instruksi: 5 points. Next: perkada (7,5): +2,5. Full: perda (10): +5.
    adv = advice_of(
        assess(
            kabkota(criteria), candidate("kabupaten-kota", regulation__dedicated_level="instruksi")
        ),
        "regulasi_khusus",
    )
    assert steps_of(adv) == [
        ("next", [("regulation.dedicated_level", "perkada")], pytest.approx(2.5, abs=TOL)),
        ("full", [("regulation.dedicated_level", "perda")], pytest.approx(5, abs=TOL)),
    ]
    assert adv.value == "instruksi"
    assert adv.keys[0].written == "regulations:"


def test_yesno(criteria: Criteria) -> None:
    # integrasi_nik: weight 3, yes 100 / no 0. No: 0 points. Full: yes: +3.
    adv = advice_of(
        assess(kabkota(criteria), candidate("kabupaten-kota", policy__nik_integration=False)),
        "integrasi_nik",
    )
    assert steps_of(adv) == [
        ("full", [("policy.nik_integration", True)], pytest.approx(3, abs=TOL))
    ]
    assert adv.status == "ok"


def test_missing_first_with_the_value_that_earns_the_points(criteria: Criteria) -> None:
    # Missing (policy zero: 0 points): innovations (8: 3 innovations earn 100),
    # villages.enrolled with 66 villages (5: 66 enrolled earn 100), the non-ASN
    # total with 2.234 registered (5: a total of at most 2.234 earns 100).
    # Present: 1 event (1/3 of 4; full +11/3). Missing come first, by gain.
    cand = candidate(
        "kabupaten-kota",
        villages__total=66.0,
        coverage__non_asn_registered=2234.0,
        outreach__events=1.0,
    )
    a = assess(kabkota(criteria), cand)
    first = [advice_of(a, i) for i in ("inovasi_terbukti", "desa_mendanai", "non_asn")]
    assert all(i.status == "missing" and i.steps[0].kind == "fill" for i in first)
    assert [steps_of(i)[0][1] for i in first] == [
        [("innovation.count", 3.0)],
        [("villages.enrolled", 66.0)],
        [("coverage.non_asn_total", 2234.0)],
    ]
    assert [round(i.steps[0].gain, 9) for i in first] == [8, 5, 5]
    # Innovations: 3 or more; enrolled villages: exactly 66 (all of them,
    # the most there can be); the non-ASN total: at most 2.234 (a denominator),
    # which is also the least it can be (the registered are part of it).
    assert [i.steps[0].changes[0].aim for i in first] == ["at-least", "exactly", "exactly"]
    cap = assess(kabkota(criteria), candidate("kabupaten-kota", coverage__non_asn_registered=500.0))
    assert advice_of(cap, "non_asn").steps[0].changes[0].after == 500.0
    # Every other input is missing too: the dedicated regulation (10 points)
    # leads, then the innovations (8), then the 5-point ones in criteria order.
    order = [i.indicator.id for i in a.indicators if i.status == "missing" and i.steps]
    assert order == [
        "regulasi_khusus",
        "inovasi_terbukti",
        "ptsp",
        "regulasi_pendukung",
        "desa_mendanai",
        "non_asn",
        "aparatur_desa",
        "integrasi_nik",
    ]
    # Missing before present; then by gain among the present ones.
    statuses = [i.status for i in a.indicators if i.steps]
    assert statuses == sorted(statuses, key=lambda s: s != "missing")
    present = [i.best_gain for i in a.indicators if i.steps and i.status == "ok"]
    assert present == sorted(present, reverse=True)
    # Both parts of a ratio missing: nothing to compute from, said so.
    assert advice_of(a, "cakupan_rasio").no_step == "needs-values"


def test_missing_numerator_is_filled_before_the_fallback(criteria: Criteria) -> None:
    # non_asn (weight 5): 1.000 non-ASN staff, registered and share missing:
    # 1.000 registered earn 100 -> +5. Only the share given (80): the
    # engine reads the share, so the step raises it to 100 (+1).
    cat = kabkota(criteria)
    adv = advice_of(
        assess(cat, candidate("kabupaten-kota", coverage__non_asn_total=1000.0)), "non_asn"
    )
    assert steps_of(adv) == [
        ("fill", [("coverage.non_asn_registered", 1000.0)], pytest.approx(5, abs=TOL))
    ]
    both = candidate("kabupaten-kota", coverage__non_asn_total=1000.0, coverage__non_asn_share=80.0)
    adv = advice_of(assess(cat, both), "non_asn")
    assert steps_of(adv) == [
        ("full", [("coverage.non_asn_share", 100.0)], pytest.approx(1, abs=TOL))
    ]
    # Nothing given: the share is the one value that earns the points.
    adv = advice_of(assess(cat, candidate("kabupaten-kota")), "non_asn")
    assert steps_of(adv) == [
        ("fill", [("coverage.non_asn_share", 100.0)], pytest.approx(5, abs=TOL))
    ]


def test_pending_interview_is_a_range_never_zero(criteria: Criteria) -> None:
    # The kab/kota interview: 4 rubric items of 5 points (1-5 scale).
    # Unscored: all 4 at 1 add 0, all at 5 add 20; the maximum becomes 100.
    # 1 event: total 1/3 -> range 1/3 .. 20 1/3 of 100.
    a = assess(kabkota(criteria), candidate("kabupaten-kota", outreach__events=1.0))
    assert a.pending is not None
    assert a.pending.items == ("pemahaman", "komitmen", "keberlanjutan", "peta_jalan")
    assert close(a.pending.low, F(1, 3)) and close(a.pending.high, F(61, 3))
    assert close(a.pending.max_total, 100) and close(a.max_total, 80)
    item = advice_of(a, "pemahaman")
    assert item.status == "pending" and item.no_step == "judges"
    assert item.pending_points == pytest.approx((0, 5), abs=TOL)
    assert close(item.available, 5)


def test_bound_caps_a_step() -> None:
    # A ratio of BPU members to the employed population, linear 0..100,
    # weight 10: BPU members are part of the active members (600), so 1.000
    # of 1.000 cannot be reached: 600 is the most (60% -> 6 points, +5 from
    # 100/1.000 = 1 point), and the step says it was capped.
    cat = _one(
        LinearRule(0, 100),
        Input("ratio", ("coverage.bpu_members", "coverage.employed_population")),
    )
    cand = candidate(
        "uji",
        coverage__bpu_members=100.0,
        coverage__employed_population=1000.0,
        coverage__active_members=600.0,
    )
    (step,) = assess(cat, cand).indicators[0].steps
    assert step.capped and step.changes[0].after == 600.0
    assert close(step.gain, 5)


def test_what_if_changes_are_applied_in_memory(criteria: Criteria) -> None:
    # --set innovation.count=2: 70 of 8 -> 5,6 points instead of 3,2.
    cand = candidate("kabupaten-kota", innovation__count=1.0)
    a = assess(kabkota(criteria), cand, [change_to(cand, "innovation.count", 2.0)])
    assert close(advice_of(a, "inovasi_terbukti").points, F(56, 10))
    assert cand.values["innovation.count"] == 1.0  # the candidate itself is unchanged
    assert a.what_if[0].before == 1.0 and a.what_if[0].after == 2.0


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("coverage.active_members", "2.500", 2500.0),  # a dot groups thousands
        ("coverage.active_members", "1200", 1200.0),
        ("budget.apbd_vulnerable_amount", "Rp 484.646.400", 484646400.0),
        ("coverage.non_asn_share", "94,5", 94.5),  # a decimal comma
        ("coverage.non_asn_share", "94%", 94.0),
        ("policy.nik_integration", "ya", True),
        ("policy.nik_integration", "tidak", False),
        ("regulation.dedicated_level", "Perda", "perda"),
        ("innovation.count", "3", 3.0),
    ],
)
def test_read_value_reads_as_the_validator(name: str, text: str, value: object) -> None:
    got, problems = read_value(name, text)
    assert got == value and not [d for d in problems if d.severity == "error"]


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("coverage.active_members", "120,000", "ambiguous"),
        ("coverage.active_members", "1,5", "whole number"),
        ("coverage.non_asn_share", "120", "between 0 and 100"),
        ("coverage.active_members", "-3", ">= 0"),
        ("policy.nik_integration", "mungkin", "true or false"),
        ("regulation.dedicated_level", "perdaa", "did you mean 'perda'"),
        ("coverage.active_members", "", "must have a value"),
    ],
)
def test_read_value_refuses_what_the_validator_refuses(name: str, text: str, said: str) -> None:
    got, problems = read_value(name, text)
    assert got is None
    assert any(said in d.message for d in problems if d.severity == "error"), problems


# --------------------------------------------------------------------------
# Properties: every step, rescored by the engine, gives what it promised
# --------------------------------------------------------------------------


def _synthetic(
    tmp_path: Path, criteria: Criteria, category: str, n: int, seed: int
) -> list[Candidate]:
    """SYNTHETIC candidates (scoring/synthetic.py), validated like any file."""
    docs = generate(criteria, category, n, seed=seed, missing_rate=0.25, panel_rate=0.3)
    folder = tmp_path / category
    write_candidates(folder, docs, seed=seed)
    inputs = load_inputs(ROOT / "criteria", [folder])
    return list(inputs.candidates)


def _reaches(category: Category, cand: Candidate, index: int) -> float:
    score = float(score_category(category, [cand]).indicators[index].score[0])
    return -1.0 if math.isnan(score) else score


@pytest.mark.parametrize(
    ("category", "seed"),
    [
        ("kabupaten-kota", 1),
        ("provinsi", 2),
        ("badan-usaha-besar", 3),
        ("ukm", 4),
        ("pemerintah-desa", 5),
    ],
)
def test_every_step_gives_exactly_the_promised_total(
    tmp_path: Path, criteria: Criteria, category: str, seed: int
) -> None:
    cat = criteria.category(category)
    assert cat is not None
    index = {ind.id: k for k, ind in enumerate(cat.indicators)}
    rng = random.Random(seed)
    checked = 0
    for cand in _synthetic(tmp_path, criteria, category, 25, seed):
        a = assess(cat, cand)
        assert close(a.total, float(score_category(cat, [cand]).total[0]))
        if a.pending is not None:
            # Pending rubric items at the scale's min earn 0, at its max their
            # weight (the shipped criteria score missing values zero: no reweighting).
            weights = {i.id: i.weight for i in cat.indicators}
            assert close(a.pending.low, a.total)
            assert close(a.pending.high, a.total + sum(weights[i] for i in a.pending.items))
        for adv in a.indicators:
            k = index[adv.indicator.id]
            for step in adv.steps:
                changed = apply_changes(cand, step.changes)
                result = score_category(cat, [changed])
                # The promised total, and the gain, from the engine itself.
                assert close(float(result.total[0]), step.total_after)
                assert close(step.gain, step.total_after - a.total)
                assert close(float(result.indicators[k].points[0]), step.points_after)
                for ch in step.changes:
                    spec = FIELDS[ch.field]
                    after = ch.after
                    if isinstance(after, float):
                        hi = upper_bound(ch.field, cand.values)
                        lo = lower_bound(ch.field, cand.values)
                        assert hi is None or after <= hi, (ch, hi)
                        assert after >= lo, (ch, lo)
                        if spec.type in ("count", "months", "money"):
                            assert after.is_integer(), ch
                        if spec.type == "percent":
                            assert 0 <= after <= 100
                    # Minimal: one whole unit less (at-least) does not reach the step.
                    if (
                        not step.capped
                        and isinstance(after, float)
                        and spec.type in ("count", "months", "money")
                        and len(step.changes) == 1
                        and ch.aim != "exactly"
                    ):
                        back = after - 1 if ch.aim == "at-least" else after + 1
                        before = ch.before if isinstance(ch.before, float) else None
                        if back >= 0 and (before is None or back != before):
                            short = apply_changes(cand, [change_to(cand, ch.field, back)])
                            assert _reaches(cat, short, k) < step.score_after, (
                                adv.indicator.id,
                                ch,
                            )
                checked += 1
        # A random what-if of a step leaves the candidate object as it was.
        if a.indicators and a.indicators[0].steps and rng.random() < 0.5:
            before = dict(cand.values)
            assess(cat, cand, a.indicators[0].steps[0].changes)
            assert dict(cand.values) == before
    assert checked > 20


def test_synthetic_rules_are_all_exercised(criteria: Criteria) -> None:
    """The rule types the hand tests above cover are those the criteria use."""
    kinds = {type(i.rule) for c in criteria.categories for i in c.indicators}
    assert {BandsRule, CountRule, LinearRule, OrdinalRule, YesNoRule} <= kinds
