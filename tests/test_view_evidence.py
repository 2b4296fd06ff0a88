"""One view of a candidate: the same evidence for the same number in every output.

Every output of the samples is built (JSON, CSV, XLSX, the terminal score
view, the scorecard context and the scorecard PDF) and the evidence each
shows for each indicator is compared with the JSON's; then the cases of
issue 7 by hand: which regulation or item earned a derived value, and so
whose evidence backs it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring import pipeline
from paritrana.scoring.model import Evidence, Ranking, Regulation
from paritrana.scoring.render.context import scorecard_context
from paritrana.scoring.render.fmt import Formatter

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2023, 2, 20)
Key = tuple[str, str]  # (candidate id, indicator id)


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("view")
    shutil.copytree(ROOT / "criteria", base / "criteria")
    shutil.copytree(ROOT / "candidates", base / "candidates")
    return base


def _run(work: Path, *args: str) -> str:
    with _cwd(work):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def ranking(work: Path) -> Ranking:
    with _cwd(work):
        inputs = pipeline.load_inputs(Path("criteria"), [Path("candidates")])
        return pipeline.rank_inputs(inputs)


@pytest.fixture(scope="module")
def exported(work: Path) -> dict:
    _run(work, "rank", "--format", "json", "-o", "samples.json")
    return json.loads((work / "samples.json").read_text(encoding="utf-8"))


def _json_evidence(doc: dict) -> dict[Key, list[tuple[str, str | None]]]:
    return {
        (c["id"], i["id"]): [(e["document"], e["page"]) for e in i["evidence"]]
        for cat in doc["categories"]
        for c in cat["candidates"]
        for i in c["indicators"]
    }


def _text(ev: list[tuple[str, str | None]], lang: str = "id") -> list[str]:
    """Evidence as the documents and the terminal write it."""
    page = "hlm." if lang == "id" else "p."
    return [f"{d} {page} {p}" if p else d for d, p in ev]


def _report_ids(ranking: Ranking) -> set[str]:
    return {r.id for res in ranking.results for c in res.candidates for r in c.reports}


def test_the_samples_carry_evidence_on_derived_values(exported: dict) -> None:
    """Not a vacuous comparison: derived values (regulations, events) have
    evidence in the samples, and so do written ones."""
    ev = _json_evidence(exported)
    assert ev[("kota-langsa", "regulasi_khusus")]
    assert ev[("kota-langsa", "sosialisasi")]
    assert ev[("kota-medan", "ptsp")]
    assert sum(1 for v in ev.values() if v) >= 8


def test_scorecard_context_shows_the_json_evidence(ranking: Ranking, exported: dict) -> None:
    expected = _json_evidence(exported)
    points = {
        (c["id"], i["id"]): i["points"]
        for cat in exported["categories"]
        for c in cat["candidates"]
        for i in c["indicators"]
    }
    seen = 0
    for lang in ("id", "en"):
        fmt = Formatter(lang)  # type: ignore[arg-type]
        for res in ranking.results:
            for k, cand in enumerate(res.candidates):
                ctx = scorecard_context(ranking, res, k, lang, DAY)  # type: ignore[arg-type]
                for p in ctx["pillars"]:
                    for row in p["indicators"]:
                        key = (cand.id, row["id"])
                        assert row["evidence"] == _text(expected[key], lang), key
                        assert row["points_text"] == fmt.points(points[key]), key
                        seen += 1
    assert seen == 2 * len(expected)


def _score_view(text: str) -> dict[str, list[str]]:
    """The evidence column of `paritrana score`, per candidate, row by row."""
    out: dict[str, list[str]] = {}
    current = ""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        head = re.match(r"^.* \(([a-z0-9-]+)\): ", line)
        if head and not line.startswith(" "):
            current = head.group(1)
            out[current] = []
        elif line.rstrip().endswith("bukti") and n + 1 < len(lines):
            col = line.rindex("bukti")
            # Issue 9: an indicator's label wraps and its YAML keys stand one
            # per line, so a row may go on over more lines that hold only
            # those two first columns; the value column onwards is blank.
            value = re.search(r"\bnilai\b", line)
            assert value is not None
            for row in lines[n + 2 :]:
                if not row.strip():
                    break
                if not row[value.start() :].strip():
                    continue  # the same indicator's next line
                out[current].append(row[col:].strip())
    return out


def test_score_view_shows_the_json_evidence(work: Path, exported: dict) -> None:
    expected = _json_evidence(exported)
    order = [
        (c["id"], [i["id"] for i in c["indicators"]])
        for cat in exported["categories"]
        for c in cat["candidates"]
    ]
    ids = [cid for cid, _ in order]
    view = _score_view(_run(work, "score", *ids))
    assert sorted(view) == sorted(ids)
    for cid, indicators in order:
        assert view[cid] == ["; ".join(_text(expected[(cid, i)])) for i in indicators], cid


def test_csv_and_xlsx_carry_no_evidence(work: Path, ranking: Ranking) -> None:
    """So "the same evidence in every output" holds for them trivially; an
    evidence column added to either must be added to this test."""
    from openpyxl import load_workbook

    reports = _report_ids(ranking)
    assert reports
    _run(work, "rank", "--format", "csv", "-o", "samples.csv")
    rows = list(csv.reader(io.StringIO((work / "samples.csv").read_text(encoding="utf-8"))))
    assert rows and not any("evidence" in h for h in rows[0])
    assert not any(r in cell for row in rows for cell in row for r in reports)
    _run(work, "rank", "--format", "xlsx", "-o", "samples.xlsx")
    book = load_workbook(work / "samples.xlsx")
    cells = [
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert cells and not any(r in cell for cell in cells for r in reports)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("cid", ["kota-langsa", "kota-medan"])
def test_scorecard_pdf_shows_the_json_evidence(
    work: Path, ranking: Ranking, exported: dict, cid: str
) -> None:
    """The PDF's text, indicator by indicator: the `Bukti:` line of each row
    (or none) is the JSON's evidence."""
    from pypdf import PdfReader

    _run(work, "scorecard", "-o", "pdf", "--jobs", "1", "--date", DAY.isoformat(), cid)
    reader = PdfReader(work / "pdf" / f"{cid}.pdf")
    text = _squash("".join(p.extract_text() for p in reader.pages))
    expected = _json_evidence(exported)
    cat = next(r.category for r in ranking.results if any(c.id == cid for c in r.candidates))
    labels = [(i.id, _squash(i.label.get("id"))) for i in cat.indicators]
    start = text.index("Pilar:")
    places = []
    for ind_id, label in labels:
        start = text.index(label, start)
        places.append((ind_id, start))
        start += len(label)
    for n, (ind_id, at) in enumerate(places):
        end = places[n + 1][1] if n + 1 < len(places) else len(text)
        segment = text[at:end]
        ev = _text(expected[(cid, ind_id)])
        if ev:
            assert _squash("Bukti: " + "; ".join(ev)) in segment, ind_id
        else:
            assert "Bukti:" not in segment, ind_id


