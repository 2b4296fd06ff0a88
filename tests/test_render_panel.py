"""Every output shows the panel and the stages (issue 8): the per-candidate
view, the words, CSV/JSON/XLSX, the terminal table and the PDFs.

The staged results are tests/panel_fixtures.py's (SYNTHETIC judges, built
as model objects); its docstring holds the working of every number used
here.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import panel_fixtures as pf
import pytest
from paritrana.scoring.model import Stage, Text
from paritrana.scoring.render import pdf
from paritrana.scoring.render.context import scorecard_context
from paritrana.scoring.render.export import ranking_csv, ranking_json
from paritrana.scoring.render.fmt import Formatter
from paritrana.scoring.render.rows import (
    CutoffView,
    JudgeRow,
    PanelRow,
    candidate_rows,
    stage_view,
)
from paritrana.scoring.render.table import ranking_table
from paritrana.scoring.render.wording import aggregation_text, stage_text, tie_text

DAY = date(2023, 2, 21)


def _rows(ranking: Any) -> list[Any]:
    return candidate_rows(ranking.results[0])


# --------------------------------------------------------------------------
# The per-candidate view
# --------------------------------------------------------------------------


def test_the_view_holds_each_judges_score_the_recusal_and_the_aggregation() -> None:
    alfa, beta = _rows(pf.wawancara())
    (interview,) = [i for i in alfa.indicators if i.panel is not None]
    panel = interview.panel
    assert panel is not None
    assert [(s.judge, s.score) for s in panel.scores] == [
        ("penilai-01", 5.0),
        ("penilai-02", 4.0),
        ("penilai-03", 4.0),
        ("penilai-04", 4.0),
        ("penilai-05", 2.0),
    ]
    assert panel.scores[0].name == "Dr. Siti Contoh, M.Sc."
    assert panel.scores[0].role == "akademisi"
    assert [(r.judge, r.kind, r.reason) for r in panel.recused] == [
        ("penilai-06", "conflict", pf.RECUSAL_REASON)
    ]
    # trimmed mean of 5, 4, 4, 4, 2: (4 + 4 + 4) / 3 = 4; spread 5 - 2 = 3 > 2
    assert (panel.value, panel.method, panel.count, panel.quorum) == (4.0, "trimmed-mean", 5, 3)
    assert (panel.spread, panel.flagged) == (3.0, True)
    assert interview.raw == (5.0, 4.0, 4.0, 4.0, 2.0)  # as scored, the valid ones
    # only the waived conflict is listed as such; the declared one is a recusal
    assert [(c.judge, c.waived) for c in alfa.conflicts] == [("penilai-03", pf.WAIVER)]
    assert [(c.judge, c.text) for c in alfa.comments] == [("penilai-01", pf.COMMENT)]
    assert [j.id for j in alfa.judges] == [j.id for j in pf.JUDGES]
    assert alfa.panel_dates == (date(2023, 2, 20),)
    assert (alfa.rank, alfa.complete, alfa.shortlisted) == (1, True, True)
    assert alfa.stage is not None and alfa.stage.id == "wawancara"
    # Beta: 2 valid scores of a quorum of 3 -> pending, incomplete, no rank
    (b_interview,) = [i for i in beta.indicators if i.panel is not None]
    assert b_interview.panel is not None and b_interview.panel.below_quorum
    assert (beta.rank, beta.complete, beta.shortlisted) == (None, False, False)
    assert [(r.judge, r.kind) for r in beta.recusals] == [("penilai-03", "abstain")]


def test_anonymous_scores_are_judges_without_names() -> None:
    from render_helpers import make_ranking

    alfa = _rows(make_ranking())[0]
    (interview,) = [i for i in alfa.indicators if i.panel is not None]
    assert interview.panel is not None
    # render_helpers' Alfa: panel_scores 4, 5, 4, no judge files
    assert [(s.judge, s.name, s.score) for s in interview.panel.scores] == [
        ("#1", None, 4.0),
        ("#2", None, 5.0),
        ("#3", None, 4.0),
    ]
    assert alfa.judges == () and alfa.complete


def test_the_stage_view_has_basis_maximum_and_cutoff() -> None:
    view = stage_view(pf.dokumen(top=1).results[0])
    assert view.stage is not None and (view.number, view.of) == (1, 2)
    assert [p.id for p in view.basis] == ["regulasi", "cakupan", "inovasi"]
    assert view.max_basis == 80.0  # 20 + 30 + 30
    c = view.cutoff
    assert isinstance(c, CutoffView)
    assert (c.size, c.override, c.declared, c.passed) == (1, True, 2, 1)
    assert c.last_in is not None and c.last_in.id == "kota-alfa"
    assert c.first_out is not None and c.first_out.id == "kabupaten-beta"


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------


def _panel(scores: list[float], method: str, declared: str, quorum: int = 1) -> PanelRow:
    rows = tuple(JudgeRow(f"j{n}", None, None, s, s, False) for n, s in enumerate(scores))
    spread = max(scores) - min(scores) if scores else None
    return PanelRow(rows, (), 4.0, method, declared, quorum, spread, False, "none")


@pytest.mark.parametrize(
    ("panel", "lang", "expected"),
    [
        (
            _panel([5, 4, 4, 4, 2], "trimmed-mean", "trimmed-mean"),
            "id",
            "rata-rata terpangkas dari 5 penilai; rentang 3",
        ),
        (
            _panel([5, 4, 4, 4, 2], "trimmed-mean", "trimmed-mean"),
            "en",
            "trimmed mean of 5 judges; spread 3",
        ),
        (
            _panel([5, 4, 4, 2], "mean", "trimmed-mean", quorum=3),
            "en",
            "mean of 4 judges (declared trimmed mean, which needs at least 5 judges); "
            "quorum 3; spread 3",
        ),
        (_panel([4], "median", "median"), "en", "median of 1 judge"),
        (
            _panel([3, 4], "mean", "mean", quorum=3),
            "id",
            "2 dari kuorum 3 penilai: menunggu; rentang 1",
        ),
        (_panel([], "mean", "mean"), "en", "no judge's score yet"),
    ],
)
def test_aggregation_in_words(panel: PanelRow, lang: Any, expected: str) -> None:
    assert aggregation_text(panel, lang, Formatter(lang).number) == expected


def test_tie_and_combine_in_words() -> None:
    view = stage_view(pf.dokumen_tied().results[0])
    assert tie_text(view, "en") == (
        "Exactly equal totals at the cut-off, not separated by the tie-break: "
        "all 3 pass (shortlist of 2)."
    )
    # A tie-break pillar that decided is named (its label, not its id).
    cakupan = next(p for p in view.basis if p.id == "cakupan")
    decided = view.__class__(
        **{
            **view.__dict__,
            "cutoff": view.cutoff.__class__(  # type: ignore[union-attr]
                **{**view.cutoff.__dict__, "tie": "cakupan", "tie_pillar": cakupan}  # type: ignore[union-attr]
            ),
        }
    )
    assert tie_text(decided, "id") == (
        "Total sama di batas daftar pendek: diputuskan oleh pilar Cakupan kepesertaan "
        "(aturan nilai sama)."
    )
    # A stage that combines stage results: dokumen 60 + wawancara 40 = max 100.
    stages = view.stage.__class__  # Stage
    final = stages(
        "akhir", Text("Akhir", "Final"), ("wawancara",), 1, (("dokumen", 60.0), ("wawancara", 40.0))
    )
    dok = Stage("dokumen", Text("Penilaian dokumen", "Document assessment"), ("regulasi",))
    wwc = Stage("wawancara", Text("Wawancara", "Interview"), ("wawancara",))
    combined = view.__class__(
        **{
            **view.__dict__,
            "stage": final,
            "number": 3,
            "of": 3,
            "combine": ((dok, 60.0), (wwc, 40.0)),
            "max_basis": 100.0,
        }
    )
    assert stage_text(combined, "en", Formatter("en").points) == (
        "Stage 3 of 3: Final; ranked on: a combination of stages "
        "Document assessment 60, Interview 40 (max. 100.00)"
    )


# --------------------------------------------------------------------------
# CSV, JSON, XLSX, terminal
# --------------------------------------------------------------------------


def test_csv_has_stage_complete_and_shortlisted_and_no_rank_when_incomplete() -> None:
    rows = list(csv.DictReader(io.StringIO(ranking_csv(pf.wawancara()))))
    got = [(r["id"], r["stage"], r["rank"], r["complete"], r["shortlisted"]) for r in rows]
    assert got == [
        ("kota-alfa", "wawancara", "1", "true", "true"),
        ("kabupaten-beta", "wawancara", "", "false", "false"),
    ]
    # Beta's total is what it has, not 0: 36.533333 out of 80
    assert (rows[1]["total"], rows[1]["max_total"]) == ("36.533333", "80")


def test_json_carries_the_judges_the_recusals_and_the_cutoff() -> None:
    doc = json.loads(ranking_json(pf.dokumen(top=1), "x"))
    cat = doc["categories"][0]
    assert cat["stage"]["id"] == "dokumen" and cat["stage"]["max"] == 80
    assert cat["cutoff"] == {
        "size": 1,
        "override": True,
        "declared": 2,
        "passed": 1,
        "last_in": "kota-alfa",
        "first_out": "kabupaten-beta",
        "margin": 25.59794,  # 62.131273 - 36.533333
        "tie": None,
    }
    assert [c["shortlisted"] for c in cat["candidates"]] == [True, False, False]
    doc = json.loads(ranking_json(pf.wawancara(), "x"))
    alfa, beta = doc["categories"][0]["candidates"]
    (item,) = [i for i in alfa["indicators"] if "panel" in i]
    panel = item["panel"]
    assert [(j["judge"], j["score"]) for j in panel["judges"]] == [
        ("penilai-01", 5),
        ("penilai-02", 4),
        ("penilai-03", 4),
        ("penilai-04", 4),
        ("penilai-05", 2),
    ]
    assert panel["recused"] == [
        {
            "judge": "penilai-06",
            "name": "Nur Uji Coba",
            "kind": "conflict",
            "reason": pf.RECUSAL_REASON,
        }
    ]
    assert (panel["aggregation"], panel["value"], panel["count"], panel["quorum"]) == (
        "trimmed-mean",
        4,
        5,
        3,
    )
    assert (panel["spread"], panel["flagged"]) == (3, True)
    assert alfa["waived_conflicts"][0]["reason"] == pf.WAIVER
    assert (beta["rank"], beta["complete"], beta["stage"]) == (None, False, "wawancara")
    assert "panel" not in alfa["indicators"][0]  # only rubric items carry one


def test_workbook_has_the_columns_and_the_cutoff_line() -> None:
    from openpyxl import load_workbook
    from paritrana.scoring.render.xlsx import ranking_xlsx

    wb = load_workbook(io.BytesIO(ranking_xlsx(pf.dokumen(top=1), "en", DAY)))
    ws = wb.worksheets[0]
    facts = [c.value for c in ws[2] if c.value]
    assert any("Stage 1 of 2: Document assessment" in f for f in facts)
    assert any(
        "Shortlist cut-off at 1: 1 shortlisted" in f
        and "--top 1 overrides the criteria's shortlist (2)" in f
        for f in facts
    )
    header = [c.value for c in ws[3]]
    assert header[:2] == ["Rank", "ID"] and header[-3:] == ["Stage", "Complete", "Shortlisted"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [v[:2] + v[-3:] for v in values] == [
        [1, "kota-alfa", "dokumen", "yes", "yes"],
        [2, "kabupaten-beta", "dokumen", "yes", "no"],
        [3, "kota-gamma", "dokumen", "yes", "no"],
    ]


def test_terminal_draws_the_cutoff_between_last_in_and_first_out() -> None:
    lines = ranking_table(pf.dokumen(top=1), "en").splitlines()
    alfa = next(i for i, s in enumerate(lines) if "Pemerintah Kota Alfa" in s and "62.13" in s)
    assert lines[alfa + 1] == (
        "-- Shortlist cut-off at 1: 1 shortlisted; margin at the cut-off 25.60 points "
        "(Pemerintah Kota Alfa over Pemerintah Kabupaten Beta); "
        "--top 1 overrides the criteria's shortlist (2) --"
    )
    assert "Pemerintah Kabupaten Beta" in lines[alfa + 2]
    assert any(
        s.startswith(
            "Stage 1 of 2: Document assessment; ranked on: Regulation, Coverage, "
            "Innovation & outreach (max. 80.00)"
        )
        for s in lines
    )
    # the interview pillar is no column of the document stage
    assert not any("Interview" in s for s in lines if s.startswith("Rank"))


def test_terminal_lists_incomplete_after_the_ranked_without_rank() -> None:
    lines = ranking_table(pf.wawancara(), "id").splitlines()
    beta = next(s for s in lines if "Pemerintah Kabupaten Beta" in s)
    assert beta.split()[0] == "\u2013"  # no rank
    assert "36,53 / 80,00" in beta and "belum lengkap" in beta
    assert any(s.startswith("1 peserta belum lengkap") for s in lines)
    tied = ranking_table(pf.dokumen_tied(), "id")
    assert "Total sama persis di batas daftar pendek" in tied
    assert "semua 3 lolos (daftar pendek 2)." in tied


# --------------------------------------------------------------------------
# PDF: what a reader sees, in both languages
# --------------------------------------------------------------------------


def _pdftext(data: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "doc.pdf"
    src.write_bytes(data)
    args = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(src), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _both(data: bytes, tmp_path: Path) -> str:
    """The text as laid out (a table row stays on its line) and in reading
    order (a cell's wrapped lines stay together), whitespace collapsed."""
    layout = _flat(_pdftext(data, tmp_path, layout=True))
    return layout + " || " + _flat(_pdftext(data, tmp_path))


@pytest.fixture(scope="module")
def sheets() -> dict[str, bytes]:
    w = pf.wawancara()
    res = w.results[0]
    out = {}
    for lang in ("id", "en"):
        out[f"alfa_{lang}"] = pdf.render_scorecard(w, res, 0, lang, DAY)  # type: ignore[arg-type]
        out[f"beta_{lang}"] = pdf.render_scorecard(w, res, 1, lang, DAY)  # type: ignore[arg-type]
    out["top_id"] = pdf.render_ranklist(pf.dokumen(top=1), "id", None, DAY)
    out["top_en"] = pdf.render_ranklist(pf.dokumen(top=1), "en", None, DAY)
    out["tied_en"] = pdf.render_ranklist(pf.dokumen_tied(), "en", None, DAY)
    out["interview_id"] = pdf.render_ranklist(w, "id", None, DAY)
    return out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "id",
            [
                "Nilai panel per penilai",
                "P1 P2 P3 P4 P5 P6 Hasil Agregasi",
                "Wawancara panel 5 4 4 4 2 R1 4,00 rata-rata terpangkas dari 5",  # R1: penilai-06
                "perlu dibahas",
                "Arti skor: 1 = Tidak memahami; 2 = Sedikit memahami",
                "P1 Dr. Siti Contoh, M.Sc. (akademisi)",
                "Penilai yang mundur",
                "R1 Nur Uji Coba (pemerintah): konflik kepentingan: " + pf.RECUSAL_REASON,
                "Konflik kepentingan yang dikecualikan (penilai tetap menilai)",
                "P3 Rahmat Rekaan (pengusaha): provinsi sama: " + pf.WAIVER,
                "Komentar penilai",
                "P1 Dr. Siti Contoh, M.Sc. (akademisi): " + pf.COMMENT,
                "Tahap Wawancara Tanggal panel 20 Februari 2023",
                "lolos daftar pendek",
                "Tahap 2 dari 2: Wawancara",
                "Nama: Ir. Joko Fiktif Peran: akademisi",
                "77,13 / 100",
            ],
        ),
        (
            "en",
            [
                "Panel scores by judge",
                "J1 J2 J3 J4 J5 J6 Result Aggregation",
                "Panel interview 5 4 4 4 2 R1 4.00 trimmed mean of 5 judges;",
                "quorum 3; spread 3; for the",
                "Levels: 1 = No understanding; 2 = Little understanding",
                "Judges who stood aside",
                "R1 Nur Uji Coba (pemerintah): conflict of interest: " + pf.RECUSAL_REASON,
                "Conflicts of interest waived (the judge scored)",
                "J3 Rahmat Rekaan (pengusaha): same province: " + pf.WAIVER,
                "Judges' comments",
                "Stage Interview Panel date February 20, 2023",
                "shortlisted",
                "Name: Nur Uji Coba Role: pemerintah",
                "77.13 / 100",
            ],
        ),
    ],
)
def test_scorecard_with_several_judges_and_a_recusal(
    sheets: dict[str, bytes], tmp_path: Path, lang: str, expected: list[str]
) -> None:
    text = _both(sheets[f"alfa_{lang}"], tmp_path)
    for piece in expected:
        assert piece in text, piece


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "id",
            [
                "Belum lengkap: tidak diberi peringkat pada tahap ini",
                "Wawancara panel 3 4 R1 \u2013 2 dari kuorum 3 penilai:",
                "R1 Rahmat Rekaan (pengusaha): abstain: " + pf.ABSTAIN,
            ],
        ),
        (
            "en",
            [
                "Incomplete: not ranked in this stage",
                "Panel interview 3 4 R1 \u2013 2 of a quorum of 3 judges:",
                "R1 Rahmat Rekaan (pengusaha): abstained: " + pf.ABSTAIN,
            ],
        ),
    ],
)
def test_scorecard_of_an_incomplete_candidate(
    sheets: dict[str, bytes], tmp_path: Path, lang: str, expected: list[str]
) -> None:
    text = _both(sheets[f"beta_{lang}"], tmp_path)
    for piece in expected:
        assert piece in text, piece
    w = pf.wawancara()
    ctx = scorecard_context(w, w.results[0], 1, lang, DAY)  # type: ignore[arg-type]
    assert (ctx["rank"], ctx["rank_text"]) == (None, "")  # no rank


