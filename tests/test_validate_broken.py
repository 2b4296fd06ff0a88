"""Every broken file of tests/broken with the exact `path:line:column: message` it gives.

One file per problem of docs/formats.md; the multi-error files check that
one run reports all of their problems. Nothing may raise.
"""

from __future__ import annotations

import pytest
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.validate import validate_candidates, validate_criteria
from validate_helpers import BROKEN, errors, ok_criteria, warnings

C = "criteria/"
CRITERIA_CASES: dict[str, tuple[list[str], list[str]]] = {
    # name: (every error, every warning)
    "weights-95.yaml": (
        [f"{C}weights-95.yaml:7:5: weights of category 'kabupaten-kota' sum to 95, not 100"],
        [],
    ),
    "pillar-weight.yaml": (
        [
            (
                f"{C}pillar-weight.yaml:10:17: weight of pillar 'cakupan' is 100"
                " but its indicators' weights sum to 90"
            )
        ],
        [],
    ),
    "floor-not-below-target.yaml": (
        [
            (
                f"{C}floor-not-below-target.yaml:16:41: linear floor (60) must be below"
                " target (52) when direction is higher"
            )
        ],
        [],
    ),
    "floor-not-above-target.yaml": (
        [
            (
                f"{C}floor-not-above-target.yaml:16:41: linear floor (0) must be above"
                " target (6) when direction is lower"
            )
        ],
        [],
    ),
    "bands-out-of-order.yaml": (
        [
            (
                f"{C}bands-out-of-order.yaml:16:59: band starts must be strictly ascending:"
                " 1 comes after 2"
            ),
            f"{C}bands-out-of-order.yaml:16:71: band score must be between 0 and 100, not 120",
        ],
        [],
    ),
    "count-cap-zero.yaml": (
        [f"{C}count-cap-zero.yaml:16:38: count cap must be > 0, not 0"],
        [],
    ),
    "ordinal-levels.yaml": (
        [
            (
                f"{C}ordinal-levels.yaml:16:43: ordinal levels must list every level"
                " (perda, perkada, instruksi, none); missing: perkada, instruksi"
            ),
            (
                f"{C}ordinal-levels.yaml:16:56: unknown level 'perkda' (did you mean 'perkada'?);"
                " levels are perda, perkada, instruksi, none"
            ),
        ],
        [],
    ),
    "rubric-not-panel.yaml": (
        [
            (
                f"{C}rubric-not-panel.yaml:16:19: indicator 'ukuran': a rubric rule needs"
                " panel: true as its input"
            )
        ],
        [],
    ),
    "panel-not-rubric.yaml": (
        [
            (
                f"{C}panel-not-rubric.yaml:16:19: indicator 'ukuran': panel: true needs"
                " a rubric rule, not linear"
            )
        ],
        [],
    ),
    "rule-field-mismatch.yaml": (
        [
            (
                f"{C}rule-field-mismatch.yaml:16:19: indicator 'ukuran': a yesno rule needs"
                " a bool field, not a count one"
            )
        ],
        [],
    ),
    "ratio-of-percent.yaml": (
        [
            (
                f"{C}ratio-of-percent.yaml:15:21: ratio needs a count or money field;"
                " coverage.non_asn_share is percent"
            )
        ],
        [],
    ),
    "unknown-field.yaml": (
        [
            (
                f"{C}unknown-field.yaml:15:20: unknown field 'coverage.active_member'"
                " (did you mean 'coverage.active_members'?)"
            )
        ],
        [],
    ),
    "unknown-rule-type.yaml": (
        [
            (
                f"{C}unknown-rule-type.yaml:16:26: rule type must be one of linear, bands, yesno,"
                " count, ordinal, rubric, not 'cuont' (did you mean 'count'?)"
            )
        ],
        [],
    ),
    "two-inputs.yaml": (
        [f"{C}two-inputs.yaml:16:13: indicator 'ukuran' has more than one input key: field, sum"],
        [],
    ),
    "unknown-key.yaml": (
        [f"{C}unknown-key.yaml:12:13: missing required key 'weight' in an indicator"],
        [
            (
                f"{C}unknown-key.yaml:14:13: warning: unknown key 'wieght' in an indicator"
                " (did you mean 'weight'?)"
            )
        ],
    ),
    "wrong-type.yaml": (
        [
            (
                f"{C}wrong-type.yaml:13:20: label ({{id: ..., en: ...}}) must be a mapping"
                " (key: value), not 'Kegiatan'"
            ),
            f"{C}wrong-type.yaml:14:21: weight must be a number, not 'ten'",
        ],
        [],
    ),
    "pillars-from.yaml": (
        [
            (
                f"{C}pillars-from.yaml:19:19: pillars_from names unknown category 'kabupaten-kot'"
                " (did you mean 'kabupaten-kota'?); categories are kabupaten-kota, provinsi,"
                " desa, kelurahan, kecamatan, ukm"
            ),
            (
                f"{C}pillars-from.yaml:22:19: pillars_from of category 'desa' names the category"
                " itself"
            ),
            (
                f"{C}pillars-from.yaml:25:19: pillars_from chain loops:"
                " kelurahan -> kecamatan -> kelurahan"
            ),
            (
                f"{C}pillars-from.yaml:28:19: pillars_from chain loops:"
                " kecamatan -> kelurahan -> kecamatan"
            ),
            (
                f"{C}pillars-from.yaml:32:26: tie_break names 'kepatuhan', not a pillar of"
                " category 'ukm'; pillars are cakupan"
            ),
        ],
        [],
    ),
    "editions": (
        [
            (
                f"{C}editions/b.yaml:1:10: edition 2023 differs from edition 2022 in"
                f" {C}editions/a.yaml; all criteria files must name the same edition"
            )
        ],
        [],
    ),
    "dup-category": (
        [
            (
                f"{C}dup-category/b.yaml:5:9: duplicate category id 'kabupaten-kota'"
                f" (first in {C}dup-category/a.yaml:5)"
            )
        ],
        [],
    ),
    # Twelve problems in one file, all reported in one run.
    "multi-error.yaml": (
        [
            f"{C}multi-error.yaml:2:8: missing required key 'en' in title",
            f"{C}multi-error.yaml:3:9: status must be one of proposal, official, not 'draft'",
            f"{C}multi-error.yaml:4:10: missing must be one of zero, reweight, not 'skip'",
            (
                f"{C}multi-error.yaml:6:9: id must be lower-case letters, digits and '-',"
                " not 'Kabupaten Kota'"
            ),
            f"{C}multi-error.yaml:8:16: shortlist must be >= 1, not 0",
            f"{C}multi-error.yaml:18:20: ratio needs exactly two fields [A, B], not 1",
            (
                f"{C}multi-error.yaml:19:41: linear floor (52) must be below target (10)"
                " when direction is higher"
            ),
            (
                f"{C}multi-error.yaml:20:17: duplicate indicator id 'rasio' in this category"
                " (first at line 15)"
            ),
            f"{C}multi-error.yaml:22:21: weight must be > 0, not -5",
            (
                f"{C}multi-error.yaml:23:20: unknown field 'coverage.bpu_share'"
                " (did you mean 'coverage.non_asn_share'?)"
            ),
            f"{C}multi-error.yaml:24:38: count cap must be > 0, not -1",
        ],
        [],
    ),
}

