"""Numbers in every output: total formatters, the meaning of exported values, plurals."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.model import Band, BandsRule, CountRule
from paritrana.scoring.render.context import ranklist_context, scorecard_context
from paritrana.scoring.render.export import ranking_csv, ranking_json
from paritrana.scoring.render.fmt import DASH, Formatter, round_half_up
from paritrana.scoring.render.table import breakdown, ranking_table
from paritrana.scoring.render.wording import describe_rule
from paritrana.scoring.render.xlsx import ranking_xlsx
from render_helpers import make_candidates, make_ranking

DAY = date(2022, 4, 8)
FORMATTERS = (Formatter("id"), Formatter("en"))
METHODS = ("count", "number", "money", "percent", "points", "score", "weight")


# --------------------------------------------------------------------------
# Formatters are total
# --------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_formatter_is_total_over_every_float(x: float) -> None:
    for f in FORMATTERS:
        for name in METHODS:
            text = getattr(f, name)(x)
            assert isinstance(text, str) and text
            if not math.isfinite(x):
                assert text == DASH
            else:
                assert "E" not in text and "e" not in text  # never an exponent
        for unit in ("", "Rp", "%", "orang", "regulasi"):
            assert f.value(x, unit)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e308, max_value=1e308, allow_nan=False))
def test_printed_whole_number_is_the_decimal_of_the_float(x: float) -> None:
    # count() prints the float's own decimal (repr), rounded half-up to a
    # whole number, every digit: grouping removed, it reads back as that number.
    from decimal import ROUND_HALF_UP, Context, Decimal

    text = Formatter("en").count(x).replace(",", "")
    exact = Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=Context(prec=400))
    assert Decimal(text) == exact or (exact == 0 and text == "0")


def test_extreme_values_by_hand() -> None:
    f = Formatter("id")
    # 1e26 has 27 digits: 100.000.000.000.000.000.000.000.000 (9 groups of 3 after "100")
    assert f.money(1e26) == "Rp 100" + ".000" * 8
    assert f.points(1e26) == "100" + ".000" * 8 + ",00"
    assert f.value(1e26, "orang") == "100" + ".000" * 8 + " orang"
    assert Formatter("en").percent(1e26) == "100" + ",000" * 8 + "%"
    assert f.points(5e-324) == "0,00" and f.points(-0.001) == "0,00"  # never "-0,00"
    assert f.count(-2.5) == "-3"  # half-up, away from zero
    for bad in (math.inf, -math.inf, math.nan, None):
        assert f.points(bad) == DASH and f.value(bad, "Rp") == DASH
    assert math.isinf(round_half_up(math.inf)) and math.isnan(round_half_up(math.nan))


def test_huge_value_renders_everywhere() -> None:
    """`villages: {total: {value: 1.0e+26}}` used to end in InvalidOperation."""
    gamma, alfa, beta = make_candidates()
    values = dict(alfa.values) | {"villages.total": 1e26, "coverage.non_asn_total": 1.7e308}
    ranking = make_ranking([gamma, replace(alfa, values=values), beta])
    res = ranking.results[0]
    i = [c.id for c in res.candidates].index("kota-alfa")
    ctx = scorecard_context(ranking, res, i, "id", DAY)
    rows = {r["id"]: r for p in ctx["pillars"] for r in p["indicators"]}
    assert "Desa" in rows["desa"]["raw_text"] and "100" + ".000" * 8 in rows["desa"]["raw_text"]
    text = breakdown(ranking, "id")
    assert "100" + ".000" * 8 in text
    assert ranking_table(ranking, "en")
    assert json.loads(ranking_json(ranking, "0" * 64))
    assert ranking_csv(ranking)
    assert ranking_xlsx(ranking, "id", DAY)[:2] == b"PK"
    assert ranklist_context(ranking, "en", None, DAY)["sections"]


# --------------------------------------------------------------------------
# What exported numbers mean (docs/outputs.md, "What the numbers mean")
# --------------------------------------------------------------------------


def _json_indicators() -> dict[str, dict[str, dict]]:
    doc = json.loads(ranking_json(make_ranking(), "0" * 64))
    return {
        c["id"]: {i["id"]: i for i in c["indicators"]} for c in doc["categories"][0]["candidates"]
    }


def test_ordinal_derived_is_the_level_name() -> None:
    ind = _json_indicators()
    # Alfa: perda scores 100 x weight 10 / 100 = 10 points.
    assert ind["kota-alfa"]["regulasi_khusus"] | {"evidence": []} == {
        "id": "regulasi_khusus",
        "pillar": "regulasi",
        "raw": "perda",
        "derived": "perda",
        "score": 100.0,
        "weight": 10.0,
        "nominal_weight": 10,
        "points": 10.0,
        "status": "ok",
        "missing_policy": "zero",
        "evidence": [],
    }
    assert ind["kabupaten-beta"]["regulasi_khusus"]["derived"] == "perkada"
    assert ind["kota-gamma"]["regulasi_khusus"]["derived"] is None  # missing
    # yes/no: 1 for yes, 0 for no
    assert ind["kota-alfa"]["ptsp"]["derived"] == 1.0
    assert ind["kabupaten-beta"]["ptsp"]["derived"] == 0.0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(ranking_csv(make_ranking())))}
    assert rows["kota-alfa"]["regulasi_khusus.derived"] == "perda"
    assert rows["kabupaten-beta"]["regulasi_khusus.derived"] == "perkada"
    assert rows["kota-gamma"]["regulasi_khusus.derived"] == ""
    assert rows["kota-alfa"]["ptsp.derived"] == "1"  # a whole number without ".0" (docs/outputs.md)


def test_weight_is_the_effective_weight_as_the_engine_computes_it() -> None:
    ind = _json_indicators()
    # Beta: villages missing under `reweight`, non-ASN ok in the same pillar:
    # the 15 go to non-ASN (15 + 15 = 30); villages drop to 0.
    assert ind["kabupaten-beta"]["non_asn"]["weight"] == 30.0
    assert ind["kabupaten-beta"]["desa"]["weight"] == 0.0
    # Gamma: both cakupan indicators missing, nobody to share with: villages
    # (reweight) keeps its nominal 15, non-ASN (zero) its 15; both earn 0.
    assert ind["kota-gamma"]["desa"] | {"evidence": []} == {
        "id": "desa",
        "pillar": "cakupan",
        "raw": [None, None],
        "derived": None,
        "score": None,
        "weight": 15.0,
        "nominal_weight": 15,
        "points": 0.0,
        "status": "missing",
        "missing_policy": "reweight",
        "evidence": [],
    }
    assert ind["kota-gamma"]["non_asn"]["weight"] == 15.0
    # Pending interview: weight 0, and out of max_total (100 - 20 = 80).
    assert ind["kabupaten-beta"]["wawancara"]["weight"] == 0.0
    assert ind["kabupaten-beta"]["wawancara"]["status"] == "pending"


def test_csv_raw_parts_and_missing() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(ranking_csv(make_ranking())))}
    # The parts as the engine's columns hold them (float64), written as the
    # CSV writes every number (docs/outputs.md): 56 and 66 written, 56/66.
    assert rows["kota-alfa"]["desa.raw"] == "56/66"
    assert rows["kota-gamma"]["desa.raw"] == ""  # nothing given
    assert rows["kabupaten-beta"]["non_asn.raw"] == "//94"  # only the fallback share
    assert rows["kabupaten-beta"]["non_asn.derived"] == "94"


# --------------------------------------------------------------------------
# English plurals
# --------------------------------------------------------------------------


def test_units_singular_for_one_in_english() -> None:
    en, id_ = Formatter("en"), Formatter("id")
    assert en.value(1, "kegiatan") == "1 event"
    assert en.value(1.0, "orang") == "1 person"
    assert en.value(1.004, "regulasi") == "1 regulation"  # prints as 1
    assert en.value(1.5, "regulasi") == "1.5 regulations"
    assert en.value(0, "desa") == "0 villages"
    assert en.value(2, "inovasi") == "2 innovations"
    assert en.value(1, "per 100 pekerja") == "1 per 100 workers"
    assert id_.value(1, "kegiatan") == "1 kegiatan" and id_.value(2, "orang") == "2 orang"
    rule = BandsRule((Band(0.1, 10), Band(1, 40), Band(11, 70), Band(2001, 100)))
    assert describe_rule(rule, "inovasi", "en", en) == (
        "bands: <0.1 innovations → 0; ≥0.1 innovations → 10; ≥1 innovation → 40;"
        " ≥11 innovations → 70; ≥2,001 innovations → 100"
    )
    assert describe_rule(CountRule(1), "regulasi", "en", en) == "count, cap 1 regulation"


def test_no_count_with_a_plural_noun_for_one_in_english_outputs() -> None:
    gamma, alfa, beta = make_candidates()
    one = replace(
        alfa, values=dict(alfa.values) | {"outreach.events": 1, "regulation.supporting_count": 1}
    )
    ranking = make_ranking([one])
    res = ranking.results[0]
    ctx = scorecard_context(ranking, res, 0, "en", DAY)
    texts = [
        r[k]
        for p in ctx["pillars"]
        for r in p["indicators"]
        for k in ("raw_text", "derived_text", "rule_text")
    ]
    texts.append(breakdown(ranking, "en"))
    lists = ranklist_context(ranking, "en", None, DAY)
    assert lists["sections"][0]["count_text"] == "candidate"  # "(1 candidate)"
    plural = re.compile(
        r"(?<![\d.,])1 (people|villages|months|regulations|innovations|"
        r"events|programmes|vendors|candidates)\b"
    )
    for text in texts:
        assert plural.search(text) is None, text
    assert any("1 event" in t for t in texts)
    assert ranklist_context(make_ranking(), "en", None, DAY)["sections"][0]["count_text"] == (
        "candidates"
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_cut_note_plural(lang: str) -> None:
    from paritrana.scoring.render.limits import cut_text

    text = cut_text("x" * 30, 28, lang)  # type: ignore[arg-type]
    assert len(text) <= 28
    assert text.endswith("karakter dipotong]" if lang == "id" else "characters cut]")
    assert cut_text("x" * 30, 30, lang) == "x" * 30  # type: ignore[arg-type]
