"""The criteria's panel policy, rubric descriptors and aggregation override
(docs/formats.md, "Panel policy"): what valid ones become, and every
broken one's exact `path:line:column: message`."""

from __future__ import annotations

from pathlib import Path

import pytest
from paritrana.scoring.model import PanelPolicy, Text
from paritrana.scoring.validate import validate_criteria
from validate_helpers import BROKEN, broken_doc, doc, errors, warnings

HEADER = """\
edition: 2022
title: {id: Uji, en: Test}
status: proposal
"""

INTERVIEW = """\
    pillars:
      - id: cakupan
        label: {id: Cakupan, en: Coverage}
        weight: 80
        indicators:
          - {id: kegiatan, label: {id: K, en: E}, weight: 80, field: outreach.events, rule: {type: count, cap: 12}}
      - id: wawancara
        label: {id: Wawancara, en: Interview}
        weight: 20
        indicators:
          - id: pemahaman
            label: {id: Pemahaman, en: Understanding}
            weight: 10
            panel: true
            rule: {type: rubric, min: 1, max: 3}
            aggregation: median
            descriptors:
              1: {id: Belum, en: Not yet}
              "2": {id: Sebagian, en: In part}
              3: {id: Penuh, en: Fully}
          - id: komitmen
            label: {id: Komitmen, en: Commitment}
            weight: 10
            panel: true
            rule: {type: rubric}
"""


def category(cat_id: str, extra: str = "", pillars: str = INTERVIEW) -> str:
    return f"  - id: {cat_id}\n    label: {{id: K, en: C}}\n{extra}{pillars}"


def copy(cat_id: str, source: str, extra: str = "") -> str:
    return f"  - id: {cat_id}\n    label: {{id: K, en: C}}\n    pillars_from: {source}\n{extra}"


def test_defaults_without_any_panel_policy(tmp_path: Path) -> None:
    criteria, problems = validate_criteria(
        [doc(tmp_path, HEADER + "categories:\n" + category("a"))]
    )
    assert problems == [] and criteria is not None
    a = criteria.categories[0]
    # docs/formats.md: mean, none, quorum 1, no disagreement flag, both conflicts.
    assert a.panel == PanelPolicy("mean", "none", 1, None, ("province", "organisation"))
    by_id = {i.id: i for i in a.indicators}
    assert by_id["pemahaman"].aggregation == "median"  # its own override
    assert by_id["komitmen"].aggregation == "mean"  # the category's
    # Keys written 1 and "2" are both levels; sorted by level.
    assert by_id["pemahaman"].descriptors == (
        (1, Text("Belum", "Not yet")),
        (2, Text("Sebagian", "In part")),
        (3, Text("Penuh", "Fully")),
    )
    assert by_id["komitmen"].descriptors == ()


