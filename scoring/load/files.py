"""Turn the paths a user gives (files or folders) into loaded documents.

Only regular files are ever opened. A FIFO, a device (or a symbolic link
to one, such as /dev/zero) or a socket would make a read hang or never end,
so such a path is not opened at all: named directly it is an error, found
in a folder it is skipped with a warning that says so ("skipped: not a
regular file"), so nothing is left out silently.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..errors import Diagnostic
from ..messages import N_, _
from .safeyaml import Document, cannot_read, load_document

YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED = N_("skipped: not a regular file")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return "a socket"
    return _("not a regular file")


def real_path(path: Path) -> Path:
    """The path with links resolved, or made absolute where it cannot be
    resolved (a link loop): what says that two paths are one file."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _stat(path: Path) -> tuple[os.stat_result | None, str | None]:
    """(stat following links, None) or (None, why it cannot be read)."""
    try:
        return path.stat(), None
    except FileNotFoundError:
        if path.is_symlink():
            return None, _("a broken symbolic link (its target does not exist)")
        return None, _("not found")
    except OSError as exc:
        return None, cannot_read(exc)
    except RuntimeError:  # a symlink loop on some Python versions
        return None, _("cannot read: symbolic link loop")


def find_yaml_files(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand folders to their *.yaml/*.yml files (not recursive, by name).

    A file named directly is taken whatever its suffix: the user chose it;
    if it is not a regular file it is an error. In a folder, an entry with
    a YAML suffix that is not a regular file (a device, a FIFO, a folder, a
    broken link) is skipped with a warning naming it and saying why.
    The same file reached twice (a file and its folder) is read once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    diagnostics: list[Diagnostic] = []

    def add(path: Path) -> None:
        key = real_path(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        st, problem = _stat(path)
        if st is None:
            diagnostics.append(Diagnostic(str(path), 0, 0, problem or _("not found")))
            continue
        if stat.S_ISREG(st.st_mode):
            add(path)
            continue
        if not stat.S_ISDIR(st.st_mode):
            diagnostics.append(
                Diagnostic(
                    str(path),
                    0,
                    0,
                    _("not a regular file ({kind})").format(kind=file_kind(st.st_mode)),
                )
            )
            continue
        try:
            entries = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES),
                key=lambda p: p.name,
            )
        except OSError as exc:
            diagnostics.append(Diagnostic(str(path), 0, 0, cannot_read(exc)))
            continue
        skipped: list[str] = []
        for child in entries:
            child_st, child_problem = _stat(child)
            if child_st is not None and stat.S_ISREG(child_st.st_mode):
                add(child)
                continue
            why = child_problem if child_st is None else file_kind(child_st.st_mode)
            skipped.append(f"{child.name}: {why}")
            diagnostics.append(
                Diagnostic(
                    str(child),
                    0,
                    0,
                    _("{skipped}: {why}").format(skipped=_(SKIPPED), why=why),
                    "warning",
                )
            )
        if len(skipped) == len(entries):
            message = _("folder has no .yaml or .yml files")
            if skipped:
                more = _("; and {n} more").format(n=len(skipped) - 3) if len(skipped) > 3 else ""
                message = _(
                    "folder has no regular .yaml or .yml files (skipped {files}{more})"
                ).format(files="; ".join(skipped[:3]), more=more)
            diagnostics.append(Diagnostic(str(path), 0, 0, message))
    return found, diagnostics


def load_documents(paths: Sequence[Path]) -> tuple[list[Document], list[Diagnostic]]:
    """Find and load every file; documents that fail to load are left out."""
    files, diagnostics = find_yaml_files(paths)
    documents: list[Document] = []
    for path in files:
        document, problems = load_document(path)
        diagnostics.extend(problems)
        if document is not None:
            documents.append(document)
    return documents, diagnostics
