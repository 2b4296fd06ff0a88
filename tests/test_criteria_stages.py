"""A category's `stages` (docs/formats.md, "Stages"): what valid ones become,
what `pillars_from` inherits, and every broken one's exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from paritrana.scoring.model import ALL_PILLARS, Stage, Text
from paritrana.scoring.validate import validate_criteria
from validate_helpers import BROKEN, broken_doc, doc, errors, warnings

HEADER = """\
edition: 2022
title: {id: Uji, en: Test}
status: proposal
categories:
"""

PILLARS = """\
    pillars:
      - id: regulasi
        label: {id: Regulasi, en: Regulation}
        weight: 30
        indicators:
          - {id: ptsp, label: {id: PTSP, en: PTSP}, weight: 30, field: policy.ptsp_required, rule: {type: yesno}}
      - id: cakupan
        label: {id: Cakupan, en: Coverage}
        weight: 50
        indicators:
          - {id: kegiatan, label: {id: K, en: E}, weight: 50, field: outreach.events, rule: {type: count, cap: 12}}
      - id: wawancara
        label: {id: Wawancara, en: Interview}
        weight: 20
        indicators:
          - {id: komitmen, label: {id: K, en: C}, weight: 20, panel: true, rule: {type: rubric}}
"""

TWO_STAGES = """\
    stages:
      - id: dokumen
        label: {id: Penilaian dokumen, en: Document assessment}
        pillars: [regulasi, cakupan]
        shortlist: 12
      - id: wawancara
        label: {id: Wawancara, en: Interview}
        pillars: [regulasi, cakupan, wawancara]
        shortlist: 3
"""

DOKUMEN = Stage(
    "dokumen", Text("Penilaian dokumen", "Document assessment"), ("regulasi", "cakupan"), 12
)


def category(cat_id: str, extra: str = "", pillars: str = PILLARS) -> str:
    return f"  - id: {cat_id}\n    label: {{id: K, en: C}}\n{extra}{pillars}"


def copy(cat_id: str, source: str, extra: str = "") -> str:
    return f"  - id: {cat_id}\n    label: {{id: K, en: C}}\n    pillars_from: {source}\n{extra}"


def test_two_cumulative_stages(tmp_path: Path) -> None:
    criteria, problems = validate_criteria([doc(tmp_path, HEADER + category("a", TWO_STAGES))])
    assert problems == [] and criteria is not None
    a = criteria.categories[0]
    assert a.stages == (
        DOKUMEN,
        Stage(
            "wawancara",
            Text("Wawancara", "Interview"),
            ("regulasi", "cakupan", "wawancara"),
            3,
        ),
    )
    assert a.all_stages == a.stages
    assert a.stage("wawancara") is a.stages[1] and a.stage(ALL_PILLARS) is None
    assert a.shortlist is None  # with stages the shortlists are the stages'


def test_interview_alone_and_a_weighted_combination(tmp_path: Path) -> None:
    stages = """\
    stages:
      - id: dokumen
        label: {id: Dokumen, en: Documents}
        pillars: [regulasi, cakupan]
        shortlist: 5
      - id: wawancara
        label: {id: Wawancara, en: Interview}
        pillars: [wawancara]
        shortlist: 3
      - id: akhir
        label: {id: Hasil akhir, en: Final result}
        pillars: [wawancara]
        combine: {dokumen: 60, akhir: 40}
"""
    criteria, problems = validate_criteria([doc(tmp_path, HEADER + category("a", stages))])
    assert problems == [] and criteria is not None
    wawancara, akhir = criteria.categories[0].stages[1:]
    assert (wawancara.pillars, wawancara.combine) == (("wawancara",), ())
    # The last stage may leave its shortlist out; combine keeps the written order.
    assert akhir.shortlist is None
    assert akhir.combine == (("dokumen", 60.0), ("akhir", 40.0))


def test_without_stages_one_implicit_stage(tmp_path: Path) -> None:
    criteria, problems = validate_criteria(
        [doc(tmp_path, HEADER + category("a", "    shortlist: 4\n"))]
    )
    assert problems == [] and criteria is not None
    a = criteria.categories[0]
    assert a.stages == ()
    assert a.all_stages == (
        Stage(
            ALL_PILLARS, Text("Semua pilar", "All pillars"), ("regulasi", "cakupan", "wawancara"), 4
        ),
    )


def test_pillars_from_copies_stages_unless_the_copy_declares_its_own(tmp_path: Path) -> None:
    own = """\
    stages:
      - id: dokumen
        label: {id: Dokumen, en: Documents}
        pillars: [cakupan, regulasi]
        shortlist: 5
      - id: wawancara
        label: {id: Wawancara, en: Interview}
        pillars: [wawancara]