def test_file_policy_then_category_field_by_field(tmp_path: Path) -> None:
    text = (
        HEADER
        + "panel: {aggregation: trimmed-mean, quorum: 3, disagreement: 2, detect: [province]}\n"
        + "categories:\n"
        + category("a", "    panel: {quorum: 5, normalise: zscore, disagreement: }\n")
        + category("b")
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    a, b = criteria.categories
    # a: quorum and normalise its own, disagreement switched off (written
    # empty), aggregation and detect from the file.
    assert a.panel == PanelPolicy("trimmed-mean", "zscore", 5, None, ("province",))
    # b: the file's policy as it is.
    assert b.panel == PanelPolicy("trimmed-mean", "none", 3, 2.0, ("province",))
    assert isinstance(a.panel.quorum, int)
    # komitmen has no aggregation of its own: the category's (from the file).
    assert {i.id: i.aggregation for i in b.indicators if i.input.kind == "panel"} == {
        "pemahaman": "median",
        "komitmen": "trimmed-mean",
    }


def test_detect_may_be_empty_and_is_kept_in_a_fixed_order(tmp_path: Path) -> None:
    text = (
        HEADER
        + "categories:\n"
        + category("a", "    panel: {detect: []}\n")
        + category("b", "    panel: {detect: [organisation, province]}\n")
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    assert criteria.categories[0].panel.detect == ()
    assert criteria.categories[1].panel.detect == ("province", "organisation")


def test_pillars_from_copies_the_panel_policy_unless_given(tmp_path: Path) -> None:
    text = (
        HEADER
        + "categories:\n"
        + category("a", "    panel: {aggregation: median, quorum: 3}\n")
        + copy("b", "a")
        + copy("c", "b", "    panel: {quorum: 4}\n")
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    a, b, c = criteria.categories
    assert b.panel == a.panel == PanelPolicy("median", "none", 3)
    # c writes quorum only: the rest follows the chain c -> b -> a.
    assert c.panel == PanelPolicy("median", "none", 4)
    # Copied rubric indicators keep their own override; the others take the
    # copying category's aggregation.
    assert {i.id: i.aggregation for i in c.indicators if i.input.kind == "panel"} == {
        "pemahaman": "median",
        "komitmen": "median",
    }
    assert [i.descriptors for i in c.indicators] == [i.descriptors for i in a.indicators]


def test_a_copy_in_another_file_inherits_the_source_policy_not_its_file(
    tmp_path: Path,
) -> None:
    first = doc(tmp_path, HEADER + "panel: {quorum: 3}\ncategories:\n" + category("a"), "1.yaml")
    second = doc(
        tmp_path,
        HEADER + "panel: {quorum: 7}\ncategories:\n" + copy("b", "a") + category("c"),
        "2.yaml",
    )
    criteria, problems = validate_criteria([first, second])
    assert problems == [] and criteria is not None
    a, b, c = criteria.categories
    assert (a.panel.quorum, b.panel.quorum, c.panel.quorum) == (3, 3, 7)


def test_an_aggregation_override_of_the_policy_default(tmp_path: Path) -> None:
    text = HEADER + "categories:\n" + category("a", "    panel: {aggregation: trimmed-mean}\n")
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    indicators = {i.id: i for i in criteria.categories[0].indicators}
    assert indicators["pemahaman"].aggregation == "median"
    assert indicators["komitmen"].aggregation == "trimmed-mean"
    assert indicators["kegiatan"].aggregation == "mean"  # not a rubric: left at the default


def test_descriptors_of_a_scale_from_zero(tmp_path: Path) -> None:
    text = HEADER + "categories:\n" + category("a")
    text = text.replace("min: 1, max: 3", "min: 0, max: 2").replace('"2":', "0:")
    text = text.replace("3: {id: Penuh", "2: {id: Penuh")
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    levels = [level for level, _ in criteria.categories[0].indicators[1].descriptors]
    assert levels == [0, 1, 2]


# name: (every error, every warning); positions checked by hand in each file.
P = "criteria-panel/"
CASES: dict[str, tuple[list[str], list[str]]] = {
    "policy-values.yaml": (
        [
            f"{P}policy-values.yaml:6:16: aggregation must be one of mean, median, trimmed-mean,"
            " not 'average'",
            f"{P}policy-values.yaml:7:14: normalise must be one of none, zscore, not 'z-score'"
            " (did you mean 'zscore'?)",
            f"{P}policy-values.yaml:8:11: quorum must be >= 1, not 0",
            f"{P}policy-values.yaml:9:17: disagreement must be > 0, not 0",
            f"{P}policy-values.yaml:10:12: detect entry must be one of province, organisation,"
            " not 'provinsi' (did you mean 'province'?)",
            f"{P}policy-values.yaml:10:36: detect names 'organisation' twice; list each once",
            f"{P}policy-values.yaml:15:21: quorum must be a whole number of judges, not 2.5;"
            " write for example 2",
            f"{P}policy-values.yaml:15:40: disagreement must be > 0, not -1",
            f"{P}policy-values.yaml:15:52: detect must be a list, not 'province'",
            f"{P}policy-values.yaml:30:12: panel (the panel policy: aggregation, quorum, ...)"
            " must be a mapping (key: value), not a list",
        ],
        [
            f"{P}policy-values.yaml:11:3: warning: unknown key 'quorom' in a panel policy"
            " (did you mean 'quorum'?)"
        ],
    ),
    "descriptors.yaml": (
        [
            f"{P}descriptors.yaml:23:26: aggregation must be one of mean, median, trimmed-mean,"
            " not 'average'",
            f"{P}descriptors.yaml:25:15: descriptors must describe every level of the scale 1-5;"
            " missing: 3 (add 3: {id: ..., en: ...})",
            f"{P}descriptors.yaml:27:15: descriptor level '02' is not a level of the scale 1-5;"
            " write each level as a whole number key (1: {id: ..., en: ...})",
            f"{P}descriptors.yaml:28:15: descriptor level 6 is outside the rubric's scale 1-5;"
            " describe only the levels 1 to 5",
            f"{P}descriptors.yaml:29:15: descriptor level 'sangat' is not a level of the scale"
            " 1-5; write each level as a whole number key (1: {id: ..., en: ...})",
            f"{P}descriptors.yaml:30:18: missing required key 'en' in the descriptor of level 4",
            f"{P}descriptors.yaml:31:18: descriptor of level 5 ({{id: ..., en: ...}}) must be a"
            " mapping (key: value), not 'Memahami sepenuhnya'",
            f"{P}descriptors.yaml:38:15: descriptors describe the whole levels of a rubric, but"
            " its scale is 0.5-5; give the rule a whole min and max, or leave descriptors out",
        ],
        [],
    ),
    "not-rubric.yaml": (
        [
            f"{P}not-rubric.yaml:18:13: indicator 'kegiatan' is not a rubric indicator:"
            " aggregation is only for an indicator with panel: true and a rubric rule; remove it",
            f"{P}not-rubric.yaml:19:13: indicator 'kegiatan' is not a rubric indicator:"
            " descriptors are only for an indicator with panel: true and a rubric rule;"
            " remove them",
        ],
        [],
    ),
}


def test_every_file_is_in_the_table() -> None:
    assert sorted(p.name for p in (BROKEN / "criteria-panel").iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_panel_criteria(name: str) -> None:
    expected_errors, expected_warnings = CASES[name]
    criteria, problems = validate_criteria([broken_doc(P + name)])
    assert criteria is None
    assert errors(problems) == sorted(expected_errors)
    assert warnings(problems) == sorted(expected_warnings)


def test_many_missing_levels_are_shortened(tmp_path: Path) -> None:
    text = HEADER + "categories:\n" + category("a")
    text = text.replace("min: 1, max: 3", "min: 1, max: 40")
    _, problems = validate_criteria([doc(tmp_path, text)])
    assert errors(problems) == [
        "file.yaml:24:15: descriptors must describe every level of the scale 1-40; missing:"
        " 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, ... (37 in all) (add 4: {id: ..., en: ...})"
    ]


def test_a_descriptor_text_is_checked_like_any_text(tmp_path: Path) -> None:
    text = HEADER + "categories:\n" + category("a")
    text = text.replace("{id: Belum, en: Not yet}", '{id: "Belum\\u0007", en: ""}')
    _, problems = validate_criteria([doc(tmp_path, text)])
    assert errors(problems) == [
        "file.yaml:24:23: descriptor of level 1 (id) contains the control character \\x07 at"
        " character 6; remove it",
        "file.yaml:24:42: descriptor of level 1 (en) must be non-empty text, not ''",
    ]
