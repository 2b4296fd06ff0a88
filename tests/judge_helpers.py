"""Helpers for the judge-file tests: a staged criteria built from the small
test criteria, and the candidates of tests/broken/judges/candidates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from paritrana.scoring.load.safeyaml import Document, load_document
from paritrana.scoring.model import (
    Candidate,
    Criteria,
    Indicator,
    Input,
    PanelPolicy,
    Pillar,
    RubricRule,
    Stage,
    Text,
)
from paritrana.scoring.validate import validate_candidates
from validate_helpers import BROKEN, errors, ok_criteria

JUDGES = BROKEN / "judges"


def _rubric(item: str, weight: float) -> Indicator:
    return Indicator(
        item, Text(item, item), weight, Input("panel"), RubricRule(1, 5), "zero", line=1
    )


def staged_criteria(policy: PanelPolicy | None = None) -> Criteria:
    """tests/broken/criteria-ok with kabupaten-kota's interview split into two
    rubric items (pemahaman, komitmen, 10 points each) and two stages:
    dokumen (regulasi, cakupan) then wawancara (every pillar). provinsi
    keeps its one `wawancara` item and declares no stages (stage `semua`)."""
    criteria = ok_criteria()
    kab, prov = criteria.categories
    interview = Pillar(
        "wawancara",
        Text("Wawancara", "Interview"),
        20,
        (_rubric("pemahaman", 10), _rubric("komitmen", 10)),
    )
    pillars = tuple(p for p in kab.pillars if p.id != "wawancara") + (interview,)
    stages = (
        Stage("dokumen", Text("Dokumen", "Documents"), ("regulasi", "cakupan"), 2),
        Stage("wawancara", Text("Wawancara", "Interview"), ("regulasi", "cakupan", "wawancara")),
    )
    kab = replace(kab, pillars=pillars, stages=stages, panel=policy or PanelPolicy())
    prov = replace(prov, panel=policy or PanelPolicy())
    return replace(criteria, categories=(kab, prov))


def load(path: Path) -> Document:
    document, problems = load_document(path, str(path.relative_to(BROKEN)))
    assert problems == [] and document is not None, [str(p) for p in problems]
    return document


def judge_candidates(criteria: Criteria) -> tuple[list[Document], list[Candidate]]:
    docs = [load(p) for p in sorted((JUDGES / "candidates").glob("*.yaml"))]
    candidates, problems = validate_candidates(docs, criteria)
    assert errors(problems) == [], errors(problems)
    return docs, candidates
