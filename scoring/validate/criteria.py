"""Criteria files -> Criteria, with every problem found (docs/formats.md, "Criteria").

Criteria are data, not code: a wrong weight table must be caught here,
with its line, rather than show up as a plausible but wrong ranking.

Three jobs, three modules, run in this order:

- criteria_nodes.py: one file's keys and values (file, category, panel
  policy, stage, pillar, indicator, input), node by node;
- rules.py: each scoring rule and its invariants, and a rubric's
  descriptors (the only place they are checked; the engine relies on them);
- criteria_link.py: what spans nodes and files (editions, duplicate
  categories, pillars_from, tie_break, the pillars stages name, and the
  stages and panel policy a copy inherits).

The key tables are re-exported here: they are the criteria format's
vocabulary (docs/formats.md lists every one of them).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Diagnostic
from ..load.safeyaml import Document
from ..messages import _
from ..model import Criteria, SourceFile
from ._common import Checker
from .criteria_link import link
from .criteria_nodes import (
    CATEGORY_KEYS,
    FILE_KEYS,
    INDICATOR_KEYS,
    INPUT_KEYS,
    PILLAR_KEYS,
    POLICY_KEYS,
    STAGE_KEYS,
    read_file,
)
from .rules import RULE_KEYS


def validate_criteria(
    docs: Sequence[Document],
) -> tuple[Criteria | None, list[Diagnostic]]:
    """Check every criteria document; Criteria only when there is no error."""
    diagnostics: list[Diagnostic] = []
    if not docs:
        return None, [Diagnostic("criteria", 0, 0, _("no criteria files given"))]
    checkers = [Checker(doc) for doc in docs]
    files = [read_file(doc, ck) for doc, ck in zip(docs, checkers)]
    built = link(docs, checkers, [(f[0], f[4]) for f in files])

    for ck in checkers:
        diagnostics.extend(ck.diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    edition, title, status, missing, _rest = files[0]
    assert edition is not None and title is not None and status is not None
    statuses = {f[2] for f in files}
    criteria = Criteria(
        edition=edition,
        title=title,
        status="proposal" if "proposal" in statuses else "official",  # type: ignore[arg-type]
        missing=missing,  # type: ignore[arg-type]
        categories=tuple(built),
        sources=tuple(SourceFile(doc.path, doc.sha256) for doc in docs),
    )
    return criteria, diagnostics


__all__ = [
    "CATEGORY_KEYS",
    "FILE_KEYS",
    "INDICATOR_KEYS",
    "INPUT_KEYS",
    "PILLAR_KEYS",
    "POLICY_KEYS",
    "RULE_KEYS",
    "STAGE_KEYS",
    "validate_criteria",
]
