"""`improve --against`: the rank among the peers and the smallest change sets
(scoring/improve/peers.py; docs/design.md, "Against the others: the cost
model").

Criteria and candidates here are SYNTHETIC, written in Python; every
expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_helpers import cand, category, criteria, ind, pillar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paritrana.cli import main
from paritrana.scoring.improve import peers as P
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Stage,
    Text,
    YesNoRule,
)
from paritrana.scoring.rank.ranking import rank
from paritrana.scoring.render.advice_peers import peers_text

LEVELS = OrdinalRule((("perda", 100.0), ("perkada", 75.0), ("instruksi", 50.0), ("none", 0.0)))


def engine_rank(crit, candidate, peers) -> tuple[int, float]:
    """The candidate's rank and basis total, from the real ranking."""
    result = rank(crit, [*peers, candidate]).results[0]
    row = next(i for i, c in enumerate(result.candidates) if c.id == candidate.id)
    return int(result.rank[row]), float(result.total[row])


def applied(candidate, plan):
    return replace(
        candidate, values={**candidate.values, **{c.field: c.after for c in plan.changes}}
    )


# --------------------------------------------------------------------------
# Hand-worked cases
# --------------------------------------------------------------------------


def three_indicators():
    """One pillar: reg (40, ordinal), ptsp (20, yes/no), vil (40, ratio of
    villages in bands 0 -> 0, 50% -> 50, 80% -> 100)."""
    vil_rule = BandsRule((Band(0, 0), Band(50, 50), Band(80, 100)))
    cat = category(
        "cat",
        pillar(
            "p",
            ind("reg", 40, LEVELS, "regulation.dedicated_level"),
            ind("ptsp", 20, YesNoRule(), "policy.ptsp_required"),
            ind("vil", 40, vil_rule, "villages.enrolled", "villages.total", kind="ratio"),
        ),
    )
    crit = criteria(cat)
    # P1: perda 40 + yes 20 + 40/50 = 80% -> 40: total 100.
    p1 = cand(
        "p1",
        regulation__dedicated_level="perda",
        policy__ptsp_required=True,
        villages__enrolled=40.0,
        villages__total=50.0,
    )
    # P2: perkada 30 + no 0 + 30/50 = 60% -> band 50 -> 20: total 50.
    p2 = cand(
        "p2",
        regulation__dedicated_level="perkada",
        policy__ptsp_required=False,
        villages__enrolled=30.0,
        villages__total=50.0,
    )
    # C: instruksi 20 + no 0 + 20/50 = 40% -> 0: total 20, rank 3 of 3.
    me = cand(
        "me",
        regulation__dedicated_level="instruksi",
        policy__ptsp_required=False,
        villages__enrolled=20.0,
        villages__total=50.0,
    )
    return crit, me, [p1, p2]


def test_rank_now_and_one_indicator_to_the_next_rank():
    crit, me, peers = three_indicators()
    out = P.compare(crit, me, peers)
    assert (out.rank, out.ranked, out.peers) == (3, 3, 2)
    assert out.total == pytest.approx(20.0)
    assert [p.target.rank for p in out.plans] == [2, 1]  # nearest first
    plan = out.plans[0]
    # Rank 2 (P2, 50) needs +30. One indicator alone: reg perkada +10,
    # perda +20; ptsp yes +20; vil 50% (25 villages) +20: none reaches 50.
    # vil 80% = 40 of 50 villages: +40 -> 60 > 50. Cost |40 - 20| / 20 = 1.
    assert plan.status == "reached"
    assert plan.moved == 1
    assert [(c.field, c.before, c.after) for c in plan.changes] == [
        ("villages.enrolled", 20.0, 40.0)
    ]
    assert plan.cost == pytest.approx(1.0)
    assert (plan.rank_after, plan.total_after, plan.tie) == (2, pytest.approx(60.0), "")
    (delta,) = plan.indicators
    assert (delta.indicator.id, delta.points_before, delta.points_after) == ("vil", 0.0, 40.0)


