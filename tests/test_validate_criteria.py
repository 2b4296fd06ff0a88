"""Valid criteria become the model: resolution of missing, unit, pillars_from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from paritrana.scoring.load.files import load_documents
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    Input,
    LinearRule,
    OrdinalRule,
    PanelPolicy,
    RubricRule,
    Text,
    YesNoRule,
)
from paritrana.scoring.validate import validate_criteria
from validate_helpers import BROKEN, REPO, doc, errors, ok_criteria

HEADER = """\
edition: 2022
title: {id: Uji, en: Test}
status: proposal
"""


def one_pillar(cat_id: str, extra: str = "", indicator: str = "") -> str:
    return f"""\
  - id: {cat_id}
    label: {{id: K, en: C}}
{extra}    pillars:
      - id: cakupan
        label: {{id: Cakupan, en: Coverage}}
        weight: 100
        indicators:
          - id: kegiatan
            label: {{id: Kegiatan, en: Events}}
            weight: 100
            field: outreach.events
            rule: {{type: count, cap: 12}}
{indicator}"""


def test_small_criteria_file_becomes_the_model() -> None:
    criteria = ok_criteria()
    assert (criteria.edition, criteria.status, criteria.missing) == (
        2022,
        "proposal",
        "zero",
    )
    assert criteria.title.get("en") == "Test"
    kk = criteria.category("kabupaten-kota")
    assert kk is not None
    assert [p.id for p in kk.pillars] == ["regulasi", "cakupan", "wawancara"]
    assert [p.weight for p in kk.pillars] == [30, 50, 20]
    assert kk.tie_break == ("cakupan", "regulasi")
    by_id = {i.id: i for i in kk.indicators}
    assert by_id["regulasi_khusus"].rule == OrdinalRule(
        (("perda", 100.0), ("perkada", 75.0), ("instruksi", 50.0), ("none", 0.0))
    )
    assert by_id["ptsp"].rule == YesNoRule(100.0, 0.0)
    assert by_id["non_asn"].input == Input(
        "ratio",
        ("coverage.non_asn_registered", "coverage.non_asn_total"),
        "coverage.non_asn_share",
    )
    assert by_id["non_asn"].rule == LinearRule(0.0, 100.0, "higher")
    assert by_id["desa"].rule == BandsRule((Band(0, 0), Band(50, 60), Band(90, 100)))
    assert by_id["kegiatan"].rule == CountRule(12.0)
    assert by_id["wawancara"].rule == RubricRule(1.0, 5.0)
    assert by_id["wawancara"].input == Input("panel")
    # Lines are where each indicator is declared (its first key).
    assert by_id["regulasi_khusus"].line == 16


def test_missing_policy_resolves_indicator_then_category_then_file() -> None:
    criteria = ok_criteria()
    kk, prov = criteria.category("kabupaten-kota"), criteria.category("provinsi")
    assert kk is not None and prov is not None
    # kabupaten-kota says reweight; its ptsp indicator says zero; the file says zero.
    assert {i.id: i.missing for i in kk.indicators} == {
        "regulasi_khusus": "reweight",
        "ptsp": "zero",
        "non_asn": "reweight",
        "desa": "reweight",
        "kegiatan": "reweight",
        "wawancara": "reweight",
    }
    assert kk.missing == "reweight"
    # provinsi copies the pillars but not kabupaten-kota's own policy: the file's applies.
    assert prov.missing == "zero"
    assert {i.missing for i in prov.indicators} == {"zero"}


def test_units_default_from_field_or_input() -> None:
    kk = ok_criteria().category("kabupaten-kota")
    assert kk is not None
    units = {i.id: i.unit for i in kk.indicators}
    # level/bool fields have no unit; ratios are %; `unit: kali` is explicit.
    assert units == {
        "regulasi_khusus": "",
        "ptsp": "",
        "non_asn": "%",
        "desa": "%",
        "kegiatan": "kali",
        "wawancara": "",
    }


def test_pillars_from_copies_pillars_and_tie_break() -> None:
    criteria = ok_criteria()
    kk, prov = criteria.category("kabupaten-kota"), criteria.category("provinsi")
    assert kk is not None and prov is not None
    assert [i.id for i in prov.indicators] == [i.id for i in kk.indicators]
    assert prov.tie_break == kk.tie_break
    assert prov.label.get("id") == "Provinsi"


def test_pillars_from_chains_are_followed(tmp_path: Path) -> None:
    text = (
        HEADER
        + "categories:\n"
        + one_pillar("a", extra="    tie_break: [cakupan]\n")
        + "  - {id: b, label: {id: B, en: B}, pillars_from: a}\n"
        + "  - {id: c, label: {id: C, en: C}, pillars_from: b, tie_break: []}\n"
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    assert [c.id for c in criteria.categories] == ["a", "b", "c"]
    assert [i.id for i in criteria.categories[2].indicators] == ["kegiatan"]
    assert criteria.categories[1].tie_break == ("cakupan",)  # copied along the chain
    assert criteria.categories[2].tie_break == ()  # given: not copied


def test_folder_joins_categories_and_records_sources_in_order(tmp_path: Path) -> None:
    a = doc(tmp_path, HEADER + "categories:\n" + one_pillar("a"), "1-a.yaml")
    b = doc(
        tmp_path,
        HEADER + "missing: reweight\ncategories:\n" + one_pillar("b"),
        "2-b.yaml",
    )
    criteria, problems = validate_criteria([a, b])
    assert problems == [] and criteria is not None
    assert [c.id for c in criteria.categories] == ["a", "b"]
    # Each file's `missing` is the default for its own categories.
    assert [c.missing for c in criteria.categories] == ["zero", "reweight"]
    assert [(s.path, s.sha256) for s in criteria.sources] == [
        ("1-a.yaml", hashlib.sha256((tmp_path / "1-a.yaml").read_bytes()).hexdigest()),
        ("2-b.yaml", hashlib.sha256((tmp_path / "2-b.yaml").read_bytes()).hexdigest()),
    ]


def test_fractional_weights_sum_with_tolerance(tmp_path: Path) -> None:
    # 33.3 + 33.3 + 33.4 = 100 in decimal, 99.99999999999999 or so in binary.
    indicators = "".join(
        f"""\
          - id: i{n}
            label: {{id: I, en: I}}
            weight: {w}
            field: outreach.events
            rule: {{type: count, cap: 12}}
