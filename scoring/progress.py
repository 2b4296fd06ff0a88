"""Progress of long loads and exports, without the core ever printing.

The core marks its long loops with `task(label, total)`; by default that
does nothing. The command line installs a reporter (`reporting`) that
draws a bar on the terminal once a task has run for more than a second,
and stays quiet when the output is not a terminal (cli.py). A reporter
is the one object that sees the ticks, so the core stays free of
terminals and of click.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

__all__ = ["Reporter", "Task", "reporting", "task"]


class Task(Protocol):
    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


class Reporter(Protocol):
    def start(self, label: str, total: int | None) -> Task:
        """A task of `total` units (None: unknown), labelled for the user
        (already translated)."""
        ...


class _Quiet:
    def advance(self, n: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


_QUIET = _Quiet()
_current: ContextVar[Reporter | None] = ContextVar("paritrana_progress", default=None)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Send the tasks started inside this block to `reporter`."""
    token = _current.set(reporter)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def task(label: str, total: int | None) -> Iterator[Task]:
    """A long loop: `with task(_("Membaca berkas"), n) as t: ... t.advance()`."""
    reporter = _current.get()
    t: Task = _QUIET if reporter is None else reporter.start(label, total)
    try:
        yield t
    finally:
        t.done()