# --------------------------------------------------------------------------
# The cases of issue 7, by hand
# --------------------------------------------------------------------------


def _rows(ranking: Ranking, cid: str) -> dict[str, dict]:
    for res in ranking.results:
        for k, c in enumerate(res.candidates):
            if c.id == cid:
                ctx = scorecard_context(ranking, res, k, "id", DAY)
                return {r["id"]: r for p in ctx["pillars"] for r in p["indicators"]}
    raise AssertionError(cid)


def test_kota_langsa_by_hand(ranking: Ranking, exported: dict) -> None:
    """Qanun 5/2019 (suarapublik) gives the dedicated level; Perwal 34/2014
    (suarapublik, scope ptsp) the PTSP point; Perwal 34/2014 and Instruksi
    535/2020 (wawancara) are the supporting ones. Before issue 7 the
    scorecard showed both reports on every regulation row and the JSON none."""
    ev = _json_evidence(exported)
    suara, wawancara = ("suarapublik-2022-04-08", None), ("wawancara-langsa-20-02", None)
    assert ev[("kota-langsa", "regulasi_khusus")] == [suara]
    assert ev[("kota-langsa", "ptsp")] == [suara]
    assert ev[("kota-langsa", "regulasi_pendukung")] == [suara, wawancara]
    assert ev[("kota-langsa", "sosialisasi")] == [wawancara]
    rows = _rows(ranking, "kota-langsa")
    assert rows["regulasi_khusus"]["regulations"] == ["Qanun 5/2019"]
    assert rows["regulasi_khusus"]["evidence"] == ["suarapublik-2022-04-08"]
    assert rows["ptsp"]["regulations"] == ["Perwal 34/2014"]
    assert rows["ptsp"]["evidence"] == ["suarapublik-2022-04-08"]
    assert rows["regulasi_pendukung"]["regulations"] == ["Perwal 34/2014", "Instruksi 535/2020"]
    # kota-medan writes ptsp_required with its own evidence and no regulations.
    assert ev[("kota-medan", "ptsp")] == [("aktualnews-2022-03-18", None)]
    assert _rows(ranking, "kota-medan")["ptsp"]["regulations"] == []