"""
        for n, w in enumerate((33.3, 33.3, 33.4))
    )
    text = (
        HEADER
        + """\
categories:
  - id: a
    label: {id: A, en: A}
    pillars:
      - id: p
        label: {id: P, en: P}
        weight: 100
        indicators:
"""
        + indicators
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert errors(problems) == []
    assert criteria is not None


def test_infinite_and_boolean_numbers_are_refused(tmp_path: Path) -> None:
    text = HEADER + "categories:\n" + one_pillar("a").replace("cap: 12", "cap: .inf")
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert criteria is None
    assert errors(problems) == ["file.yaml:16:38: count cap must be a number, not inf"]
    text = HEADER.replace("2022", "true") + "categories:\n" + one_pillar("a")
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert errors(problems) == [
        "file.yaml:1:10: edition must be a whole number, not true; write a year such as 2022"
    ]


def test_no_documents() -> None:
    criteria, problems = validate_criteria([])
    assert criteria is None and [str(p) for p in problems] == ["criteria: no criteria files given"]


def test_bundled_criteria_validate_cleanly() -> None:
    folder = REPO / "criteria"
    documents, problems = load_documents([folder])
    assert problems == []
    criteria, problems = validate_criteria(documents)
    assert [str(p) for p in problems] == []
    assert criteria is not None and criteria.categories


def test_broken_criteria_ok_folder_is_valid() -> None:
    documents, problems = load_documents([BROKEN / "criteria-ok"])
    criteria, more = validate_criteria(documents)
    assert problems == more == [] and criteria is not None


# --------------------------------------------------------------------------
# The shipped criteria's stages, panel policy and interview rubric (issue 8)
# --------------------------------------------------------------------------

# Interview items per category and the old single indicator's weight they
# keep: docs/domain.md, "Default criteria" (pemda and desa 20, badan usaha
# 25, UKM 20).
SHIPPED_INTERVIEW = {
    "provinsi": (20, ["pemahaman", "komitmen", "keberlanjutan", "peta_jalan"]),
    "kabupaten-kota": (20, ["pemahaman", "komitmen", "keberlanjutan", "peta_jalan"]),
    "pemerintah-desa": (20, ["pemahaman", "komitmen", "keberlanjutan", "peta_jalan"]),
    "badan-usaha-besar": (
        25,
        ["pemahaman", "komitmen", "layanan_digital", "kepedulian_mitra", "keberlanjutan"],
    ),
    "badan-usaha-menengah": (
        25,
        ["pemahaman", "komitmen", "layanan_digital", "kepedulian_mitra", "keberlanjutan"],
    ),
    "ukm": (20, ["pemahaman", "komitmen", "ajakan", "keberlanjutan"]),
}
# The dokumen shortlist each category had as its `shortlist:` before
# stages (seed 003, S8, S21; CHOSEN for desa and UKM).
SHIPPED_DOKUMEN_SHORTLIST = {
    "provinsi": 12,
    "kabupaten-kota": 5,
    "pemerintah-desa": 5,
    "badan-usaha-besar": 10,
    "badan-usaha-menengah": 9,
    "ukm": 3,
}


def _shipped():
    documents, problems = load_documents([REPO / "criteria"])
    assert problems == []
    criteria, problems = validate_criteria(documents)
    assert problems == [] and criteria is not None
    return criteria


def test_shipped_criteria_stages() -> None:
    criteria = _shipped()
    assert sorted(c.id for c in criteria.categories) == sorted(SHIPPED_DOKUMEN_SHORTLIST)
    for cat in criteria.categories:
        pillars = [p.id for p in cat.pillars]
        documents = [p for p in pillars if p != "wawancara"]
        # Two stages, the same ids everywhere; dokumen: every pillar but the
        # interview; wawancara: cumulative, every pillar (the full 100).
        assert [s.id for s in cat.stages] == ["dokumen", "wawancara"], cat.id
        dokumen, wawancara = cat.stages
        assert list(dokumen.pillars) == documents and "wawancara" in pillars, cat.id
        assert list(wawancara.pillars) == pillars, cat.id
        assert (dokumen.combine, wawancara.combine) == ((), ()), cat.id
        assert dokumen.shortlist == SHIPPED_DOKUMEN_SHORTLIST[cat.id], cat.id
        assert wawancara.shortlist == 3, cat.id  # the winners: top 3 per category
        assert cat.shortlist is None  # only on the stages
        assert dokumen.label == Text("Penilaian dokumen", "Document assessment")


def test_shipped_criteria_panel_policy() -> None:
    for cat in _shipped().categories:
        assert cat.panel == PanelPolicy("mean", "none", 3, 2.0, ("province", "organisation"))


def test_shipped_interview_items_keep_the_pillar_weight() -> None:
    for cat in _shipped().categories:
        weight, items = SHIPPED_INTERVIEW[cat.id]
        interview = next(p for p in cat.pillars if p.id == "wawancara")
        assert interview.weight == weight, cat.id
        assert [i.id for i in interview.indicators] == items, cat.id
        assert sum(i.weight for i in interview.indicators) == weight, cat.id
        for ind in interview.indicators:
            assert ind.rule == RubricRule(1.0, 5.0) and ind.input == Input("panel")
            assert ind.aggregation == "mean"
            # Every level 1-5 described, in both languages.
            assert [level for level, _ in ind.descriptors] == [1, 2, 3, 4, 5], ind.id
            assert all(t.id.strip() and t.en.strip() for _, t in ind.descriptors), ind.id
        # No other rubric indicator: the documents stage has nothing pending.
        rubrics = [i.id for i in cat.indicators if i.input.kind == "panel"]
        assert rubrics == items, cat.id


def test_shipped_criteria_say_the_descriptors_are_a_proposal() -> None:
    for path in sorted((REPO / "criteria").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "proposed wording, not an official rubric" in text, path.name
        # Each panel policy value is marked CHOSEN with its reason.
        head = text[text.index("\npanel:") : text.index("\ncategories:")]
        assert head.count("# CHOSEN") == 5, path.name