K = "candidates/"
MISSING_ALL = (
    "warning: kota-a: 7 of 7 indicator inputs missing: regulation.dedicated_level,"
    " policy.ptsp_required, coverage.non_asn_registered, coverage.non_asn_total,"
    " villages.enrolled, villages.total, outreach.events"
)
CANDIDATE_CASES: dict[str, tuple[list[str], list[str]]] = {
    # name: (every error, warnings that must be among the warnings)
    "unknown-category.yaml": (
        [
            (
                f"{K}unknown-category.yaml:3:11: unknown category 'kabupaten-kot'"
                " (did you mean 'kabupaten-kota'?); categories are kabupaten-kota, provinsi"
            )
        ],
        [],
    ),
    "unknown-key.yaml": (
        [],
        [
            (
                f"{K}unknown-key.yaml:5:1: warning: unknown key 'coverge' in a candidate file"
                " (did you mean 'coverage'?)"
            ),
            (
                f"{K}unknown-key.yaml:8:3: warning: unknown key 'totl' in villages"
                " (did you mean 'total'?)"
            ),
            (
                f"{K}unknown-key.yaml:9:3: warning: unknown key 'registered' in villages"
                " (did you mean 'workforce.registered'?)"
            ),
            f"{K}unknown-key.yaml:1:1: {MISSING_ALL}",
        ],
    ),
    "negative-count.yaml": (
        [f"{K}negative-count.yaml:6:23: coverage.non_asn_registered must be >= 0, not -5"],
        [],
    ),
    "wrong-type.yaml": (
        [
            # English thousands grouping is ambiguous in Indonesian (issue 6).
            (
                f"{K}wrong-type.yaml:6:23: coverage.non_asn_registered '2,234' is ambiguous:"
                " a comma is a decimal comma in Indonesian; write whole numbers as"
                " 120000 or 120.000"
            ),
            (
                f"{K}wrong-type.yaml:7:18: coverage.non_asn_total must be a whole number,"
                " not '12.5'; write 120000 or 120.000 (a dot groups thousands)"
            ),
            (
                f"{K}wrong-type.yaml:9:18: policy.ptsp_required must be true or false"
                " (or ya/tidak), not 'sometimes'"
            ),
        ],
        [],
    ),
    "enrolled-above-total.yaml": (
        [f"{K}enrolled-above-total.yaml:8:12: villages.enrolled (70) exceeds villages.total (66)"],
        [],
    ),
    "percent-over-100.yaml": (
        [
            (
                f"{K}percent-over-100.yaml:6:18: coverage.non_asn_share must be between 0 and 100,"
                " not 104"
            )
        ],
        [],
    ),
    "regulation-after-period.yaml": (
        [f"{K}regulation-after-period.yaml:8:11: regulation year 2023 is after period 2022"],
        [],
    ),
    "derived-written.yaml": (
        [
            (
                f"{K}derived-written.yaml:6:3: regulation.dedicated_level is derived from"
                " 'regulations:' and cannot be written"
            ),
            (
                f"{K}derived-written.yaml:8:3: innovation.count is derived from 'innovations:'"
                " and cannot be written"
            ),
        ],
        [],
    ),
    "panel-score-out-of-range.yaml": (
        [
            (
                f"{K}panel-score-out-of-range.yaml:6:18: panel score 7 for 'wawancara'"
                " is outside 1-5"
            ),
            (
                f"{K}panel-score-out-of-range.yaml:6:21: panel score 0 for 'wawancara'"
                " is outside 1-5"
            ),
        ],
        [],
    ),
    "panel-score-not-rubric.yaml": (
        [
            (
                f"{K}panel-score-not-rubric.yaml:6:3: panel_scores: 'wawancaraa' is not a rubric"
                " indicator of category 'kabupaten-kota' (did you mean 'wawancara'?);"
                " rubric indicators: wawancara"
            ),
            (
                f"{K}panel-score-not-rubric.yaml:7:3: panel_scores: 'non_asn' is not a rubric"
                " indicator of category 'kabupaten-kota'; rubric indicators: wawancara"
            ),
        ],
        [],
    ),
    "bad-lists.yaml": (
        [
            (
                f"{K}bad-lists.yaml:6:11: regulation type must be one of perda, qanun, perdes,"
                " pergub, perbup, perwal, perkada, perkades, keputusan, instruksi, surat-edaran,"
                " not 'perdaa' (did you mean 'perda'?)"
            ),
            (
                f"{K}bad-lists.yaml:7:24: scope must be one of dedicated, ptsp, non-asn, desa,"
                " bumd, konstruksi, pekerja-rentan, pu, bpu, lainnya, not 'ptspp'"
                " (did you mean 'ptsp'?)"
            ),
            # `jkm` on line 8 is read as JKM: names are read in any letter case.
            f"{K}bad-lists.yaml:9:9: events must be a list, not 3",
        ],
        [],
    ),
    "period-mismatch.yaml": (
        [],
        [
            f"{K}period-mismatch.yaml:4:9: warning: period 2021 differs from the criteria edition 2022"
        ],
    ),
    "duplicate-id": (
        [
            (
                f"{K}duplicate-id/b.yaml:1:5: duplicate candidate id 'kota-a'"
                f" (also in {K}duplicate-id/a.yaml)"
            )
        ],
        [],
    ),
    # Eight problems in one file, all reported in one run.
    "multi-error.yaml": (
        [
            (
                f"{K}multi-error.yaml:1:5: id must be lower-case letters, digits and '-',"
                " not 'Kota A'"
            ),
            f"{K}multi-error.yaml:2:7: name must be non-empty text, not ''",
            (
                f"{K}multi-error.yaml:5:12: synthetic must be true or false (or ya/tidak),"
                " not 'maybe'"
            ),
            f"{K}multi-error.yaml:8:13: villages.enrolled (70) exceeds villages.total (66)",
            (
                f"{K}multi-error.yaml:10:18: coverage.non_asn_share must be between 0 and 100,"
                " not 104"
            ),
            f"{K}multi-error.yaml:11:23: coverage.non_asn_registered must be >= 0, not -1",
            f"{K}multi-error.yaml:14:11: regulation year 2024 is after period 2022",
            f"{K}multi-error.yaml:17:15: panel score 6 for 'wawancara' is outside 1-5",
        ],
        [],
    ),
}


