"""The batch runner: one document per job, in forked worker processes.

The first job runs in this process (for PDFs: it imports and warms
WeasyPrint); then up to `workers` processes are forked and inherit that
warm state, and the job function with everything it reads, as they are:
nothing is pickled but a job's number going out and its outcome coming
back, and there is no module-level state.

Each worker has its own pipe, so the runner always knows which job a worker
is on. A job that raises is reported with the reason in words
(`failure_reason`); a worker that dies outright (killed, out of memory, a
crash in a C library) loses only the job it was on, which is reported as
"worker process died", and a new worker is forked for the jobs still to do.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from ..errors import ParitranaError
from ..errors import printable as terminal_safe
from ..messages import _
from ..model import CategoryResult, Ranking
from ..output import safe_filename
from ..progress import reporting, task

# progress(done, total): called once before the first job, then after each.
# The bar on the terminal is not drawn through it: `run` reports to
# scoring/progress.py like every other long loop (cli.ProgressBar draws).
Progress = Callable[[int, int], None]
DIED = "worker process died"


class Failure(NamedTuple):
    """A scorecard that could not be made.

    Prints as `candidates/x.yaml: kota-x: reason` (the candidate's file
    first, as every other message of the tool), or `kota-x: reason` when
    there is no file (an id that names no candidate); terminal-safe.
    """

    candidate_id: str
    message: str
    path: str | None = None
    exit_code: int = 1  # 2 when the sheet was refused as a usage error

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return terminal_safe(f"{where}{self.candidate_id}: {self.message}")


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words a user can act on, not an exception class.

    Our own errors (an output that names an input, a folder that cannot be
    written) already say it. Anything else is a fault of this tool, never
    of the candidate's file: say so, with the library's own words.
    """
    if isinstance(exc, ParitranaError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "scorecard not made: out of memory while laying it out"
    if isinstance(exc, RecursionError):
        return "scorecard not made: the layout nested too deeply"
    if isinstance(exc, OSError):
        return f"scorecard not made: cannot write it: {exc.strerror or exc}"
    detail = str(exc).strip()
    detail = f" ({detail[:200]})" if detail else ""
    return (
        "scorecard not made: internal error of paritrana while laying it out, "
        f"please report it with this candidate's file{detail}"
    )


@dataclass
class BatchReport:
    """What a batch wrote and what failed (by candidate id), in input order."""

    written: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class Job:
    """One scorecard to make: a candidate of a category and its file name."""

    result: int  # index in ranking.results
    index: int  # candidate index in that result
    candidate_id: str
    path: Path


class Outcome(NamedTuple):
    """A job done: the file written, or why not."""

    candidate_id: str
    path: Path | None
    error: str | None
    exit_code: int = 1  # of the error, when there is one (ParitranaError.exit_code)


def _later(result: CategoryResult) -> bool:
    """Is the stage ranked in `result` after the category's first?"""
    stages = result.category.all_stages
    return bool(stages) and result.stage is not None and result.stage.id != stages[0].id


def plan(
    ranking: Ranking, out_dir: Path, only_ids: Iterable[str] | None
) -> tuple[list[Job], list[Failure]]:
    """The jobs of a batch (one file name each, never the same twice) and the
    ids asked for that name no candidate."""
    wanted = None if only_ids is None else set(only_ids)
    jobs: list[Job] = []
    used: set[str] = set()
    for r, res in enumerate(ranking.results):
        ids = getattr(res.candidates, "ids", None)  # a table: no Candidate per row
        all_ids = ids.tolist() if ids is not None else [c.id for c in res.candidates]
        for i, cid in enumerate(all_ids):
            if wanted is not None and cid not in wanted:
                continue
            stem = safe_filename(cid)
            name, n = stem, 1
            while name in used:  # two ids that sanitise alike: never overwrite
                n += 1
                name = f"{stem}-{n}"
            used.add(name)
            jobs.append(Job(r, i, cid, out_dir / f"{name}.pdf"))
    missing: list[Failure] = []
    if wanted is not None:
        found = {j.candidate_id for j in jobs}
        # A staged result holds only the stage's entrants (those shortlisted
        # in the stage before): a candidate left out earlier has no sheet here.
        later = sorted({r.stage.id for r in ranking.results if r.stage is not None and _later(r)})
        why = (
            "no such candidate among the entrants of stage "
            + ", ".join(f"'{s}'" for s in later)
            + " (not shortlisted before it); its sheet of an earlier stage: --stage"
            if later
            else "no such candidate"
        )
        missing = [Failure(cid, why) for cid in sorted(wanted - found)]
    return jobs, missing


def attempt(work: Callable[[Job], Path], job: Job) -> Outcome:
    """Run one job; an exception becomes the job's failure, in words."""
    try:
        path = work(job)
    except Exception as exc:  # noqa: BLE001 - one broken document must not lose the others
        code = exc.exit_code if isinstance(exc, ParitranaError) else 1
        return Outcome(job.candidate_id, None, failure_reason(exc), code)
    except BaseException as exc:  # weasyprint's FatalURLFetchingError is a BaseException
        if type(exc).__name__ != "FatalURLFetchingError":
            raise
        return Outcome(job.candidate_id, None, f"refused to fetch: {exc}")
    return Outcome(job.candidate_id, path, None)


def run(
    jobs: Sequence[Job],
    work: Callable[[Job], Path],
    *,
    workers: int = 1,
    progress: Progress | None = None,
    label: str | None = None,
) -> list[Outcome]:
    """Every job's outcome, in the order of `jobs`.

    `work` makes one document and returns the path it wrote; it runs in
    this process for the first job and, when `workers` > 1 and the system
    can fork, in forked workers for the rest. The batch is one task of
    scoring/progress.py, `label` (default "Writing the scorecards"), a job
    a unit, advanced here as each outcome arrives; `progress` is told the
    same counts.
    """
    total = len(jobs)
    outcomes: list[Outcome | None] = [None] * total
    with task(label or _("Writing the scorecards"), total) as bar:

        def done(i: int, outcome: Outcome) -> None:
            outcomes[i] = outcome
            bar.advance(1)
            if progress is not None:
                progress(sum(o is not None for o in outcomes), total)

        if progress is not None:
            progress(0, total)
        if jobs:
            done(0, attempt(work, jobs[0]))  # warm-up, in this process
        rest = list(range(1, total))
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if workers > 1 and len(rest) > 1 and can_fork:
            _in_workers(jobs, work, rest, min(workers, len(rest)), done)
        else:
            for i in rest:
                done(i, attempt(work, jobs[i]))
    return [o for o in outcomes if o is not None]


class _Worker(NamedTuple):
    process: Any  # multiprocessing.Process (fork context)
    conn: multiprocessing.connection.Connection


def _serve(
    work: Callable[[Job], Path],
    jobs: Sequence[Job],
    conn: multiprocessing.connection.Connection,
) -> None:
    """A worker's loop: a job's number in, its outcome out, until None.
    Progress is the parent's to report: a task started in a worker (forked
    with the parent's reporter) draws nothing."""
    try:
        with reporting(None):
            while (i := conn.recv()) is not None:
                conn.send(attempt(work, jobs[i]))
    except (EOFError, OSError, KeyboardInterrupt):  # the parent is gone or stopping
        pass
    finally:
        conn.close()


def _in_workers(
    jobs: Sequence[Job],
    work: Callable[[Job], Path],
    todo: list[int],
    count: int,
    done: Callable[[int, Outcome], None],
) -> None:
    ctx = multiprocessing.get_context("fork")
    todo = list(reversed(todo))  # pop() takes them in order
    busy: dict[Any, tuple[_Worker, int]] = {}  # by the worker's connection
    every: list[_Worker] = []
    resent: set[int] = set()

    def start() -> _Worker:
        mine, theirs = ctx.Pipe()
        # Forked: the worker inherits `work` and `jobs` as they are (and the
        # warm state of this process); neither is pickled.
        process = ctx.Process(target=_serve, args=(work, jobs, theirs), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        every.append(worker)
        return worker

    def give(worker: _Worker) -> None:
        while todo:
            i = todo.pop()
            try:
                worker.conn.send(i)
            except OSError:  # the worker died between two jobs, before this one
                worker.conn.close()
                worker.process.join()
                if i in resent:
                    done(i, Outcome(jobs[i].candidate_id, None, DIED))
                else:  # once more, in a new worker
                    resent.add(i)
                    todo.append(i)
                if not todo:
                    return
                worker = start()
                continue
            busy[worker.conn] = (worker, i)
            return
        _stop(worker)

    try:
        for _ in range(count):
            give(start())
        while busy:
            for ready in multiprocessing.connection.wait(list(busy)):
                conn = cast("multiprocessing.connection.Connection", ready)
                worker, i = busy.pop(conn)
                try:
                    outcome = conn.recv()
                except (EOFError, OSError):  # the worker died on job i
                    worker.conn.close()
                    worker.process.join()
                    done(i, Outcome(jobs[i].candidate_id, None, DIED))
                    if todo:
                        give(start())
                    continue
                done(i, cast(Outcome, outcome))
                give(worker)
    finally:
        for worker in every:
            _stop(worker)
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()


def _stop(worker: _Worker) -> None:
    """Tell a worker there is nothing more to do (it may be gone already)."""
    if worker.conn.closed:
        return
    try:
        worker.conn.send(None)
    except OSError:
        pass
    worker.conn.close()