def test_rank_one_needs_everything_and_ties_exactly():
    crit, me, peers = three_indicators()
    plan = P.compare(crit, me, peers).plans[1]
    # Rank 1 (P1, 100): the most is perda 40 + yes 20 + 80% 40 = 100, equal
    # to P1 on every key (no tie-break pillars): the rank is shared, 1.
    # Cost: instruksi -> perda 2 levels + yes 1 + villages 1.0 = 4.
    assert plan.status == "reached"
    assert plan.moved == 3
    assert plan.cost == pytest.approx(4.0)
    assert (plan.rank_after, plan.tie) == (1, "exact-tie")
    assert {c.field: c.after for c in plan.changes} == {
        "regulation.dedicated_level": "perda",
        "policy.ptsp_required": True,
        "villages.enrolled": 40.0,
    }


def tie_break_case():
    """Pillar a: x, outreach events, count cap 10, weight 50 (5 points an
    event). Pillar b: y, yes/no, weight 10. Tie-break: pillar b."""
    cat = category(
        "cat",
        pillar("a", ind("x", 50, CountRule(10), "outreach.events")),
        pillar("b", ind("y", 10, YesNoRule(), "policy.ptsp_required")),
        tie_break=["b"],
    )
    crit = criteria(cat)
    # P: 6 events 30 + no 0: keys (30, 0). Q: 1 event 5 + no 0: (5, 0).
    p = cand("p", outreach__events=6.0, policy__ptsp_required=False)
    q = cand("q", outreach__events=1.0, policy__ptsp_required=False)
    # C: 2 events 10 + yes 10: keys (20, 10), rank 2 of 3.
    me = cand("me", outreach__events=2.0, policy__ptsp_required=True)
    return crit, me, [p, q]


def test_a_tie_at_the_target_is_resolved_by_the_tie_break():
    crit, me, peers = tie_break_case()
    out = P.compare(crit, me, peers)
    assert out.rank == 2
    (plan,) = out.plans
    # Moves of x: the next whole number (3: 25 < 30) and the cap (10: 60).
    # Just enough: 4 events -> 20 + 10 = 30 = P's total; pillar b 10 > 0,
    # so C passes P on the tie-break: rank 1. Cost |4 - 2| / 2 = 1.
    assert [(c.field, c.after) for c in plan.changes] == [("outreach.events", 4.0)]
    assert plan.cost == pytest.approx(1.0)
    assert (plan.rank_after, plan.tie) == (1, "b")
    assert engine_rank(crit, applied(me, plan), peers)[0] == 1


def test_without_just_enough_the_step_is_the_cap():
    crit, me, peers = tie_break_case()
    (plan,) = P.compare(crit, me, peers, trim=False).plans
    # The rule's own step: the cap, 10 events: 50 + 10 = 60; cost 8 / 2 = 4.
    assert [(c.field, c.after) for c in plan.changes] == [("outreach.events", 10.0)]
    assert plan.cost == pytest.approx(4.0)
    assert (plan.rank_after, plan.tie) == (1, "")


def test_three_events_would_not_be_enough():
    # The boundary of the case above: 3 events are 15 points, 15 + 10 = 25
    # < 30, rank 2 still; 4 events (20 + 10 = 30, tie-break won) rank 1.
    crit, me, peers = tie_break_case()
    three = replace(me, values={**me.values, "outreach.events": 3.0})
    assert engine_rank(crit, three, peers) == (2, pytest.approx(25.0))
    four = replace(me, values={**me.values, "outreach.events": 4.0})
    assert engine_rank(crit, four, peers) == (1, pytest.approx(30.0))


