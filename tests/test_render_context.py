"""Formatting, labels and template contexts, without rendering a PDF.

Expected values are worked out by hand in tests/render_helpers.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from paritrana.scoring.audit import audit_hash
from paritrana.scoring.errors import ParitranaError
from paritrana.scoring.model import Evidence
from paritrana.scoring.render import i18n
from paritrana.scoring.render.context import (
    ranklist_context,
    scorecard_context,
    tie_break_text,
)
from paritrana.scoring.render.fmt import Formatter, round_half_up
from paritrana.scoring.render.templating import css_string, render_html
from render_helpers import EVIL, make_candidates, make_hostile, make_ranking

DAY = date(2022, 4, 8)


# --------------------------------------------------------------------------
# Formatter
# --------------------------------------------------------------------------


def test_formatter_indonesian() -> None:
    f = Formatter("id")
    assert f.count(2234) == "2.234"
    assert f.money(484646400) == "Rp 484.646.400"
    assert f.percent(67.5) == "67,5%"
    assert f.points(84.85) == "84,85"
    assert f.points(100) == "100,00"
    assert f.score(62.5) == "62,5"
    assert f.date(DAY) == "8 April 2022"
    assert f.value(1854, "orang") == "1.854 orang"
    assert f.value(True) == "ya"
    assert f.value("perda") == "Perda/Qanun"
    assert f.points(math.nan) == "\u2013"
    assert f.value(None, "Rp") == "\u2013"


def test_formatter_english() -> None:
    f = Formatter("en")
    assert f.count(2234) == "2,234"
    assert f.money(484646400) == "Rp 484,646,400"
    assert f.percent(67.5) == "67.5%"
    assert f.points(84.85) == "84.85"
    assert f.date(DAY) == "April 8, 2022"
    assert f.value(1854, "orang") == "1,854 people"
    assert f.value(False) == "no"


def test_rounding_is_half_up_on_the_printed_decimal() -> None:
    # 84.845 is stored as 84.84499999...; a person rounds the printed 84.845 up.
    assert round_half_up(84.845) == 84.85
    assert Formatter("id").points(84.845) == "84,85"
    assert Formatter("en").points(0.125) == "0.13"


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="'id' or 'en'"):
        Formatter("fr")  # type: ignore[arg-type]


def test_every_label_in_both_languages() -> None:
    for key, (id_text, en_text) in i18n.LABELS.items():
        assert id_text.strip() and en_text.strip(), key
    assert i18n.labels("id").keys() == i18n.labels("en").keys()


# --------------------------------------------------------------------------
# Scorecard context
# --------------------------------------------------------------------------


def _rows(ctx: dict) -> dict[str, dict]:
    return {i["id"]: i for p in ctx["pillars"] for i in p["indicators"]}


def test_scorecard_context_totals_and_rank() -> None:
    ranking = make_ranking()
    res = ranking.results[0]
    assert [c.id for c in res.candidates] == [
        "kota-alfa",
        "kabupaten-beta",
        "kota-gamma",
    ]
    ctx = scorecard_context(ranking, res, 0, "id", DAY)
    assert ctx["candidate"]["name"] == "Pemerintah Kota Alfa"
    assert ctx["total_text"] == "78,80"  # 78.79794, see render_helpers
    # Beta and Gamma await the interview, so they are incomplete in the one
    # stage of every pillar and not ranked: Alfa is 1 of the 1 complete.
    assert ctx["rank_text"] == "1 dari 1"
    assert [p["points_text"] for p in ctx["pillars"]] == [
        "17,00",
        "26,13",
        "19,00",
        "16,67",
    ]
    assert not ctx["pending"]
    rows = _rows(ctx)
    assert rows["non_asn"]["raw_text"] == (
        "Pegawai non-ASN terdaftar: 2.234 orang; Pegawai non-ASN: 2.500 orang"
    )
    assert rows["non_asn"]["derived_text"] == "89,36%"
    assert rows["non_asn"]["evidence"] == ["seed-003 hlm. 1"]
    # Built in code, not validated: nothing says which regulation gave the
    # level, and the scorecard does not guess (the validator decides).
    assert rows["regulasi_khusus"]["regulations"] == []
    assert rows["regulasi_khusus"]["evidence"] == []
    assert rows["wawancara"]["raw_text"] == "skor panel: 4, 5, 4"
    assert rows["desa"]["rule_text"] == "linier: 0% → 0, 100% → 100"
    assert ctx["generated_text"] == "8 April 2022"
    assert ctx["audit_hash"] == audit_hash(ranking.criteria, res.candidates)

    en = scorecard_context(ranking, res, 0, "en", DAY)
    assert en["total_text"] == "78.80"
    assert en["rank_text"] == "1 of 1"
    assert _rows(en)["non_asn"]["raw_text"] == (
        "Non-ASN staff registered: 2,234 people; Non-ASN staff: 2,500 people"
    )


def test_scorecard_shows_what_the_validator_recorded() -> None:
    """The regulations and evidence of a derived value are the ones the
    candidate records for it (Candidate.derived_from, Candidate.evidence),
    not every regulation the candidate has."""
    gamma, alfa, beta = make_candidates()
    qanun = alfa.regulations[0]
    other = replace(qanun, type="perwal", number="34", year=2014, evidence=Evidence("seed-009"))
    alfa = replace(
        alfa,
        regulations=(other, qanun),
        derived_from={"regulation.dedicated_level": (qanun,), "policy.ptsp_required": (other,)},
        evidence={
            **alfa.evidence,
            "regulation.dedicated_level": (Evidence("seed-000"),),
            "policy.ptsp_required": (Evidence("seed-009", "4"),),
        },
    )
    ranking = make_ranking([gamma, alfa, beta])
    index = [c.id for c in ranking.results[0].candidates].index("kota-alfa")
    rows = _rows(scorecard_context(ranking, ranking.results[0], index, "id", DAY))
    assert rows["regulasi_khusus"]["regulations"] == ["Qanun 5/2019"]
    assert rows["regulasi_khusus"]["evidence"] == ["seed-000"]
    assert rows["ptsp"]["regulations"] == ["Perwal 34/2014"]
    assert rows["ptsp"]["evidence"] == ["seed-009 hlm. 4"]


def test_scorecard_context_missing_and_pending() -> None:
    ranking = make_ranking()
    res = ranking.results[0]
    beta = scorecard_context(ranking, res, 1, "en", DAY)
    assert beta["total_text"] == "36.53"  # 7.5 + 28.2 + 0.8333
    assert beta["pending"] and beta["max_total_text"] == "80.00"
    rows = _rows(beta)
    # Villages missing under `reweight`: its 15 went to non-ASN (15 -> 30).
    assert rows["desa"]["status"] == "missing"
    assert rows["desa"]["policy_text"].startswith("missing-value policy: reweight")
    assert rows["non_asn"]["weight_text"] == "30"
    assert rows["non_asn"]["nominal_weight_text"] == "15"
    assert (
        rows["non_asn"]["raw_text"] == "Non-ASN staff registered: \u2013; Non-ASN staff: \u2013; "
        "Share of non-ASN staff registered: 94%"
    )
    assert rows["wawancara"]["status"] == "pending"
    assert rows["wawancara"]["status_tag"] == "PENDING"

    gamma = scorecard_context(ranking, res, 2, "id", DAY)
    rows = _rows(gamma)
    assert gamma["missing_count"] == 6 and gamma["total_text"] == "8,00"
    assert rows["regulasi_khusus"]["status_tag"] == "TIDAK ADA DATA"
    assert rows["regulasi_khusus"]["score_text"] == "0"  # zero policy: scored 0
    assert "nol" in rows["regulasi_khusus"]["policy_text"]
    # Reweight with nobody to share with: the pillar scores 0 (engine doc).
    assert rows["desa"]["policy_text"] == i18n.labels("id")["policy_reweight_all"]
    assert (gamma["rank"], gamma["rank_text"]) == (None, "")  # incomplete: not ranked
    assert gamma["stage"]["status"] == "Belum lengkap: tidak diberi peringkat pada tahap ini"


def test_chart_geometry() -> None:
    ranking = make_ranking()
    res = ranking.results[0]
    chart = scorecard_context(ranking, res, 1, "id", DAY)["chart"]
    rows = chart["rows"]
    assert len(rows) == 4
    for r in rows:
        assert 0 <= r["w_points"] <= r["w_max"]
    # Regulasi 7.50 of 20 with the scale at 30 (largest pillar): 330 * 20/30 = 220.
    bar_w = chart["width"] - 190 - 110
    assert rows[0]["w_max"] == pytest.approx(bar_w * 20 / 30, abs=0.01)
    assert rows[0]["w_points"] == pytest.approx(bar_w * 7.5 / 30, abs=0.01)
    # Interview pending: the whole bar is hatched.
    assert rows[3]["w_pending"] == rows[3]["w_max"]
    assert rows[0]["w_pending"] == 0


def test_single_candidate_has_no_rank_of() -> None:
    from render_helpers import make_candidates

    ranking = make_ranking(make_candidates()[:1])
    ctx = scorecard_context(ranking, ranking.results[0], 0, "id", DAY)
    assert ctx["rank_text"] == ""


# --------------------------------------------------------------------------
# Ranked list context
# --------------------------------------------------------------------------


def test_ranklist_context() -> None:
    ranking = make_ranking()
    ctx = ranklist_context(ranking, "id", None, DAY)
    (section,) = ctx["sections"]
    rows = section["rows"]
    assert [r["name"] for r in rows] == [
        "Pemerintah Kota Alfa",
        "Pemerintah Kabupaten Beta",
        "Pemerintah Kota Gamma",
    ]
    # Only Alfa is complete (Beta's and Gamma's interviews are pending):
    # ranked 1 and shortlisted (the shortlist of 2 has 1 complete candidate);
    # the others follow unranked, marked incomplete.
    assert [r["rank"] for r in rows] == [1, None, None]
    assert [r["rank_text"] for r in rows] == ["1", "\u2013", "\u2013"]
    assert [r["total_text"] for r in rows] == ["78,80", "36,53", "8,00"]
    assert [r["shortlisted"] for r in rows] == [True, False, False]
    assert [r["first_incomplete"] for r in rows] == [False, True, False]
    assert rows[0]["pillars"] == ["17,00", "26,13", "19,00", "16,67"]
    assert [r["flags"] for r in rows] == ["", "belum lengkap M1 P S", "belum lengkap M6 P"]
    assert rows[1]["max_total_text"] == "80,00"
    assert "Cakupan kepesertaan, lalu Regulasi" in section["tie_break"]
    en = tie_break_text(ranking.results[0], "en")
    assert "Coverage, then Regulation" in en and "(1, 2, 2, 4)" in en


def test_ranklist_unknown_category() -> None:
    with pytest.raises(ParitranaError, match="provinsi"):
        ranklist_context(make_ranking(), "id", ["provinsi"], DAY)


# --------------------------------------------------------------------------
# Templates: autoescaped, strict
# --------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_html() -> None:
    from paritrana.scoring.rank.ranking import rank
    from render_helpers import make_criteria

    ranking = rank(make_criteria(), [make_hostile()])
    ctx = scorecard_context(ranking, ranking.results[0], 0, "id", DAY)
    html = render_html("scorecard.html.j2", ctx)
    body = html.split("<body", 1)[1]
    assert "<script" not in body and "<img" not in body and "<link" not in body
    assert "<a " not in body and "<style" not in body and "<image" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "{{ 7*7 }}" in html  # data is never evaluated as a template
    ranklist = render_html("ranklist.html.j2", ranklist_context(ranking, "en", None, DAY))
    assert "<script" not in ranklist.split("<body", 1)[1]
    assert EVIL not in html


def test_css_string_escapes_everything_risky() -> None:
    out = str(css_string('a"b\\c</style><script>\n'))
    assert out.startswith('"') and out.endswith('"')
    assert "<" not in out and "\n" not in out and '"' not in out[1:-1]
    assert str(css_string("Halaman")) == '"Halaman"'


def test_strict_undefined() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        render_html("scorecard.html.j2", {"lang": "id"})
