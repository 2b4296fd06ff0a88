"""PDF scorecards and ranked lists (Jinja2 -> HTML -> WeasyPrint).

Security: candidate files come from other people, and WeasyPrint by default
fetches whatever the HTML names (file:, http:, attachments). Here
1. every template is autoescaped (`autoescape=True`, not
   `select_autoescape()`, which leaves `*.html.j2` raw) with StrictUndefined;
2. the only URL fetcher is `AssetFetcher`, which serves the tool's own CSS
   and font files under templates/ and refuses (and records) anything else.

Reproducibility: the same inputs and the same generation date give the
same bytes. The date printed and stored is `generated`; by default
`generation_date()`: the UTC date of SOURCE_DATE_EPOCH when it is set
(reproducible builds convention), else today's date. Only the date is used
(no time of day, no random PDF /ID), so two runs on the same day match.

WeasyPrint takes 0.6 s to import: it is imported only inside the functions
that render, so `paritrana --help` stays fast.
"""

from __future__ import annotations

import atexit
import functools
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlsplit

from ..errors import OutputError, ParitranaError
from ..errors import printable as terminal_safe
from ..model import CategoryResult, Lang, Ranking
from ..output import InputGuard, check_not_input, safe_filename, sync, write_atomic
from .context import ranklist_context, scorecard_context
from .dates import generation_date

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
ASSET_TYPES = {".css": "text/css", ".ttf": "font/ttf"}
LOGGER = logging.getLogger("paritrana.render")


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------


def css_string(value: Any) -> Any:
    """A CSS string literal for a <style> block; every risky character escaped.

    Autoescape does not cover CSS: quotes, backslashes, `<` (which could
    close the style element) and newlines become CSS hex escapes.
    """
    from markupsafe import Markup

    out = []
    for ch in str(value):
        if ch.isalnum() or ch in " .,:;-_/()+=#\u00b7":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')


