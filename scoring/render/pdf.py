"""PDF scorecards and ranked lists: context -> HTML -> PDF -> file.

The jobs are in three modules: templating.py (HTML from the Jinja2
templates), weasy.py (the WeasyPrint adapter: fetcher, fonts, write_pdf)
and batch.py (one scorecard per candidate in forked worker processes).
This module puts them together.

Reproducibility: the same inputs and the same generation date give the
same bytes. The date printed and stored is `generated`; by default
`generation_date()`: the UTC date of SOURCE_DATE_EPOCH when it is set
(reproducible builds convention), else today's date. Only the date is used
(no time of day, no random PDF /ID), so two runs on the same day match.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..messages import _
from ..model import CandidateTable, CategoryResult, Lang, Ranking
from ..output import InputGuard, check_not_input, sync, write_atomic
from . import batch
from .batch import BatchReport, Job, Progress
from .dates import generation_date
from .templating import ranklist_html, scorecard_html
from .weasy import html_to_pdf


def input_files(ranking: Ranking) -> list[Path]:
    """Every input file behind a ranking (outputs must never replace one)."""
    files = [Path(s.path) for s in ranking.criteria.sources]
    for r in ranking.results:
        pool = r.ranked_from
        if isinstance(pool, CandidateTable):  # its source files, and the rows' panel files
            files += [Path(s.path) for s in pool.sources]
            objects = [pool[k] for k in pool.object_rows().tolist()]
        else:
            files += [Path(c.source.path) for c in pool if c.source]
            objects = list(pool)
        files += [Path(s.path) for c in objects for s in c.panel_sources]
    return files


# --------------------------------------------------------------------------
# Scorecards
# --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Sheets:
    """What every scorecard of a batch shares; forked workers inherit it."""

    ranking: Ranking
    lang: Lang
    generated: date
    inputs: InputGuard

    def write(self, job: Job) -> Path:
        data = render_scorecard(
            self.ranking, self.ranking.results[job.result], job.index, self.lang, self.generated
        )
        write_atomic(job.path, data, inputs=self.inputs, durable=False)
        return job.path


def write_scorecards(
    ranking: Ranking,
    out_dir: Path,
    *,
    lang: Lang = "id",
    jobs: int | None = None,
    generated: date | None = None,
    progress: Progress | None = None,
    only_ids: Iterable[str] | None = None,
    inputs: Sequence[Path] | None = None,
) -> BatchReport:
    """One PDF per candidate, `out_dir/<safe id>.pdf`, in parallel when jobs > 1.

    The first document is rendered in this process (it imports and warms
    WeasyPrint); then `jobs` worker processes are forked and inherit the
    warm state (batch.py). A failing candidate, or one whose worker died, is
    reported by id; the rest are written. `progress(done, total)` is called
    before the first document and after each.
    """
    start = time.perf_counter()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            _("{out_dir}: cannot create folder: {value}").format(
                out_dir=out_dir, value=exc.strerror or exc
            )
        ) from exc
    plan, missing = batch.plan(ranking, out_dir, only_ids)
    report = BatchReport(failed=missing)
    sources = {
        j.candidate_id: src.path
        for j in plan
        if (src := ranking.results[j.result].candidates[j.index].source) is not None
    }
    sheets = _Sheets(
        ranking,
        lang,
        generated or generation_date(),
        InputGuard(list(inputs) if inputs is not None else input_files(ranking)),
    )
    workers = max(1, int(jobs or os.cpu_count() or 1))
    try:
        outcomes = batch.run(plan, sheets.write, workers=workers, progress=progress)
    finally:
        sync()  # one flush for the whole batch (see write_atomic)
    for cid, path, error, code in outcomes:
        if error is None and path is not None:
            report.written.append(path)
        else:
            message = error or "scorecard not made"
            report.failed.append(batch.Failure(cid, message, sources.get(cid), code))
    report.seconds = time.perf_counter() - start
    return report


# --------------------------------------------------------------------------
# Ranked list
# --------------------------------------------------------------------------


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
