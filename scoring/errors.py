"""Problems found in input files, reported as `path:line:column: message`.

The core raises or returns these; only cli.py turns them into exit codes.

Every message can quote what a candidate or criteria file wrote (a name, a
category, a key), and what it wrote can be hostile to a terminal: ESC and
CSI sequences retitle the window or rewrite what was printed before, BEL
rings, U+202E turns the rest of the line around. `printable()` shows such
characters as escapes (`\\x1b`, `\\u202e`); `Diagnostic.__str__` and
`ParitranaError.__str__` apply it, and the CLI applies it to anything else
it echoes from input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .messages import _, ngettext, number

Severity = Literal["error", "warning"]

# C0 controls (newline and tab included: a message is one line, and a
# newline in a name could forge a second message), DEL, C1 controls
# (U+009B is CSI on terminals that honour 8-bit controls), the explicit
# bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and
# the Unicode line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every control, bidi-override and line-separator character
    written as an escape, as Python writes it: ESC -> `\\x1b`, BEL ->
    `\\x07`, tab, newline, CR -> `\\t`, `\\n`, `\\r`, U+202E -> `\\u202e`
    (visible backslash text). Everything else, accents and other scripts
    included, is kept. Total: any object is `str()`-ed.
    """
    s = text if isinstance(text, str) else str(text)
    return _UNPRINTABLE.sub(_escape, s)


def escape_text(text: str) -> str:
    """Every character Python does not call printable as an escape (`\\x1b`,
    `\\u202e`; wider than `printable`: no-break and zero-width spaces and
    bidi marks too), so text from a file or a file name cannot rewrite the
    reader's terminal (set its title, move the cursor, reverse a line).
    The CLI's own lines (paths, errors) use it."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        path = printable(self.path)
        where = f"{path}:{self.line}:{self.column}" if self.line else path
        prefix = _("warning: ") if self.severity == "warning" else ""
        return f"{where}: {prefix}{printable(self.message)}"


class ParitranaError(Exception):
    """A problem a user can fix; the CLI prints it without a traceback.

    `str()` of it is safe for a terminal (see `printable`), whatever input
    text the message quotes. `exit_code` is the command's exit status for
    it (README, "Exit codes"): the class decides, so the CLI has one
    handler for every command and no list of cases of its own.
    """

    exit_code = 1

    def __str__(self) -> str:
        return printable(super().__str__())


class InvalidInput(ParitranaError):
    """One or more input files are invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics))
        n = len(self.diagnostics)
        super().__init__(
            ngettext("{n} problem in the input files", "{n} problems in the input files", n).format(
                n=number(n)
            )
        )


class UsageError(ParitranaError):
    """The user asked for something that does not exist (exit code 2)."""

    exit_code = 2


class OutputError(ParitranaError):
    """An output could not be written (exit code 1): a missing folder, a
    folder where a file should be, a failed write, a name that is taken."""


class OverwritesInput(UsageError, OutputError):
    """An output path that is one of the input files: what was asked for
    would destroy an input, so it is a usage error (exit code 2), checked
    before anything is written."""