def test_the_tie_break_against_the_candidate_needs_a_higher_total():
    # As above but C says no and P yes: P 6 events 30 + yes 10 = (40, 10),
    # Q (5, 0), C 2 events 10 + no 0 = (10, 0), rank 2. One indicator: y
    # yes gives 20 < 40; x: 8 events give 40 = P's total but lose the
    # tie-break (0 < 10), 9 events give 45 > 40: the cap (10) made just
    # enough is 9 events, cost |9 - 2| / 2 = 3.5.
    crit, me, peers = tie_break_case()
    p = replace(peers[0], values={**peers[0].values, "policy.ptsp_required": True})
    me = replace(me, values={**me.values, "policy.ptsp_required": False})
    plan = P.compare(crit, me, [p, peers[1]]).plans[-1]
    assert plan.target.rank == 1
    assert plan.moved == 1
    assert [(c.field, c.after) for c in plan.changes] == [("outreach.events", 9.0)]
    assert plan.cost == pytest.approx(3.5)
    assert (plan.rank_after, plan.tie) == (1, "")


def interview_case():
    """Pillar d: vil, villages enrolled of total, linear 0 -> 100 %, weight
    80. Pillar w: iv, a rubric 1-5, weight 20 (panel scores)."""
    cat = category(
        "cat",
        pillar(
            "d",
            ind(
                "vil",
                80,
                LinearRule(0, 100),
                "villages.enrolled",
                "villages.total",
                kind="ratio",
            ),
        ),
        pillar("w", ind("iv", 20, RubricRule(1, 5), kind="panel")),
    )
    crit = criteria(cat)
    # P: 10/10 villages 80 + interview 5 -> 20: total 100.
    p = cand("p", panel={"iv": (5.0,)}, villages__enrolled=10.0, villages__total=10.0)
    # C: 5/10 villages 40 + interview 1 -> 0: total 40.
    me = cand("me", panel={"iv": (1.0,)}, villages__enrolled=5.0, villages__total=10.0)
    return crit, me, [p]


def test_none_can_within_the_bounds():
    crit, me, peers = interview_case()
    out = P.compare(crit, me, peers)
    (plan,) = out.plans
    # The villages enrolled are at most the villages (10): 80 points at
    # most; the interview is the panel's. 80 + 0 < 100: none can. The
    # bound (40 + 40 = 80 < 100) proves it before any set is scored.
    assert plan.status == "none"
    assert plan.changes == ()
    assert out.evaluations == 0
    assert not out.capped


def test_the_cap_is_said():
    crit, me, peers = three_indicators()
    out = P.compare(crit, me, peers, max_evaluations=2)
    assert out.capped
    assert out.plans[-1].status == "cap"


def test_a_peer_with_the_candidates_id_is_replaced():
    crit, me, peers = three_indicators()
    old = replace(me, values={**me.values, "policy.ptsp_required": True})
    out = P.compare(crit, me, [*peers, old])
    assert (out.rank, out.ranked, out.peers) == (3, 3, 2)


def test_peers_of_other_categories_are_left_out():
    crit, me, peers = three_indicators()
    other = category("other", pillar("p", ind("o", 100, YesNoRule(), "policy.ptsp_required")))
    crit = replace(crit, categories=(*crit.categories, other))
    stranger = cand("x", category_id="other", policy__ptsp_required=True)
    out = P.compare(crit, me, [*peers, stranger])
    assert (out.rank, out.ranked, out.peers) == (3, 3, 2)


def test_first_already():
    crit, me, peers = three_indicators()
    out = P.compare(crit, peers[0], [me, peers[1]])
    assert out.rank == 1
    assert out.plans == ()


def test_moves_stay_within_the_bounds():
    # A percent aims at 120 (Python-built rule, no validation): clamped to
    # 100. Villages enrolled aim at 100% of 10: 10, never more than total.
    cat = category(
        "cat",
        pillar(
            "p",
            ind("share", 50, LinearRule(0, 120), "coverage.non_asn_share"),
            ind("vil", 50, LinearRule(0, 150), "villages.enrolled", "villages.total", kind="ratio"),
        ),
    )
    values = {"coverage.non_asn_share": 50.0, "villages.enrolled": 3.0, "villages.total": 10.0}
    share, vil = P.moves(cat, values)
    assert [m.sets for m in share] == [(("coverage.non_asn_share", 100.0),)]
    assert [m.sets for m in vil] == [(("villages.enrolled", 10.0),)]