def test_scorecard_without_judge_files_signs_as_before() -> None:
    from render_helpers import make_ranking

    ranking = make_ranking()
    ctx = scorecard_context(ranking, ranking.results[0], 0, "id", DAY)
    assert ctx["judges"]["signatures"] == []  # the template falls back to candidate.panel
    assert ctx["candidate"]["panel"] == ["Dr. Siti Rahma", "Budi Santoso"]


def _line_index(lines: list[str], piece: str, skip: str = "\0") -> int:
    return next(i for i, s in enumerate(lines) if piece in s and skip not in s)


@pytest.mark.parametrize(
    ("key", "cutline", "before", "after"),
    [
        (
            "top_id",
            "Batas daftar pendek 1: 1 lolos; selisih di batas 25,60 poin",
            "Pemerintah Kota Alfa",
            "Pemerintah Kabupaten Beta",
        ),
        (
            "top_en",
            "Shortlist cut-off at 1: 1 shortlisted; margin at the cut-off 25.60 points",
            "Pemerintah Kota Alfa",
            "Pemerintah Kabupaten Beta",
        ),
        (
            "tied_en",
            "Shortlist cut-off at 2: 3 shortlisted; margin at the cut-off 28.53 points",
            "Pemerintah Kabupaten Delta",
            "Pemerintah Kota Gamma",
        ),
    ],
)
def test_ranked_list_draws_the_cutoff_between_last_in_and_first_out(
    sheets: dict[str, bytes], tmp_path: Path, key: str, cutline: str, before: str, after: str
) -> None:
    lines = _pdftext(sheets[key], tmp_path, layout=True).splitlines()
    cut = _line_index(lines, cutline)
    assert _line_index(lines, before, cutline) < cut < _line_index(lines, after, cutline)


