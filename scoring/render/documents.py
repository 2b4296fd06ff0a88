"""What the CLI's `scorecard` and `ranklist` commands call.

Thin adapters from plain values (the ranking, the input files read) to the
PDF functions in pdf.py; nothing here imports WeasyPrint at module level.
`files` are every input file read (criteria, candidate and panel files),
so that no output replaces one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Lang, Ranking

if TYPE_CHECKING:
    from .batch import BatchReport, Progress


def scorecards(
    ranking: Ranking,
    files: Sequence[Path],
    out_dir: Path,
    *,
    lang: Lang = "id",
    jobs: int | None = None,
    generated: date | None = None,
    only_ids: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """One PDF per candidate into `out_dir`; `only_ids` empty or None means all.

    `progress(done, total)` is called before the first sheet and after each
    (the CLI draws a bar with it).
    """
    from .pdf import write_scorecards

    only = list(only_ids) if only_ids else None
    return write_scorecards(
        ranking,
        Path(out_dir),
        lang=lang,
        jobs=jobs,
        generated=generated,
        progress=progress,
        only_ids=only,
        inputs=list(files),
    )


def ranklist(
    ranking: Ranking,
    files: Sequence[Path],
    output: Path,
    *,
    lang: Lang = "id",
    generated: date | None = None,
) -> Path:
    """The ranked list of every category in `ranking`, written atomically."""
    from .pdf import write_ranklist

    return write_ranklist(
        ranking,
        Path(output),
        lang=lang,
        categories=None,
        generated=generated,
        inputs=list(files),
    )