def test_band_moves_of_a_lower_is_better_field():
    # Arrears in months: 0 -> 100, 1 -> 60, 2 -> 20, 4 -> 0. From 5 months
    # the value nearest to 5 in each band: [4, inf) 5 itself (no gain, left
    # to the caller), [2, 4) 3, [1, 2) 1, [0, 1) 0.
    rule = BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0)))
    cat = category("cat", pillar("p", ind("arr", 10, rule, "compliance.arrears_months")))
    (arr,) = P.moves(cat, {"compliance.arrears_months": 5.0})
    assert sorted(m.sets[0][1] for m in arr) == [0.0, 1.0, 3.0, 5.0]


def test_cost_model():
    cat, _, _ = three_indicators()
    category_ = cat.categories[0]
    values = {"villages.enrolled": 20.0, "regulation.dedicated_level": "instruksi"}
    # numbers: |40 - 20| / max(|20|, 1) = 1; levels: instruksi -> perda 2.
    assert P._cost(category_, {"villages.enrolled": 40.0}, values) == 1
    assert P._cost(category_, {"regulation.dedicated_level": "perda"}, values) == 2
    # a missing number: 1; a missing level counts as the worst ("none"):
    # none -> perkada is 2 levels; a yes/no: 1; from 0: |3 - 0| / 1 = 3.
    assert P._cost(category_, {"villages.total": 50.0}, values) == 1
    assert P._cost(category_, {"regulation.dedicated_level": "perkada"}, {}) == 2
    assert P._cost(category_, {"policy.ptsp_required": True}, values) == 1
    assert P._cost(category_, {"villages.enrolled": 3.0}, {"villages.enrolled": 0.0}) == 3
    assert P._cost(category_, {"villages.enrolled": 0.5}, {"villages.enrolled": 0.25}) == Fraction(
        1, 4
    )


# --------------------------------------------------------------------------
# Properties: brute force over every combination of moves
# --------------------------------------------------------------------------

TEMPLATES = {
    "reg": lambda w, draw: ind("reg", w, LEVELS, "regulation.dedicated_level"),
    "ptsp": lambda w, draw: ind("ptsp", w, YesNoRule(), "policy.ptsp_required"),
    "events": lambda w, draw: ind(
        "events", w, CountRule(draw(st.integers(2, 5))), "outreach.events"
    ),
    "vil": lambda w, draw: ind(
        "vil",
        w,
        BandsRule((Band(0, 0), Band(50, draw(st.sampled_from([25, 50, 75]))), Band(80, 100))),
        "villages.enrolled",
        "villages.total",
        kind="ratio",
    ),
    "share": lambda w, draw: ind("share", w, LinearRule(0, 100), "coverage.non_asn_share"),
    "iv": lambda w, draw: ind("iv", w, RubricRule(1, 5), kind="panel"),
    "arrears": lambda w, draw: ind(
        "arrears",
        w,
        BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0))),
        "compliance.arrears_months",
    ),
}


def _values(draw, names):
    v: dict[str, object] = {}
    maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
    if "reg" in names:
        v["regulation.dedicated_level"] = maybe(
            st.sampled_from(["perda", "perkada", "instruksi", "none"])
        )
    if "ptsp" in names:
        v["policy.ptsp_required"] = maybe(st.booleans())
    if "events" in names:
        v["outreach.events"] = maybe(st.integers(0, 6).map(float))
    if "vil" in names:
        v["villages.total"] = draw(st.integers(1, 12).map(float))
        v["villages.enrolled"] = maybe(st.integers(0, int(v["villages.total"])).map(float))
    if "share" in names:
        v["coverage.non_asn_share"] = maybe(st.integers(0, 100).map(float))
    if "arrears" in names:
        v["compliance.arrears_months"] = maybe(st.integers(0, 6).map(float))
    return {k: x for k, x in v.items() if x is not None}


