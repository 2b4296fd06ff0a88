"""Turn the paths a user gives (files or folders) into loaded documents."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Diagnostic
from .safeyaml import Document, load_document

YAML_SUFFIXES = (".yaml", ".yml")


def find_yaml_files(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand folders to their *.yaml/*.yml files (not recursive, by name).

    A file named directly is taken whatever its suffix: the user chose it.
    The same file reached twice (a file and its folder) is read once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    diagnostics: list[Diagnostic] = []

    def add(path: Path) -> None:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        try:
            if path.is_dir():
                children = sorted(
                    (
                        p
                        for p in path.iterdir()
                        if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
                    ),
                    key=lambda p: p.name,
                )
                if not children:
                    diagnostics.append(
                        Diagnostic(str(path), 0, 0, "folder has no .yaml or .yml files")
                    )
                for child in children:
                    add(child)
            elif path.exists():
                add(path)
            else:
                diagnostics.append(Diagnostic(str(path), 0, 0, "not found"))
        except OSError as exc:
            diagnostics.append(
                Diagnostic(str(path), 0, 0, f"cannot read: {exc.strerror or exc}")
            )
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
