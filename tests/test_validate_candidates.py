"""Valid candidates: values, evidence, derived fields, missing stays missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from paritrana.scoring.fields import REGULATION_LEVEL
from paritrana.scoring.load.files import load_documents
from paritrana.scoring.model import Evidence
from paritrana.scoring.validate import validate_candidates, validate_criteria
from validate_helpers import REPO, doc, errors, ok_criteria, warnings

HEAD = """\
id: kota-a
name: Kota A
category: kabupaten-kota
period: 2022
"""


def run(tmp_path: Path, body: str):
    candidates, problems = validate_candidates([doc(tmp_path, HEAD + body)], ok_criteria())
    assert errors(problems) == []
    assert len(candidates) == 1
    return candidates[0], problems


def test_values_evidence_and_source(tmp_path: Path) -> None:
    cand, _ = run(
        tmp_path,
        """\
province: Aceh
synthetic: true
villages:
  total: 66
  enrolled:
    value: 56
    evidence: {document: seed-000, page: 2}
coverage:
  non_asn_share: 94.5
  korpri_registered: 3121
budget:
  apbd_vulnerable_amount: 484646400
policy:
  nik_integration: false
""",
    )
    assert cand.values == {
        "villages.total": 66.0,
        "villages.enrolled": 56.0,
        "coverage.non_asn_share": 94.5,
        "coverage.korpri_registered": 3121.0,
        "budget.apbd_vulnerable_amount": 484646400.0,
        "policy.nik_integration": False,
    }
    assert all(type(v) is float for k, v in cand.values.items() if k != "policy.nik_integration")
    assert cand.evidence == {"villages.enrolled": Evidence("seed-000", "2")}
    assert (cand.province, cand.synthetic, cand.period) == ("Aceh", True, 2022)
    assert cand.source is not None and cand.source.path == "file.yaml"
    assert len(cand.source.sha256) == 64


def test_regulations_derive_level_supporting_and_ptsp(tmp_path: Path) -> None:
    # Kota Langsa's three regulations (seed 000/003): the Qanun (level perda) is the
    # dedicated one, so 3 - 1 = 2 supporting; the Perwal has scope ptsp -> true.
    cand, _ = run(
        tmp_path,
        """\
regulations:
  - {type: perwal, number: 34, year: 2014, scope: [ptsp]}
  - {type: instruksi, number: "535", year: 2020, scope: [dedicated]}
  - {type: qanun, number: "5", year: 2019, scope: [dedicated, desa],
     evidence: {document: seed-000}}
""",
    )
    assert cand.values["regulation.dedicated_level"] == "perda"
    assert cand.values["regulation.supporting_count"] == 2.0
    assert cand.values["policy.ptsp_required"] is True
    assert [REGULATION_LEVEL[r.type] for r in cand.regulations] == ["perkada", "instruksi", "perda"]
    assert cand.regulations[0].number == "34"  # a bare number is read as text
    assert cand.regulations[2].evidence == Evidence("seed-000")


def test_empty_regulations_mean_none_and_absent_means_missing(tmp_path: Path) -> None:
    cand, _ = run(tmp_path, "regulations: []\n")
    assert cand.values == {
        "regulation.dedicated_level": "none",
        "regulation.supporting_count": 0.0,
        "policy.ptsp_required": False,
    }
    cand, _ = run(tmp_path, "policy: {ptsp_required: true}\n")
    assert cand.values == {"policy.ptsp_required": True}  # never filled in


def test_written_ptsp_wins_over_derived(tmp_path: Path) -> None:
    cand, _ = run(
        tmp_path,
        "policy: {ptsp_required: true}\nregulations: [{type: perda, scope: [dedicated]}]\n",
    )
    assert cand.values["policy.ptsp_required"] is True
    assert cand.values["regulation.supporting_count"] == 0.0


def test_lists_derive_counts(tmp_path: Path) -> None:
    cand, _ = run(
        tmp_path,
        """\
innovations:
  - {title: Aplikasi A, year: 2022}
  - Layanan B
events:
  - {title: FGD, date: 2023-02-20, evidence: {document: seed-003}}
programmes: [JKK, JKM, JKK, JHT]
benefits:
  - {title: Santunan JKM, count: 3, amount: 42000000}
panel: [Penilai 1, Penilai 2]
panel_scores:
  wawancara: [4, 5, 4.5]
notes: satu catatan
reports:
  - {id: seed-003, title: Wawancara, date: 2023-02-20}
""",
    )
    assert cand.values["innovation.count"] == 2.0
    assert cand.values["outreach.events"] == 1.0
    assert cand.values["compliance.programmes"] == 3.0  # distinct: JKK, JKM, JHT
    assert [i.title for i in cand.innovations] == ["Aplikasi A", "Layanan B"]
    assert cand.events[0].date == date(2023, 2, 20)
    assert (cand.benefits[0].count, cand.benefits[0].amount) == (3.0, 42000000.0)
    assert cand.panel == ("Penilai 1", "Penilai 2")
    assert cand.panel_scores == {"wawancara": (4.0, 5.0, 4.5)}
    assert cand.notes == ("satu catatan",)
    assert cand.reports[0].date == date(2023, 2, 20)


def test_empty_written_value_is_missing(tmp_path: Path) -> None:
    cand, _ = run(tmp_path, "coverage:\n  non_asn_total:\n  non_asn_registered: {value: }\n")
    assert cand.values == {}


def test_one_warning_lists_missing_inputs(tmp_path: Path) -> None:
    # The ratio non_asn is covered by its fallback non_asn_share, so its two
    # fields are not listed; the rubric (panel) is pending, never missing.
    _, problems = run(tmp_path, "coverage: {non_asn_share: 94}\nvillages: {total: 66}\n")
    assert warnings(problems) == [
        (
            "file.yaml:1:1: warning: kota-a: 4 of 7 indicator inputs missing:"
            " regulation.dedicated_level, policy.ptsp_required, villages.enrolled, outreach.events"
        )
    ]


def test_infinity_is_not_a_number(tmp_path: Path) -> None:
    candidates, problems = validate_candidates(
        [doc(tmp_path, HEAD + "budget: {apbd_vulnerable_amount: .inf}\n")],
        ok_criteria(),
    )
    assert candidates == []
    assert errors(problems) == [
        "file.yaml:5:34: budget.apbd_vulnerable_amount must be a whole number, not inf;"
        " write 484646400, 484.646.400 or Rp 484.646.400"
    ]


def test_bundled_samples_validate_without_errors() -> None:
    documents, problems = load_documents([REPO / "criteria"])
    criteria, _ = validate_criteria(documents)
    assert criteria is not None and problems == []
    documents, problems = load_documents([REPO / "candidates"])
    candidates, problems = validate_candidates(documents, criteria)
    assert errors(problems) == []
    assert len(candidates) == len(documents) > 0
    # Only the "N of M indicator inputs missing" notice: samples leave values out.
    assert all("indicator inputs missing" in w for w in warnings(problems))
