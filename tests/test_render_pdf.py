"""Rendered PDFs: what a reader sees, page size, no warnings, no fetches, verify.

Rendering costs 0.15-1 s a document, so documents are rendered once per
module (fixtures) and several tests read them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from paritrana.scoring.audit import audit_hash, verify_pdf
from paritrana.scoring.rank.ranking import rank
from paritrana.scoring.render import batch, pdf, templating, weasy
from render_helpers import (
    LONG_NAME,
    make_candidates,
    make_criteria,
    make_hostile,
    make_ranking,
    with_source,
)

DAY = date(2022, 4, 8)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def weasy_log() -> Iterator[_Collect]:
    """Every WARNING+ the 'weasyprint' logger emits while this module renders."""
    handler = _Collect()
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def _flat(data: bytes) -> str:
    """All pages' text, whitespace collapsed (table cells wrap labels)."""
    return " ".join(" ".join(_text(data)).split())


def _fonts(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font used on any page."""
    from pypdf import PdfReader

    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = "/FontFile2" in desc
    return sorted(found.items())


@pytest.fixture(scope="module")
def docs(weasy_log: _Collect) -> dict[str, Any]:
    ranking = make_ranking()
    res = ranking.results[0]
    out: dict[str, Any] = {"ranking": ranking}
    for lang in ("id", "en"):
        fetcher = weasy.new_fetcher()
        out[f"alfa_{lang}"] = pdf.render_scorecard(ranking, res, 0, lang, DAY, fetcher=fetcher)
        out[f"fetcher_{lang}"] = fetcher
    out["beta_en"] = pdf.render_scorecard(ranking, res, 1, "en", DAY)
    out["ranklist_id"] = pdf.render_ranklist(ranking, "id", None, DAY)
    out["warnings"] = list(weasy_log.records)
    return out


# --------------------------------------------------------------------------
# What a reader sees
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # totals from render_helpers' worked example, formatted per locale
        (
            "id",
            [
                "78,80 / 100",
                "1 dari 1",  # Beta and Gamma await the interview: incomplete, not ranked
                "17,00 / 20,00",
                "26,13 / 30,00",
                "19,00 / 30,00",
                "16,67 / 20,00",
                "13,40",
                "12,73",
                "2.234 orang",
                "Lembar Penilaian",
                "Halaman 1 dari 2",
                "Dibuat 8 April 2022",
            ],
        ),
        (
            "en",
            [
                "78.80 / 100",
                "1 of 1",
                "17.00 / 20.00",
                "26.13 / 30.00",
                "19.00 / 30.00",
                "16.67 / 20.00",
                "13.40",
                "12.73",
                "2,234 people",
                "Scorecard",
                "Page 1 of 2",
                "Generated April 8, 2022",
            ],
        ),
    ],
)
def test_scorecard_text(docs: dict[str, Any], lang: str, expected: list[str]) -> None:
    text = _flat(docs[f"alfa_{lang}"])
    assert "Pemerintah Kota Alfa" in text
    for ind in make_criteria().categories[0].indicators:
        assert ind.label.get(lang) in text  # type: ignore[arg-type]
    for snippet in expected:
        assert snippet in text, snippet
    ranking = docs["ranking"]
    assert audit_hash(ranking.criteria, ranking.results[0].candidates) in text
    assert "paritrana 0.1.0" in text
    assert "Dr. Siti Rahma" in text  # signature line with the panel's names
    assert "seed-003" in text  # sources and evidence


def test_missing_and_pending_are_visible(docs: dict[str, Any]) -> None:
    text = _flat(docs["beta_en"])
    assert "Pemerintah Kabupaten Beta" in text
    assert "36.53 / 80.00" in text  # pending interview: out of 80
    assert "Incomplete: not ranked in this stage" in text  # the interview is pending
    assert "MISSING" in text and "missing-value policy: reweight" in text
    assert "PENDING" in text and "not yet scored by the panel" in text
    assert "SYNTHETIC DATA" in text


def test_ranklist_text(docs: dict[str, Any]) -> None:
    text = _flat(docs["ranklist_id"])
    for snippet in (
        "Daftar Peringkat",
        "Pemerintah Kota Alfa",
        "78,80",
        "36,53",
        "8,00",
        "M1 P S",
        "M6 P",
        "Aturan nilai sama",
        "Cakupan kepesertaan, lalu Regulasi",
        "\u2605",
    ):
        assert snippet in text, snippet
    assert text.index("Kota Alfa") < text.index("Kabupaten Beta") < text.index("Kota Gamma")


def test_page_sizes(docs: dict[str, Any]) -> None:
    from pypdf import PdfReader

    for key in ("alfa_id", "alfa_en", "beta_en"):
        for page in PdfReader(io.BytesIO(docs[key])).pages:
            assert float(page.mediabox.width) == pytest.approx(595, abs=1)
            assert float(page.mediabox.height) == pytest.approx(842, abs=1)
    for page in PdfReader(io.BytesIO(docs["ranklist_id"])).pages:  # landscape
        assert float(page.mediabox.width) == pytest.approx(842, abs=1)
        assert float(page.mediabox.height) == pytest.approx(595, abs=1)


def test_no_weasyprint_warnings(docs: dict[str, Any]) -> None:
    assert [r.getMessage() for r in docs["warnings"]] == []


def test_only_our_assets_fetched_and_font_embedded(docs: dict[str, Any]) -> None:
    # The document itself names nothing: its fetcher saw no request at all.
    fetcher = docs["fetcher_id"]
    assert fetcher.refused == [] and fetcher.served == []
    # The shared stylesheet fetched exactly our CSS and three font files.
    _, _, style_fetcher = weasy.shared_style()
    root = templating.TEMPLATES_DIR.as_uri()
    assert style_fetcher.refused == []
    assert sorted(u.removeprefix(root + "/") for u in style_fetcher.served) == [
        "fonts/DejaVuSans-Bold.ttf",
        "fonts/DejaVuSans-Oblique.ttf",
        "fonts/DejaVuSans.ttf",
        "paritrana.css",
    ]
    # Every font in the file is ours (subset, embedded), none from the system.
    fonts = _fonts(docs["alfa_id"])
    assert fonts and all("+Paritrana-Sans" in name for name, _ in fonts), fonts
    assert all(embedded for _, embedded in fonts)


def test_metadata(docs: dict[str, Any]) -> None:
    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(docs["alfa_en"])).metadata
    assert meta is not None
    assert meta["/Title"] == "Scorecard: Pemerintah Kota Alfa"
    assert str(meta["/Keywords"]).startswith("paritrana-audit-sha256:")
    assert str(meta["/CreationDate"]).startswith("D:20220408")


def test_reproducible(docs: dict[str, Any]) -> None:
    again = pdf.render_scorecard(docs["ranking"], docs["ranking"].results[0], 0, "id", DAY)
    assert again == docs["alfa_id"]
    assert b"/ID" not in again


def test_generation_date_from_source_date_epoch() -> None:
    from paritrana.scoring.errors import UsageError
    from paritrana.scoring.render.dates import generation_date

    # 1649376000 s = 19,090 days after 1 January 1970 = 8 April 2022 (UTC).
    assert generation_date(environ={"SOURCE_DATE_EPOCH": "1649376000"}) == date(2022, 4, 8)
    # Without either, today: tests/test_cli_dates.py checks that with a frozen
    # clock (comparing with date.today() here failed around midnight).
    assert generation_date("2023-02-20", {"SOURCE_DATE_EPOCH": "1649376000"}) == date(2023, 2, 20)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        generation_date(environ={"SOURCE_DATE_EPOCH": "yesterday"})
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        generation_date("20/02/2023", {})


# --------------------------------------------------------------------------
# Hostile input
# --------------------------------------------------------------------------


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "doc.pdf"
    src.write_bytes(data)
    return subprocess.run(
        [exe, "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True
    ).stdout.decode()


def test_hostile_candidate(weasy_log: _Collect, tmp_path: Path) -> None:
    ranking = rank(make_criteria(), [make_hostile()])
    html = templating.scorecard_html(ranking, ranking.results[0], 0, "en", DAY)
    fetcher = weasy.new_fetcher()
    before = len(weasy_log.records)
    document = weasy.html_document(html, fetcher)
    data = document.write_pdf()
    # Nothing fetched at all (CSS and fonts come shared); nothing embedded.
    assert fetcher.refused == [] and fetcher.served == []
    assert b"/EmbeddedFile" not in data and b"/JavaScript" not in data
    assert b"/URI" not in data  # no links were made from the text
    # No complaint at all: characters the font lacks (emoji) are printed as
    # their code points instead of empty boxes.
    assert [r.getMessage() for r in weasy_log.records[before:]] == []
    # Every line stays inside the page width (long words break).
    for page in document.pages:
        width = page.width
        for box in page._page_box.descendants():
            if type(box).__name__ == "TextBox":
                assert box.position_x + box.width <= width + 0.5, box.text[:40]
    # The text is kept, as text, and inside the page. A glyph no font has
    # makes WeasyPrint write a custom CMap that pypdf decodes badly, so the
    # text is read with poppler's pdftotext here.
    text = _pdftotext(data, tmp_path)
    # The 10,346-character name is cut to NAME_MAX (150) with a note saying
    # how much. The note is sized for the whole length first:
    # len("… [10,346 characters cut]") = 25, so 150 - 25 = 125 characters
    # are kept and 10,346 - 125 = 10,221 are cut.
    flat = "".join(text.split())
    assert "Kabupaten" + "Z" * (125 - len("Kabupaten")) + "…[10,221characterscut]" in flat
    assert len(LONG_NAME) + 346 == 10_346
    assert "<script>alert(1)</script>" in text
    assert "file:///etc/passwd" in text
    # The right-to-left override is shown, not obeyed, so the text after it
    # reads as written; the emoji the font lacks appear as code points.
    # (pdftotext reorders the mixed right-to-left run around 😀, even moving
    # the "[" before it, so only the flag's code points are checked in order.)
    assert "[U+202E]" in text
    assert "U+1F1EE][U+1F1E9]" in flat  # the flag 🇮🇩
    assert "\u05e9\u05dc\u05d5\u05dd" in text and "\u0645\u0631\u062d\u0628\u0627" in text


def test_fetcher_refuses_everything_else(weasy_log: _Collect) -> None:
    fetcher = weasy.new_fetcher()
    inside = templating.TEMPLATES_DIR.as_uri()
    hostile = [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "data:text/css,body{}",
        f"{inside}/scorecard.html.j2",  # ours, but not an asset
        f"{inside}/../setup.cfg",
        f"{inside}/fonts/../../setup.cfg",
        "file://evil-host/work/main/templates/paritrana.css",
    ]
    for url in hostile:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.refused == hostile
    assert fetcher.fetch(f"{inside}/paritrana.css").read().startswith(b"/*")

    # Raw hostile HTML straight to WeasyPrint with our fetcher: every
    # resource is refused and nothing is embedded.
    raw = (
        '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/hostname">a</a>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
        '<div style="background: url(file:///etc/passwd)">x</div>'
    )
    fetcher = weasy.new_fetcher()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # refusals are logged as errors: expected here
    try:
        data = weasy.html_to_pdf(raw, fetcher)
    finally:
        logger.setLevel(level)
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:9/evil.css" in fetcher.refused
    assert fetcher.served == []
    assert b"/EmbeddedFile" not in data


# --------------------------------------------------------------------------
# Batches and verify
# --------------------------------------------------------------------------


def test_write_scorecards_and_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    candidates = make_candidates()
    ranking = make_ranking(candidates)
    real_context = templating.scorecard_context

    def broken_for_gamma(rk: Any, res: Any, index: int, *args: Any) -> Any:
        if res.candidates[index].id == "kota-gamma":
            raise RuntimeError("template exploded")
        return real_context(rk, res, index, *args)

    monkeypatch.setattr(templating, "scorecard_context", broken_for_gamma)  # inherited by forks
    out = tmp_path / "out"
    report = pdf.write_scorecards(ranking, out, lang="id", jobs=2, generated=DAY)
    reason = (
        "scorecard not made: internal error of paritrana while laying it out, "
        "please report it with this candidate's file (template exploded)"
    )
    assert report.failed == [("kota-gamma", reason, "candidates/kota-gamma.yaml", 1)]
    assert sorted(p.name for p in out.iterdir()) == [
        "kabupaten-beta.pdf",
        "kota-alfa.pdf",
    ]
    assert not report.ok
    # The candidate's file first, as in every other message; words, not a class name.
    assert str(report.failed[0]) == f"candidates/kota-gamma.yaml: kota-gamma: {reason}"
    assert "RuntimeError" not in str(report.failed[0])

    sheet = out / "kota-alfa.pdf"
    ok = verify_pdf(sheet, ranking.criteria, candidates)
    assert ok.ok and ok.found == ok.expected, ok.message
    # One candidate file changed after the sheet was made: ranks may differ.
    changed = [with_source(c, "gamma v2") if c.id == "kota-gamma" else c for c in candidates]
    bad = verify_pdf(sheet, ranking.criteria, changed)
    assert not bad.ok and "MISMATCH" in bad.message and bad.found == ok.expected
    # A candidate of another category cannot change these ranks: still OK.
    other = replace(candidates[0], id="prov-x", category="provinsi")
    assert verify_pdf(sheet, ranking.criteria, [*candidates, other]).ok
    # A candidate more, or criteria edited, also fail.
    fewer = verify_pdf(sheet, ranking.criteria, candidates[:2])
    assert not fewer.ok
    crit2 = replace(
        ranking.criteria,
        sources=(replace(ranking.criteria.sources[0], sha256="0" * 64),),
    )
    assert not verify_pdf(sheet, crit2, candidates).ok


def test_a_worker_that_dies_is_reported_and_the_others_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that exits outright (as when the kernel kills it)
    loses only the sheet it was on; a new worker makes the rest."""
    import os

    base = make_candidates()
    candidates = [
        with_source(replace(base[i % 3], id=f"kota-{n}", name=f"Kota {n}"), f"v{n}")
        for i, n in enumerate(("satu", "dua", "tiga", "empat", "lima", "enam"))
    ]
    ranking = rank(make_criteria(), candidates)
    order = [c.id for c in ranking.results[0].candidates]
    doomed = order[1]  # not the first: that one is rendered in this process
    parent = os.getpid()
    real = pdf.render_scorecard

    def dies_for_one(rk: Any, res: Any, index: int, *args: Any, **kwargs: Any) -> bytes:
        if res.candidates[index].id == doomed and os.getpid() != parent:
            os._exit(3)  # no exception, no clean-up: the process is simply gone
        return real(rk, res, index, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_scorecard", dies_for_one)  # inherited by forks
    seen: list[tuple[int, int]] = []
    out = tmp_path / "out"
    report = pdf.write_scorecards(
        ranking, out, jobs=2, generated=DAY, progress=lambda d, t: seen.append((d, t))
    )
    source = next(c.source.path for c in candidates if c.id == doomed and c.source)
    assert report.failed == [(doomed, "worker process died", source, 1)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{cid}.pdf" for cid in order if cid != doomed
    )
    assert [p.name for p in report.written] == [f"{cid}.pdf" for cid in order if cid != doomed]
    assert seen == [(n, 6) for n in range(7)]  # from 0, every sheet counted, the lost one too


def test_verify_without_hash_or_not_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with plain.open("wb") as fh:
        writer.write(fh)
    result = verify_pdf(plain, make_criteria(), make_candidates())
    assert not result.ok and result.found is None
    assert "no paritrana audit hash" in result.message
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"hello, not a pdf")
    result = verify_pdf(junk, make_criteria(), make_candidates())
    assert not result.ok and "cannot read as PDF" in result.message


def _jobs(n: int, tmp_path: Path) -> list[batch.Job]:
    return [batch.Job(0, i, f"c{i}", tmp_path / f"c{i}.pdf") for i in range(n)]


@pytest.mark.parametrize("workers", [1, 3])
def test_batch_runner_keeps_order_and_isolates_errors(tmp_path: Path, workers: int) -> None:
    def work(job: batch.Job) -> Path:
        if job.index == 2:
            raise ValueError("bad layout")
        if job.index == 4:
            raise OSError(28, "No space left on device")
        return job.path

    jobs = _jobs(7, tmp_path)
    outcomes = batch.run(jobs, work, workers=workers)
    assert [o.candidate_id for o in outcomes] == [j.candidate_id for j in jobs]
    assert [o.path for o in outcomes] == [
        None if i in (2, 4) else j.path for i, j in enumerate(jobs)
    ]
    assert outcomes[2].error is not None and outcomes[2].error.endswith("(bad layout)")
    assert outcomes[4].error == "scorecard not made: cannot write it: No space left on device"


def test_batch_runner_survives_every_worker_dying(tmp_path: Path) -> None:
    import os

    parent = os.getpid()

    def work(job: batch.Job) -> Path:
        if os.getpid() != parent and job.index % 2:
            os._exit(9)
        return job.path

    jobs = _jobs(9, tmp_path)
    outcomes = batch.run(jobs, work, workers=2)
    assert [o.error for o in outcomes] == [
        "worker process died" if i % 2 else None for i in range(9)
    ]
    assert [o.path for o in outcomes if o.path] == [j.path for j in jobs[::2]]


def test_batch_runner_with_workers_that_die_before_any_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def dead_on_arrival(work: Any, jobs: Any, conn: Any) -> None:
        conn.close()
        os._exit(1)

    monkeypatch.setattr(batch, "_serve", dead_on_arrival)
    jobs = _jobs(5, tmp_path)
    outcomes = batch.run(jobs, lambda job: job.path, workers=2)  # and no hang
    assert [o.error for o in outcomes] == [None] + ["worker process died"] * 4


def test_batch_file_names_stay_inside(tmp_path: Path) -> None:
    hostile = make_hostile()
    twin = replace(hostile, id="etc/x", name="Twin")  # sanitises to the same stem
    ranking = rank(make_criteria(), [hostile, twin])
    plan, missing = batch.plan(ranking, tmp_path, None)
    assert missing == []
    names = sorted(j.path.name for j in plan)
    assert names == ["etc-x-2.pdf", "etc-x.pdf"]
    assert all(j.path.parent == tmp_path for j in plan)
    plan, missing = batch.plan(ranking, tmp_path, ["nobody"])
    assert plan == [] and missing == [("nobody", "no such candidate", None, 1)]


def test_write_ranklist_refuses_an_input(tmp_path: Path) -> None:
    from paritrana.scoring.errors import OutputError

    src = tmp_path / "kota-alfa.yaml"
    src.write_bytes(b"id: kota-alfa\n")
    with pytest.raises(OutputError, match="input"):
        pdf.write_ranklist(make_ranking(), src, generated=DAY, inputs=[src])
    assert src.read_bytes() == b"id: kota-alfa\n"