# Explicit bidi embeddings, overrides and isolates. A candidate's text could
# use them to make what is printed read differently from what was written
# (U+202E turns the rest of a line around), so they are shown as code
# points. Arabic and Hebrew still run right to left by the Unicode
# bidirectional algorithm, which needs none of them.
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@functools.lru_cache(maxsize=1)
def font_coverage() -> frozenset[int]:
    """Code points the shipped font can draw (regular, bold and oblique),
    less the bidi controls."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    points: set[int] = set()
    for font in sorted((TEMPLATES_DIR / "fonts").glob("*.ttf")):
        with TTFont(str(font), lazy=True) as tt:
            points.update(tt.getBestCmap())
    return frozenset(points) - BIDI_CONTROLS


def printable(value: Any) -> Any:
    """Characters our font cannot draw, written as their code point.

    Without this a candidate's emoji becomes an empty box and WeasyPrint
    logs a warning per glyph; `[U+1F600]` keeps the text's meaning on paper.
    Bidi override controls are shown the same way (see BIDI_CONTROLS), and
    so are control characters (BEL, ESC, NUL: `[U+0007]`), which the font
    has no glyph for and which would otherwise reach the PDF's text layer,
    and from there a terminal that `pdftotext` prints to. Newlines and tabs
    are kept (HTML renders them as spaces). Applied to every `{{ ... }}`
    output (Jinja's `finalize`), before escaping. Markup we built ourselves
    is left alone.
    """
    from markupsafe import Markup

    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if value.isascii() and value.isprintable():
        return value
    cover = font_coverage()
    if all(ord(ch) in cover or ch in "\n\t" for ch in value):
        return value
    return "".join(ch if ord(ch) in cover or ch in "\n\t" else f"[U+{ord(ch):04X}]" for ch in value)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names are errors."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=printable,
    )
    env.filters["css_string"] = css_string
    return env


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


# --------------------------------------------------------------------------
# Fetching: our own assets and nothing else
# --------------------------------------------------------------------------


def asset_path(url: str) -> Path | None:
    """The file under templates/ a URL names, if it is one of our assets."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path))
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    root = TEMPLATES_DIR.resolve()
    if root not in real.parents or real.suffix.lower() not in ASSET_TYPES:
        return None
    return real if real.is_file() else None


@functools.lru_cache(maxsize=32)
def _asset_bytes(path: Path) -> bytes:
    return path.read_bytes()


@functools.lru_cache(maxsize=1)
def fetcher_class() -> type:
    """AssetFetcher, built on first use so weasyprint is imported only to render."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves templates/*.css and templates/fonts/*.ttf; refuses the rest.

        `served` and `refused` record every URL asked for, so tests can
        assert that hostile input made WeasyPrint fetch nothing else.
        Refusal raises ValueError, which WeasyPrint catches and logs.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"paritrana fetches only its own assets, refused: {url[:200]}")
            self.served.append(url)
            return URLFetcherResponse(
                path.as_uri(),
                body=_asset_bytes(path),
                headers={"Content-Type": ASSET_TYPES[path.suffix.lower()]},
            )

    return AssetFetcher


def new_fetcher() -> Any:
    return fetcher_class()()


@functools.lru_cache(maxsize=1)
def shared_style() -> tuple[Any, Any, Any]:
    """(stylesheet, font configuration, its fetcher), built once per process.

    Parsing paritrana.css and loading its three @font-face files costs
    about 0.1 s; every document of a process reuses them (and worker
    processes forked after the warm-up render inherit them).
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # Drop it at exit while the interpreter is whole: FontConfiguration's
    # __del__ removes its temporary font folder and fails during teardown.
    atexit.register(shared_style.cache_clear)
    fetcher = new_fetcher()
    css = CSS(
        url=(TEMPLATES_DIR / "paritrana.css").as_uri(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    return css, fonts, fetcher


def html_document(html: str, fetcher: Any = None) -> Any:
    """Lay out HTML from our templates (a weasyprint Document).

    The shared stylesheet and fonts come from `shared_style()`; anything
    the HTML itself names goes through `fetcher` (by default a new
    AssetFetcher), which serves only our assets.
    """
    from weasyprint import HTML

    css, fonts, _ = shared_style()
    fetcher = fetcher if fetcher is not None else new_fetcher()
    source = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher)
    return source.render(stylesheets=[css], font_config=fonts)


def html_to_pdf(html: str, fetcher: Any = None) -> bytes:
    """HTML (from our templates) -> PDF bytes, resources through `fetcher` only.

    Writes the PDF metadata: what the template's <meta> elements say
    (title, Keywords with the audit hash, dates) and, for a document whose
    audit hash was computed in this process, `/ParitranaInputs`: the name
    and SHA-256 of each input file (`audit.inputs_metadata`), so `verify`
    can name the file that differs.
    """
    from ..audit import INPUTS_KEY, digest_in_keywords, inputs_metadata

    document = html_document(html, fetcher)
    digest = digest_in_keywords(", ".join(document.metadata.keywords or ()))
    listed = inputs_metadata(digest) if digest else None
    if listed is not None:
        document.metadata.custom = {INPUTS_KEY: listed}
    # No pdf_identifier: WeasyPrint then writes no /ID, which would differ per run.
    # custom_metadata writes only what is set just above (the templates
    # have no other custom <meta> names).
    return document.write_pdf(custom_metadata=listed is not None)


# --------------------------------------------------------------------------
# Scorecards
# --------------------------------------------------------------------------


def scorecard_html(
    ranking: Ranking,
    category_result: CategoryResult,
    index: int,
    lang: Lang,
    generated: date,
) -> str:
    ctx = scorecard_context(ranking, category_result, index, lang, generated)
    return render_html("scorecard.html.j2", ctx)


def render_scorecard(
    ranking: Ranking,
    category_result: CategoryResult,
    index: int,
    lang: Lang = "id",
    generated: date | None = None,
    *,
    fetcher: Any = None,
) -> bytes:
    """The PDF scorecard of candidate `index` (ranked order) of a category."""
    generated = generated or generation_date()
    return html_to_pdf(scorecard_html(ranking, category_result, index, lang, generated), fetcher)


class Failure(NamedTuple):
    """A scorecard that could not be made.

    Prints as `candidates/x.yaml: kota-x: reason` (the candidate's file
    first, as every other message of the tool), or `kota-x: reason` when
    there is no file (an id that names no candidate); terminal-safe.
    """

    candidate_id: str
    message: str
    path: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return terminal_safe(f"{where}{self.candidate_id}: {self.message}")


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words a user can act on, not an exception class.

    Our own errors (an output that names an input, a folder that cannot be
    written) already say it. Anything else is a fault of this tool, never
    of the candidate's file: say so, with the library's own words.
    """
    if isinstance(exc, ParitranaError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "scorecard not made: out of memory while laying it out"
    if isinstance(exc, RecursionError):
        return "scorecard not made: the layout nested too deeply"
    if isinstance(exc, OSError):
        return f"scorecard not made: cannot write it: {exc.strerror or exc}"
    detail = str(exc).strip()
    detail = f" ({detail[:200]})" if detail else ""
    return (
        "scorecard not made: internal error of paritrana while laying it out, "
        f"please report it with this candidate's file{detail}"
    )


@dataclass
class BatchReport:
    """What a batch wrote and what failed (by candidate id), in input order."""

    written: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Job:
    result: int  # index in ranking.results
    index: int  # candidate index in that result
    candidate_id: str
    path: Path


# Set in the parent before forking; workers inherit it instead of unpickling.
_BATCH: dict[str, Any] = {}


def input_files(ranking: Ranking) -> list[Path]:
    """Every input file behind a ranking (outputs must never replace one)."""
    files = [Path(s.path) for s in ranking.criteria.sources]
    files += [Path(c.source.path) for r in ranking.results for c in r.candidates if c.source]
    files += [Path(s.path) for r in ranking.results for c in r.candidates for s in c.panel_sources]
    return files


def _plan(
    ranking: Ranking, out_dir: Path, only_ids: Iterable[str] | None
) -> tuple[list[_Job], list[tuple[str, str]]]:
    wanted = None if only_ids is None else set(only_ids)
    jobs: list[_Job] = []
    used: set[str] = set()
    for r, res in enumerate(ranking.results):
        for i, cand in enumerate(res.candidates):
            if wanted is not None and cand.id not in wanted:
                continue
            stem = safe_filename(cand.id)
            name, n = stem, 1
            while name in used:  # two ids that sanitise alike: never overwrite
                n += 1
                name = f"{stem}-{n}"
            used.add(name)
            jobs.append(_Job(r, i, cand.id, out_dir / f"{name}.pdf"))
    missing: list[tuple[str, str]] = []
    if wanted is not None:
        found = {j.candidate_id for j in jobs}
        missing = [(cid, "no such candidate") for cid in sorted(wanted - found)]
    return jobs, missing


def _run_job(job: _Job) -> tuple[str, str | None, str | None]:
    """Render and write one scorecard: (id, path written, error message)."""
    ranking: Ranking = _BATCH["ranking"]
    try:
        data = render_scorecard(
            ranking,
            ranking.results[job.result],
            job.index,
            _BATCH["lang"],
            _BATCH["generated"],
        )
        write_atomic(job.path, data, inputs=_BATCH["inputs"], durable=False)
    except Exception as exc:  # noqa: BLE001 - one broken document must not lose the others
        return job.candidate_id, None, failure_reason(exc)
    except BaseException as exc:  # weasyprint's FatalURLFetchingError is a BaseException
        if type(exc).__name__ != "FatalURLFetchingError":
            raise
        return job.candidate_id, None, f"refused to fetch: {exc}"
    return job.candidate_id, str(job.path), None


def _progress(total: int, enabled: bool) -> Any:
    import contextlib

    if enabled and total > 1 and sys.stderr.isatty():
        import click

        return click.progressbar(length=total, label="PDF", file=sys.stderr)

    class _Null:
        def update(self, n: int) -> None:
            pass

    return contextlib.nullcontext(_Null())


def write_scorecards(
    ranking: Ranking,
    out_dir: Path,
    *,
    lang: Lang = "id",
    jobs: int | None = None,
    generated: date | None = None,
    progress: bool = False,
    only_ids: Iterable[str] | None = None,
    inputs: Sequence[Path] | None = None,
) -> BatchReport:
    """One PDF per candidate, `out_dir/<safe id>.pdf`, in parallel when jobs > 1.

    The first document is rendered in this process (it imports and warms
    WeasyPrint); then `jobs` worker processes are forked and inherit the
    warm state. A failing candidate is reported by id; the rest are written.
    """
    start = time.perf_counter()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create folder: {exc.strerror or exc}") from exc
    plan, missing = _plan(ranking, out_dir, only_ids)
    report = BatchReport(failed=[Failure(*m) for m in missing])
    sources = {
        j.candidate_id: src.path
        for j in plan
        if (src := ranking.results[j.result].candidates[j.index].source) is not None
    }
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    _BATCH.update(
        ranking=ranking,
        lang=lang,
        generated=generated or generation_date(),
        inputs=InputGuard(list(inputs) if inputs is not None else input_files(ranking)),
    )
    results: list[tuple[str, str | None, str | None]] = []
    try:
        with _progress(len(plan), progress) as bar:
            if plan:
                results.append(_run_job(plan[0]))  # warm-up, also in the parent
                bar.update(1)
            rest = plan[1:]
            can_fork = "fork" in multiprocessing.get_all_start_methods()
            if jobs > 1 and len(rest) > 1 and can_fork:
                # concurrent.futures rather than multiprocessing.Pool: when a
                # worker dies outright (killed, out of memory) the executor
                # says so (BrokenProcessPool) where a Pool would wait forever.
                from concurrent.futures import ProcessPoolExecutor
                from concurrent.futures.process import BrokenProcessPool

                ctx = multiprocessing.get_context("fork")
                chunk = max(1, min(8, len(rest) // (jobs * 4)))
                done: set[str] = set()
                try:
                    with ProcessPoolExecutor(min(jobs, len(rest)), mp_context=ctx) as pool:
                        for res in pool.map(_run_job, rest, chunksize=chunk):
                            results.append(res)
                            done.add(res[0])
                            bar.update(1)
                except BrokenProcessPool:
                    results += [
                        (j.candidate_id, None, "worker process died")
                        for j in rest
                        if j.candidate_id not in done
                    ]
            else:
                for job in rest:
                    results.append(_run_job(job))
                    bar.update(1)
    finally:
        _BATCH.clear()
        sync()  # one flush for the whole batch (see write_atomic)
    for cid, path, error in results:
        if error is None and path is not None:
            report.written.append(Path(path))
        else:
            report.failed.append(Failure(cid, error or "scorecard not made", sources.get(cid)))
    report.seconds = time.perf_counter() - start
    return report


# --------------------------------------------------------------------------
# Ranked list
# --------------------------------------------------------------------------


def ranklist_html(
    ranking: Ranking, lang: Lang, categories: Sequence[str] | None, generated: date
) -> str:
    return render_html("ranklist.html.j2", ranklist_context(ranking, lang, categories, generated))


def render_ranklist(
    ranking: Ranking,
    lang: Lang = "id",
    categories: Sequence[str] | None = None,
    generated: date | None = None,
    *,
    fetcher: Any = None,
) -> bytes:
    """The ranked list PDF: one landscape section per category (all when None)."""
    generated = generated or generation_date()
    return html_to_pdf(ranklist_html(ranking, lang, categories, generated), fetcher)


def write_ranklist(
    ranking: Ranking,
    path: Path,
    *,
    lang: Lang = "id",
    categories: Sequence[str] | None = None,
    generated: date | None = None,
    inputs: Sequence[Path] | None = None,
) -> Path:
    """Render the ranked list and write it atomically to `path`."""
    inputs = list(inputs) if inputs is not None else input_files(ranking)
    check_not_input(Path(path), inputs)  # before spending the render
    data = render_ranklist(ranking, lang, categories, generated)
    write_atomic(Path(path), data, inputs=inputs)
    return Path(path)
