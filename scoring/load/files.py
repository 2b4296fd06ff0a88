"""Turn the paths a user gives (files or folders) into loaded documents.

Only regular files are ever opened. A FIFO, a device (or a symbolic link
to one, such as /dev/zero) or a socket would make a read hang or never end,
so such a path is not opened at all: named directly it is an error, found
in a folder it is skipped with a warning that says so ("skipped: not a
regular file"), so nothing is left out silently.

Criteria and panel folders are read for their YAML files, by name
(`find_yaml_files`); candidate folders recursively, for YAML files and
CSV/XLSX tables (`find_candidate_files`), each path resolved once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..errors import Diagnostic
from ..messages import N_, _, number
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


def _file_or_folder(path: Path, diagnostics: list[Diagnostic]) -> os.stat_result | None:
    """`path`'s status when it is a regular file or a folder; otherwise
    None, with the problem (not found, unreadable, a device...) added."""
    st, problem = _stat(path)
    if st is None:
        diagnostics.append(Diagnostic(str(path), 0, 0, problem or _("not found")))
        return None
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        diagnostics.append(
            Diagnostic(
                str(path),
                0,
                0,
                _("not a regular file ({kind})").format(kind=file_kind(st.st_mode)),
            )
        )
        return None
    return st


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
        st = _file_or_folder(path, diagnostics)
        if st is None:
            continue
        if stat.S_ISREG(st.st_mode):
            add(path)
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
                more = (
                    _("; and {n} more").format(n=number(len(skipped) - 3))
                    if len(skipped) > 3
                    else ""
                )
                message = _(
                    "folder has no regular .yaml or .yml files (skipped {files}{more})"
                ).format(files="; ".join(skipped[:3]), more=more)
            diagnostics.append(Diagnostic(str(path), 0, 0, message))
    return found, diagnostics


TABLE_SUFFIXES = (".csv", ".xlsx")  # candidate tables (tables.py), one candidate a row
CANDIDATE_SUFFIXES = (*YAML_SUFFIXES, *TABLE_SUFFIXES)


def is_table(path: Path) -> bool:
    """A CSV or XLSX candidate table (read by tables.py, not as YAML)."""
    return path.suffix.lower() in TABLE_SUFFIXES


PANEL_FOLDER = "panel"  # a candidates folder's sub-folder of judges' files, not read
MAX_FOLDER_DEPTH = 32


def find_candidate_files(
    paths: Sequence[Path], exclude: Sequence[Path] = ()
) -> tuple[list[Path], list[Diagnostic]]:
    """Expand candidate folders, recursively, to their candidate files:
    *.yaml, *.yml (one candidate each), *.csv and *.xlsx (a table, one
    candidate per row), in name order, sub-folders where their names fall.

    As for find_yaml_files, a file named directly is taken whatever its
    suffix and an entry that is not a regular file is skipped with a
    warning (a folder named like a file, `x.yaml`, too); a sub-folder
    whose name starts with '.', one named `panel`
    (the judges' files beside the candidates, read with --panel) and the
    folders in `exclude` are not entered. Each path is resolved once: a
    folder's entries are keyed under the folder's resolved path, and only
    a symbolic link is resolved again; a folder reached twice (a link
    loop) is read once. Returns the files (each once) and the problems.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    visited: set[Path] = {real_path(p) for p in exclude}
    diagnostics: list[Diagnostic] = []

    def add(path: Path, key: Path) -> None:
        if key not in seen:
            seen.add(key)
            found.append(path)

    def walk(folder: Path, real: Path, depth: int) -> int:
        """Add the folder's candidate files; how many entries had a candidate suffix."""
        if real in visited:
            return 0
        visited.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            diagnostics.append(Diagnostic(str(folder), 0, 0, cannot_read(exc)))
            return 0
        wanted = 0
        for entry in entries:
            child = folder / entry.name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:
                link, is_dir = False, False
            suffix = Path(entry.name).suffix.lower()
            if is_dir and suffix not in CANDIDATE_SUFFIXES:
                if entry.name.startswith(".") or entry.name == PANEL_FOLDER:
                    continue
                if depth >= MAX_FOLDER_DEPTH:
                    continue
                wanted += walk(child, real_path(child) if link else real / entry.name, depth + 1)
                continue
            if suffix not in CANDIDATE_SUFFIXES:
                continue
            wanted += 1
            if not link:
                try:
                    regular = entry.is_file(follow_symlinks=False)
                    mode = 0 if regular else entry.stat(follow_symlinks=False).st_mode
                except OSError as exc:
                    regular, mode = False, 0
                    why = cannot_read(exc)
                else:
                    why = file_kind(mode)
                if regular:
                    add(child, real / entry.name)
                    continue
            else:
                child_st, child_problem = _stat(child)
                if child_st is not None and stat.S_ISREG(child_st.st_mode):
                    add(child, real_path(child))
                    continue
                why = (child_problem or "") if child_st is None else file_kind(child_st.st_mode)
            diagnostics.append(
                Diagnostic(
                    str(child),
                    0,
                    0,
                    _("{skipped}: {why}").format(skipped=_(SKIPPED), why=why),
                    "warning",
                )
            )
        return wanted

    for path in paths:
        st = _file_or_folder(path, diagnostics)
        if st is None:
            continue
        if stat.S_ISREG(st.st_mode):
            add(path, real_path(path))
            continue
        before = len(found)
        wanted = walk(path, real_path(path), 0)
        if len(found) == before and not any(
            d.severity == "error" and d.path == str(path) for d in diagnostics
        ):
            message = _("folder has no .yaml, .yml, .csv or .xlsx files (sub-folders included)")
            if wanted:
                message = _(
                    "folder has no regular .yaml, .yml, .csv or .xlsx files ({count} skipped)"
                ).format(count=number(wanted))
            diagnostics.append(Diagnostic(str(path), 0, 0, message))
    return found, diagnostics


def load_documents(paths: Sequence[Path]) -> tuple[list[Document], list[Diagnostic]]:
    """Find and load every file; documents that fail to load are left out."""
    files, diagnostics = find_yaml_files(paths)
    documents, problems = load_found(files)
    return documents, diagnostics + problems


def load_found(files: Sequence[Path]) -> tuple[list[Document], list[Diagnostic]]:
    """Load files already found (find_candidate_files), without looking
    them up again; documents that fail to load are left out."""
    from ..progress import task

    diagnostics: list[Diagnostic] = []
    documents: list[Document] = []
    with task(_("Reading files"), len(files)) as t:
        for path in files:
            document, problems = load_document(path)
            diagnostics.extend(problems)
            if document is not None:
                documents.append(document)
            t.advance()
    return documents, diagnostics