"""
    text = (
        HEADER
        + category("a", TWO_STAGES)
        + copy("b", "a")
        + copy("c", "b")  # a chain: c -> b -> a
        + copy("d", "a", own)
    )
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    a, b, c, d = criteria.categories
    assert b.stages == c.stages == a.stages
    assert [s.shortlist for s in d.stages] == [5, None]
    assert d.stages[0].pillars == ("cakupan", "regulasi")  # as written
    assert b.shortlist is None


def test_a_copy_of_a_category_without_stages_keeps_its_own_shortlist(tmp_path: Path) -> None:
    text = HEADER + category("a", "    shortlist: 12\n") + copy("b", "a", "    shortlist: 5\n")
    criteria, problems = validate_criteria([doc(tmp_path, text)])
    assert problems == [] and criteria is not None
    assert [c.shortlist for c in criteria.categories] == [12, 5]
    assert criteria.categories[1].all_stages[0].shortlist == 5


def test_a_pillar_in_no_stage_is_a_warning(tmp_path: Path) -> None:
    stages = TWO_STAGES.replace("[regulasi, cakupan, wawancara]", "[regulasi, cakupan]")
    criteria, problems = validate_criteria([doc(tmp_path, HEADER + category("a", stages))])
    assert criteria is not None and errors(problems) == []
    assert warnings(problems) == [
        "file.yaml:7:5: warning: pillar 'wawancara' of category 'a' is in no stage, so no"
        " ranking counts it; add it to a stage's pillars"
    ]


def test_stages_that_are_not_a_list(tmp_path: Path) -> None:
    criteria, problems = validate_criteria(
        [doc(tmp_path, HEADER + category("a", "    stages: {dokumen: [regulasi]}\n"))]
    )
    assert criteria is None
    assert errors(problems) == ["file.yaml:7:13: stages must be a list, not a mapping"]


def test_too_many_stages(tmp_path: Path) -> None:
    one = "      - {id: s%d, label: {id: S, en: S}, pillars: [cakupan], shortlist: 1}\n"
    stages = "    stages:\n" + "".join(one % n for n in range(21))
    _, problems = validate_criteria([doc(tmp_path, HEADER + category("a", stages))])
    assert errors(problems) == ["file.yaml:8:7: stages has 21 items; at most 20 are allowed"]


# name: (every error, every warning); positions checked by hand in each file.
S = "criteria-stages/"
CASES: dict[str, tuple[list[str], list[str]]] = {
    "stage-rules.yaml": (
        [
            f"{S}stage-rules.yaml:9:9: stage 'dokumen' needs a shortlist: how many pass to stage"
            " 'semua' (write shortlist: N; only the last stage may leave it out)",
            f"{S}stage-rules.yaml:11:28: stage 'dokumen' names 'regulsi', not a pillar of"
            " category 'kabupaten-kota' (did you mean 'regulasi'?); pillars are regulasi,"
            " cakupan, wawancara",
            f"{S}stage-rules.yaml:11:37: stage 'dokumen' names pillar 'cakupan' twice; list it"
            " once",
            f"{S}stage-rules.yaml:12:13: stage id 'semua' is reserved (the one stage of a"
            " category without stages); choose another id",
            f"{S}stage-rules.yaml:15:20: shortlist must be >= 1, not 0",
            f"{S}stage-rules.yaml:16:13: duplicate stage id 'dokumen' in category"
            " 'kabupaten-kota' (first at line 9); give each stage its own id",
            f"{S}stage-rules.yaml:18:18: stage 'dokumen' has no pillars; list the ids of the"
            " pillars it scores (pillars: [regulasi, ...])",
            f"{S}stage-rules.yaml:20:13: id must be lower-case letters, digits and '-' or '_',"
            " not 'Wawancara'",
            f"{S}stage-rules.yaml:20:9: missing required key 'label' in a stage",
        ],
        [
            f"{S}stage-rules.yaml:26:9: warning: unknown key 'shortlst' in a stage (did you mean"
            " 'shortlist'?)"
        ],
    ),
    "combine.yaml": (
        [
            f"{S}combine.yaml:13:19: combine of stage 'dokumen' names 'wawancara', a later"
            " stage; combine this stage or earlier ones: dokumen",
            f"{S}combine.yaml:18:28: combine weight of 'dokumen' must be > 0, not 0",
            f"{S}combine.yaml:18:31: combine of stage 'wawancara' names 'wawancra', not a stage"
            " of this category (did you mean 'wawancara'?); combine this stage or earlier ones:"
            " dokumen, wawancara",
            f"{S}combine.yaml:22:18: combine of stage 'akhir' is empty; give stage id: weight"
            " (e.g. {dokumen: 60, wawancara: 40}), or leave combine out",
        ],
        [],
    ),
    "shortlist.yaml": (
        [
            f"{S}shortlist.yaml:8:5: category 'provinsi' has stages: put the shortlist on its"
            " stages (shortlist: N under each stage), not on the category",
            f"{S}shortlist.yaml:32:5: category 'kabupaten-kota' copies the stages of 'provinsi'"
            " (pillars_from), whose shortlists apply; to cut at another size, give it its own"
            " stages with their shortlists instead of shortlist",
            f"{S}shortlist.yaml:39:28: stage 'dokumen' names 'wawancar', not a pillar of"
            " category 'kota' (did you mean 'wawancara'?); pillars are cakupan, wawancara",
            f"{S}shortlist.yaml:44:13: stages of category 'desa' is empty; list at least one"
            " stage, or leave stages out (the category is then one stage of every pillar)",
        ],
        [],
    ),
}


def test_every_file_is_in_the_table() -> None:
    assert sorted(p.name for p in (BROKEN / "criteria-stages").iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_stages(name: str) -> None:
    expected_errors, expected_warnings = CASES[name]
    criteria, problems = validate_criteria([broken_doc(S + name)])
    assert criteria is None
    assert errors(problems) == sorted(expected_errors)
    assert warnings(problems) == sorted(expected_warnings)


def test_a_stage_without_shortlist_before_a_stage_without_id(tmp_path: Path) -> None:
    stages = """\
    stages:
      - {id: dokumen, label: {id: D, en: D}, pillars: [regulasi, cakupan]}
      - {label: {id: W, en: I}, pillars: [wawancara]}
"""
    _, problems = validate_criteria([doc(tmp_path, HEADER + category("a", stages))])
    assert errors(problems) == [
        "file.yaml:8:9: stage 'dokumen' needs a shortlist: how many pass to the next stage"
        " (write shortlist: N; only the last stage may leave it out)",
        "file.yaml:9:9: missing required key 'id' in a stage",
    ]
