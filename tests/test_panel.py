"""Panel files: interview scores kept apart from the candidates' own files
(docs/formats.md, "Panel scores").

Every check with the exact `path:line:column: message`, the merge into the
candidates, a worked example with the shipped criteria and the sample
candidates, the audit hash, and the command line (default ./panel, verify).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.audit import audit_hash, audit_lines
from paritrana.scoring.errors import InvalidInput
from paritrana.scoring.load.safeyaml import Document, load_document
from paritrana.scoring.model import Candidate, SourceFile
from paritrana.scoring.pipeline import load_inputs, rank_inputs
from paritrana.scoring.render.rows import candidate_rows
from paritrana.scoring.validate import validate_candidates
from paritrana.scoring.validate.panel import validate_panel
from validate_helpers import BROKEN, doc, errors, ok_criteria, warnings

ROOT = Path(__file__).resolve().parent.parent
P = "panel/"

# Worked example (test_samples_scored.py has Langsa's other indicators):
# the panel scores kota-langsa's four interview items, 5 points each, on the
# 1-5 rubric; score = (mean - 1) / (5 - 1) * 100, points = score / 100 * 5.
#   pemahaman     [4, 5, 4]: mean 13/3 = 4.3333, score 83.333, points 25/6 = 4.1667
#   komitmen      [5, 5, 5]: mean 5, score 100, points 5
#   keberlanjutan [3, 4, 5]: mean 4, score 75, points 3.75
#   peta_jalan    [2, 3, 4]: mean 3, score 50, points 2.5
#   interview: 25/6 + 5 + 3.75 + 2.5 = 185/12 = 15.4167 of 20
# Langsa's total without the interview: regulasi 17 + villages 56/66 * 5
# (4.2424) + one event 4/12 (0.3333) = 21.5758 out of 80; with it
# 21.5758 + 15.4167 = 36.9924 out of 100, and nothing is pending.
LANGSA_PANEL = """\
# Interview scores of the kabupaten/kota panel, 2022 round
date: 2023-02-20
assessors: [Nama Penilai 1, Nama Penilai 2, Nama Penilai 3]
scores:
  kota-langsa:
    pemahaman: [4, 5, 4]
    komitmen: [5, 5, 5]
    keberlanjutan: [3, 4, 5]
    peta_jalan: [2, 3, 4]
