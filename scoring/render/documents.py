"""What the CLI's `scorecard` and `ranklist` commands call.

Thin adapters from the pipeline's `Inputs` (criteria, candidates, files
read) to the PDF functions in pdf.py and audit.py; nothing here imports
WeasyPrint at module level.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Lang, Ranking

if TYPE_CHECKING:
    from ..pipeline import Inputs
    from .pdf import BatchReport


def scorecards(
    ranking: Ranking,
    inputs: Inputs,
    out_dir: Path,
    *,
    lang: Lang = "id",
    jobs: int | None = None,
    generated: date | None = None,
    only_ids: Iterable[str] | None = None,
    progress: bool = True,
) -> BatchReport:
    """One PDF per candidate into `out_dir`; `only_ids` empty or None means all."""
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
        inputs=list(inputs.files),
    )


def ranklist(
    ranking: Ranking,
    inputs: Inputs,
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
        inputs=list(inputs.files),
    )