CANDIDATE = """\
id: kota-uji
name: Pemerintah Kota Uji
category: kabupaten-kota
period: 2022
reports:
  - {id: rep-a, title: A}
  - {id: rep-b, title: B}
  - {id: rep-c, title: C}
  - {id: rep-d, title: D}
  - {id: rep-e, title: E}
regulations:
  - {type: perkada, number: "1", year: 2018, scope: [dedicated], evidence: {document: rep-b}}
  - {type: perda, number: "2", year: 2019, scope: [dedicated, desa], evidence: {document: rep-a, page: 3}}
  - {type: perwal, number: "3", year: 2020, scope: [ptsp], evidence: {document: rep-c}}
  - {type: instruksi, number: "4", year: 2021, scope: [lainnya]}
  - {type: perwal, number: "5", year: 2021, scope: [ptsp], evidence: {document: rep-c}}
innovations:
  - {title: Satu, evidence: {document: rep-d}}
  - Dua
events: []
programmes: [JKK, JKM]
"""


def _load(tmp_path: Path, text: str) -> Ranking:
    (tmp_path / "kota-uji.yaml").write_text(text, encoding="utf-8")
    inputs = pipeline.load_inputs(ROOT / "criteria", [tmp_path / "kota-uji.yaml"])
    return pipeline.rank_inputs(inputs)


def _indicator_evidence(ranking: Ranking) -> dict[str, list[tuple[str, str | None]]]:
    doc = json.loads(_json(ranking))
    return {k[1]: v for k, v in _json_evidence(doc).items()}


def _json(ranking: Ranking) -> str:
    from paritrana.scoring.render.export import ranking_json

    return ranking_json(ranking, "0" * 64)