"""
ITEMS = {  # item: (mean, score, points), from the working above
    "pemahaman": (13 / 3, 250 / 3, 25 / 6),
    "komitmen": (5, 100, 5),
    "keberlanjutan": (4, 75, 3.75),
    "peta_jalan": (3, 50, 2.5),
}
INTERVIEW_POINTS = 185 / 12
LANGSA_BEFORE = 17 + 56 / 66 * 5 + 4 / 12


# --------------------------------------------------------------------------
# Broken panel files (tests/broken/panel), scored against two candidates:
# kota-a (no panel scores of its own) and kota-b (panel_scores in its file).
# --------------------------------------------------------------------------

CASES: dict[str, tuple[list[str], list[str]]] = {
    # name: (every error, every warning)
    "unknown-key.yaml": (
        [],
        [
            f"{P}unknown-key.yaml:2:1: warning: unknown key 'asessors' in a panel file"
            " (did you mean 'assessors'?)"
        ],
    ),
    "unknown-candidate.yaml": (
        [
            f"{P}unknown-candidate.yaml:2:3: unknown candidate 'kota-aa'"
            " (did you mean 'kota-a'?): no candidate file read has this id",
            f"{P}unknown-candidate.yaml:4:3: unknown candidate 'kabupaten-x':"
            " no candidate file read has this id",
        ],
        [],
    ),
    "not-rubric.yaml": (
        [
            f"{P}not-rubric.yaml:3:5: candidate 'kota-a' (category 'kabupaten-kota'):"
            " 'wawancaraa' is not a rubric indicator (did you mean 'wawancara'?);"
            " rubric indicators: wawancara",
            f"{P}not-rubric.yaml:4:5: candidate 'kota-a' (category 'kabupaten-kota'):"
            " 'non_asn' is not a rubric indicator; rubric indicators: wawancara",
        ],
        [],
    ),
    "out-of-range.yaml": (
        [
            f"{P}out-of-range.yaml:3:20: panel score 7 for 'wawancara' of 'kota-a' is outside 1-5",
            f"{P}out-of-range.yaml:3:23: panel score 0 for 'wawancara' of 'kota-a' is outside 1-5",
        ],
        [],
    ),
    "not-a-number.yaml": (
        [
            f"{P}not-a-number.yaml:3:20: panel score for 'wawancara' of 'kota-a'"
            " must be a number, not 'lima'",
            f"{P}not-a-number.yaml:3:26: panel score for 'wawancara' of 'kota-a'"
            " must be a number, not true",
        ],
        [],
    ),
    "empty.yaml": (
        [
            f"{P}empty.yaml:3:16: panel scores for 'wawancara' of 'kota-a' are empty;"
            " give one score per assessor"
        ],
        [],
    ),
    "assessors-count.yaml": (
        [
            f"{P}assessors-count.yaml:4:16: 2 scores for 'wawancara' of 'kota-a'"
            " but 3 assessors; give one score per assessor, in the order of assessors"
        ],
        [],
    ),
    "duplicate": (
        [
            f"{P}duplicate/b.yaml:4:5: 'wawancara' of 'kota-a' is scored twice:"
            f" here and in {P}duplicate/a.yaml:3:5; keep the scores in one place"
        ],
        [],
    ),
    "own-scores.yaml": (
        [
            f"{P}own-scores.yaml:4:5: 'wawancara' of 'kota-b' is scored twice:"
            f" here and in {P}candidates/kota-b.yaml:7:3 (the candidate's own"
            " panel_scores); keep the scores in one place"
        ],
        [],
    ),
    "wrong-types.yaml": (
        [
            f"{P}wrong-types.yaml:1:7: date must be a date (YYYY-MM-DD), not 'kemarin'",
            f"{P}wrong-types.yaml:2:12: assessors must be a list, not 3",
            f"{P}wrong-types.yaml:3:9: scores (candidate id: {{indicator: [scores]}})"
            " must be a mapping (key: value), not a list",
        ],
        [],
    ),
    "empty-scores.yaml": (
        [],
        [
            f"{P}empty-scores.yaml:3:8: warning: scores is empty: this panel file scores no candidate"
        ],
    ),
    "no-scores.yaml": (
        [f"{P}no-scores.yaml:1:1: missing required key 'scores' in a panel file"],
        [],
    ),
}


def _load(path: Path) -> Document:
    document, problems = load_document(path, str(path.relative_to(BROKEN)))
    assert problems == [] and document is not None, [str(p) for p in problems]
    return document


@pytest.fixture(scope="module")
def base() -> tuple[list[Document], list[Candidate]]:
    cand_docs = [_load(p) for p in sorted((BROKEN / "panel" / "candidates").glob("*.yaml"))]
    candidates, problems = validate_candidates(cand_docs, ok_criteria())
    assert errors(problems) == []
    assert [c.id for c in candidates] == ["kota-a", "kota-b"]
    return cand_docs, candidates


def test_every_broken_panel_file_is_in_the_table() -> None:
    names = sorted(p.name for p in (BROKEN / "panel").iterdir() if p.name != "candidates")
    assert names == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_panel(name: str, base) -> None:
    cand_docs, candidates = base
    target = BROKEN / "panel" / name
    files = sorted(target.glob("*.yaml")) if target.is_dir() else [target]
    merged, problems = validate_panel(
        [_load(f) for f in files], ok_criteria(), candidates, candidate_docs=cand_docs
    )
    expected_errors, expected_warnings = CASES[name]
    assert errors(problems) == sorted(expected_errors)
    assert warnings(problems) == sorted(expected_warnings)
    assert [c.id for c in merged] == ["kota-a", "kota-b"]  # order kept, none dropped


def test_all_problems_in_one_run(base) -> None:
    """Every broken panel file of the folder read together: one InvalidInput
    naming every file with an error (the folder is not read recursively, so
    duplicate/ is left out; read together, the files also score kota-a more
    than once, which is reported as well)."""
    with pytest.raises(InvalidInput) as caught:
        load_inputs(
            BROKEN / "criteria-ok",
            [BROKEN / "panel" / "candidates"],
            panel_paths=[BROKEN / "panel"],
        )
    got = {Path(d.path).name for d in caught.value.diagnostics}
    # unknown-key.yaml has only a warning alone, but scores kota-a again here;
    # empty-scores.yaml scores nobody (a warning: not an error, not listed).
    assert got == set(CASES) - {"duplicate", "empty-scores.yaml"}
    messages = {d.message for d in caught.value.diagnostics}
    assert "missing required key 'scores' in a panel file" in messages
    assert "panel score 7 for 'wawancara' of 'kota-a' is outside 1-5" in messages


def test_strict_makes_an_unknown_key_an_error() -> None:
    args = (BROKEN / "criteria-ok", [BROKEN / "panel" / "candidates"])
    panel = [BROKEN / "panel" / "unknown-key.yaml"]
    inputs = load_inputs(*args, panel_paths=panel)
    typo = "unknown key 'asessors' in a panel file (did you mean 'assessors'?)"
    assert [w.message for w in inputs.warnings if w.path.endswith("unknown-key.yaml")] == [typo]
    with pytest.raises(InvalidInput) as caught:
        load_inputs(*args, panel_paths=panel, strict=True)
    assert [d.message for d in caught.value.diagnostics if d.path.endswith("unknown-key.yaml")] == [
        typo
    ]


# --------------------------------------------------------------------------
# Merge
# --------------------------------------------------------------------------


def test_merge_fills_scores_assessors_and_sources(tmp_path: Path, base) -> None:
    cand_docs, candidates = base
    panel = doc(
        tmp_path,
        """\
        assessors: [Dr. Siti Rahma, Ir. Budi]
        scores:
          kota-a:
            wawancara: [4, 5]
        """,
        "panel.yaml",
    )
    merged, problems = validate_panel([panel], ok_criteria(), candidates, candidate_docs=cand_docs)
    assert problems == []
    a, b = merged
    assert a.panel_scores == {"wawancara": (4.0, 5.0)}
    assert a.panel == ("Dr. Siti Rahma", "Ir. Budi")
    assert a.panel_sources == (SourceFile("panel.yaml", panel.sha256),)
    assert b == candidates[1]  # not in the panel file: untouched


def test_candidate_names_win_over_assessors(tmp_path: Path) -> None:
    """A candidate file that names its panel keeps those names."""
    cand = doc(
        tmp_path,
        """\
        id: kota-c
        name: Kota C
        category: kabupaten-kota
        period: 2022
        panel: [Penilai Kota]
        """,
        "kota-c.yaml",
    )
    candidates, _ = validate_candidates([cand], ok_criteria())
    panel = doc(
        tmp_path,
        """\
        assessors: [Penilai Panel]
        scores: {kota-c: {wawancara: 5}}
        """,
        "panel.yaml",
    )
    merged, problems = validate_panel([panel], ok_criteria(), candidates)
    assert problems == []
    # A single number is one score, as in a candidate's panel_scores.
    assert merged[0].panel_scores == {"wawancara": (5.0,)}
    assert merged[0].panel == ("Penilai Kota",)


def test_entries_of_failed_or_unread_candidates_can_be_skipped(tmp_path: Path, base) -> None:
    _, candidates = base
    panel = doc(
        tmp_path,
        "scores: {kota-x: {wawancara: [4]}, kabupaten-y: {wawancara: [9]}}\n",
        "panel.yaml",
    )
    # kota-x's file failed validation (its errors are reported there): skipped quietly.
    _, problems = validate_panel([panel], ok_criteria(), candidates, skip_ids={"kota-x"})
    assert [d.message.split(":")[0] for d in problems] == ["unknown candidate 'kabupaten-y'"]
    # `score` scores a few files on their own: other candidates are skipped.
    _, problems = validate_panel([panel], ok_criteria(), candidates, skip_unknown=True)
    assert problems == []


# --------------------------------------------------------------------------
# Worked example: shipped criteria, sample candidates, a panel file
# --------------------------------------------------------------------------


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """A folder laid out as a secretariat would: candidates/ and panel/."""
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    (tmp_path / "panel").mkdir()
    (tmp_path / "panel" / "2022-kabupaten-kota.yaml").write_text(LANGSA_PANEL, encoding="utf-8")
    return tmp_path


def test_worked_example(workdir: Path) -> None:
    panel_file = workdir / "panel" / "2022-kabupaten-kota.yaml"
    inputs = load_inputs(ROOT / "criteria", [workdir / "candidates"], panel_paths=[panel_file])
    assert panel_file in inputs.files  # outputs may never overwrite it
    rows = {r.candidate.id: r for r in candidate_rows(rank_inputs(inputs).results[0])}
    r = rows["kota-langsa"]
    got = {i.indicator.id: i for i in r.indicators if i.indicator.id in ITEMS}
    for item, (mean, score, points) in ITEMS.items():
        assert got[item].derived == pytest.approx(mean), item
        assert got[item].score == pytest.approx(score), item
        assert got[item].points == pytest.approx(points), item
        assert got[item].status == "ok", item
    assert sum(p for _, _, p in ITEMS.values()) == pytest.approx(INTERVIEW_POINTS)
    assert INTERVIEW_POINTS == pytest.approx(15.4167, abs=1e-4)
    # 21.5758 + 15.4167 = 36.9924, now out of 100
    assert r.total == pytest.approx(LANGSA_BEFORE + INTERVIEW_POINTS)
    assert round(r.total, 4) == 36.9924
    assert r.max_total == 100
    assert (r.rank, r.pending_count) == (1, 0)
    assert r.candidate.panel == ("Nama Penilai 1", "Nama Penilai 2", "Nama Penilai 3")
    # The others are still waiting for the interview (its four items): out of 80.
    assert rows["kota-medan"].max_total == 80 and rows["kota-medan"].pending_count == 4


def test_default_panel_folder(workdir: Path) -> None:
    """Without --panel, ./panel is read when it exists, and only then."""
    with_panel = load_inputs(None, [], cwd=workdir)
    langsa = next(c for c in with_panel.candidates if c.id == "kota-langsa")
    assert langsa.panel_scores == {
        "pemahaman": (4.0, 5.0, 4.0),
        "komitmen": (5.0, 5.0, 5.0),
        "keberlanjutan": (3.0, 4.0, 5.0),
        "peta_jalan": (2.0, 3.0, 4.0),
    }
    shutil.rmtree(workdir / "panel")
    without = load_inputs(None, [], cwd=workdir)
    assert all(not c.panel_scores and not c.panel_sources for c in without.candidates)
    (workdir / "panel").mkdir()  # an empty default folder: no interview yet, no problem
    assert list(load_inputs(None, [], cwd=workdir).candidates) == list(without.candidates)


# --------------------------------------------------------------------------
# Audit hash
# --------------------------------------------------------------------------


def test_panel_files_enter_the_audit_hash(workdir: Path) -> None:
    panel_file = workdir / "panel" / "2022-kabupaten-kota.yaml"
    plain = load_inputs(ROOT / "criteria", [workdir / "candidates"], panel_paths=[])
    scored = load_inputs(ROOT / "criteria", [workdir / "candidates"])  # default: none here
    assert list(plain.candidates) == list(scored.candidates)  # cwd is the repository: no ./panel
    scored = load_inputs(ROOT / "criteria", [workdir / "candidates"], panel_paths=[panel_file])
    langsa = next(c for c in scored.candidates if c.id == "kota-langsa")
    digest = langsa.panel_sources[0].sha256
    lines = audit_lines(scored.criteria, scored.candidates)
    # One "panel" line per distinct panel file, next to criteria and candidates.
    assert [x for x in lines if x.startswith("panel ")] == [f"panel {digest}"]
    assert sorted(lines) == sorted(
        audit_lines(plain.criteria, plain.candidates) + [f"panel {digest}"]
    )
    assert audit_hash(scored.criteria, scored.candidates) != audit_hash(
        plain.criteria, plain.candidates
    )
    # A document about other candidates does not depend on the panel file.
    others = [c for c in scored.candidates if c.id != "kota-langsa"]
    assert not any(x.startswith("panel ") for x in audit_lines(scored.criteria, others))


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, workdir: Path) -> CliRunner:
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_cli_rank_reads_the_default_panel(runner: CliRunner) -> None:
    result = invoke(runner, "rank", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    langsa = next(line for line in result.output.splitlines() if "kota-langsa" in line)
    assert "36.9924" in langsa


def test_cli_score_skips_other_candidates_of_the_panel(runner: CliRunner, workdir: Path) -> None:
    panel = workdir / "panel" / "2022-kabupaten-kota.yaml"
    panel.write_text(LANGSA_PANEL + "  kota-medan:\n    pemahaman: [3, 3, 4]\n", encoding="utf-8")
    result = invoke(runner, "score", "candidates/kota-langsa.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Total: 36.99 / 100.00" in result.output


def test_cli_validate_reports_broken_panel(runner: CliRunner, workdir: Path) -> None:
    bad = workdir / "bad-panel.yaml"
    bad.write_text(
        textwrap.dedent("""\
        assessors: [A, B]
        scores:
          kota-langsaa:
            pemahaman: [4, 5]
          kota-medan:
            pemahaman: [4, 6]
        """),
        encoding="utf-8",
    )
    result = invoke(runner, "validate", "--panel", str(bad))
    assert result.exit_code == 1
    assert (
        f"{bad}:3:3: unknown candidate 'kota-langsaa' (did you mean 'kota-langsa'?):"
        " no candidate file read has this id"
    ) in result.output
    assert (
        f"{bad}:6:20: panel score 6 for 'pemahaman' of 'kota-medan' is outside 1-5" in result.output
    )
    assert "2 problems found; nothing was scored." in result.output
    # --panel replaces the default folder: the good file alone validates.
    ok = invoke(runner, "validate", "--panel", "panel")
    assert ok.exit_code == 0 and "OK:" in ok.output


def test_cli_output_never_overwrites_a_panel_file(runner: CliRunner) -> None:
    target = "panel/2022-kabupaten-kota.yaml"
    result = invoke(runner, "rank", "--format", "csv", "-o", target)
    assert result.exit_code == 2
    assert Path(target).read_text(encoding="utf-8") == LANGSA_PANEL


def test_cli_scorecard_and_verify_with_panel(runner: CliRunner, workdir: Path) -> None:
    """The sheet prints the assessors and the interview; verify needs the
    same panel file and fails once a panel score changes."""
    from pypdf import PdfReader

    out = workdir / "sheets"
    made = invoke(runner, "scorecard", "-o", str(out), "--jobs", "1", "--lang", "en", "kota-langsa")
    assert made.exit_code == 0, made.output
    sheet = out / "kota-langsa.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(sheet).pages).split())
    for name in ("Nama Penilai 1", "Nama Penilai 2", "Nama Penilai 3"):
        assert name in text
    assert "36.99 / 100" in text

    assert invoke(runner, "verify", str(sheet)).exit_code == 0  # default ./panel
    other = workdir / "elsewhere"
    shutil.copytree(workdir / "panel", other)
    ok = invoke(runner, "verify", "--panel", str(other), str(sheet))  # moved: content counts
    assert ok.exit_code == 0 and "OK" in ok.output

    empty = workdir / "no-panel"
    empty.mkdir()
    (empty / "none.yaml").write_text("scores: {}\n", encoding="utf-8")
    without = invoke(runner, "verify", "--panel", str(empty / "none.yaml"), str(sheet))
    assert without.exit_code == 1 and "MISMATCH" in without.output

    panel = workdir / "panel" / "2022-kabupaten-kota.yaml"
    panel.write_text(LANGSA_PANEL.replace("[4, 5, 4]", "[4, 5, 5]"), encoding="utf-8")
    changed = invoke(runner, "verify", str(sheet))
    assert changed.exit_code == 1 and "MISMATCH" in changed.output
