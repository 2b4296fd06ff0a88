"""The progress bar (cli.ProgressBar, scoring/progress.py): drawn on a
terminal for a task that has run for more than a second, never when
standard error is piped; installed around every command."""

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

ROOT = Path(__file__).resolve().parent.parent


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bar_appears_after_a_second_and_is_erased_at_the_end() -> None:
    out, clock = FakeTTY(), Clock()
    with reporting(ProgressBar(out, clock)):
        with task("Menulis peringkat CSV", 200) as t:
            clock.now += 0.5
            t.advance(50)
            assert out.getvalue() == ""  # half a second: nothing yet
            clock.now += 0.7  # 1.2 s since the start
            t.advance(50)
            drawn = out.getvalue()
            # 100 of 200: 15 of the 30 marks filled
            assert drawn == "\rMenulis peringkat CSV [" + "#" * 15 + "-" * 15 + "]  50%  100/200"
            clock.now += 0.05  # redrawn at most ten times a second
            t.advance(50)
            assert out.getvalue() == drawn
            clock.now += 0.2
            t.advance(50)
            assert out.getvalue().endswith("[" + "#" * 30 + "] 100%  200/200")
    width = len("Menulis peringkat CSV [" + "#" * 30 + "] 100%  200/200")
    assert out.getvalue().endswith("\r" + " " * width + "\r")  # erased


def test_a_quick_task_draws_nothing() -> None:
    out, clock = FakeTTY(), Clock()
    with reporting(ProgressBar(out, clock)):
        with task("quick", 10) as t:
            clock.now += 0.9
            t.advance(10)
    assert out.getvalue() == ""


def test_unknown_total_counts() -> None:
    out, clock = FakeTTY(), Clock()
    with reporting(ProgressBar(out, clock)):
        with task("Membaca", None) as t:
            clock.now += 2
            t.advance(7)
            assert out.getvalue() == "\rMembaca 7"


def test_not_a_terminal_draws_nothing() -> None:
    out, clock = io.StringIO(), Clock()  # a pipe or a file
    with reporting(ProgressBar(out, clock)):
        with task("long", 10) as t:
            clock.now += 5
            t.advance(10)
    assert out.getvalue() == ""


def test_label_from_input_is_escaped() -> None:
    out, clock = FakeTTY(), Clock()
    with reporting(ProgressBar(out, clock)):
        with task("kota\x1b]0;x\x07", 1) as t:
            clock.now += 2
            t.advance(1)
    assert "\x1b" not in out.getvalue() and "\\x1b" in out.getvalue()


@pytest.fixture()
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _recorder(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int | None, int]]:
    """Replace the command line's bar by one that records every task:
    (label, total, units advanced)."""
    seen: list[tuple[str, int | None, int]] = []

    class Recorder:
        def __init__(self) -> None:
            pass

        def start(self, label: str, total: int | None) -> Any:
            entry = [label, total, 0]

            class T:
                def advance(self, n: int = 1) -> None:
                    entry[2] += n  # type: ignore[operator]

                def done(self) -> None:
                    seen.append((entry[0], entry[1], entry[2]))  # type: ignore[arg-type]

            return T()

    monkeypatch.setattr(cli, "ProgressBar", Recorder)
    return seen


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_rank_reports_its_export_to_the_bar(
    samples: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    seen = _recorder(monkeypatch)
    result = CliRunner().invoke(main, ["rank", "--lang", "en", "-o", f"out.{fmt}"])
    assert result.exit_code == 0, result.output
    exports = [s for s in seen if s[0].startswith("Writing the")]
    assert len(exports) == 1
    label, total, done = exports[0]
    assert total is not None and total > 0 and done == total  # every candidate ticked
    if fmt == "xlsx":
        assert label == "Writing the workbook"
    else:
        assert label == f"Writing the {fmt.upper()} ranking"


def test_piped_run_prints_no_bar(samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProgressBar, "DELAY", -1.0)  # any task would be drawn at once
    monkeypatch.setattr(ProgressBar, "EVERY", 0.0)
    result = CliRunner().invoke(main, ["rank", "-o", "out.csv"])  # stderr is not a terminal
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "[#" not in result.output and "[-" not in result.output


def test_no_bar_while_the_ranking_goes_to_standard_output(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _recorder(monkeypatch)
    result = CliRunner().invoke(main, ["rank", "--lang", "en", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("edition,category,")  # no byte-order mark either
    assert [s for s in seen if s[0].startswith("Writing the")] == []


@pytest.mark.own_language
@pytest.mark.parametrize(("lang", "counts"), [("id", "362.678/725.356"), ("en", "362,678/725,356")])
def test_the_counts_are_written_the_readers_way(lang: str, counts: str) -> None:
    # 362,678 of 725,356 rows: half, 15 of the 30 marks; the counts grouped
    # by three, a dot in Bahasa Indonesia, a comma in English.
    from paritrana.scoring import messages

    messages.set_language(lang)
    try:
        out, clock = FakeTTY(), Clock()
        with reporting(ProgressBar(out, clock)):
            with task("pool", 725_356) as t:
                clock.now += 1.5
                t.advance(362_678)
                assert out.getvalue() == "\rpool [" + "#" * 15 + "-" * 15 + "]  50%  " + counts
    finally:
        messages.set_language("en")
