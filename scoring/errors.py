"""Problems found in input files, reported as `path:line:column: message`.

The core raises or returns these; only cli.py turns them into exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class ParitranaError(Exception):
    """A problem a user can fix; the CLI prints it without a traceback."""


class InvalidInput(ParitranaError):
    """One or more input files are invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics))
        super().__init__(f"{len(self.diagnostics)} problem(s) in the input files")


class UsageError(ParitranaError):
    """The user asked for something that does not exist (exit code 2)."""


class OutputError(UsageError):
    """An output could not be written safely (for example it names an input)."""
