"""Common forms people write (issue 6): names in any letter case, ya/tidak,
Indonesian dates, tabs, files not in UTF-8, values above their partner,
evidence naming an unlisted report, counts written on counted items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from paritrana.scoring.fields import REGULATION_LEVEL
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.validate import validate_candidates, validate_criteria
from validate_helpers import doc, errors, ok_criteria, warnings

HEAD = "id: kota-a\nname: Kota A\ncategory: kabupaten-kota\nperiod: 2022\n"


def _check(tmp_path: Path, body: str, criteria=None):
    candidates, problems = validate_candidates(
        [doc(tmp_path, HEAD + body, "c.yaml")], criteria or ok_criteria()
    )
    notes = [w for w in warnings(problems) if "indicator inputs missing" not in w]
    return (candidates[0] if candidates else None), errors(problems), notes


def test_regulation_type_and_scope_in_any_letter_case(tmp_path: Path) -> None:
    cand, errs, _ = _check(
        tmp_path,
        "regulations:\n"
        "  - {type: Perda, year: 2019, scope: [Dedicated, PTSP]}\n"
        "  - {type: Surat Edaran, scope: [Pekerja Rentan, NON_ASN]}\n"
        "  - {type: PERBUP}\n",
    )
    assert errs == [] and cand is not None
    assert [(r.type, REGULATION_LEVEL[r.type], r.scope) for r in cand.regulations] == [
        ("perda", "perda", ("dedicated", "ptsp")),
        ("surat-edaran", "instruksi", ("pekerja-rentan", "non-asn")),
        ("perbup", "perkada", ()),
    ]
    # Perda is dedicated -> level perda; two others support it; PTSP scope -> true.
    assert cand.values["regulation.dedicated_level"] == "perda"
    assert cand.values["regulation.supporting_count"] == 2.0
    assert cand.values["policy.ptsp_required"] is True


def test_programmes_in_any_letter_case(tmp_path: Path) -> None:
    cand, errs, _ = _check(tmp_path, "programmes: [jkk, Jkm, JHT, jkk]\n")
    assert errs == [] and cand is not None
    assert cand.values["compliance.programmes"] == 3.0  # JKK, JKM, JHT (jkk twice)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("ya", True),
        ("Ya", True),
        ("YA", True),
        ("tidak", False),
        ("Tidak", False),
        ("TIDAK", False),
        ("yes", True),
        ("no", False),
        ("true", True),
        ("'False'", False),
    ],
)
def test_booleans_ya_tidak(tmp_path: Path, written: str, value: bool) -> None:
    cand, errs, _ = _check(tmp_path, f"policy:\n  nik_integration: {written}\n")
    assert errs == [] and cand is not None
    assert cand.values["policy.nik_integration"] is value


def test_boolean_that_is_neither(tmp_path: Path) -> None:
    _, errs, _ = _check(tmp_path, "policy:\n  nik_integration: mungkin\n")
    assert errs == [
        "c.yaml:6:20: policy.nik_integration must be true or false (or ya/tidak), not 'mungkin'"
    ]


@pytest.mark.parametrize(
    "written", ["20/02/2023", "20-02-2023", "2023-02-20", "'2023-02-20'", "20/2/2023"]
)
def test_dates_in_the_indonesian_order(tmp_path: Path, written: str) -> None:
    cand, errs, _ = _check(tmp_path, f"reports:\n  - {{id: r1, title: Berita, date: {written}}}\n")
    assert errs == [] and cand is not None
    assert cand.reports[0].date == date(2023, 2, 20)  # day 20, month 02


def test_impossible_date_is_an_error(tmp_path: Path) -> None:
    _, errs, _ = _check(tmp_path, "reports:\n  - {id: r1, title: Berita, date: 31/02/2023}\n")
    assert errs == [
        "c.yaml:6:35: date '31/02/2023' is not a real date (day is out of range for"
        " month); write YYYY-MM-DD or DD/MM/YYYY"
    ]


def test_panel_file_date_in_the_indonesian_order(tmp_path: Path) -> None:
    from paritrana.scoring.validate.panel import validate_panel

    criteria = ok_criteria()
    (cand,), _ = validate_candidates([doc(tmp_path, HEAD, "c.yaml")], criteria)
    panel = doc(tmp_path, "date: 20/02/2023\nscores: {kota-a: {wawancara: [4]}}\n", "p.yaml")
    merged, problems = validate_panel([panel], criteria, [cand])
    assert errors(problems) == [] and merged[0].panel_scores == {"wawancara": (4.0,)}
    panel = doc(tmp_path, "date: 30/02/2023\nscores: {}\n", "q.yaml")
    _, problems = validate_panel([panel], criteria, [cand])
    assert errors(problems) == [
        "q.yaml:1:7: date '30/02/2023' is not a real date (day is out of range for"
        " month); write YYYY-MM-DD or DD/MM/YYYY"
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("id: x\ncoverage:\n\tactive_members: 5\n", "3:1"),
        ("id: x\ncoverage:\n  active_members: 5\n  \tbpu_members: 3\n", "4:3"),
        ("coverage:\n    a: 1\n\t  b: 2\n", "3:1"),
    ],
)
def test_tab_in_indentation_says_use_spaces(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_document(path, "t.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        f"t.yaml:{where}: YAML syntax error: a tab in the indentation;"
        " use spaces, not tabs, to indent YAML"
    ]


def test_tab_after_a_colon_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a:\t3\n", encoding="utf-8")
    document, problems = load_document(path, "t.yaml")
    assert problems == [] and document is not None and document.data == {"a": 3}


def test_not_utf8_says_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes("id: kota-a\nname: Kota Bé\n".encode("cp1252"))
    document, problems = load_document(path, "w.yaml")
    # "id: kota-a\n" is 11 bytes, "name: Kota B" 12 more: 0xe9 at offset 23,
    # line 2, column 13.
    assert document is None
    assert [str(p) for p in problems] == [
        "w.yaml:2:13: not UTF-8 text (byte 0xe9 at offset 23); save the file as UTF-8"
    ]
    path.write_bytes("id: kota-a\n".encode("utf-16"))
    _, problems = load_document(path, "w.yaml")
    assert [str(p) for p in problems] == [
        "w.yaml:1:1: not UTF-8 text (byte 0xff at offset 0) (it looks like UTF-16);"
        " save the file as UTF-8"
    ]


# --- values above their partner -------------------------------------------

TARGET_CRITERIA = """\
edition: 2022
title: {id: Uji, en: Test}
status: proposal
categories:
  - id: kabupaten-kota
    label: {id: Kabupaten/Kota, en: Regency/City}
    pillars:
      - id: anggaran
        label: {id: Anggaran, en: Budget}
        weight: 100
        indicators:
          - id: target_rentan
            label: {id: Target, en: Target}
            weight: 100
            ratio: [budget.apbd_vulnerable_workers, budget.vulnerable_workers_target]
            rule: {type: linear, floor: 0, target: 100}