def test_ranked_list_says_stage_override_and_tie(sheets: dict[str, bytes], tmp_path: Path) -> None:
    top = _flat(_pdftext(sheets["top_id"], tmp_path))
    assert "Tahap 1 dari 2: Penilaian dokumen; dasar peringkat: Regulasi" in top
    assert "(maks. 80,00)" in top
    assert "--top 1 menggantikan daftar pendek kriteria (2)" in top
    en = _flat(_pdftext(sheets["top_en"], tmp_path))
    assert "--top 1 overrides the criteria's shortlist (2)" in en
    tied = _flat(_pdftext(sheets["tied_en"], tmp_path))
    assert (
        "Exactly equal totals at the cut-off, not separated by the tie-break: all 3 pass "
        "(shortlist of 2)." in tied
    )


def test_ranked_list_puts_the_incomplete_after_the_ranked(
    sheets: dict[str, bytes], tmp_path: Path
) -> None:
    lines = _pdftext(sheets["interview_id"], tmp_path, layout=True).splitlines()
    alfa = _line_index(lines, "Pemerintah Kota Alfa")
    head = _line_index(lines, "Belum lengkap: tidak diberi peringkat pada tahap ini")
    beta = _line_index(lines, "Pemerintah Kabupaten Beta")
    assert alfa < head < beta
    assert lines[beta].split()[0] == "\u2013"  # no rank
    text = _flat("\n".join(lines))
    assert "1 peserta belum lengkap" in text
    assert "dipilih otomatis: tahap terakhir yang punya peserta lengkap" in text


