"""`verify` and the audit facts stored in a PDF: per-file hashes beside the
overall hash, the comparison that names what differs, and the hash
computed once per category for a batch of scorecards."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring import audit
from paritrana.scoring.audit import (
    AuditEntry,
    PdfAudit,
    audit_entries,
    audit_hash,
    compare_entries,
    escape_text,
    inputs_metadata,
    read_pdf_meta,
)
from paritrana.scoring.pipeline import load_inputs, rank_inputs

ROOT = Path(__file__).resolve().parent.parent


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_sheet_lists_each_input_file_by_relative_name_and_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = CliRunner().invoke(main, ["scorecard", "-o", "out", "--jobs", "1", "kota-medan"])
    assert result.exit_code == 0, result.output
    meta = read_pdf_meta(tmp_path / "out" / "kota-medan.pdf")
    assert meta.categories == ("kabupaten-kota",)
    assert meta.entries is not None
    files = {(e.kind, e.name): e.sha256 for e in meta.entries}
    for p in sorted((tmp_path / "candidates").glob("*.yaml")):
        assert (
            files[("candidate", f"candidates/{p.name}")]
            == hashlib.sha256(p.read_bytes()).hexdigest()
        )
    # The shipped criteria lie outside the working folder: only their names.
    criteria = sorted(name for kind, name in files if kind == "criteria")
    assert criteria == ["2022-badan-usaha.yaml", "2022-desa.yaml", "2022-pemda.yaml"]
    assert not any(name.startswith("/") for _, name in files)
    # The overall hash is the hash of those same lines.
    text = "".join(
        f"{kind} {digest}\n"
        for (kind, _), digest in sorted(files.items(), key=lambda kv: f"{kv[0][0]} {kv[1]}")
    )
    assert meta.digest == hashlib.sha256(text.encode()).hexdigest()


def test_the_hash_is_computed_once_per_category_for_a_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from paritrana.scoring.render.context import scorecard_context

    inputs = load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    ranking = rank_inputs(inputs)
    calls: list[int] = []
    real = audit._digest
    monkeypatch.setattr(audit, "_digest", lambda lines: calls.append(1) or real(lines))
    audit._CACHE.clear()
    result = ranking.results[0]
    digests = {
        scorecard_context(ranking, result, i, "id", date(2023, 1, 1))["audit_hash"]
        for i in range(len(result.candidates))
    }
    assert len(result.candidates) == 4 and len(digests) == 1
    assert len(calls) == 1


def test_the_cache_cannot_mix_up_two_sets_of_candidates() -> None:
    inputs = load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    every = list(inputs.candidates)
    fewer = every[:3]
    assert audit_hash(inputs.criteria, every) != audit_hash(inputs.criteria, fewer)
    assert audit_hash(inputs.criteria, fewer) == audit_hash(inputs.criteria, list(fewer))


def test_above_the_limit_only_the_count_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    digest = audit_hash(inputs.criteria, inputs.candidates)
    listed = json.loads(inputs_metadata(digest) or "")
    assert len(listed["files"]) == 3 + 4  # three criteria files, four candidates
    monkeypatch.setattr(audit, "MAX_LISTED", 5)
    assert json.loads(inputs_metadata(digest) or "") == {"v": 1, "omitted": 7}
    lines = audit._mismatch_lines(PdfAudit(digest, None, None, 7), [])
    assert lines == [
        "  which files differ cannot be told: 7 files, too many to list in the document"
    ]
    older = audit._mismatch_lines(PdfAudit(digest, None, None, 0), [])
    assert "made by an older paritrana" in older[0]


def test_compare_matches_by_content_then_by_id_or_name() -> None:
    crit = AuditEntry("criteria", "criteria/a.yaml", "criteria/a.yaml", sha("a"))
    langsa = AuditEntry("candidate", "kota-langsa", "candidates/kota-langsa.yaml", sha("l"))
    medan = AuditEntry("candidate", "kota-medan", "candidates/kota-medan.yaml", sha("m"))
    panel = AuditEntry("panel", "panel/p.yaml", "panel/p.yaml", sha("p"))
    stored = [crit, langsa, medan, panel]
    # Renamed but unchanged: nothing differs.
    moved = AuditEntry("candidate", "kota-langsa", "elsewhere/langsa.yaml", sha("l"))
    assert compare_entries(stored, [crit, moved, medan, panel]) == ([], [], [])
    # Medan edited (same id), the criteria file edited and run from another
    # folder (same file name), the panel file gone, a new candidate.
    medan2 = AuditEntry("candidate", "kota-medan", "candidates/kota-medan.yaml", sha("m2"))
    crit2 = AuditEntry("criteria", "../x/criteria/a.yaml", "a.yaml", sha("a2"))
    new = AuditEntry("candidate", "kota-baru", "candidates/kota-baru.yaml", sha("b"))
    differ, missing, extra = compare_entries(stored, [crit2, langsa, medan2, new])
    assert differ == sorted([(crit, crit2), (medan, medan2)])
    assert missing == [panel]
    assert extra == [new]


def test_names_from_files_are_shown_escaped() -> None:
    hostile = AuditEntry("panel", "p", "panel/\x1b]0;pwned\x07\u202e.yaml", sha("p"))
    assert hostile.label == "panel/\\x1b]0;pwned\\x07\\u202e.yaml (panel)"
    assert escape_text("Kota Medan\r=1+1") == "Kota Medan\\r=1+1"
    assert escape_text("Kabupaten Mempawah é") == "Kabupaten Mempawah é"


def test_entries_cover_exactly_the_hashed_lines() -> None:
    inputs = load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    entries = audit_entries(inputs.criteria, inputs.candidates)
    assert sorted(e.line for e in entries) == audit.audit_lines(inputs.criteria, inputs.candidates)
    assert {e.key for e in entries if e.kind == "candidate"} == {
        "kabupaten-mempawah",
        "kota-langsa",
        "kota-medan",
        "kota-padang-sidempuan",
    }


def test_a_scorecard_batch_hashes_each_category_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    calls: list[int] = []
    real = audit._digest
    monkeypatch.setattr(audit, "_digest", lambda lines: calls.append(1) or real(lines))
    audit._CACHE.clear()
    result = CliRunner().invoke(main, ["scorecard", "-o", "out", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 4
    assert len(calls) == 1  # one category, four sheets
