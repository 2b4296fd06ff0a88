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

Candidates are read as a CandidateTable (docs/design.md, "Columnar
candidates"), and the lines come from its `sources`/`source_index`
columns, one per source file the candidates hashed were read from: a
YAML candidate file (one candidate) is a "candidate" line keyed by its
candidate's id, as always; a table file (CSV or XLSX, many rows) is one
"candidate" line keyed by its file name, however many of its rows are
among the candidates, and whichever of them (so a change to any row
of the file, even one of another category, changes the line). No
Candidate object is built; the panel lines come from the rows that hold
one (only those can carry panel sources).

A candidate built in memory (no source file) enters as
"candidate-unsaved <its id>" so the hash still changes with the set of
candidates. The hash is printed in each document's footer and stored in
the PDF's Keywords as `paritrana-audit-sha256:<hex>`, next to
`paritrana-categories:<id>+<id>` naming the categories covered;
`verify_pdf` reads both back with pypdf, keeps the candidates of those
categories from the files named, and compares the hashes.

Beside the overall hash, the PDF's document information dictionary holds
`/ParitranaInputs`: JSON `{"v": 1, "files": [[kind, key, name, sha256],
...]}` with one entry per file hashed (kind `criteria`, `candidate`,
`candidate-unsaved` or `panel`; key the candidate id for a candidate
file, else the name, a candidate table's too; name the path as given
when relative, else the file name, so no absolute path of the machine
is written). On a mismatch `verify` names the
files that differ, are missing or are extra. Above MAX_LISTED files only
`{"v": 1, "omitted": N}` is stored (the overall hash still decides) so that
the sheets of a category of thousands stay small.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import escape_text
from .messages import _, number
from .model import Candidate, CandidateTable, Criteria, SourceFile

KEYWORD_PREFIX = "paritrana-audit-sha256:"
CATEGORIES_PREFIX = "paritrana-categories:"
INPUTS_KEY = "ParitranaInputs"  # PDF document information entry (letters only)
MAX_LISTED = 1000  # files listed one by one in a PDF's metadata
_KEYWORD_RE = re.compile(re.escape(KEYWORD_PREFIX) + r"([0-9a-f]{64})")
_CATEGORIES_RE = re.compile(re.escape(CATEGORIES_PREFIX) + r"([a-z0-9+-]*)")
_HEX64 = re.compile(r"[0-9a-f]{64}|")


@dataclass(frozen=True, order=True)
class AuditEntry:
    """One file behind a document (or an unsaved candidate)."""

    kind: str  # criteria | candidate | candidate-unsaved | panel
    key: str  # candidate id for candidates, else the name
    name: str  # what is shown: relative path as given, else the file name
    sha256: str  # of the raw bytes; "" for an unsaved candidate

    @property
    def line(self) -> str:
        """The line this entry contributes to the hashed text."""
        if self.kind == "candidate-unsaved":
            return f"candidate-unsaved {self.key}"
        return f"{self.kind} {self.sha256}"

    @property
    def label(self) -> str:
        shown = escape_text(self.name)
        if self.kind in ("candidate", "candidate-unsaved") and self.key != self.name:
            return _("{shown} (candidate {key})").format(shown=shown, key=escape_text(self.key))
        return f"{shown} ({self.kind})"


def display_name(path: str, cwd: Path | None = None) -> str:
    """A file's name for the metadata: no absolute path of this machine
    (relative to `cwd`, default the working folder, asked once per call of
    the caller that passes it)."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(cwd if cwd is not None else Path.cwd()).as_posix()
        except ValueError:
            return p.name
    if ".." in p.parts:
        return p.name
    return p.as_posix()


def audit_keywords(digest: str, categories: Sequence[str]) -> str:
    """The PDF Keywords value carrying the hash and the categories covered."""
    return f"{KEYWORD_PREFIX}{digest}, {CATEGORIES_PREFIX}{'+'.join(categories)}"


def audit_entries(
    criteria: Criteria, candidates: CandidateTable | Sequence[Candidate]
) -> list[AuditEntry]:
    """Every file a document's hash covers, sorted (one entry per hashed line)."""
    here = Path.cwd()
    entries = [
        AuditEntry("criteria", display_name(s.path, here), display_name(s.path, here), s.sha256)
        for s in criteria.sources
    ]
    if isinstance(candidates, CandidateTable):
        entries += _table_entries(candidates, here)
        scored: Sequence[Candidate] = _objects(candidates)
    else:
        # Candidate objects: one line per source file too (the rows of a
        # table built into objects share theirs), so both forms hash alike.
        count: dict[SourceFile, int] = {}
        for c in candidates:
            if c.source is not None:
                count[c.source] = count.get(c.source, 0) + 1
        for c in candidates:
            if c.source is None:
                entries.append(AuditEntry("candidate-unsaved", c.id, c.id, ""))
                continue
            many = count.pop(c.source, 0)
            if many:
                name = display_name(c.source.path, here)
                key = c.id if many == 1 else name
                entries.append(AuditEntry("candidate", key, name, c.source.sha256))
        scored = candidates
    panels: dict[str, str] = {}
    for c in scored:
        for s in c.panel_sources:
            name = display_name(s.path, here)
            panels[s.sha256] = min(panels.get(s.sha256, name), name)
    entries += [AuditEntry("panel", name, name, digest) for digest, name in panels.items()]
    return sorted(entries)


def _table_entries(table: CandidateTable, here: Path) -> list[AuditEntry]:
    """One entry per source file the rows come from (module doc), read from
    the table's columns: no Candidate is built."""
    import numpy as np

    n = len(table)
    index = table.source_index if table.source_index is not None else np.full(n, -1)
    rows = table.rows if table.rows is not None else np.zeros(n, dtype=np.int64)
    entries: list[AuditEntry] = []
    used, first, count = np.unique(index, return_index=True, return_counts=True)
    for k, i, many in zip(used.tolist(), first.tolist(), count.tolist()):
        if k < 0:
            continue
        src = table.sources[k]
        name = display_name(src.path, here)
        # A candidate file (YAML, one candidate) is keyed by its candidate's
        # id; a table file (rows numbered from 2) by its name.
        key = str(table.ids[i]) if many == 1 and int(rows[i]) == 0 else name
        entries.append(AuditEntry("candidate", key, name, src.sha256))
    for i in np.flatnonzero(index < 0).tolist():
        cid = str(table.ids[i])
        entries.append(AuditEntry("candidate-unsaved", cid, cid, ""))
    return entries


def _objects(table: CandidateTable) -> list[Candidate]:
    """The rows' Candidate objects (the only rows with panel sources)."""
    objects = table.objects
    return [] if objects is None else [objects[k] for k in table.object_rows().tolist()]


def audit_lines(criteria: Criteria, candidates: CandidateTable | Sequence[Candidate]) -> list[str]:
    """The sorted lines that are hashed (shown by `verify` when they differ)."""
    return sorted(e.line for e in audit_entries(criteria, candidates))


def _digest(lines: Sequence[str]) -> str:
    text = "".join(line + "\n" for line in sorted(lines))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Scorecards of one category share its hash: it is computed once per
# (criteria, candidates) and kept for the batch. Keys hold the objects so
# their ids cannot be reused while cached.
_CACHE: OrderedDict[tuple[int, tuple[int, ...]], tuple[Any, Any, str, tuple[AuditEntry, ...]]]
_CACHE = OrderedDict()
_BY_DIGEST: OrderedDict[str, tuple[AuditEntry, ...]] = OrderedDict()
_CACHE_SIZE = 16


def _audit(
    criteria: Criteria, candidates: CandidateTable | Sequence[Candidate]
) -> tuple[str, tuple[AuditEntry, ...]]:
    held: Any = candidates if isinstance(candidates, CandidateTable) else tuple(candidates)
    key = (id(criteria), (id(held),) if isinstance(held, CandidateTable) else tuple(map(id, held)))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[2], hit[3]
    entries = tuple(audit_entries(criteria, held))
    digest = _digest([e.line for e in entries])
    _CACHE[key] = (criteria, held, digest, entries)
    _BY_DIGEST[digest] = entries
    for cache in (_CACHE, _BY_DIGEST):
        while len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)
    return digest, entries


