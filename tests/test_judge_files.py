"""Judge files: one file per judge per stage (docs/formats.md, "Judge files").

Every check with its exact `path:line:column: message` (tests/broken/judges,
scored against kota-a and kota-b of kabupaten-kota, which is judged in two
stages, and prov-c of provinsi, which declares none), conflicts of
interest declared, detected and waived, the merge into the candidates and
its independence of file order, and academic titles split off by a comma
in a flow list.
"""

from __future__ import annotations

import itertools
import random
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from judge_helpers import JUDGES, judge_candidates, load, staged_criteria
from paritrana.scoring.errors import InvalidInput
from paritrana.scoring.load.safeyaml import Document, load_document
from paritrana.scoring.model import (
    ALL_PILLARS,
    Comment,
    Conflict,
    Judge,
    Mark,
    PanelPolicy,
    Recusal,
    SourceFile,
)
from paritrana.scoring.pipeline import load_inputs
from paritrana.scoring.validate import validate_candidates
from paritrana.scoring.validate._common import is_academic_title
from paritrana.scoring.validate.judges import names_candidate, province_key
from paritrana.scoring.validate.panel import validate_panel
from validate_helpers import BROKEN, errors, ok_criteria, warnings

J = "judges/"

CASES: dict[str, tuple[list[str], list[str]]] = {
    # name: (every error, every warning)
    "abstain.yaml": (
        [
            f"{J}abstain.yaml:6:5: 'kota-b' has both abstain and scores (pemahaman): an"
            " abstaining judge gives no scores; remove the scores or the abstain",
            f"{J}abstain.yaml:8:13: abstain for 'kota-a' gives no reason; write the reason"
            " after it (abstain: reason)",
        ],
        [],
    ),
    "conflict-scored.yaml": (
        [
            f"{J}conflict-scored.yaml:5:10: the conflict with 'kota-a' gives no reason;"
            " write it after the id (kota-a: reason)",
            f"{J}conflict-scored.yaml:7:3: scores for 'kota-b', which this judge declared a"
            f" conflict with ({J}conflict-scored.yaml:4:3): a recused judge gives no scores;"
            " remove the scores or the conflict",
        ],
        [],
    ),
    "described-differently": (
        [
            f"{J}described-differently/b.yaml:1:1: judge 'penilai-01' is described"
            f" differently here and in {J}described-differently/a.yaml:1:1 (name); one id is"
            " one person: give the same details in every file",
        ],
        [
            f"{J}described-differently/a.yaml:3:9: warning: scores is empty: this judge file"
            " scores no candidate",
        ],
    ),
    "detected-organisation.yaml": (
        [
            f"{J}detected-organisation.yaml:5:13: possible conflict of interest between"
            " judge 'penilai-01' and candidate 'kota-b': the same province ('Contoh"
            f" Selatan' here, 'Contoh Selatan' in {J}candidates/kota-b.yaml:5:11) and the"
            " judge's organisation 'Dinas Tenaga Kerja Kota B' names the candidate 'Kota B'"
            f" ({J}candidates/kota-b.yaml:2:7); declare it under conflicts: (the judge is"
            " then recused) or waive it under waivers: with its reason",
        ],
        [],
    ),
    "detected-province.yaml": (
        [
            f"{J}detected-province.yaml:4:13: possible conflict of interest between judge"
            " 'penilai-01' and candidate 'kota-a': the same province ('contoh  utara' here,"
            f" 'Provinsi Contoh Utara' in {J}candidates/kota-a.yaml:5:11); declare it under"
            " conflicts: (the judge is then recused) or waive it under waivers: with its"
            " reason",
        ],
        [],
    ),
    "duplicate": (
        [
            f"{J}duplicate/b.yaml:1:13: judge 'penilai-01' has a second file for stage"
            f" 'wawancara': here and in {J}duplicate/a.yaml:1:13; one file per judge per"
            " stage (merge them)",
        ],
        [],
    ),
    # Text that could rewrite a terminal (ESC, a bidi override) is refused,
    # and shown escaped in the message.
    "hostile.yaml": (
        [
            f"{J}hostile.yaml:1:31: judge name contains the control character \\x1b at"
            " character 9; remove it",
            f"{J}hostile.yaml:1:66: judge organisation contains the control character"
            " \\u202e at character 5; remove it",
            f"{J}hostile.yaml:7:14: comment on 'kota-b' contains the control character"
            " \\x1b at character 5; remove it; only newlines and tabs are allowed",
        ],
        [],
    ),
    "missing-keys.yaml": (
        [
            f"{J}missing-keys.yaml:1:1: missing required key 'scores' in a judge file",
            f"{J}missing-keys.yaml:1:8: missing required key 'name' in judge",
        ],
        [],
    ),
    "no-stage.yaml": (
        [
            f"{J}no-stage.yaml:1:1: this judge file names no stage, and category"
            " 'kabupaten-kota' (of 'kota-a') is judged in stages dokumen, wawancara: add"
            " `stage:` with one of them",
        ],
        [],
    ),
    "not-scored-yet.yaml": (
        [],
        [
            f"{J}not-scored-yet.yaml:4:3: warning: 'kota-a' is not scored yet",
            f"{J}not-scored-yet.yaml:6:5: warning: 'pemahaman' of 'kota-b' is not scored yet",
        ],
    ),
    "null-dash.yaml": (
        [
            f"{J}null-dash.yaml:5:16: score for 'pemahaman' of 'kota-b' is written 'null':"
            " write a score from 1-5, leave it empty if not scored yet, or write `abstain:"
            " reason` for the candidate to stand aside",
            f"{J}null-dash.yaml:6:15: score for 'komitmen' of 'kota-b' is '-': write a score"
            " from 1-5, leave it empty if not scored yet, or write `abstain: reason` for"
            " the candidate to stand aside",
            f"{J}null-dash.yaml:8:16: score for 'pemahaman' of 'kota-a' is written '~':"
            " write a score from 1-5, leave it empty if not scored yet, or write `abstain:"
            " reason` for the candidate to stand aside",
        ],
        [],
    ),
    "off-scale.yaml": (
        [
            f"{J}off-scale.yaml:5:16: score 6 for 'pemahaman' of 'kota-b' is outside 1-5",
            f"{J}off-scale.yaml:6:15: score 0 for 'komitmen' of 'kota-b' is outside 1-5;"
            " write `abstain: reason` for the candidate to stand aside",
            f"{J}off-scale.yaml:8:16: score for 'pemahaman' of 'kota-a' must be a number,"
            " not 'lima'",
            f"{J}off-scale.yaml:9:15: score for 'komitmen' of 'kota-a' must be one number (a"
            " judge file holds one judge's scores), not a list",
        ],
        [],
    ),
    "unknown-candidate.yaml": (
        [
            f"{J}unknown-candidate.yaml:4:3: unknown candidate 'kota-x' (did you mean"
            " 'kota-b'?): no candidate file read has this id",
            f"{J}unknown-candidate.yaml:6:3: unknown candidate 'kota-aa' (did you mean"
            " 'kota-a'?): no candidate file read has this id",
        ],
        [],
    ),
    "unknown-item.yaml": (
        [
            f"{J}unknown-item.yaml:2:8: 'wawancara' is not a stage of category 'provinsi'"
            " (of 'prov-c'); its stages: semua (it declares none: leave `stage:` out or"
            " write semua)",
            f"{J}unknown-item.yaml:5:5: candidate 'kota-b' (category 'kabupaten-kota', stage"
            " 'wawancara'): 'pemahamann' is not a rubric indicator of this stage (did you"
            " mean 'pemahaman'?); rubric indicators of this stage: pemahaman, komitmen"
            " (beside them: comment, abstain)",
            f"{J}unknown-item.yaml:6:5: candidate 'kota-b' (category 'kabupaten-kota', stage"
            " 'wawancara'): 'non_asn' is not a rubric indicator of this stage; rubric"
            " indicators of this stage: pemahaman, komitmen (beside them: comment, abstain)",
        ],
        [],
    ),
    "unknown-key.yaml": (
        [
            f"{J}unknown-key.yaml:4:39: candidate 'kota-b' (category 'kabupaten-kota', stage"
            " 'wawancara'): 'komentar' is not a rubric indicator of this stage (did you"
            " mean 'comment'?); rubric indicators of this stage: pemahaman, komitmen"
            " (beside them: comment, abstain)",
        ],
        [
            f"{J}unknown-key.yaml:1:44: warning: unknown key 'organisasi' in judge (did you"
            " mean 'organisation'?)",
            f"{J}unknown-key.yaml:5:1: warning: unknown key 'tanggal' in a judge file",
        ],
    ),
    "unknown-stage.yaml": (
        [
            f"{J}unknown-stage.yaml:2:8: 'wawancaraa' is not a stage of category"
            " 'kabupaten-kota' (of 'kota-a') (did you mean 'wawancara'?); its stages:"
            " dokumen, wawancara",
            f"{J}unknown-stage.yaml:2:8: 'wawancaraa' is not a stage of category 'provinsi'"
            " (of 'prov-c'); its stages: semua (it declares none: leave `stage:` out or"
            " write semua)",
        ],
        [],
    ),
    "waiver-not-detected.yaml": (
        [],
        [
            f"{J}waiver-not-detected.yaml:8:3: warning: waiver for 'kota-b', but no conflict"
            " was detected between judge 'penilai-01' and 'kota-b' (looked for: province"
            " and organisation); remove the waiver",
        ],
    ),
    "waivers.yaml": (
        [
            f"{J}waivers.yaml:4:13: possible conflict of interest between judge 'penilai-01'"
            " and candidate 'kota-a': the same province ('Contoh Utara' here, 'Provinsi"
            f" Contoh Utara' in {J}candidates/kota-a.yaml:5:11); declare it under conflicts:"
            " (the judge is then recused) or waive it under waivers: with its reason",
        ],
        [
            f"{J}waivers.yaml:10:3: warning: 'kota-b' is both declared a conflict"
            f" ({J}waivers.yaml:7:3) and waived: the declared conflict recuses the judge;"
            " remove one of them",
            f"{J}waivers.yaml:9:3: warning: the waiver for 'kota-a' gives no reason: a"
            " conflict is waived only with its reason (kota-a: reason), so this one is not"
            " waived",
        ],
    ),
    "wrong-judge.yaml": (
        [
            f"{J}wrong-judge.yaml:1:13: id must be lower-case letters, digits and '-', not"
            " 'Penilai 01'",
            f"{J}wrong-judge.yaml:1:52: judge province must be non-empty text, not 12",
            f"{J}wrong-judge.yaml:1:8: missing required key 'name' in judge",
            f"{J}wrong-judge.yaml:3:12: conflicts (candidate id: reason) must be a mapping"
            " (key: value), not a list",
            f"{J}wrong-judge.yaml:5:11: scores of 'kota-a' (item: score) must be a mapping"
            " (key: value), not 4",
        ],
        [],
    ),
    "wrong-stage-item.yaml": (
        [
            f"{J}wrong-stage-item.yaml:5:5: candidate 'kota-b' (category 'kabupaten-kota',"
            " stage 'dokumen'): 'pemahaman' is scored in stage wawancara, not in 'dokumen';"
            " rubric indicators of 'dokumen': none",
        ],
        [],
    ),
    "wrong-types.yaml": (
        [
            f"{J}wrong-types.yaml:1:8: judge (id:, name:, role:, organisation:, province:)"
            " must be a mapping (key: value), not a list",
            f"{J}wrong-types.yaml:2:8: stage must be lower-case letters, digits and '-', not 2",
            f"{J}wrong-types.yaml:3:7: date must be a date (YYYY-MM-DD), not 'kemarin'",
            f"{J}wrong-types.yaml:4:9: scores (candidate id: {{item: score}}) must be a"
            " mapping (key: value), not a list",
        ],
        [],
    ),
}


