"""The shipped criteria and sample candidates: valid, and true to their sources.

The samples are built from news reports; these tests pin every value they
carry (docs/samples.md lists the same keys), so a value the reports do not
give cannot slip in unnoticed, and a missing value is never written as 0.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from paritrana.scoring.errors import Diagnostic
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.load.files import load_documents
from paritrana.scoring.model import Candidate, Criteria, RubricRule
from paritrana.scoring.validate.candidates import validate_candidates
from paritrana.scoring.validate.criteria import validate_criteria

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ROOT / "criteria"
CANDIDATES = ROOT / "candidates"
SAMPLES_DOC = ROOT / "docs" / "samples.md"
SOURCES = ROOT / "docs" / "sources"

VALUE_SECTIONS = tuple(dict.fromkeys(name.split(".")[0] for name in FIELDS))
# The validator's one informational warning: which indicator inputs a
# candidate lacks. Samples are expected to lack many (see docs/samples.md).
MISSING_INPUTS = re.compile(r"\d+ of \d+ indicator inputs missing")

# Every value written in each sample's value sections, exactly as the
# reports give it (docs/samples.md, "Value sections per sample").
SAMPLE_VALUES: dict[str, dict[str, object]] = {
    "kota-langsa": {
        "villages.total": 66,  # suarapublik-2022-04-08: "dari 66 Gampong (Desa)"
        "villages.enrolled": 56,  # suarapublik-2022-04-08: "Terdapat 56 gampong"
        "coverage.non_asn_registered": 2234,  # wawancara-langsa-20-02: "2.234 orang"
        "coverage.korpri_registered": 3121,  # wawancara-langsa-20-02: "3.121 orang"
        "coverage.village_officials_registered": 1854,  # wawancara-langsa-20-02: "1.854 orang"
        "coverage.umkm_workers_registered": 9559,  # wawancara-langsa-20-02: "9.559 orang"
        "budget.apbd_vulnerable_amount": 484646400,  # wawancara-langsa-20-02: "Rp. 484,646,400"
    },
    "kota-medan": {
        "coverage.non_asn_share": 94,  # aktualnews-2022-03-18: "94% pegawai non ASN"
        "policy.ptsp_required": True,  # aktualnews-2022-03-18: "pelayanan terpadu satu pintu"
    },
    "kota-padang-sidempuan": {},
    "kabupaten-mempawah": {
        "coverage.non_asn_registered": 891,  # lensakalbar-2022-06-28: "891 pegawai honorer"
    },
}
# List sections: how many items each sample has; absent lists are missing.
SAMPLE_LISTS: dict[str, dict[str, int]] = {
    "kota-langsa": {"regulations": 3, "events": 1},
    "kota-medan": {},
    "kota-padang-sidempuan": {"events": 1, "benefits": 1},
    "kabupaten-mempawah": {"benefits": 1},
}
LIST_KEYS = ("regulations", "innovations", "events", "programmes", "benefits")
PROVINCES = {
    "kota-langsa": ("Aceh", "Sumatera"),
    "kota-medan": ("Sumatera Utara", "Sumatera"),
    "kota-padang-sidempuan": ("Sumatera Utara", "Sumatera"),
    "kabupaten-mempawah": ("Kalimantan Barat", "Kalimantan"),
}


def _errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics if d.severity == "error"]


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    docs, problems = load_documents([CRITERIA])
    crit, more = validate_criteria(docs)
    diagnostics = problems + more
    assert _errors(diagnostics) == []
    # No warning either: a shipped file has no unknown or misspelt key.
    assert [str(d) for d in diagnostics] == []
    assert crit is not None
    return crit


@pytest.fixture(scope="module")
def samples(criteria: Criteria) -> tuple[dict[str, Candidate], list[Diagnostic]]:
    docs, problems = load_documents([CANDIDATES])
    cands, more = validate_candidates(docs, criteria)
    return {c.id: c for c in cands}, problems + more


def _raw(cid: str) -> dict:
    return yaml.safe_load((CANDIDATES / f"{cid}.yaml").read_text(encoding="utf-8"))


# --- criteria ---------------------------------------------------------------


def test_criteria_categories_and_status(criteria: Criteria) -> None:
    assert criteria.edition == 2022
    assert criteria.status == "proposal"
    assert criteria.missing == "zero"
    assert sorted(c.id for c in criteria.categories) == sorted(
        [
            "provinsi",
            "kabupaten-kota",
            "pemerintah-desa",
            "badan-usaha-besar",
            "badan-usaha-menengah",
            "ukm",
        ]
    )


def test_criteria_weights_sum_to_100(criteria: Criteria) -> None:
    for cat in criteria.categories:
        assert sum(p.weight for p in cat.pillars) == pytest.approx(100), cat.id
        for pillar in cat.pillars:
            assert pillar.weight == pytest.approx(sum(i.weight for i in pillar.indicators))
        assert cat.tie_break, cat.id
        # Two stages, the same ids in every category; every stage cuts.
        assert [s.id for s in cat.stages] == ["dokumen", "wawancara"], cat.id
        assert all(s.shortlist for s in cat.stages), cat.id


def test_criteria_labels_in_both_languages(criteria: Criteria) -> None:
    for cat in criteria.categories:
        for text in [
            cat.label,
            *(p.label for p in cat.pillars),
            *(i.label for i in cat.indicators),
        ]:
            assert text.id.strip() and text.en.strip()


def test_copied_tables_match(criteria: Criteria) -> None:
    assert criteria.category("kabupaten-kota").pillars == criteria.category("provinsi").pillars
    besar = criteria.category("badan-usaha-besar")
    assert criteria.category("badan-usaha-menengah").pillars == besar.pillars
    kk = criteria.category("kabupaten-kota")
    assert kk.stage("dokumen").shortlist == 5  # 2022: 15 cut to 5


def test_pemda_table_as_proposed(criteria: Criteria) -> None:
    # DOMAIN.md: Regulasi 20, Anggaran 15, Cakupan 30, Inovasi 15, Wawancara 20.
    cat = criteria.category("provinsi")
    assert {p.id: p.weight for p in cat.pillars} == {
        "regulasi": 20,
        "anggaran": 15,
        "cakupan": 30,
        "inovasi": 15,
        "wawancara": 20,
    }
    by_id = {i.id: i for i in cat.indicators}
    assert dict(by_id["regulasi_khusus"].rule.levels) == {
        "perda": 100,
        "perkada": 75,
        "instruksi": 50,
        "none": 0,
    }
    ratio = by_id["cakupan_rasio"]
    assert (ratio.rule.floor, ratio.rule.target) == (10, 52)
    assert [(b.start, b.score) for b in by_id["inovasi_terbukti"].rule.bands] == [
        (0, 0),
        (1, 40),
        (2, 70),
        (3, 100),
    ]
    for item in ("pemahaman", "komitmen", "keberlanjutan", "peta_jalan"):
        assert isinstance(by_id[item].rule, RubricRule)
    assert cat.tie_break == ("cakupan", "regulasi", "anggaran", "inovasi")


def test_arrears_bands(criteria: Criteria) -> None:
    # 0 months = 100, 1 = 60, 2-3 = 20, more than 3 = 0.
    for cid in ("badan-usaha-besar", "ukm"):
        rule = {i.id: i for i in criteria.category(cid).indicators}["tunggakan"].rule
        assert [(b.start, b.score) for b in rule.bands] == [(0, 100), (1, 60), (2, 20), (4, 0)]


def test_criteria_files_say_proposal() -> None:
    files = sorted(CRITERIA.glob("*.yaml"))
    assert [f.name for f in files] == [
        "2022-badan-usaha.yaml",
        "2022-desa.yaml",
        "2022-pemda.yaml",
    ]
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.startswith("# PROPOSAL"), f.name
        # The domain notes they cite: docs/domain.md (named in any case).
        assert "No official" in text and "domain.md" in text.lower()
        assert re.search(r"^status: proposal$", text, re.MULTILINE)


# --- samples ----------------------------------------------------------------


def test_samples_validate_without_errors(samples) -> None:
    by_id, diagnostics = samples
    assert _errors(diagnostics) == []
    # The only warnings are the informational "inputs missing" ones.
    assert [str(d) for d in diagnostics if not MISSING_INPUTS.search(d.message)] == []
    assert sorted(by_id) == sorted(SAMPLE_VALUES)


@pytest.mark.parametrize("cid", sorted(SAMPLE_VALUES))
def test_sample_values_are_exactly_the_reported_ones(cid: str) -> None:
    raw = _raw(cid)
    written: dict[str, object] = {}
    for section in VALUE_SECTIONS:
        for key, value in (raw.get(section) or {}).items():
            written[f"{section}.{key}"] = value["value"] if isinstance(value, dict) else value
    assert written == SAMPLE_VALUES[cid]
    lists = {k: len(raw[k]) for k in LIST_KEYS if k in raw}
    assert lists == SAMPLE_LISTS[cid]
    assert "panel_scores" not in raw  # the interview is pending
    assert raw["synthetic"] is False
    assert (raw["category"], raw["period"]) == ("kabupaten-kota", 2022)
    assert (raw["province"], raw["zone"]) == PROVINCES[cid]


@pytest.mark.parametrize("cid", sorted(SAMPLE_VALUES))
def test_sample_evidence_cites_its_reports(cid: str) -> None:
    raw = _raw(cid)
    reports = {r["id"] for r in raw["reports"]}
    assert reports
    cited: list[str] = []
    for section in VALUE_SECTIONS:
        for value in (raw.get(section) or {}).values():
            assert isinstance(value, dict), "every sample value carries its evidence"
            cited.append(value["evidence"]["document"])
    for key in LIST_KEYS:
        for item in raw.get(key) or ():
            cited.append(item["evidence"]["document"])
    assert cited and set(cited) <= reports
    text = (CANDIDATES / f"{cid}.yaml").read_text(encoding="utf-8")
    assert re.match(r"# SAMPLE built from (a )?public news reports?", text)
    assert "ABSENT ON PURPOSE" in text


MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _date_in_text(day: date, text: str) -> bool:
    """The report states this date: "8 April 2022", "18/3/22" or "28/6/2022"."""
    d, m, y = day.day, day.month, day.year
    forms = [
        f"{d} {MONTHS_ID[m - 1]} {y}",
        f"{d}/{m}/{y}",
        f"{d}/{m}/{y % 100:02d}",
        f"{d:02d}/{m:02d}/{y}",
    ]
    return any(form in text for form in forms)


@pytest.mark.parametrize("cid", sorted(SAMPLE_VALUES))
def test_sample_reports_are_named_for_people_and_match_their_sources(cid: str) -> None:
    for report in _raw(cid)["reports"]:
        rid = report["id"]
        source = SOURCES / f"{rid}.txt"
        assert source.is_file(), f"{cid}: no docs/sources/{rid}.txt"
        text = source.read_text(encoding="utf-8")
        # Every word of the title is in the report (a first sentence standing
        # in for a missing headline may leave out the date).
        assert set(_words(report["title"])) <= set(_words(text)), (cid, rid)
        publisher, day = report.get("publisher"), report.get("date")
        if publisher is not None:
            assert publisher in text, (cid, rid)
        if day is not None:
            assert isinstance(day, date) and _date_in_text(day, text), (cid, rid)
        assert "url" not in report  # no address was recorded with the reports
        if publisher is not None and day is not None:
            # "SUARAPUBLIK.CO.ID" on 2022-04-08 -> suarapublik-2022-04-08
            slug = re.sub(r"[^a-z0-9]", "", publisher.split(".")[0].lower())
            assert rid == f"{slug}-{day.isoformat()}", (cid, rid)
        else:
            # No publisher or no year: what it reports, then the day and month
            # it gives ("Kamis (25/08)" -> ...-25-08).
            m = re.fullmatch(r"[a-z]+(?:-[a-z]+)+-(\d{2})-(\d{2})", rid)
            assert m, (cid, rid)
            assert re.search(rf"\(\s*{m.group(1)}/{m.group(2)}\s*\)", text), (cid, rid)


# Common English words: a sentence in English has some, one in Bahasa
# Indonesia none.
ENGLISH = re.compile(r"\b(?:the|and|of|is|are|was|were|not|from|with|so)\b", re.IGNORECASE)


@pytest.mark.parametrize("cid", sorted(SAMPLE_VALUES))
def test_sample_notes_are_in_indonesian_and_name_their_report(cid: str) -> None:
    raw = _raw(cid)
    reports = [r["id"] for r in raw["reports"]]
    notes = raw["notes"]
    assert notes
    for note in notes:
        assert not ENGLISH.search(note), note
        # Each note says which report it comes from, or lists what none gives.
        assert note.split(":")[0].split(",")[0] in reports or note.startswith(
            "Tidak disebut dalam berita, jadi kosong:"
        ), note
    # The sources are listed on the sheet from `reports:`; the notes do not
    # repeat them (they once did, with a path of the machine they were made on).
    assert not any(note.startswith(("Reports:", "Sumber:")) for note in notes)


def test_samples_derived_values(samples) -> None:
    by_id, _ = samples
    langsa = by_id["kota-langsa"].values
    # Qanun 5/2019 is dedicated (level perda); the Perwal and the Instruksi
    # support it; the Perwal's scope `ptsp` makes PTSP required.
    assert langsa["regulation.dedicated_level"] == "perda"
    assert langsa["regulation.supporting_count"] == 2
    assert langsa["policy.ptsp_required"] is True
    assert langsa["outreach.events"] == 1
    assert "innovation.count" not in langsa
    medan = by_id["kota-medan"].values
    # Regulations are being drafted: absent, so missing, never "none".
    assert "regulation.dedicated_level" not in medan
    assert "regulation.supporting_count" not in medan
    mempawah = by_id["kabupaten-mempawah"]
    assert [(b.count, b.amount) for b in mempawah.benefits] == [(3, 42_000_000)]
    psp = by_id["kota-padang-sidempuan"]
    assert [(b.count, b.amount) for b in psp.benefits] == [(3, None)]
    assert psp.events[0].year is None and psp.events[0].date is None  # "Kamis (25/08)"
    assert all(r.date is None for r in psp.reports)


def test_samples_doc_lists_every_value() -> None:
    doc = SAMPLES_DOC.read_text(encoding="utf-8")
    table = doc.split("## Value sections per sample", 1)[1]
    for cid, values in SAMPLE_VALUES.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {cid} |"))
        assert set(re.findall(r"`([a-z_]+\.[a-z_]+)`", row)) == set(values), cid
        for key, n in SAMPLE_LISTS[cid].items():
            assert f"`{key}` ({n})" in row, (cid, key)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_samples_doc_quotes_its_sources_word_for_word() -> None:
    """Every sentence docs/samples.md quotes for a value is in the report it names."""
    doc = SAMPLES_DOC.read_text(encoding="utf-8")
    sources = {p.stem: _flat(p.read_text(encoding="utf-8")) for p in SOURCES.glob("*.txt")}
    rows = 0
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[2].startswith('"'):
            continue
        rows += 1
        named = [rid for rid in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", cells[1]) if rid in sources]
        assert named, f"row names no report of docs/sources/: {line[:80]}"
        for quote in re.findall(r'"([^"]+)"', cells[2]):
            for fragment in quote.split("..."):
                fragment = _flat(fragment).strip(" ,.")
                if fragment:
                    assert any(fragment in sources[rid] for rid in named), (named, fragment)
    assert rows == 16  # value rows: Langsa 10, Medan 2, Padang Sidempuan 2, Mempawah 2
