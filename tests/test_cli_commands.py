"""Commands that show what they read (issue 6): warnings of the files a
command is given, one selector language for every command, the output
format from -o's extension, `verify` naming the file that differs, and one
line (never a traceback) for every file that cannot be read or written.

Each test runs in a folder of its own, laid out as a user's would be.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from paritrana.cli import main

ROOT = Path(__file__).resolve().parent.parent
LANGSA = ROOT / "candidates" / "kota-langsa.yaml"


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A secretariat's folder: the sample candidates, no criteria (the
    shipped ones apply), working directory set to it."""
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


@pytest.fixture()
def alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kabupaten office's folder: its own file and nothing else."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Hang(Exception):
    pass


@pytest.fixture()
def time_limit() -> Iterator[None]:
    """Fail (instead of hanging the suite) if a command blocks on a read."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang("the command did not finish within 20 s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an uncaught exception is a failure of its own
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2)
    return result


def misspelled(folder: Path) -> Path:
    """kota-langsa with its `coverage:` section written `coverge:`."""
    text = LANGSA.read_text(encoding="utf-8")
    assert "\ncoverage:\n" in text
    path = folder / "langsa.yaml"
    path.write_text(text.replace("\ncoverage:\n", "\ncoverge:\n"), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


# ---------------------------------------------------------------------------
# Warnings of the files given are shown in full
# ---------------------------------------------------------------------------


def test_score_shows_the_given_files_warnings_in_full(alone: Path) -> None:
    path = misspelled(alone)
    row = line_of(path, "coverge:")
    result = run("score", "langsa.yaml")
    assert result.exit_code == 0
    assert (
        f"langsa.yaml:{row}:1: warning: unknown key 'coverge' in a candidate file "
        "(did you mean 'coverage'?)"
    ) in result.output
    assert "more warning" not in result.output  # nothing of this file is only counted


def test_validate_takes_a_file_without_a_candidates_folder(alone: Path) -> None:
    path = misspelled(alone)
    result = run("validate", "langsa.yaml")
    assert result.exit_code == 0, result.output
    assert (
        f"langsa.yaml:{line_of(path, 'coverge:')}:1: warning: unknown key 'coverge'"
        in result.output
    )
    assert "1 candidate, 2 warnings." in result.output


def test_validate_takes_folders_and_ids_as_score_and_scorecard_do(work: Path) -> None:
    everything = run("validate")
    assert "4 candidates" in everything.output
    folder = run("validate", "candidates")
    assert folder.exit_code == 0 and "4 candidates" in folder.output
    by_id = run("validate", "kota-langsa")
    assert by_id.exit_code == 0
    typo = run("validate", "kota-langsaa")
    assert typo.exit_code == 2
    assert "unknown candidate 'kota-langsaa'" in typo.output
    assert "did you mean 'kota-langsa'" in typo.output


def test_score_by_id_reads_the_candidates_folder_and_shows_only_that_one(work: Path) -> None:
    result = run("score", "kota-langsa")
    assert result.exit_code == 0, result.output
    assert "Pemerintah Kota Langsa (kota-langsa)" in result.output
    assert "Kota Medan" not in result.output
    # kota-langsa's warning in full, the three others only counted.
    assert "candidates/kota-langsa.yaml:1:1: warning: kota-langsa:" in result.output
    assert "3 more warnings in 3 candidate files" in result.output


def test_rank_counts_warnings_of_a_folder_but_shows_a_named_files(work: Path) -> None:
    counted = run("rank", "--format", "csv")
    assert "4 more warnings in 4 candidate files" in counted.output
    path = misspelled(work)
    named = run(
        "rank",
        "--format",
        "csv",
        "--candidates",
        "candidates/kota-medan.yaml",
        "--candidates",
        str(path.name),
    )
    assert f"langsa.yaml:{line_of(path, 'coverge:')}:1: warning: unknown key" in named.output
    assert "candidates/kota-medan.yaml:1:1: warning:" in named.output


# ---------------------------------------------------------------------------
# -o and the format
# ---------------------------------------------------------------------------


def test_rank_format_from_the_extension(work: Path) -> None:
    from openpyxl import load_workbook

    assert run("rank", "-o", "r.xlsx").exit_code == 0
    assert load_workbook("r.xlsx").sheetnames == ["kabupaten-kota", "kabupaten-kota nilai"]
    assert run("rank", "-o", "r.JSON").exit_code == 0
    assert Path("r.JSON").read_text(encoding="utf-8").startswith("{")
    assert run("rank", "-o", "r.csv").exit_code == 0
    assert Path("r.csv").read_text(encoding="utf-8").startswith("\ufeffedition,category,rank,")
    assert run("rank", "-o", "r.txt").exit_code == 0
    assert "Peringkat" in Path("r.txt").read_text(encoding="utf-8")


def test_rank_refuses_a_contradiction_or_an_unknown_extension(work: Path) -> None:
    bad = run("rank", "--format", "csv", "-o", "r.xlsx")
    assert bad.exit_code == 2
    assert "-o r.xlsx says xlsx but --format is csv" in bad.output
    unknown = run("rank", "-o", "r.dat")
    assert unknown.exit_code == 2
    assert "cannot tell the format from the extension .dat" in unknown.output
    assert ".csv (csv), .json (json), .xlsx (xlsx), .txt (table)" in unknown.output
    assert not Path("r.xlsx").exists() and not Path("r.dat").exists()
    # An extension that names no format is fine when --format says it.
    assert run("rank", "--format", "json", "-o", "r.out").exit_code == 0


def test_ranklist_writes_pdf_only(work: Path) -> None:
    result = run("ranklist", "-o", "list.xlsx")
    assert result.exit_code == 2
    assert "ranklist writes a PDF: give -o FILE.pdf" in result.output
    assert not Path("list.xlsx").exists()


def test_scorecard_output_must_be_a_folder(work: Path) -> None:
    result = run("scorecard", "-o", "sheet.pdf", "kota-langsa")
    assert result.exit_code == 2
    assert "give -o FOLDER" in result.output
    assert not Path("sheet.pdf").exists()


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------


def test_verify_names_the_files_that_differ_are_missing_or_extra(work: Path) -> None:
    made = run("scorecard", "-o", "out", "--jobs", "1", "kota-langsa")
    assert made.exit_code == 0, made.output
    sheet = "out/kota-langsa.pdf"
    assert run("verify", sheet).exit_code == 0

    medan = work / "candidates" / "kota-medan.yaml"
    medan.write_text(
        medan.read_text(encoding="utf-8").replace("value: 94", "value: 95"), encoding="utf-8"
    )
    (work / "candidates" / "kabupaten-mempawah.yaml").unlink()
    extra = LANGSA.read_text(encoding="utf-8").replace("id: kota-langsa", "id: kota-baru")
    (work / "candidates" / "kota-baru.yaml").write_text(extra, encoding="utf-8")

    result = run("verify", sheet)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{sheet}: MISMATCH: the document was made from different")
    assert lines[1:] == [
        "  differs: candidates/kota-medan.yaml (candidate kota-medan)",
        "  missing: candidates/kabupaten-mempawah.yaml (candidate kabupaten-mempawah): "
        "used for the document, not among the files now",
        "  extra: candidates/kota-baru.yaml (candidate kota-baru): "
        "among the files now, not used for the document",
    ]
    # Renaming a file changes nothing: the hash is of content.
    (work / "candidates" / "kota-baru.yaml").unlink()
    shutil.copy(
        ROOT / "candidates" / "kabupaten-mempawah.yaml",
        work / "candidates" / "mempawah-renamed.yaml",
    )
    shutil.copy(ROOT / "candidates" / "kota-medan.yaml", medan)
    assert run("verify", sheet).exit_code == 0


def test_verify_of_what_is_not_a_paritrana_pdf_is_one_line(work: Path) -> None:
    from pypdf import PdfWriter

    Path("junk.pdf").write_bytes(b"hello, not a pdf")
    Path("half.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open("plain.pdf", "wb") as fh:
        writer.write(fh)
    Path("folder.pdf").mkdir()
    cases = {
        "junk.pdf": "junk.pdf: cannot read as PDF: not a PDF file",
        "half.pdf": "half.pdf: cannot read as PDF: damaged",
        "plain.pdf": "plain.pdf: no paritrana audit hash in the PDF metadata",
        "folder.pdf": "Error: folder.pdf: not a regular file (a folder)",
        "nope.pdf": "Error: nope.pdf: no such file",
    }
    for name, message in cases.items():
        result = run("verify", name)
        assert result.exit_code == 1, name
        said = [line for line in result.output.splitlines() if "warning" not in line]
        assert len(said) == 1 and said[0].startswith(message), (name, said)


# ---------------------------------------------------------------------------
# Files that cannot be read or written: one line, exit 1
# ---------------------------------------------------------------------------


def test_synth_onto_an_existing_file_is_one_line(alone: Path) -> None:
    Path("taken").write_text("mine\n", encoding="utf-8")
    result = run("synth", "--category", "ukm", "-n", "2", "-o", "taken")
    assert result.exit_code == 1
    assert result.output == "Error: taken: exists and is not a folder; give a folder for -o\n"
    assert Path("taken").read_text(encoding="utf-8") == "mine\n"


def test_synth_into_a_folder_under_a_file_is_one_line(alone: Path) -> None:
    Path("taken").write_text("mine\n", encoding="utf-8")
    result = run("synth", "--category", "ukm", "-n", "2", "-o", "taken/sub")
    assert result.exit_code == 1
    assert result.output.startswith("Error: taken/sub: cannot create folder: ")
    assert result.output.count("\n") == 1


def test_disk_full_while_writing_is_one_line_and_keeps_the_old_file(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("r.csv").write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run("rank", "-o", "r.csv")
    assert result.exit_code == 1
    assert "Error: r.csv: cannot write: No space left on device" in result.output
    assert Path("r.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in work.iterdir()) == ["candidates", "r.csv"]  # no temp left


def test_output_in_a_folder_that_is_a_file_is_exit_1(work: Path) -> None:
    Path("plain").write_text("x\n", encoding="utf-8")
    result = run("rank", "-o", "plain/r.csv")
    assert result.exit_code == 1
    assert "plain/r.csv" in result.output


def test_an_unforeseen_error_is_one_line_not_a_traceback(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paritrana.scoring import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "rank_inputs", broken)
    monkeypatch.delenv("PARITRANA_DEBUG", raising=False)
    result = run("rank")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Internal error (a bug in paritrana, please report it with the input files): "
        "ZeroDivisionError: boom"
    )
    monkeypatch.setenv("PARITRANA_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("rank")


# ---------------------------------------------------------------------------
# Paths that are not regular files: never opened, always said
# ---------------------------------------------------------------------------


def test_devices_fifos_and_broken_links_in_a_folder_are_skipped_with_a_warning(
    work: Path, time_limit: None
) -> None:
    cands = work / "candidates"
    (cands / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(cands / "pipe.yaml")
    (cands / "gone.yml").symlink_to(work / "nowhere.yaml")
    (cands / "sub.yaml").mkdir()
    result = run("validate")
    assert result.exit_code == 0, result.output
    for line in (
        "candidates/gone.yml: warning: skipped: not a regular file: "
        "a broken symbolic link (its target does not exist)",
        "candidates/pipe.yaml: warning: skipped: not a regular file: a FIFO (named pipe)",
        "candidates/sub.yaml: warning: skipped: not a regular file: a folder",
        "candidates/zero.yaml: warning: skipped: not a regular file: a character device",
    ):
        assert line in result.output.splitlines()
    assert "4 candidates, 8 warnings." in result.output
    # rank shows the skipped paths in full too: they are about what was read.
    ranked = run("rank")
    assert "candidates/zero.yaml: warning: skipped: not a regular file" in ranked.output
    assert "4 more warnings in 4 candidate files" in ranked.output


def test_a_named_device_or_fifo_is_an_error_naming_it(work: Path, time_limit: None) -> None:
    os.mkfifo("pipe.yaml")
    Path("null.yaml").symlink_to("/dev/null")
    for args, message in (
        (("validate", "pipe.yaml"), "pipe.yaml: not a regular file (a FIFO (named pipe))"),
        (("score", "null.yaml"), "null.yaml: not a regular file (a character device)"),
        (("rank", "--panel", "pipe.yaml"), "pipe.yaml: not a regular file (a FIFO (named pipe))"),
        (("rank", "--criteria", "null.yaml"), "null.yaml: not a regular file (a character device)"),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert message in result.output.splitlines(), (args, result.output)


def test_a_panel_folder_holding_only_a_device_says_so(work: Path, time_limit: None) -> None:
    (work / "panel").mkdir()
    (work / "panel" / "2022.yaml").symlink_to("/dev/zero")
    result = run("rank")
    assert result.exit_code == 1
    assert (
        "panel: folder has no regular .yaml or .yml files (skipped 2022.yaml: a character device)"
    ) in result.output.splitlines()


# ---------------------------------------------------------------------------
# A batch output that is an input is a usage error
# ---------------------------------------------------------------------------


def test_scorecard_over_a_symlink_to_an_input_is_exit_2(work: Path) -> None:
    medan = work / "candidates" / "kota-medan.yaml"
    before = medan.read_bytes()
    (work / "out").mkdir()
    (work / "out" / "kota-medan.pdf").symlink_to(medan)
    result = run("scorecard", "-o", "out", "--jobs", "1")
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.output
    assert medan.read_bytes() == before
    assert sorted(p.name for p in (work / "out").iterdir()) == ["kota-medan.pdf"]


def test_a_failed_scorecard_names_the_candidates_file(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paritrana.scoring.render import pdf

    real = pdf.render_scorecard

    def broken_for_medan(ranking, result, index, *args, **kwargs):  # type: ignore[no-untyped-def]
        if result.candidates[index].id == "kota-medan":
            raise ArithmeticError("cannot format")
        return real(ranking, result, index, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_scorecard", broken_for_medan)
    result = run("scorecard", "-o", "out", "--jobs", "1", "kota-medan", "kota-langsa")
    assert result.exit_code == 1
    assert (
        "FAILED kota-medan (candidates/kota-medan.yaml): scorecard not made: internal error"
        " of paritrana while laying it out, please report it with this candidate's file"
        " (cannot format)"
    ) in result.output.splitlines()
    assert sorted(p.name for p in (work / "out").iterdir()) == ["kota-langsa.pdf"]


def test_a_file_where_the_panel_folder_should_be_is_said(work: Path) -> None:
    Path("panel").write_text("scores: {}\n", encoding="utf-8")
    result = run("rank")
    assert result.exit_code == 0
    assert (
        "panel: warning: not a folder, so not read as the default panel folder "
        "(give panel files with --panel FILE)"
    ) in result.output.splitlines()