@st.composite
def small_cases(draw):
    names = draw(st.lists(st.sampled_from(sorted(TEMPLATES)), min_size=2, max_size=3, unique=True))
    weights = [draw(st.integers(1, 20)) for _ in names]
    inds = [TEMPLATES[n](w, draw) for n, w in zip(names, weights)]
    two = len(inds) == 3 and draw(st.booleans())
    pillars = [pillar("a", *inds[:2]), pillar("b", inds[2])] if two else [pillar("a", *inds)]
    cat = category("cat", *pillars, tie_break=["b"] if two else [])
    n_peers = draw(st.integers(2, 4))

    def one(cid):
        # the interview, when there is one, is scored for everyone (complete)
        panel = {"iv": (float(draw(st.integers(1, 5))),)} if "iv" in names else {}
        return replace(cand(cid), values=_values(draw, names), panel_scores=panel)

    peers = [one(f"p{k}") for k in range(n_peers)]
    return criteria(cat), one("me"), peers


def brute_force(crit, me, peers, target_rank, options):
    """The fewest moves, then the least cost, over every combination of
    the moves (one or none per indicator), each rescored by the engine."""
    best = None
    choices = [[None, *ms] for _, ms in options]
    for pick in itertools.product(*choices):
        chosen = [m for m in pick if m is not None]
        sets: dict[str, object] = {}
        clash = False
        for m in chosen:
            for name, value in m.sets:
                clash |= name in sets and sets[name] != value
                sets[name] = value
        if clash:
            continue
        changed = replace(me, values={**me.values, **sets})
        r, _ = engine_rank(crit, changed, peers)
        if 0 < r <= target_rank:
            key = (len(chosen), P._cost(crit.categories[0], sets, me.values))
            if best is None or key < best:
                best = key
    return best


def step_space(crit, me, peers):
    """The search's own moves (those that raise the indicator's score)."""
    cat = crit.categories[0]
    result = rank(crit, [*peers, me]).results[0]
    row = next(i for i, c in enumerate(result.candidates) if c.id == me.id)
    model = P._Model(cat, result.stage, [col.raw[row] for col in result.indicators])
    return P._Search(cat, model, dict(me.values), P.MAX_EVALUATIONS).options


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases())
def test_smallest_set_equals_brute_force(case):
    crit, me, peers = case
    out = P.compare(crit, me, peers, trim=False)
    assert out.rank == engine_rank(crit, me, peers)[0]
    options = step_space(crit, me, peers)
    for plan in out.plans:
        expected = brute_force(crit, me, peers, plan.target.rank, options)
        if expected is None:
            assert plan.status == "none"
            continue
        assert plan.status == "reached"
        assert (plan.moved, Fraction(plan.cost).limit_denominator(10**6)) == (
            expected[0],
            expected[1].limit_denominator(10**6),
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases())
def test_applying_a_plan_gives_exactly_the_promised_rank(case):
    crit, me, peers = case
    untrimmed = {p.target.rank: p for p in P.compare(crit, me, peers, trim=False).plans}
    for plan in P.compare(crit, me, peers).plans:
        if plan.status != "reached":
            assert untrimmed[plan.target.rank].status == plan.status
            continue
        r, total = engine_rank(crit, applied(me, plan), peers)
        assert (r, total) == (plan.rank_after, plan.total_after)
        assert r <= plan.target.rank
        # just enough never costs more, nor changes more indicators
        assert plan.moved == untrimmed[plan.target.rank].moved
        assert plan.cost <= untrimmed[plan.target.rank].cost + 1e-12


# --------------------------------------------------------------------------
# The command line, on the sample candidates (kabupaten-kota, stage dokumen)
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "candidates"
MEMPAWAH = SAMPLES / "kabupaten-mempawah.yaml"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result


def against_part(output: str, title: str) -> str:
    assert title in output
    return output[output.index(title) :]