def audit_hash(criteria: Criteria, candidates: CandidateTable | Sequence[Candidate]) -> str:
    """SHA-256 over the sorted (kind, file SHA-256) lines; see the module doc."""
    return _audit(criteria, candidates)[0]


def inputs_metadata(digest: str) -> str | None:
    """The `/ParitranaInputs` value for a document whose hash is `digest`
    (computed by `audit_hash` in this process), None when unknown."""
    entries = _BY_DIGEST.get(digest)
    if entries is None:
        return None
    if len(entries) > MAX_LISTED:
        return json.dumps({"v": 1, "omitted": len(entries)}, separators=(",", ":"))
    files = [[e.kind, e.key, e.name, e.sha256] for e in entries]
    return json.dumps({"v": 1, "files": files}, ensure_ascii=True, separators=(",", ":"))


def digest_in_keywords(keywords: str) -> str | None:
    found = _KEYWORD_RE.search(keywords)
    return found.group(1) if found else None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    expected: str  # the hash of the inputs named
    found: str | None  # the hash stored in the PDF, None when absent
    message: str


@dataclass(frozen=True)
class PdfAudit:
    """What a PDF made by paritrana records about its inputs."""

    digest: str | None
    categories: tuple[str, ...] | None
    entries: tuple[AuditEntry, ...] | None  # None: not stored (older sheet) or omitted
    omitted: int = 0  # files not listed one by one (above MAX_LISTED)


