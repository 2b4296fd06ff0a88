"""Documents of oversized candidates stay documents: text cut, lists capped.

The candidates are model objects built here, not validated files: the
renderer must hold whatever it is fed. Timing is measured by a script (see
the report of issue 6), not asserted; the test has only a generous hang
guard.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import pytest
from paritrana.scoring.model import Evidence, Item, Regulation, Report
from paritrana.scoring.render import limits, pdf, templating, weasy
from paritrana.scoring.render.context import ranklist_context, scorecard_context
from render_helpers import make_candidates, make_ranking

DAY = date(2022, 4, 8)
BIG = "Z" * 100_000  # one unbroken word


@contextmanager
def hang_guard(seconds: int = 60) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs past `seconds`."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _oversized() -> tuple[object, int]:
    gamma, alfa, beta = make_candidates()
    regulations = tuple(
        Regulation("perda", BIG[:2000], 2020, BIG, ("dedicated",), Evidence(f"d{i}", BIG[:3000]))
        for i in range(3_000)
    )
    evidence = {k: Evidence(BIG, BIG) for k in alfa.values}
    huge = replace(
        alfa,
        name=BIG,
        province=BIG,
        zone=BIG,
        panel=tuple(f"Penilai {i}" for i in range(100_000)),
        notes=tuple(f"catatan {i}" for i in range(30_000)) + (BIG,),
        reports=tuple(
            Report(f"r{i}", BIG[:5000], BIG[:5000], None, BIG[:5000]) for i in range(3_000)
        ),
        regulations=regulations,
        innovations=tuple(Item(BIG[:1000], evidence=Evidence(f"i{i}")) for i in range(3_000)),
        # Built in code, not validated (the renderer holds whatever it is
        # fed): all 3,000 regulations recorded as giving the level, and as
        # its evidence the field's own reference and the 3,000 regulations'.
        derived_from={"regulation.dedicated_level": regulations},
        evidence=evidence
        | {
            "regulation.dedicated_level": (
                evidence["regulation.dedicated_level"],
                *(r.evidence for r in regulations if r.evidence),
            )
        },
        panel_scores={"wawancara": tuple(4.0 for _ in range(100_000))},
    )
    ranking = make_ranking([gamma, huge, beta])
    index = [c.id for c in ranking.results[0].candidates].index("kota-alfa")
    return ranking, index


def test_scorecard_context_cuts_and_caps() -> None:
    ranking, index = _oversized()
    ctx = scorecard_context(ranking, ranking.results[0], index, "id", DAY)  # type: ignore[attr-defined]
    cand = ctx["candidate"]
    # 150 characters with the note: len("… [100.000 karakter dipotong]") = 29,
    # so 150 - 29 = 121 kept and 100,000 - 121 = 99,879 cut.
    assert cand["name"] == "Z" * 121 + "\u2026 [99.879 karakter dipotong]"
    assert len(cand["province"]) <= limits.NAME_MAX and len(cand["zone"]) <= limits.NAME_MAX
    # Lists: the first items, then how many more (Indonesian count format).
    assert len(cand["notes"]) == limits.LIST_MAX
    assert cand["notes"][:2] == ["catatan 0", "catatan 1"]
    assert cand["notes_more"] == "\u2026 dan 29.981 lainnya"  # 30,001 - 20
    assert len(cand["reports"]) == limits.LIST_MAX
    assert cand["reports_more"] == "\u2026 dan 2.980 lainnya"  # 3,000 - 20
    assert all(len(r["title"]) <= limits.TEXT_MAX for r in cand["reports"])
    assert len(cand["panel"]) == limits.PANEL_MAX
    assert cand["panel_more"] == "\u2026 dan 99.988 lainnya"  # 100,000 - 12
    rows = {r["id"]: r for p in ctx["pillars"] for r in p["indicators"]}
    reg = rows["regulasi_khusus"]
    # 20 regulations shown, then "... dan 2.980 lainnya"; each cut to 150.
    assert len(reg["regulations"]) == limits.LIST_MAX + 1
    assert reg["regulations"][-1] == "\u2026 dan 2.980 lainnya"
    assert all(len(r) <= limits.NAME_MAX for r in reg["regulations"])
    # Evidence: the field's own reference and the 3,000 regulations' (d0..d2999),
    # 3,001 in all, capped the same way: 3,001 - 20 = 2,981 more.
    assert len(reg["evidence"]) == limits.LIST_MAX + 1
    assert reg["evidence"][-1] == "\u2026 dan 2.981 lainnya"
    # 100,000 panel scores: the first 12 and the count of the rest.
    assert rows["wawancara"]["raw_text"].endswith("\u2026 dan 99.988 lainnya")
    assert len(ctx["doc_title"]) < 200


def test_ranklist_context_cuts_names() -> None:
    ranking, _ = _oversized()
    ctx = ranklist_context(ranking, "en", None, DAY)  # type: ignore[arg-type]
    rows = ctx["sections"][0]["rows"]
    assert len(rows) == 3  # every candidate listed
    assert max(len(r["name"]) for r in rows) <= limits.NAME_MAX
    assert any(r["name"].endswith("characters cut]") for r in rows)


@pytest.mark.parametrize("kind", ["scorecard", "ranklist"])
def test_oversized_documents_render(kind: str) -> None:
    ranking, index = _oversized()
    with hang_guard(60):
        if kind == "scorecard":
            data = pdf.render_scorecard(ranking, ranking.results[0], index, "id", DAY)  # type: ignore[attr-defined]
        else:
            data = pdf.render_ranklist(ranking, "id", None, DAY)  # type: ignore[arg-type]
    assert data.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    # Every text at its limit and unbroken (the worst case) still gives a
    # document of a few pages, not thousands.
    assert len(reader.pages) <= 20
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "dipotong" in text
    if kind == "scorecard":
        assert "lainnya" in text


def test_long_words_stay_inside_the_page() -> None:
    """Unbroken words at the length limits wrap inside their cells."""
    gamma, alfa, beta = make_candidates()
    word = "W" * limits.NAME_MAX
    alfa = replace(
        alfa, name=word, province=word, zone=word, panel=(word,) * 3, notes=("N" * limits.TEXT_MAX,)
    )
    ranking = make_ranking([gamma, alfa, beta])
    index = [c.id for c in ranking.results[0].candidates].index("kota-alfa")
    for html in (
        templating.scorecard_html(ranking, ranking.results[0], index, "id", DAY),
        templating.ranklist_html(ranking, "id", None, DAY),
    ):
        with hang_guard(60):
            document = weasy.html_document(html)
        for page in document.pages:
            for box in page._page_box.descendants():
                if type(box).__name__ == "TextBox":
                    assert box.position_x + box.width <= page.width + 0.5, box.text[:40]
