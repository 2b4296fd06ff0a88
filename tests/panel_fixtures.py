"""Staged results with a panel of judges, built as model objects for the
render tests (no YAML, no staged engine): what the renderers must show is
fixed here by hand, so these tests depend only on the model contract.

Every judge, name and score here is SYNTHETIC (invented for tests).

The criteria are render_helpers' (one category, kabupaten-kota) with two
stages: `dokumen` (regulasi, cakupan, inovasi: max 80, shortlist 2) and
`wawancara` (every pillar: max 100, shortlist 1); panel policy
trimmed-mean, quorum 3, disagreement 2; the interview rubric has
descriptors for levels 1-5.

Non-interview points are render_helpers' worked example (the engine
computes them from the same values): Alfa regulasi 17, cakupan 26.131273,
inovasi 19; Beta 7.5, 28.2, 0.833333; Gamma 0, 0, 8. Delta is a copy of
Beta's values under another name (so the two tie exactly).

Interview of Alfa (stage wawancara): penilai-01..05 score 5, 4, 4, 4, 2;
penilai-06 recused (declared conflict). Trimmed mean (5 judges): drop 5 and
2, (4 + 4 + 4) / 3 = 4.0 -> (4 - 1) / 4 * 100 = 75 -> 75 x 20% = 15 points.
Spread 5 - 2 = 3 > 2: flagged. Alfa's total 17 + 26.131273 + 19 + 15 =
77.131273 / 100. penilai-03 had a detected conflict (same province),
waived with a reason. A comment by penilai-01. Panel date 2023-02-20.

Interview of Beta: penilai-01 3, penilai-02 4, penilai-03 abstained ->
2 valid scores < quorum 3: value None, pending -> Beta incomplete in the
wawancara stage, total 36.533333 / 80, not ranked.

Stage dokumen totals: Alfa 17 + 26.131273 + 19 = 62.131273; Beta 7.5 +
28.2 + 0.833333 = 36.533333; Gamma 8; all / 80.
  shortlist 2: Alfa, Beta pass; margin Beta - Gamma = 28.533333 -> "28,53"
  --top 1: Alfa passes; margin Alfa - Beta = 25.59794 -> "25,60"
  with Delta (= Beta), shortlist 2: Alfa 1, Beta 2, Delta 2, Gamma 4: the
  tie at the cut-off is exact, so all 3 pass; margin Delta - Gamma 28.53.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import numpy as np
from paritrana.scoring.model import (
    STATUS_CODES,
    Aggregate,
    Candidate,
    CategoryResult,
    Comment,
    Conflict,
    Criteria,
    Cutoff,
    Judge,
    JudgeNote,
    JudgeScore,
    Mark,
    PanelPolicy,
    PanelRaw,
    Ranking,
    Recusal,
    SourceFile,
    Stage,
    Text,
)
from paritrana.scoring.rank.ranking import competition_ranks
from paritrana.scoring.score.engine import as_table, score_category
from render_helpers import make_candidates, make_criteria, sha

DAY = date(2023, 2, 20)
JUDGES = (
    Judge("penilai-01", "Dr. Siti Contoh, M.Sc.", "akademisi", "Universitas Contoh", "Jawa Barat"),
    Judge("penilai-02", "Budi Sintetis", "pemerintah", "Kementerian Contoh", "DKI Jakarta"),
    Judge("penilai-03", "Rahmat Rekaan", "pengusaha", "Asosiasi Contoh", "Aceh"),
    Judge("penilai-04", "Wati Karangan", "serikat pekerja", "Serikat Contoh", "Bali"),
    Judge("penilai-05", "Ir. Joko Fiktif", "akademisi", "Institut Contoh", "Papua"),
    Judge("penilai-06", "Nur Uji Coba", "pemerintah", "Pemkot Alfa", "Aceh"),
)
RECUSAL_REASON = "Pernah menjadi konsultan Pemkot Alfa (2021)"
WAIVER = "Sama provinsi, tanpa hubungan kerja; disetujui ketua panel"
COMMENT = "Komitmen kuat, rencana anggaran 2023 jelas"
ABSTAIN = "Tidak hadir saat wawancara"


def staged_criteria() -> Criteria:
    criteria = make_criteria()
    (cat,) = criteria.categories
    levels = (
        (1, Text("Tidak memahami", "No understanding")),
        (2, Text("Sedikit memahami", "Little understanding")),
        (3, Text("Cukup memahami", "Fair understanding")),
        (4, Text("Memahami dengan baik", "Good understanding")),
        (5, Text("Sangat memahami", "Thorough understanding")),
    )
    pillars = []
    for p in cat.pillars:
        inds = tuple(
            replace(i, descriptors=levels, aggregation="trimmed-mean")
            if i.input.kind == "panel"
            else i
            for i in p.indicators
        )
        pillars.append(replace(p, indicators=inds))
    stages = (
        Stage(
            "dokumen",
            Text("Penilaian dokumen", "Document assessment"),
            ("regulasi", "cakupan", "inovasi"),
            2,
        ),
        Stage(
            "wawancara",
            Text("Wawancara", "Interview"),
            ("regulasi", "cakupan", "inovasi", "wawancara"),
            1,
        ),
    )
    cat = replace(
        cat,
        pillars=tuple(pillars),
        shortlist=None,
        stages=stages,
        panel=PanelPolicy(aggregation="trimmed-mean", quorum=3, disagreement=2),
    )
    return replace(criteria, categories=(cat,))


def _candidates() -> dict[str, Candidate]:
    by_id = {c.id: replace(c, panel_scores={}, panel=()) for c in make_candidates()}
    alfa, beta = by_id["kota-alfa"], by_id["kabupaten-beta"]
    scores = (5.0, 4.0, 4.0, 4.0, 2.0)
    by_id["kota-alfa"] = replace(
        alfa,
        marks=tuple(
            Mark(j.id, "wawancara", s, "wawancara", date=DAY)
            for j, s in zip(JUDGES, scores, strict=False)
        ),
        recusals=(Recusal("penilai-06", RECUSAL_REASON, "conflict", "wawancara", date=DAY),),
        conflicts=(
            Conflict("penilai-03", ("province",), WAIVER),
            Conflict("penilai-06", ("declared",)),
        ),
        comments=(Comment("penilai-01", COMMENT, "wawancara"),),
        judges=JUDGES,
        panel_sources=(SourceFile("panel/penilai-01.yaml", sha("judge 1")),),
    )
    by_id["kabupaten-beta"] = replace(
        beta,
        marks=(
            Mark("penilai-01", "wawancara", 3.0, "wawancara", date=DAY),
            Mark("penilai-02", "wawancara", 4.0, "wawancara", date=DAY),
        ),
        recusals=(Recusal("penilai-03", ABSTAIN, "abstain", "wawancara", date=DAY),),
        judges=JUDGES[:3],
    )
    by_id["kabupaten-delta"] = replace(
        beta,
        id="kabupaten-delta",
        name="Pemerintah Kabupaten Delta",
        source=SourceFile("candidates/kabupaten-delta.yaml", sha("delta v1")),
    )
    return by_id


def _aggregate(c: Candidate) -> Aggregate:
    if c.id == "kota-alfa":
        scores = tuple(JudgeScore(m.judge, m.score, m.score, False) for m in c.marks)
        return Aggregate(
            scores, c.recusals, Fraction(4), "trimmed-mean", "trimmed-mean", 3, 3.0, True
        )
    if c.id == "kabupaten-beta":
        scores = tuple(JudgeScore(m.judge, m.score, m.score, False) for m in c.marks)
        return Aggregate(scores, c.recusals, None, "trimmed-mean", "trimmed-mean", 3, 1.0, False)
    return Aggregate((), (), None, "mean", "trimmed-mean", 3, None, False)


def _base(ids: list[str]) -> CategoryResult:
    """The candidates `ids`, in that order, scored by the engine (every
    pillar but the interview), with the interview patched in by hand."""
    (cat,) = staged_criteria().categories
    by_id = _candidates()
    cands = [by_id[i] for i in ids]
    # The one-stage scorer gives the non-interview columns (render_helpers'
    # worked example); the interview of every candidate is set here.
    plain = replace(cat, stages=())
    res = score_category(plain, [replace(c, marks=(), panel_scores={}) for c in cands])
    res = replace(res, category=cat, candidates=as_table(cands))
    cols = []
    for col in res.indicators:
        if col.indicator.input.kind == "panel":
            derived = np.array([4.0 if c.id == "kota-alfa" else np.nan for c in cands])
            score = np.array([75.0 if c.id == "kota-alfa" else np.nan for c in cands])
            ok = np.array([c.id == "kota-alfa" for c in cands])
            col = replace(
                col,
                raw=PanelRaw(np.array([_aggregate(c) for c in cands] + [None], dtype=object)[:-1]),
                derived=derived,
                score=score,
                weight=np.where(ok, 20.0, 0.0),
                points=np.where(ok, 15.0, 0.0),
                status=np.where(ok, STATUS_CODES["ok"], STATUS_CODES["pending"]).astype(np.int8),
            )
        cols.append(col)
    pillars = []
    for p in res.pillars:
        if p.pillar.id == "wawancara":
            ok = np.array([c.id == "kota-alfa" for c in cands])
            p = replace(p, points=np.where(ok, 15.0, 0.0), max_points=np.where(ok, 20.0, 0.0))
        pillars.append(p)
    pending = np.array([0 if c.id == "kota-alfa" else 1 for c in cands])
    return replace(res, indicators=tuple(cols), pillars=tuple(pillars), pending_count=pending)


def _stage_result(
    ids: list[str],
    stage_id: str,
    *,
    complete: list[bool],
    passed: int,
    cutoff: Cutoff,
    auto: bool = False,
) -> CategoryResult:
    res = _base(ids)
    by_pillar = {p.pillar.id: p for p in res.pillars}
    stage = res.category.stage(stage_id)
    assert stage is not None
    total = sum(by_pillar[pid].points for pid in stage.pillars)
    max_total = sum(by_pillar[pid].max_points for pid in stage.pillars)
    done = np.array(complete)
    # ranks among the complete ones (already in ranked order), 0 for the rest
    totals = np.round(total[done], 9)
    new = np.concatenate(([True], totals[1:] != totals[:-1])) if len(totals) else np.array([])
    ranks = np.zeros(len(ids), dtype=np.int64)
    ranks[done] = competition_ranks(new.astype(bool))
    shortlisted = np.zeros(len(ids), dtype=bool)
    shortlisted[:passed] = True
    notes = (JudgeNote("penilai-06", "wawancara", False, "fewer-than-3", 0),)
    return replace(
        res,
        total=np.asarray(total, dtype=np.float64),
        max_total=np.asarray(max_total, dtype=np.float64),
        rank=ranks,
        stage=stage,
        stage_auto=auto,
        complete=done,
        shortlisted=shortlisted,
        cutoff=cutoff,
        judge_notes=notes if stage_id == "wawancara" else (),
    )


def _ranking(result: CategoryResult) -> Ranking:
    return Ranking(staged_criteria(), (result,))


def dokumen(top: int | None = None) -> Ranking:
    """Stage 1: Alfa 62.131273, Beta 36.533333, Gamma 8 (/ 80)."""
    ids = ["kota-alfa", "kabupaten-beta", "kota-gamma"]
    if top == 1:
        cut = Cutoff(1, True, 1, "kota-alfa", "kabupaten-beta", 62.131273 - 36.533333)
        return _ranking(_stage_result(ids, "dokumen", complete=[True] * 3, passed=1, cutoff=cut))
    cut = Cutoff(2, False, 2, "kabupaten-beta", "kota-gamma", 36.533333 - 8.0)
    return _ranking(_stage_result(ids, "dokumen", complete=[True] * 3, passed=2, cutoff=cut))


def dokumen_tied() -> Ranking:
    """Stage 1 with Delta = Beta: an exact tie at the cut-off of 2."""
    ids = ["kota-alfa", "kabupaten-beta", "kabupaten-delta", "kota-gamma"]
    cut = Cutoff(2, False, 3, "kabupaten-delta", "kota-gamma", 36.533333 - 8.0, "exact-tie")
    return _ranking(_stage_result(ids, "dokumen", complete=[True] * 4, passed=3, cutoff=cut))


def wawancara() -> Ranking:
    """Stage 2 among the shortlisted Alfa and Beta: Alfa complete, 77.131273
    / 100, rank 1, shortlisted; Beta incomplete (2 of a quorum of 3)."""
    ids = ["kota-alfa", "kabupaten-beta"]
    cut = Cutoff(1, False, 1, "kota-alfa", None, None)
    return _ranking(
        _stage_result(ids, "wawancara", complete=[True, False], passed=1, cutoff=cut, auto=True)
    )