def _parse_entries(raw: Any) -> tuple[tuple[AuditEntry, ...] | None, int]:
    try:
        data = json.loads(str(raw))
    except ValueError:
        return None, 0
    if not isinstance(data, dict) or data.get("v") != 1:
        return None, 0
    if isinstance(data.get("omitted"), int):
        return None, data["omitted"]
    files = data.get("files")
    if not isinstance(files, list):
        return None, 0
    entries = []
    for item in files:
        if (
            not isinstance(item, list)
            or len(item) != 4
            or not all(isinstance(x, str) for x in item)
            or not _HEX64.fullmatch(item[3])
        ):
            return None, 0
        entries.append(AuditEntry(*item))
    return tuple(entries), 0


def read_pdf_meta(pdf_path: Path) -> PdfAudit:
    """The audit facts stored in a PDF's metadata (hash, categories, files).

    Raises ValueError with a one-line message naming the file when it is
    not a PDF or cannot be read (pypdf's own text is not shown).
    """
    from pypdf import PdfReader  # only `verify` needs pypdf

    try:
        with open(pdf_path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ValueError(
            _("{pdf_path}: cannot read: {value}").format(
                pdf_path=escape_text(str(pdf_path)), value=exc.strerror or exc
            )
        ) from None
    if b"%PDF-" not in head:
        raise ValueError(
            _("{pdf_path}: cannot read as PDF: not a PDF file").format(
                pdf_path=escape_text(str(pdf_path))
            )
        ) from None
    log = logging.getLogger("pypdf")
    level, log.level = log.level, logging.CRITICAL + 1  # no library text on stderr
    try:
        reader = PdfReader(str(pdf_path), strict=False)
        meta: Mapping[str, Any] = reader.metadata or {}
        keywords = str(meta.get("/Keywords") or "")
        raw_inputs = meta.get("/" + INPUTS_KEY)
    except OSError as exc:
        raise ValueError(
            _("{pdf_path}: cannot read: {value}").format(
                pdf_path=escape_text(str(pdf_path)), value=exc.strerror or exc
            )
        ) from None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise ValueError(
            _("{pdf_path}: cannot read as PDF: damaged or unreadable (encrypted?) file").format(
                pdf_path=escape_text(str(pdf_path))
            )
        ) from None
    finally:
        log.level = level
    cats = _CATEGORIES_RE.search(keywords)
    categories = tuple(c for c in cats.group(1).split("+") if c) if cats else None
    entries, omitted = _parse_entries(raw_inputs) if raw_inputs is not None else (None, 0)
    return PdfAudit(digest_in_keywords(keywords), categories, entries, omitted)


def compare_entries(
    stored: Sequence[AuditEntry], current: Sequence[AuditEntry]
) -> tuple[list[tuple[AuditEntry, AuditEntry]], list[AuditEntry], list[AuditEntry]]:
    """(differ, missing, extra) between a document's files and the files now.

    Files with the same kind and content match whatever their names. Of
    the rest, a stored and a current file with the same kind and key (a
    candidate's id; a criteria or panel file's name, else its file name)
    differ; a stored file left over is missing now, a current one is extra.
    """
    left = list(stored)
    extra: list[AuditEntry] = []
    for e in current:
        same = next((s for s in left if s.kind == e.kind and s.line == e.line), None)
        if same is not None:
            left.remove(same)
        else:
            extra.append(e)
    differ: list[tuple[AuditEntry, AuditEntry]] = []
    for match in (lambda a, b: a.key == b.key, lambda a, b: Path(a.name).name == Path(b.name).name):
        for e in list(extra):
            old = next(
                (s for s in left if s.kind.split("-")[0] == e.kind.split("-")[0] and match(s, e)),
                None,
            )
            if old is not None:
                differ.append((old, e))
                left.remove(old)
                extra.remove(e)
    return sorted(differ), sorted(left), sorted(extra)


def _mismatch_lines(meta: PdfAudit, current: Sequence[AuditEntry]) -> list[str]:
    if meta.entries is None:
        why = (
            _("{omitted} files, too many to list in the document").format(
                omitted=number(meta.omitted)
            )
            if meta.omitted
            else _("the document does not list its files (made by an older paritrana)")
        )
        return [_("  which files differ cannot be told: {why}").format(why=why)]
    differ, missing, extra = compare_entries(meta.entries, current)
    lines = [_("  differs: {label}").format(label=new.label) for _old, new in differ]
    lines += [
        _("  missing: {label}: used for the document, not among the files now").format(
            label=e.label
        )
        for e in missing
    ]
    lines += [
        _("  extra: {label}: among the files now, not used for the document").format(label=e.label)
        for e in extra
    ]
    return lines or [
        _(
            "  the same files, but the document's hash does not match them (the document was altered)"
        )
    ]


def verify_pdf(
    pdf_path: Path, criteria: Criteria, candidates: CandidateTable | Sequence[Candidate]
) -> VerifyResult:
    """Does this PDF come from exactly these criteria and candidate files?

    `candidates` may be every candidate file: only those of the categories
    the PDF records are hashed. On a mismatch the message names, one per
    line, the files that differ, are missing or are extra.
    """
    try:
        meta = read_pdf_meta(Path(pdf_path))
    except ValueError as exc:
        return VerifyResult(False, audit_hash(criteria, candidates), None, str(exc))
    if meta.categories is not None:
        wanted = set(meta.categories)
        if isinstance(candidates, CandidateTable):
            import numpy as np

            mask = np.zeros(len(candidates), dtype=bool)
            for category in wanted:
                mask |= candidates.categories == category
            candidates = candidates.take(np.flatnonzero(mask))
        else:
            candidates = [c for c in candidates if c.category in wanted]
    expected, current = _audit(criteria, candidates)
    shown = escape_text(str(pdf_path))
    if meta.digest is None:
        return VerifyResult(
            False,
            expected,
            None,
            _(
                "{shown}: no paritrana audit hash in the PDF metadata (not made by paritrana, or its metadata was removed)"
            ).format(shown=shown),
        )
    if meta.digest != expected:
        head = _(
            "{shown}: MISMATCH: the document was made from different inputs (document {digest}, inputs {expected})"
        ).format(shown=shown, digest=meta.digest, expected=expected)
        return VerifyResult(
            False, expected, meta.digest, "\n".join([head, *_mismatch_lines(meta, current)])
        )
    return VerifyResult(
        True,
        expected,
        meta.digest,
        _("{shown}: OK, made from these inputs ({digest})").format(shown=shown, digest=meta.digest),
    )