"""


def test_more_than_ones_own_target_is_scored_and_capped(tmp_path: Path) -> None:
    criteria, problems = validate_criteria([doc(tmp_path, TARGET_CRITERIA, "k.yaml")])
    assert errors(problems) == [] and criteria is not None
    cand, errs, notes = _check(
        tmp_path,
        "budget:\n  apbd_vulnerable_workers: 5.000\n  vulnerable_workers_target: 4.000\n",
        criteria,
    )
    assert errs == [] and notes == [] and cand is not None
    result = score_category(criteria.categories[0], [cand])
    # 5000 / 4000 x 100 = 125 %; linear 0 -> 100 clips at 100 points x weight 100.
    assert result.indicators[0].derived[0] == pytest.approx(125.0)
    assert result.total[0] == pytest.approx(100.0)


def test_enrolled_villages_above_the_total_stay_an_error(tmp_path: Path) -> None:
    _, errs, _ = _check(tmp_path, "villages:\n  total: 10\n  enrolled: 12\n")
    assert errs == ["c.yaml:7:13: villages.enrolled (12) exceeds villages.total (10)"]


def test_members_above_the_employed_population_warn(tmp_path: Path) -> None:
    cand, errs, notes = _check(
        tmp_path, "coverage:\n  active_members: 1.200\n  employed_population: 1.000\n"
    )
    assert errs == [] and cand is not None
    assert notes == [
        "c.yaml:6:19: warning: coverage.active_members (1,200) exceeds"
        " coverage.employed_population (1,000); possible, as the two come from different"
        " sources, but check both figures"
    ]


# --- evidence and counted lists ---------------------------------------------


def test_evidence_naming_an_unlisted_report_warns(tmp_path: Path) -> None:
    cand, errs, notes = _check(
        tmp_path,
        "reports:\n  - {id: berita-2022, title: Berita}\n"
        "villages:\n  total: {value: 10, evidence: {document: berita-2O22}}\n"
        "events:\n  - {title: FGD, evidence: {document: berita-2022}}\n",
    )
    assert errs == [] and cand is not None
    assert notes == [
        "c.yaml:8:43: warning: evidence names report 'berita-2O22', which is not one of"
        " the file's reports (berita-2022) (did you mean 'berita-2022'?); add it under"
        " reports: or correct the id"
    ]


def test_evidence_without_any_reports_warns(tmp_path: Path) -> None:
    _, errs, notes = _check(
        tmp_path, "regulations:\n  - {type: perda, evidence: {document: sk-1}}\n"
    )
    assert errs == []
    assert notes == [
        "c.yaml:6:40: warning: evidence names report 'sk-1', which is not listed: the"
        " file has no reports:; add it under reports: or correct the id"
    ]


def test_count_on_an_event_is_not_counted_and_says_so(tmp_path: Path) -> None:
    cand, errs, notes = _check(
        tmp_path, "events:\n  - {title: Sosialisasi di 12 kecamatan, count: 12}\n  - FGD\n"
    )
    assert errs == [] and cand is not None
    assert cand.values["outreach.events"] == 2.0  # two items, whatever count says
    assert notes == [
        "c.yaml:6:49: warning: count is not used here: outreach.events counts the"
        " items of 'events:', one per item; list each one separately"
    ]


def test_innovations_count_every_item_listed(tmp_path: Path) -> None:
    cand, errs, _ = _check(
        tmp_path,
        "reports:\n  - {id: r1, title: Berita}\n"
        "innovations:\n  - {title: Aplikasi A, evidence: {document: r1}}\n  - Inovasi B\n",
    )
    assert errs == [] and cand is not None
    # Evidence is not required: both items count (docs/formats.md).
    assert cand.values["innovation.count"] == 2.0