@pytest.fixture(scope="module")
def base():
    criteria = staged_criteria()
    docs, candidates = judge_candidates(criteria)
    assert [c.id for c in candidates] == ["kota-a", "kota-b", "prov-c"]
    return criteria, docs, candidates


def test_every_broken_judge_file_is_in_the_table() -> None:
    names = sorted(p.name for p in JUDGES.iterdir() if p.name != "candidates")
    assert names == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_judge_file(name: str, base) -> None:
    criteria, docs, candidates = base
    target = JUDGES / name
    files = sorted(target.glob("*.yaml")) if target.is_dir() else [target]
    merged, problems = validate_panel(
        [load(f) for f in files], criteria, candidates, candidate_docs=docs
    )
    expected_errors, expected_warnings = CASES[name]
    assert errors(problems) == sorted(expected_errors)
    assert warnings(problems) == sorted(expected_warnings)
    assert [c.id for c in merged] == ["kota-a", "kota-b", "prov-c"]  # order kept, none dropped


def test_duplicate_judge_named_the_same_whatever_the_order(base) -> None:
    """Files are taken in path order: the later path names the earlier one."""
    criteria, docs, candidates = base
    files = [load(f) for f in sorted((JUDGES / "duplicate").glob("*.yaml"))]
    one = validate_panel(files, criteria, candidates, candidate_docs=docs)[1]
    other = validate_panel(files[::-1], criteria, candidates, candidate_docs=docs)[1]
    assert sorted(map(str, one)) == sorted(map(str, other)) == CASES["duplicate"][0]