def test_derived_values_carry_the_evidence_of_the_items_that_earned_them(
    tmp_path: Path,
) -> None:
    ranking = _load(tmp_path, CANDIDATE)
    cand = ranking.results[0].candidates[0]
    perkada, perda, perwal3, instruksi, perwal5 = cand.regulations
    assert cand.values["regulation.dedicated_level"] == "perda"
    # The best dedicated regulation (the perda, not the perkada listed first).
    assert cand.derived_from["regulation.dedicated_level"] == (perda,)
    assert cand.evidence_of("regulation.dedicated_level") == (Evidence("rep-a", "3"),)
    # Every other regulation supports; evidence distinct, in list order; the
    # instruksi has none.
    assert cand.derived_from["regulation.supporting_count"] == (
        perkada,
        perwal3,
        instruksi,
        perwal5,
    )
    assert cand.evidence_of("regulation.supporting_count") == (Evidence("rep-b"), Evidence("rep-c"))
    # PTSP: the regulations scoped ptsp, and only their evidence.
    assert cand.values["policy.ptsp_required"] is True
    assert cand.derived_from["policy.ptsp_required"] == (perwal3, perwal5)
    assert cand.evidence_of("policy.ptsp_required") == (Evidence("rep-c"),)
    # Counted lists: every item counts; only the one with evidence gives any.
    assert cand.values["innovation.count"] == 2.0
    assert cand.evidence_of("innovation.count") == (Evidence("rep-d"),)
    # An empty list, and programmes (bare names), give a value and no evidence.
    assert cand.values["outreach.events"] == 0.0
    assert "outreach.events" not in cand.evidence and "outreach.events" not in cand.derived_from
    assert "compliance.programmes" not in cand.evidence

    ev = _indicator_evidence(ranking)
    assert ev["regulasi_khusus"] == [("rep-a", "3")]
    assert ev["ptsp"] == [("rep-c", None)]
    assert ev["regulasi_pendukung"] == [("rep-b", None), ("rep-c", None)]
    assert ev["inovasi_terbukti"] == [("rep-d", None)]
    assert ev["sosialisasi"] == []
    rows = _rows(ranking, "kota-uji")
    assert rows["regulasi_khusus"]["regulations"] == ["Perda 2/2019"]
    assert rows["regulasi_khusus"]["evidence"] == ["rep-a hlm. 3"]
    assert rows["ptsp"]["regulations"] == ["Perwal 3/2020", "Perwal 5/2021"]
    assert rows["ptsp"]["evidence"] == ["rep-c"]
    assert rows["regulasi_pendukung"]["regulations"] == [
        "Perkada 1/2018",
        "Perwal 3/2020",
        "Instruksi 4/2021",
        "Perwal 5/2021",
    ]


def test_a_written_value_keeps_its_own_evidence(tmp_path: Path) -> None:
    """`policy.ptsp_required` written by hand is not derived: its evidence is
    the one written with it, or none, whatever the regulations say."""
    written = CANDIDATE + "policy:\n  ptsp_required: {value: false, evidence: {document: rep-e}}\n"
    ranking = _load(tmp_path, written)
    cand = ranking.results[0].candidates[0]
    assert cand.values["policy.ptsp_required"] is False
    assert cand.evidence["policy.ptsp_required"] == Evidence("rep-e")  # a single one, as written
    assert "policy.ptsp_required" not in cand.derived_from
    assert _indicator_evidence(ranking)["ptsp"] == [("rep-e", None)]
    assert _rows(ranking, "kota-uji")["ptsp"]["regulations"] == []

    bare = CANDIDATE + "policy:\n  ptsp_required: true\n"
    ranking = _load(tmp_path, bare)
    assert _indicator_evidence(ranking)["ptsp"] == []
    assert _rows(ranking, "kota-uji")["ptsp"]["evidence"] == []


def test_no_dedicated_regulation_gives_level_none_without_evidence(tmp_path: Path) -> None:
    text = CANDIDATE.replace("scope: [dedicated]", "scope: [desa]").replace(
        "scope: [dedicated, desa]", "scope: [desa]"
    )
    ranking = _load(tmp_path, text)
    cand = ranking.results[0].candidates[0]
    assert cand.values["regulation.dedicated_level"] == "none"
    assert cand.evidence_of("regulation.dedicated_level") == ()
    # All five support, so the perda's evidence now backs the supporting count.
    assert cand.evidence_of("regulation.supporting_count") == (
        Evidence("rep-b"),
        Evidence("rep-a", "3"),
        Evidence("rep-c"),
    )
    assert isinstance(cand.derived_from["regulation.supporting_count"][0], Regulation)
