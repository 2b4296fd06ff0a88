"""Helpers for the load+validate tests: documents from text, the small criteria."""

from __future__ import annotations

import textwrap
from pathlib import Path

from paritrana.scoring.errors import Diagnostic
from paritrana.scoring.load.safeyaml import Document, load_document
from paritrana.scoring.model import Criteria
from paritrana.scoring.validate import validate_criteria

BROKEN = Path(__file__).parent / "broken"
REPO = Path(__file__).parent.parent


def doc(tmp_path: Path, text: str, name: str = "file.yaml") -> Document:
    """Load dedented YAML text written to tmp_path; fail the test if it does not load."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    document, problems = load_document(path, name)
    assert problems == [], [str(p) for p in problems]
    assert document is not None
    return document


def broken_doc(relative: str) -> Document:
    """A file of tests/broken that loads (its problems are semantic)."""
    document, problems = load_document(BROKEN / relative, relative)
    assert problems == [] and document is not None, [str(p) for p in problems]
    return document


def ok_criteria() -> Criteria:
    """tests/broken/criteria-ok/criteria.yaml, validated."""
    criteria, problems = validate_criteria([broken_doc("criteria-ok/criteria.yaml")])
    assert problems == [] and criteria is not None, [str(p) for p in problems]
    return criteria


def errors(diagnostics: list[Diagnostic]) -> list[str]:
    return sorted(str(d) for d in diagnostics if d.severity == "error")


def warnings(diagnostics: list[Diagnostic]) -> list[str]:
    return sorted(str(d) for d in diagnostics if d.severity == "warning")