# --------------------------------------------------------------------------
# A panel that validates: the merge
# --------------------------------------------------------------------------

PANEL = {
    # penilai-01's province is kota-a's ("Provinsi Contoh Utara" and "Contoh
    # Utara" are the same province): detected, and waived with its reason.
    "p01-wawancara.yaml": """\
        # SYNTHETIC test panel
        judge:
          id: penilai-01
          name: Dr. Penilai Satu, M.Sc.
          role: akademisi
          organisation: Universitas Uji
          province: Contoh Utara
        stage: wawancara
        date: 2023-02-20
        waivers:
          kota-a: Sama provinsi, tanpa hubungan kerja
        scores:
          kota-a:
            pemahaman: 4
            komitmen: 5
            comment: Komitmen kuat
          kota-b: {pemahaman: 3, komitmen: 2}
        """,
    # penilai-02's organisation names "Kota B": detected and declared.
    "p02-wawancara.yaml": """\
        judge:
          id: penilai-02
          name: Penilai Dua
          role: pemerintah
          organisation: Dinas Tenaga Kerja Kota B
        stage: wawancara
        conflicts:
          kota-b: Pegawai Pemerintah Kota B
        scores:
          kota-a: {pemahaman: 5, komitmen: 4}
          kota-b: {pemahaman: , komitmen: }
        """,
    "p03-wawancara.yaml": """\
        judge: {id: penilai-03, name: Penilai Tiga, role: serikat pekerja}
        stage: wawancara
        scores:
          kota-a:
            abstain: Tidak hadir saat wawancara
          kota-b: {pemahaman: 4, komitmen: 4}
        """,
    # provinsi declares no stages: `stage:` left out is stage `semua`.
    "p01-provinsi.yaml": """\
        judge:
          id: penilai-01
          name: Dr. Penilai Satu, M.Sc.
          role: akademisi
          organisation: Universitas Uji
          province: Contoh Utara
        scores:
          prov-c: {wawancara: 3}
        """,
}