def test_score_breakdown_lists_each_judge_and_the_recusal() -> None:
    from paritrana.scoring.render.table import breakdown

    text = breakdown(pf.wawancara(), "en")
    assert (
        "  Panel interview: penilai-01 5, penilai-02 4, penilai-03 4, penilai-04 4, "
        "penilai-05 2, penilai-06 stood aside (conflict of interest: "
        + pf.RECUSAL_REASON
        + "); trimmed mean of 5 judges; quorum 3; spread 3; for the panel's discussion"
    ) in text.splitlines()


def test_normalised_scores_show_as_scored_then_as_used_and_who_was_not() -> None:
    from dataclasses import replace

    from paritrana.scoring.render.context import panel_context

    ranking = pf.wawancara()
    res = ranking.results[0]
    res = replace(
        res, category=replace(res.category, panel=replace(res.category.panel, normalise="zscore"))
    )
    row = candidate_rows(res)[0]
    (k,) = [n for n, i in enumerate(row.indicators) if i.panel is not None]
    panel = row.indicators[k].panel
    assert panel is not None
    # penilai-01's 5 used as 4.5 (as if normalised); the others as scored
    scores = (replace(panel.scores[0], used=4.5, normalised=True),) + panel.scores[1:]
    ind = replace(row.indicators[k], panel=replace(panel, scores=scores, normalise="zscore"))
    row = replace(row, indicators=row.indicators[:k] + (ind,) + row.indicators[k + 1 :])
    ctx = panel_context(row, stage_view(res), "id", Formatter("id"))
    assert ctx["rows"][0]["cells"] == ["5 (4,5)", "4", "4", "4", "2", "R1"]
    assert ctx["notes"][0].startswith("Skor dinormalkan per penilai dalam tahap ini")
    # panel_fixtures: penilai-06 has a JudgeNote "fewer-than-3"
    assert ctx["notes"][1] == "Nur Uji Coba tidak dinormalkan: kurang dari 3 skor"


