"""The scorecard batch reports its progress through scoring/progress.py,
like every other long loop, so the terminal has one kind of bar
(cli.ProgressBar): one task per batch, a unit per sheet, advanced in the
parent as each outcome arrives; tasks inside forked workers draw nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from paritrana import cli
from paritrana.cli import ProgressBar, main
from paritrana.scoring.progress import reporting, task
from paritrana.scoring.render import batch

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """A reporter that writes each start and advance to a file, so that
    what a forked worker reports would show up too."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def start(self, label: str, total: int | None) -> Any:
        with self.log.open("a") as fh:
            fh.write(f"start {label} {total}\n")
        return _Ticks(self.log, label)


class _Ticks:
    def __init__(self, log: Path, label: str) -> None:
        self.log, self.label = log, label

    def advance(self, n: int = 1) -> None:
        with self.log.open("a") as fh:
            fh.write(f"advance {self.label} {n}\n")

    def done(self) -> None:
        with self.log.open("a") as fh:
            fh.write(f"done {self.label}\n")


def jobs(n: int, out: Path) -> list[batch.Job]:
    return [batch.Job(0, i, f"c-{i}", out / f"c-{i}.pdf") for i in range(n)]


def write(job: batch.Job) -> Path:
    with task("inner", 1) as t:  # a task of the work itself
        t.advance(1)
    job.path.write_text(job.candidate_id)
    return job.path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_is_one_task_a_sheet_a_unit(tmp_path: Path, workers: int) -> None:
    log = tmp_path / "log"
    with reporting(Recorder(log)):
        outcomes = batch.run(jobs(3, tmp_path), write, workers=workers)
    assert [o.candidate_id for o in outcomes] == ["c-0", "c-1", "c-2"]
    lines = log.read_text().splitlines()
    batch_lines = [line for line in lines if "inner" not in line]
    # One task of 3 sheets, advanced once per sheet, then closed.
    assert batch_lines == [
        "start Writing the scorecards 3",
        "advance Writing the scorecards 1",
        "advance Writing the scorecards 1",
        "advance Writing the scorecards 1",
        "done Writing the scorecards",
    ]
    # The first sheet is made in this process, its task reported; with
    # workers the other two are made in forked processes, which report nothing.
    inner = [line for line in lines if line.startswith("start inner")]
    assert len(inner) == (1 if workers == 2 else 3)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_batch_draws_the_one_bar_after_a_second(tmp_path: Path) -> None:
    now = [100.0]
    out = FakeTTY()

    def slow(job: batch.Job) -> Path:
        now[0] += 0.6  # each sheet takes 0.6 s
        job.path.write_text(job.candidate_id)
        return job.path

    with reporting(ProgressBar(out, lambda: now[0])):
        batch.run(jobs(2, tmp_path), slow, workers=1, label="Sheets")
    # Sheet 1 done at 0.6 s: nothing yet; sheet 2 at 1.2 s: 2 of 2, the
    # 30 marks full; then erased.
    line = "Sheets [" + "#" * 30 + "] 100%  2/2"
    assert out.getvalue() == "\r" + line + "\r" + " " * len(line) + "\r"


def test_scorecard_reports_its_batch_to_the_commands_reporter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "log"
    monkeypatch.setattr(cli, "ProgressBar", lambda: Recorder(log))
    result = CliRunner().invoke(main, ["scorecard", "-o", "out", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = log.read_text().splitlines()
    # The four sample candidates: four sheets, one task.
    assert lines.count("start Writing the scorecards 4") == 1
    assert lines.count("advance Writing the scorecards 1") == 4
