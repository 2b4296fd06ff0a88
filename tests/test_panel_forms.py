"""The panel's outputs without the command line: the judge file skeleton's
safety, the interview forms' context (pure, no PDF) and one hostile form
rendered, and the word tables of both languages."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
import yaml
from judge_helpers import judge_candidates, staged_criteria
from paritrana.scoring.model import Judge, Text
from paritrana.scoring.render import i18n_panel
from paritrana.scoring.render.forms import (
    BOX,
    Slot,
    candidate_document,
    criteria_hash,
    form_context,
    judge_document,
    render_form,
)
from paritrana.scoring.render.judge_template import (
    Entrants,
    comment_text,
    judge_template,
    scalar,
)
from paritrana.scoring.render.panel_view import RosterJudge, levels, stage_items


@pytest.mark.parametrize(
    "table", [i18n_panel.FORM_LABELS, i18n_panel.TEMPLATE_TEXT, i18n_panel.STATUS_TEXT]
)
def test_every_word_has_both_languages(table: dict[str, tuple[str, str]]) -> None:
    for key, (ind, eng) in table.items():
        assert ind.strip() and eng.strip(), key


def test_comment_text_cannot_leave_its_comment() -> None:
    # A line break (of any kind) would end the comment and start YAML.
    hostile = "Baik\nscores: {x: 5}\r\u2028\u0085# \x1b[2J" + "a" * 400
    flat = comment_text(hostile)
    assert "\n" not in flat and "\r" not in flat and "\u2028" not in flat and "\x85" not in flat
    assert "\x1b" not in flat and len(flat) == 300 and flat.startswith("Baik scores: {x: 5}")


@pytest.mark.parametrize(
    "text",
    [
        "penilai-01",
        "Dr. A, M.Sc.",
        'a "b" \\ c',
        "x\ny: 1",
        "\u202eabc",
        "- item",
        "null",
        "~",
        "4",
        "yes",
        "no",
        "2023-02-20",
        "1e3",
    ],
)
def test_scalar_reads_back_as_itself(text: str) -> None:
    written = scalar(text)
    assert "\n" not in written and "\u202e" not in written
    assert yaml.safe_load(f"k: {written}") == {"k": text}


def _setup():
    criteria = staged_criteria()
    kab = criteria.categories[0]
    stage = kab.stage("wawancara")
    assert stage is not None
    _, candidates = judge_candidates(criteria)
    kab_cands = tuple(c for c in candidates if c.category == kab.id)
    return criteria, kab, stage, kab_cands


def test_skeleton_with_descriptors_from_the_criteria() -> None:
    """A descriptor with a line break in the criteria stays in its comment."""
    criteria, kab, stage, cands = _setup()
    item = stage_items(kab, stage)[0]
    assert item.id == "pemahaman"
    described = replace(
        item, descriptors=((1, Text("Rendah\nscores: bad", "Low")), (5, Text("Tinggi", "High")))
    )
    pillars = tuple(
        replace(p, indicators=tuple(described if i.id == item.id else i for i in p.indicators))
        for p in kab.pillars
    )
    kab = replace(kab, pillars=pillars)
    assert [x[1] for x in levels(described)] == ["Rendah\nscores: bad", None, None, None, "Tinggi"]
    text = judge_template(
        criteria,
        [Entrants(kab, stage, cands)],
        judge=Judge("penilai-01", "Satu"),
        stage_id="wawancara",
        panel_date=date(2023, 2, 20),
    )
    assert "# 1 = Rendah scores: bad" in text and "# 5 = Tinggi" in text
    data = yaml.safe_load(text)
    assert data["judge"]["name"] == "Satu" and str(data["date"]) == "2023-02-20"
    assert data["scores"] == {
        "kota-a": {"pemahaman": None, "komitmen": None},
        "kota-b": {"pemahaman": None, "komitmen": None},
    }


def test_form_context_per_judge_and_per_candidate() -> None:
    criteria, kab, stage, cands = _setup()
    judge = RosterJudge(
        Judge("penilai-01", "Satu", "akademisi"), "wawancara", date(2023, 2, 20), frozenset()
    )
    doc = judge_document("wawancara", judge, [(kab, stage, cands)])
    assert doc.stem == "wawancara-penilai-01" and [s.candidate.id for s in doc.sheets] == [
        "kota-a",
        "kota-b",
    ]
    ctx = form_context(criteria, doc, "id", date(2023, 11, 14))
    sheet = ctx["sheets"][0]
    assert sheet["sheet_id"] == "wawancara/penilai-01/kota-a"
    assert sheet["judge"]["name"] == "Satu" and sheet["judge"]["role"] == "akademisi"
    assert sheet["panel_date_text"] == "20 Februari 2023"
    # The test criteria give no descriptors: five levels, each a box, no text.
    assert [i["id"] for i in sheet["rubric"]] == ["pemahaman", "komitmen"]
    assert [(lv["level"], lv["box"], lv["text"]) for lv in sheet["rubric"][0]["levels"]] == [
        (n, BOX, "") for n in range(1, 6)
    ]
    assert ctx["audit_hash"] == criteria_hash(criteria) and len(ctx["audit_hash"]) == 64
    assert "paritrana-audit-sha256" not in ctx["audit_keyword"]  # a form is not a verifiable sheet
    # --date wins over the judge file's date.
    ctx = form_context(criteria, doc, "en", date(2023, 11, 14), panel_date=date(2023, 3, 1))
    assert ctx["sheets"][1]["panel_date_text"] == "March 1, 2023"

    blank = candidate_document(kab, stage, cands[0], [], 3)
    assert [s.slot for s in blank.sheets] == [Slot(None, 1), Slot(None, 2), Slot(None, 3)]
    ctx = form_context(criteria, blank, "id", date(2023, 11, 14))
    assert [s["sheet_id"] for s in ctx["sheets"]] == [
        f"wawancara/slot-{n}/kota-a" for n in (1, 2, 3)
    ]
    assert ctx["sheets"][0]["judge"] == {
        "known": False,
        "heading": "Penilai 1",
        "id": "",
        "name": "",
        "role": "",
        "organisation": "",
    }
    assert ctx["sheets"][0]["panel_date_text"] == ""


def test_a_hostile_candidate_prints_as_text_and_fetches_nothing() -> None:
    from paritrana.scoring.render.weasy import new_fetcher
    from pypdf import PdfReader

    criteria, kab, stage, cands = _setup()
    hostile = replace(cands[0], name='<img src="http://example.org/x.png"> Kota & "A" \u202e')
    doc = candidate_document(kab, stage, hostile, [], 1)
    fetcher = new_fetcher()
    data = render_form(criteria, doc, "id", date(2023, 11, 14), fetcher=fetcher)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert '<img src="http://example.org/x.png"> Kota & "A" [U+202E]' in text
    assert fetcher.refused == []