def test_hostile_judge_texts_are_shown_not_obeyed() -> None:
    from dataclasses import replace

    from paritrana.scoring.render.templating import scorecard_html
    from render_helpers import EVIL

    ranking = pf.wawancara()
    res = ranking.results[0]
    alfa = res.candidates[0]
    bad = replace(
        alfa,
        judges=tuple(replace(j, name=EVIL, role=EVIL) for j in alfa.judges),
        comments=(replace(alfa.comments[0], text=EVIL + "\x1b]0;pwned\x07"),),
        conflicts=tuple(replace(c, waived=EVIL) if c.waived else c for c in alfa.conflicts),
    )
    res = replace(res, candidates=res.candidates.with_objects([0], [bad]))
    bad_ranking = replace(ranking, results=(res,))
    html = scorecard_html(bad_ranking, res, 0, "en", DAY)
    assert "<script>" not in html and "&lt;script&gt;" in html  # escaped, never markup
    assert "[U+202E]" in html  # the bidi override is shown as its code point
    assert "\x1b" not in html and "[U+001B]" in html
    table = ranking_table(bad_ranking, "en")
    assert "\x1b" not in table
    doc = json.loads(ranking_json(bad_ranking, "x"))
    assert doc["categories"][0]["candidates"][0]["comments"][0]["text"].startswith(EVIL)
    assert "\x1b" not in ranking_json(bad_ranking, "x")  # written as \u001b


def test_a_sheet_of_the_document_stage_is_out_of_its_basis() -> None:
    ranking = pf.dokumen()
    res = ranking.results[0]
    alfa = scorecard_context(ranking, res, 0, "id", DAY)
    # 17 + 26.131273 + 19 = 62.131273 out of the stage's 80, not 100
    assert (alfa["total_text"], alfa["of_max_text"]) == ("62,13", "80,00")
    beta = scorecard_context(ranking, res, 1, "id", DAY)
    # Beta's interview is pending, but it is no part of this stage's basis
    assert beta["pending"] and not beta["basis_pending"]
    assert beta["stage"]["status"] == "lolos daftar pendek"
    gamma = scorecard_context(ranking, res, 2, "en", DAY)
    assert (gamma["rank_text"], gamma["stage"]["status"]) == ("3 of 3", "not shortlisted")