def _docs(folder: str, name: str) -> list:
    target = BROKEN / folder / name
    files = sorted(target.glob("*.yaml")) if target.is_dir() else [target]
    documents = []
    for path in files:
        document, problems = load_document(path, str(path.relative_to(BROKEN)))
        assert problems == [], [str(p) for p in problems]
        documents.append(document)
    return documents


def _names(folder: str) -> list[str]:
    return sorted(p.name for p in (BROKEN / folder).iterdir())


def test_every_broken_file_is_in_a_table() -> None:
    assert _names("criteria") == sorted(CRITERIA_CASES)
    assert _names("candidates") == sorted(CANDIDATE_CASES)


@pytest.mark.parametrize("name", sorted(CRITERIA_CASES))
def test_broken_criteria(name: str) -> None:
    expected_errors, expected_warnings = CRITERIA_CASES[name]
    criteria, problems = validate_criteria(_docs("criteria", name))
    assert criteria is None
    assert errors(problems) == sorted(expected_errors)
    assert warnings(problems) == sorted(expected_warnings)


@pytest.mark.parametrize("name", sorted(CANDIDATE_CASES))
def test_broken_candidates(name: str) -> None:
    expected_errors, expected_warnings = CANDIDATE_CASES[name]
    documents = _docs("candidates", name)
    candidates, problems = validate_candidates(documents, ok_criteria())
    assert errors(problems) == sorted(expected_errors)
    assert set(expected_warnings) <= set(warnings(problems))
    # A candidate with an error is left out; the others are kept.
    failed = {p.path for p in problems if p.severity == "error"}
    assert [c.source.path for c in candidates if c.source] == [
        d.path for d in documents if d.path not in failed
    ]