def _write(tmp_path: Path, files: dict[str, str]) -> list[Document]:
    out = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        document, problems = load_document(path, name)
        assert problems == [] and document is not None
        out.append(document)
    return out


def test_merge_fills_the_judges_fields(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    files = _write(tmp_path, PANEL)
    merged, problems = validate_panel(files, criteria, candidates, candidate_docs=docs)
    assert problems == []
    a, b, c = merged
    sha = {d.path: d.sha256 for d in files}
    w = "wawancara"
    assert a.marks == (
        Mark("penilai-01", "komitmen", 5.0, w),
        Mark("penilai-01", "pemahaman", 4.0, w),
        Mark("penilai-02", "komitmen", 4.0, w),
        Mark("penilai-02", "pemahaman", 5.0, w),
    )
    assert a.recusals == (Recusal("penilai-03", "Tidak hadir saat wawancara", "abstain", w),)
    assert a.conflicts == (
        Conflict("penilai-01", ("province",), "Sama provinsi, tanpa hubungan kerja"),
    )
    assert a.comments == (Comment("penilai-01", "Komitmen kuat", w),)
    one = Judge(
        "penilai-01", "Dr. Penilai Satu, M.Sc.", "akademisi", "Universitas Uji", "Contoh Utara"
    )
    two = Judge("penilai-02", "Penilai Dua", "pemerintah", "Dinas Tenaga Kerja Kota B")
    three = Judge("penilai-03", "Penilai Tiga", "serikat pekerja")
    assert a.judges == (one, two, three)
    assert a.panel_sources == tuple(
        SourceFile(n, sha[n])
        for n in ("p01-wawancara.yaml", "p02-wawancara.yaml", "p03-wawancara.yaml")
    )
    # kota-b: penilai-02 declared a conflict (its organisation names Kota B
    # as well) and left the items empty: recused, no marks, no warning.
    assert b.marks == (
        Mark("penilai-01", "komitmen", 2.0, w),
        Mark("penilai-01", "pemahaman", 3.0, w),
        Mark("penilai-03", "komitmen", 4.0, w),
        Mark("penilai-03", "pemahaman", 4.0, w),
    )
    assert b.recusals == (Recusal("penilai-02", "Pegawai Pemerintah Kota B", "conflict", w),)
    assert b.conflicts == (Conflict("penilai-02", ("declared", "organisation")),)
    assert b.comments == ()
    assert b.judges == (one, two, three)
    # prov-c: the implicit stage.
    assert c.marks == (Mark("penilai-01", "wawancara", 3.0, ALL_PILLARS),)
    assert c.judges == (one,)
    assert c.panel_sources == (SourceFile("p01-provinsi.yaml", sha["p01-provinsi.yaml"]),)
    # Judges' files leave the anonymous scores alone.
    assert all(x.panel_scores == {} and x.panel == () for x in merged)


def test_stage_semua_written_is_the_same_as_left_out(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    text = PANEL["p01-provinsi.yaml"].replace(
        "        scores:", "        stage: semua\n        scores:"
    )
    written = _write(tmp_path, {"x.yaml": text})
    merged, problems = validate_panel(written, criteria, candidates, candidate_docs=docs)
    assert problems == []
    assert merged[2].marks == (Mark("penilai-01", "wawancara", 3.0, "semua"),)


def test_the_order_of_files_changes_nothing(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    files = _write(tmp_path, PANEL)
    first, problems = validate_panel(files, criteria, candidates, candidate_docs=docs)
    assert problems == []
    for order in itertools.permutations(files):
        again, _ = validate_panel(list(order), criteria, candidates, candidate_docs=docs)
        assert again == first
    # Nor does the order of keys inside a file: p03 rewritten with its
    # keys, candidates and items in another order, and the files passed in
    # a shuffled order, give the same fields.
    rng = random.Random(8)
    shuffled = {name: textwrap.dedent(text) for name, text in PANEL.items()}
    shuffled["p03-wawancara.yaml"] = textwrap.dedent("""\
        judge: {role: serikat pekerja, name: Penilai Tiga, id: penilai-03}
        scores:
          kota-b: {komitmen: 4, pemahaman: 4}
          kota-a:
            abstain: Tidak hadir saat wawancara
        stage: wawancara
        """)
    names = list(shuffled)
    rng.shuffle(names)
    other = tmp_path / "other"
    other.mkdir()
    reordered = _write(other, {n: shuffled[n] for n in names})
    again, _ = validate_panel(reordered, criteria, candidates, candidate_docs=docs)
    # Same content gives the same fields; p03's bytes differ, so its hash does.
    strip = [replace(c, panel_sources=()) for c in again]
    assert strip == [replace(c, panel_sources=()) for c in first]


# --------------------------------------------------------------------------
# Conflicts of interest
# --------------------------------------------------------------------------

DETECTED = """\
    judge: {id: penilai-09, name: Penilai Sembilan, province: Contoh Utara}
    stage: wawancara
    scores:
      kota-a: {pemahaman: 4, komitmen: 4}
    """


def test_detected_conflict_alone_is_an_error_naming_both_files(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    files = _write(tmp_path, {"j.yaml": DETECTED})
    _, problems = validate_panel(files, criteria, candidates, candidate_docs=docs)
    assert errors(problems) == [
        "j.yaml:1:59: possible conflict of interest between judge 'penilai-09' and candidate"
        " 'kota-a': the same province ('Contoh Utara' here, 'Provinsi Contoh Utara' in"
        " judges/candidates/kota-a.yaml:5:11); declare it under conflicts: (the judge is"
        " then recused) or waive it under waivers: with its reason"
    ]


def test_detected_conflict_waived_scores(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    text = textwrap.dedent(DETECTED) + "waivers: {kota-a: Disetujui ketua panel}\n"
    merged, problems = validate_panel(
        _write(tmp_path, {"j.yaml": text}), criteria, candidates, candidate_docs=docs
    )
    assert problems == []
    assert merged[0].conflicts == (Conflict("penilai-09", ("province",), "Disetujui ketua panel"),)
    assert [m.score for m in merged[0].marks] == [4.0, 4.0]
    assert merged[0].recusals == ()


def test_detected_conflict_declared_recuses(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    text = DETECTED.replace(
        "    scores:\n      kota-a: {pemahaman: 4, komitmen: 4}\n",
        "    conflicts: {kota-a: Berasal dari provinsi yang sama}\n    scores: {}\n",
    )
    merged, problems = validate_panel(
        _write(tmp_path, {"j.yaml": text}), criteria, candidates, candidate_docs=docs
    )
    assert problems == []
    a = merged[0]
    assert a.conflicts == (Conflict("penilai-09", ("declared", "province")),)
    assert a.recusals == (
        Recusal("penilai-09", "Berasal dari provinsi yang sama", "conflict", "wawancara"),
    )
    assert a.marks == () and [j.id for j in a.judges] == ["penilai-09"]


@pytest.mark.parametrize(
    ("detect", "found"),
    [(("province", "organisation"), True), (("organisation",), False), ((), False)],
)
def test_panel_policy_says_what_is_detected(tmp_path: Path, detect, found) -> None:
    """A provincial panel declares detect: [organisation]: its judges all
    come from the province."""
    criteria = staged_criteria(PanelPolicy(detect=detect))
    docs, candidates = judge_candidates(criteria)
    _, problems = validate_panel(
        _write(tmp_path, {"j.yaml": DETECTED}), criteria, candidates, candidate_docs=docs
    )
    assert bool(errors(problems)) is found


def test_conflict_rules() -> None:
    assert province_key("Provinsi  Sumatera Utara") == province_key("sumatera utara")
    assert province_key("PROVINSI Aceh") == "aceh"
    assert province_key("Sumatera Barat") != province_key("Sumatera Utara")
    assert names_candidate("Pemerintah Kota Medan", "Kota Medan")
    assert names_candidate("BAPPEDA KOTA  MEDAN (bidang sosial)", "kota medan")
    assert not names_candidate("Universitas Medan Area", "Kota Medan")
    assert not names_candidate("Kota Medanjaya", "Kota Medan")  # whole words only
    assert names_candidate("Serikat Pekerja PT Sinar Abadi", "PT Sinar Abadi")


# --------------------------------------------------------------------------
# Beside the old panel files, and in the pipeline
# --------------------------------------------------------------------------


def test_judge_files_and_old_panel_files_together(tmp_path: Path) -> None:
    """criteria-ok (no stages, one `wawancara` item): an `assessors:` file
    gives anonymous scores, a judge file gives marks; both are read."""
    panel = tmp_path / "panel"
    panel.mkdir()
    (panel / "old.yaml").write_text(
        "assessors: [Penilai A, Penilai B]\nscores: {kota-a: {wawancara: [4, 5]}}\n",
        encoding="utf-8",
    )
    (panel / "judge.yaml").write_text(
        "judge: {id: penilai-01, name: Penilai Uji}\nscores: {kota-a: {wawancara: 3}}\n",
        encoding="utf-8",
    )
    inputs = load_inputs(BROKEN / "criteria-ok", [JUDGES / "candidates"], panel_paths=[panel])
    a = next(c for c in inputs.candidates if c.id == "kota-a")
    assert a.panel_scores == {"wawancara": (4.0, 5.0)}
    assert a.panel == ("Penilai A", "Penilai B")
    assert a.marks == (Mark("penilai-01", "wawancara", 3.0, ALL_PILLARS),)
    assert sorted(Path(s.path).name for s in a.panel_sources) == ["judge.yaml", "old.yaml"]


def test_pipeline_reports_judge_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "judge.yaml"
    bad.write_text(
        "judge: {id: penilai-01, name: Penilai Uji}\nscores: {kota-a: {wawancara: 9}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        load_inputs(BROKEN / "criteria-ok", [JUDGES / "candidates"], panel_paths=[bad])
    assert [d.message for d in caught.value.diagnostics] == [
        "score 9 for 'wawancara' of 'kota-a' is outside 1-5"
    ]


def test_entries_of_failed_or_unread_candidates_are_skipped(tmp_path: Path, base) -> None:
    criteria, docs, candidates = base
    text = """\
        judge: {id: penilai-01, name: Penilai Uji}
        stage: wawancara
        conflicts: {kota-x: Alasan}
        waivers: {kota-y: Alasan}
        scores: {kota-x: {pemahaman: 4}, kota-y: {pemahaman: 9}}
        """
    files = _write(tmp_path, {"j.yaml": text})
    _, problems = validate_panel(files, criteria, candidates, skip_ids={"kota-x", "kota-y"})
    assert problems == []
    _, problems = validate_panel(files, criteria, candidates, skip_unknown=True)
    assert problems == []
    _, problems = validate_panel(files, criteria, candidates)
    assert len(errors(problems)) == 4  # each unknown id, where it is written


# --------------------------------------------------------------------------
# Academic titles in flow lists
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "M.Sc.",
        "S.H.",
        "M.Si.",
        "Ph.D.",
        "S.E.",
        "M.M.",
        "S.T.",
        "M.Kes.",
        "S.Sos.",
        "M.A.P.",
        "M.Sc",
        "M. Si.",
    ],
)
def test_academic_titles(text: str) -> None:
    assert is_academic_title(text)


@pytest.mark.parametrize(
    "text", ["Budi", "Dr. Siti Rahma", "Ir. Budi", "Nama Penilai 1", "s.h.", "", "Penilai Satu"]
)
def test_not_academic_titles(text: str) -> None:
    assert not is_academic_title(text)


def test_title_split_off_in_assessors_is_an_error(tmp_path: Path) -> None:
    criteria = ok_criteria()
    cand_docs = [load(p) for p in sorted((JUDGES / "candidates").glob("*.yaml"))]
    candidates, _ = validate_candidates(cand_docs, criteria)
    panel = _write(
        tmp_path,
        {
            "old.yaml": """\
                assessors: [Nama Penilai, M.Sc., Budi, S.H., M.H.]
                scores: {kota-a: {wawancara: [4, 5, 4, 3, 4]}}
                """
        },
    )
    _, problems = validate_panel(panel, criteria, candidates)
    assert errors(problems) == [
        "old.yaml:1:27: 'M.Sc.' looks like the academic title of 'Nama Penilai': in [ ] a"
        " comma separates names; put the name in quotes or write one name per line",
        "old.yaml:1:40: 'S.H.' looks like the academic title of 'Budi': in [ ] a comma"
        " separates names; put the name in quotes or write one name per line",
        "old.yaml:1:46: 'M.H.' looks like the academic title of 'Budi': in [ ] a comma"
        " separates names; put the name in quotes or write one name per line",
    ]
    fixed = _write(
        tmp_path,
        {
            "old.yaml": """\
                assessors: ["Nama Penilai, M.Sc.", "Budi, S.H., M.H."]
                scores: {kota-a: {wawancara: [4, 5]}}
                """
        },
    )
    merged, problems = validate_panel(fixed, criteria, candidates)
    assert problems == []
    assert merged[0].panel == ("Nama Penilai, M.Sc.", "Budi, S.H., M.H.")


def test_title_split_off_in_a_candidates_panel_is_an_error(tmp_path: Path) -> None:
    criteria = ok_criteria()
    flow = """\
        id: kota-c
        name: Kota C
        category: kabupaten-kota
        period: 2022
        panel: [Nama Penilai, M.Sc., Budi]
        """
    docs = _write(tmp_path, {"kota-c.yaml": flow})
    candidates, problems = validate_candidates(docs, criteria)
    assert candidates == []
    assert errors(problems) == [
        "kota-c.yaml:5:23: 'M.Sc.' looks like the academic title of 'Nama Penilai': in [ ] a"
        " comma separates names; put the name in quotes or write one name per line"
    ]
    block = flow.replace(
        "        panel: [Nama Penilai, M.Sc., Budi]\n",
        "        panel:\n          - Nama Penilai, M.Sc.\n          - M.Sc.\n",
    )
    docs = _write(tmp_path, {"kota-c.yaml": block})
    candidates, problems = validate_candidates(docs, criteria)
    assert errors(problems) == [
        "kota-c.yaml:7:5: 'M.Sc.' looks like an academic title, not a name; write it with"
        " the name it belongs to, in quotes if the list is written in [ ]"
    ]
    one = block.replace("          - M.Sc.\n", "")
    docs = _write(tmp_path, {"kota-c.yaml": one})
    candidates, problems = validate_candidates(docs, criteria)
    assert errors(problems) == [] and candidates[0].panel == ("Nama Penilai, M.Sc.",)


# --------------------------------------------------------------------------
# The format is documented
# --------------------------------------------------------------------------


def test_judge_files_section_names_every_key() -> None:
    from paritrana.scoring.validate.judges import ENTRY_KEYS, JUDGE_FILE_KEYS, JUDGE_KEYS

    formats = (Path(__file__).resolve().parent.parent / "docs" / "formats.md").read_text("utf-8")
    section = formats[formats.index("## Judge files") :]
    section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else None]
    for key in (*JUDGE_FILE_KEYS, *JUDGE_KEYS, *ENTRY_KEYS):
        assert f"`{key}`" in section and f"{key}:" in section, key
    assert formats.index("## Panel scores") < formats.index("## Judge files")
