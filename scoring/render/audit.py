"""The audit hash: which input files a document was produced from.

A scorecard's total and rank depend on the criteria and on every
candidate scored with it: ranks compare the candidates of a category. So a
document's hash covers the criteria files, every candidate file of the
categories it shows (a scorecard: its candidate's category; a ranked list:
the categories listed) and every panel file that scored one of those
candidates (interview scores change totals), by content only (moving or
renaming a file does not change it; adding a candidate to another category
does not either, since it cannot change these ranks):

    lines = sorted("criteria <sha256 of the raw file bytes>" for each criteria file
                   + "candidate <sha256 of the raw file bytes>" for each candidate file
                   + "panel <sha256 of the raw file bytes>" for each distinct panel
                     file among those candidates' panel_sources)
    audit = sha256("\\n".join(lines) + "\\n"), as 64 lowercase hex digits

Without panel files there are no "panel" lines, so hashes of documents
made before panel files existed still verify.

A candidate built in memory (no source file) enters as
"candidate-unsaved <its id>" so the hash still changes with the set of
candidates. The hash is printed in each document's footer and stored in
the PDF's Keywords as `paritrana-audit-sha256:<hex>`, next to
`paritrana-categories:<id>+<id>` naming the categories covered;
`verify_pdf` reads both back with pypdf, keeps the candidates of those
categories from the files named, and compares the hashes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Candidate, Criteria

KEYWORD_PREFIX = "paritrana-audit-sha256:"
CATEGORIES_PREFIX = "paritrana-categories:"
_KEYWORD_RE = re.compile(re.escape(KEYWORD_PREFIX) + r"([0-9a-f]{64})")
_CATEGORIES_RE = re.compile(re.escape(CATEGORIES_PREFIX) + r"([a-z0-9+-]*)")


def audit_keywords(digest: str, categories: Sequence[str]) -> str:
    """The PDF Keywords value carrying the hash and the categories covered."""
    return f"{KEYWORD_PREFIX}{digest}, {CATEGORIES_PREFIX}{'+'.join(categories)}"


def audit_lines(criteria: Criteria, candidates: Sequence[Candidate]) -> list[str]:
    """The sorted lines that are hashed (shown by `verify` when they differ)."""
    lines = [f"criteria {s.sha256}" for s in criteria.sources]
    for c in candidates:
        if c.source is not None:
            lines.append(f"candidate {c.source.sha256}")
        else:
            lines.append(f"candidate-unsaved {c.id}")
    panels = {s.sha256 for c in candidates for s in c.panel_sources}
    lines += [f"panel {digest}" for digest in panels]
    return sorted(lines)


def audit_hash(criteria: Criteria, candidates: Sequence[Candidate]) -> str:
    """SHA-256 over the sorted (kind, file SHA-256) lines; see the module doc."""
    text = "".join(line + "\n" for line in audit_lines(criteria, candidates))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    expected: str  # the hash of the inputs named
    found: str | None  # the hash stored in the PDF, None when absent
    message: str


def read_pdf_audit(pdf_path: Path) -> tuple[str | None, tuple[str, ...] | None]:
    """(audit hash, categories covered) from a PDF's Keywords; None when absent.

    Raises ValueError with a readable message when the file is not a PDF.
    """
    from pypdf import PdfReader  # only `verify` needs pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(pdf_path))
        meta = reader.metadata
    except (PyPdfError, OSError, ValueError) as exc:
        raise ValueError(f"{pdf_path}: cannot read as PDF ({exc})") from exc
    keywords = str((meta or {}).get("/Keywords") or "")
    found = _KEYWORD_RE.search(keywords)
    cats = _CATEGORIES_RE.search(keywords)
    categories = tuple(c for c in cats.group(1).split("+") if c) if cats else None
    return (found.group(1) if found else None), categories


def verify_pdf(pdf_path: Path, criteria: Criteria, candidates: Sequence[Candidate]) -> VerifyResult:
    """Does this PDF come from exactly these criteria and candidate files?

    `candidates` may be every candidate file: only those of the categories
    the PDF records are hashed.
    """
    try:
        found, categories = read_pdf_audit(Path(pdf_path))
    except ValueError as exc:
        return VerifyResult(False, audit_hash(criteria, candidates), None, str(exc))
    if categories is not None:
        wanted = set(categories)
        candidates = [c for c in candidates if c.category in wanted]
    expected = audit_hash(criteria, candidates)
    if found is None:
        return VerifyResult(
            False,
            expected,
            None,
            f"{pdf_path}: no paritrana audit hash in the PDF metadata "
            "(not made by paritrana, or its metadata was removed)",
        )
    if found != expected:
        return VerifyResult(
            False,
            expected,
            found,
            f"{pdf_path}: MISMATCH: the document was made from different inputs "
            f"(document {found}, inputs {expected})",
        )
    return VerifyResult(True, expected, found, f"{pdf_path}: OK, made from these inputs ({found})")