def test_cli_against_in_bahasa_indonesia():
    result = run("improve", str(MEMPAWAH), "--against", str(SAMPLES))
    assert result.exit_code == 0, result.output
    out = against_part(result.output, "Dibandingkan dengan peserta lain")
    # Stage dokumen (80 points): Langsa 21,58, Medan 9,70, Padang Sidempuan
    # 0,33, Mempawah 0,00 (every input it has is missing or lacks its
    # total): rank 4 of 4, inside the shortlist of 5.
    assert "Pemerintah Kabupaten/Kota, tahap Penilaian dokumen" in out
    assert "Peringkat sekarang: 4 dari 4 (total 0,00 dari 80,00)" in out
    assert "Daftar pendek: 5 besar; sudah masuk." in out
    rank3, rank2, rank1 = (out[out.index(f"Peringkat {r} (") :].split("\n\n")[0] for r in (3, 2, 1))
    # Rank 3: Padang Sidempuan's 0,33 is one outreach event (4 points / 12).
    # One event for Mempawah (a missing number given: cost 1) gives 0,33
    # too, and every tie-break pillar is equal (cakupan 0, regulasi 0,
    # anggaran 0, inovasi 0,33): an exact tie, rank 3 shared.
    assert "1 indikator diubah (biaya 1)" in rank3
    assert "0,00 → 0,33 poin (+0,33)" in rank3
    assert "peringkat tercapai: 3, total 0,33; sama persis di setiap kunci" in rank3
    # Rank 2: Medan 9,70. Alone, only the dedicated regulation (weight 10)
    # is worth more and can move (APBD, 10, and the coverage ratio, 12,
    # have both their values missing: nothing to compute from). Perda: 10
    # points (perkada 7,5 is short); a missing level counts as the worst,
    # none -> perda: cost 3.
    assert "1 indikator diubah (biaya 3)" in rank2
    assert "Perda" in rank2
    assert "0,00 → 10,00 poin (+10,00)" in rank2
    assert "peringkat tercapai: 2, total 10,00" in rank2
    # Rank 1: Langsa 21,58. Two indicators give at most 10 + 8 = 18: three
    # are needed, the regulation among them (without it 8 + 5 + 5 = 18):
    # cost 3 + 1 + 1 = 5.
    assert "peringkat teratas" in rank1
    assert "3 indikator diubah (biaya 5)" in rank1
    assert "peringkat tercapai: 1" in rank1
    assert "Setiap usulan sudah dinilai ulang" in out


def test_cli_against_in_english():
    result = run("improve", str(MEMPAWAH), "--against", str(SAMPLES), "--lang", "en")
    assert result.exit_code == 0, result.output
    out = against_part(result.output, "Against the others: Regency/City Government")
    assert "Rank now: 4 of 4 (total 0.00 of 80.00)" in out
    assert "Shortlist: the top 5; already in." in out
    assert "rank reached: 2, total 10.00" in out
    assert "equal on every key: the rank is shared" in out


def test_cli_against_without_dir_reads_the_candidates_folder(tmp_path, monkeypatch):
    shutil.copytree(SAMPLES, tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    result = run("improve", "candidates/kota-langsa.yaml", "--against")
    assert result.exit_code == 0, result.output
    out = against_part(result.output, "Dibandingkan dengan peserta lain")
    # Langsa leads the stage: nothing higher to reach.
    assert "Peringkat sekarang: 1 dari 4" in out
    assert "Sudah peringkat 1." in out


def test_cli_against_a_revised_copy_replaces_the_old_version(tmp_path):
    # Mempawah's file copied elsewhere (same id) against the samples, which
    # hold the old version: compared once, as the copy.
    copy = tmp_path / "mempawah.yaml"
    copy.write_bytes(MEMPAWAH.read_bytes())
    result = run("improve", str(copy), "--against", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert "Peringkat sekarang: 4 dari 4" in result.output


def test_cli_against_with_what_if(tmp_path):
    # --set policy.ptsp_required=ya: 5 points (PTSP, weight 5): Mempawah
    # passes Padang Sidempuan (0,33): rank 3 of 4; the file is not written.
    before = MEMPAWAH.read_bytes()
    result = run(
        "improve", str(MEMPAWAH), "--set", "policy.ptsp_required=ya", "--against", str(SAMPLES)
    )
    assert result.exit_code == 0, result.output
    assert "Peringkat sekarang: 3 dari 4 (total 5,00 dari 80,00)" in result.output
    assert MEMPAWAH.read_bytes() == before


def test_cli_against_a_missing_folder_is_an_error(tmp_path):
    result = run("improve", str(MEMPAWAH), "--against", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "nowhere" in result.output


# --------------------------------------------------------------------------
# Stages, and the words of the cases without a plan
# --------------------------------------------------------------------------


def staged_interview_case():
    """interview_case with stages: dokumen (pillar d, shortlist 1), then
    wawancara (d and w, shortlist 1)."""
    crit, me, peers = interview_case()
    cat = crit.categories[0]
    stages = (
        Stage("dokumen", Text("Dokumen", "Documents"), ("d",), 1),
        Stage("wawancara", Text("Wawancara", "Interview"), ("d", "w"), 1),
    )
    return replace(crit, categories=(replace(cat, stages=stages),)), me, peers


def test_not_an_entrant_of_the_ranking_stage_compares_in_the_stage_before():
    crit, me, peers = staged_interview_case()
    out = P.compare(crit, me, peers)
    # dokumen: P 80 rank 1, C 40 rank 2; the shortlist of 1 sends only P
    # to wawancara, the stage the ranking uses (P is complete there). C is
    # not in it: compared in dokumen, where it is rank 2 of 2.
    assert (out.stage.id, out.stage_instead_of) == ("dokumen", "wawancara")
    assert (out.rank, out.ranked, out.total, out.max_total) == (2, 2, 40.0, 80.0)
    (plan,) = out.plans
    # Rank 1 is the shortlist: 10 of 10 villages give 80 = P's 80, equal on
    # every key (no tie-break): rank 1 shared, both pass. Cost 5 / 5 = 1.
    assert plan.target.shortlist and plan.target.first
    assert [(c.field, c.after) for c in plan.changes] == [("villages.enrolled", 10.0)]
    assert (plan.rank_after, plan.tie, plan.cost) == (1, "exact-tie", 1.0)
    text = peers_text(out, "en")
    assert "(not ranked in stage wawancara: compared in the stage before)" in text
    assert "Rank 1 (p, total 80.00), enters the shortlist, the top rank:" in text
    assert "Shortlist: the top 1." in text


def test_pending_in_every_stage_is_not_ranked():
    crit, me, peers = interview_case()
    me = replace(me, panel_scores={})  # no interview yet: pending
    out = P.compare(crit, me, peers)
    # One stage of every pillar, the interview included: C is incomplete,
    # so it has no rank, and no plan is sought.
    assert (out.rank, out.unranked_reason, out.plans) == (0, "pending", ())
    assert "Belum berperingkat: ada butir tahap ini yang belum dinilai" in peers_text(out)


def test_words_of_none_and_cap():
    crit, me, peers = interview_case()
    text = peers_text(P.compare(crit, me, peers), "en")
    assert "Rank 1 (p, total 100.00), the top rank:" in text
    assert "none can within the values' bounds" in text
    crit, me, peers = three_indicators()
    text = peers_text(P.compare(crit, me, peers, max_evaluations=2))
    assert "tidak ditemukan sebelum batas pencarian" in text
    assert "Pencarian dihentikan setelah 2 kombinasi" in text


def test_hostile_names_are_escaped():
    crit, me, peers = three_indicators()
    peers = [replace(peers[1], name="P2\x1b[31m\u202e"), peers[0]]
    text = peers_text(P.compare(crit, me, peers))
    assert "\x1b" not in text and "\u202e" not in text
    assert "P2\\x1b[31m\\u202e" in text


def test_growth_and_fallback_moves():
    # Growth of active members, linear 0% -> 0, 20% -> 100: from 1000 the
    # year before, 20% is 1000 * 1.2 = 1200 members. A ratio whose total is
    # missing moves its fallback percent instead: its target, 100.
    cat = category(
        "cat",
        pillar(
            "p",
            ind(
                "growth",
                10,
                LinearRule(0, 20),
                "coverage.active_members",
                "coverage.active_members_previous",
                kind="growth",
            ),
            ind(
                "non_asn",
                10,
                LinearRule(0, 100),
                "coverage.non_asn_registered",
                "coverage.non_asn_total",
                kind="ratio",
                fallback="coverage.non_asn_share",
            ),
        ),
    )
    values = {
        "coverage.active_members": 1050.0,
        "coverage.active_members_previous": 1000.0,
        "coverage.non_asn_registered": 891.0,
    }
    growth, non_asn = P.moves(cat, values)
    assert [m.sets for m in growth] == [(("coverage.active_members", 1200.0),)]
    assert [m.sets for m in non_asn] == [(("coverage.non_asn_share", 100.0),)]


def test_the_report_words_the_comparison_as_the_terminal_does():
    # The PDF report (improve_pdf.peers_context) and the terminal
    # (peers_text) word the rank now, each target and its result with the
    # same words and the same numbers, in both languages.
    from paritrana.scoring.render.fmt import Formatter
    from paritrana.scoring.render.improve_pdf import peers_context

    crit, me, peers = three_indicators()
    out = P.compare(crit, me, peers)
    assert out.plans
    for lang in ("id", "en"):
        text = peers_text(out, lang)
        ctx = peers_context(out, lang, Formatter(lang))
        assert ctx["rank_text"] in text
        for target in ctx["targets"]:
            assert target["label"] in text
            assert target["state"] in text
            assert target["result"] in text


def test_a_tie_on_a_pillar_is_worded_by_its_label_on_the_terminal_and_in_the_report():
    # Both outputs word each line with advice_peers' functions: the
    # terminal wrote the pillar's id here where the report wrote its label.
    from paritrana.scoring.render.fmt import Formatter
    from paritrana.scoring.render.improve_pdf import peers_context

    crit, me, peers = three_indicators()
    out = P.compare(crit, me, peers)
    reached = next(p for p in out.plans if p.status == "reached")
    cat = out.category
    named = replace(cat, pillars=(replace(cat.pillars[0], label=Text("Kepatuhan", "Compliance")),))
    tied = replace(out, category=named, plans=(replace(reached, tie="p"),))
    expected = "equal totals; ahead on the pillar Compliance (the tie-break)"
    assert expected in peers_text(tied, "en")
    [target] = peers_context(tied, "en", Formatter("en"))["targets"]
    assert target["result"].endswith("; " + expected)
    assert "ahead on the pillar p " not in peers_text(tied, "en")


def test_with_no_peers_the_terminal_and_the_report_both_say_so():
    # Alone in its category a candidate is rank 1 of 1: the terminal said
    # "no other candidate", the report "Rank now: 1 of 1 ... Already first".
    from paritrana.scoring.render.fmt import Formatter
    from paritrana.scoring.render.improve_pdf import peers_context

    crit, me, _peers = three_indicators()
    out = P.compare(crit, me, [])
    assert (out.peers, out.plans) == (0, ())
    for lang, said in (
        ("en", "No other candidate of this category to compare with."),
        ("id", "Tidak ada peserta lain di kategori ini untuk dibandingkan."),
    ):
        assert said in peers_text(out, lang).splitlines()
        ctx = peers_context(out, lang, Formatter(lang))
        assert ctx["rank_text"] == said
        assert ctx["notes"] == [] and ctx["targets"] == []


def test_an_unranked_candidate_gets_no_shortlist_line_on_the_terminal_nor_in_the_report():
    # Not ranked (an interview item not scored yet): where it stands is the
    # reason, and there is no "outside the shortlist" line in either output.
    from paritrana.scoring.render.fmt import Formatter
    from paritrana.scoring.render.improve_pdf import peers_context

    crit, me, peers = three_indicators()
    out = replace(
        P.compare(crit, me, peers), rank=0, unranked_reason="pending", shortlist=2, plans=()
    )
    said = "Not ranked: an item of this stage is not scored yet (the interview)"
    text = peers_text(out, "en")
    ctx = peers_context(out, "en", Formatter("en"))
    assert ctx["rank_text"].startswith(said) and said in text
    assert ctx["notes"] == []
    assert "shortlist" not in text
