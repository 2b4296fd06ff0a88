"""Paths the user gives -> files -> documents."""

from __future__ import annotations

from pathlib import Path

from paritrana.scoring.load.files import find_yaml_files, load_documents


def test_folder_expands_to_yaml_files_by_name_not_recursively(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "c.YAML", "notes.txt"):
        (tmp_path / name).write_text("id: x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.yaml").write_text("id: d\n")
    files, problems = find_yaml_files([tmp_path])
    assert problems == []
    assert [f.name for f in files] == ["a.yml", "b.yaml", "c.YAML"]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, problems = find_yaml_files([tmp_path / "nope.yaml", tmp_path / "empty"])
    assert files == []
    assert [(p.path, p.message) for p in problems] == [
        (str(tmp_path / "nope.yaml"), "not found"),
        (str(tmp_path / "empty"), "folder has no .yaml or .yml files"),
    ]


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n")
    files, problems = find_yaml_files([tmp_path / "a.yaml", tmp_path, tmp_path / "." / "a.yaml"])
    assert problems == []
    assert files == [tmp_path / "a.yaml"]


def test_file_named_directly_is_taken_whatever_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "kriteria.txt").write_text("id: a\n")
    files, _ = find_yaml_files([tmp_path / "kriteria.txt"])
    assert files == [tmp_path / "kriteria.txt"]


def test_load_documents_keeps_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n")
    (tmp_path / "b.yaml").write_text("id: [b\n")
    (tmp_path / "c.yaml").write_text("id: c\n")
    documents, problems = load_documents([tmp_path])
    assert [d.data["id"] for d in documents] == ["a", "c"]
    assert len(problems) == 1
    assert problems[0].path == str(tmp_path / "b.yaml")
    assert problems[0].message.startswith("YAML syntax error")


def test_non_regular_entries_of_a_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.yaml").write_text("id: a\n")
    (tmp_path / "dev.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.yml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "a.yaml")  # the same file: read once
    files, problems = find_yaml_files([tmp_path])
    assert files == [tmp_path / "a.yaml"]
    assert [(p.path, p.message, p.severity) for p in problems] == [
        (str(tmp_path / "dev.yaml"), "skipped: not a regular file: a character device", "warning"),
        (str(tmp_path / "dir.yaml"), "skipped: not a regular file: a folder", "warning"),
        (str(tmp_path / "fifo.yml"), "skipped: not a regular file: a FIFO (named pipe)", "warning"),
        (
            str(tmp_path / "gone.yaml"),
            "skipped: not a regular file: a broken symbolic link (its target does not exist)",
            "warning",
        ),
    ]


def test_a_non_regular_file_named_directly_is_an_error_and_never_opened(
    tmp_path: Path,
) -> None:
    import os
    import signal

    os.mkfifo(tmp_path / "fifo.yaml")  # opening it for reading would block forever
    signal.alarm(10)
    try:
        files, problems = find_yaml_files([tmp_path / "fifo.yaml", Path("/dev/zero")])
        documents, more = load_documents([tmp_path / "fifo.yaml"])
    finally:
        signal.alarm(0)
    assert files == [] and documents == []
    assert [(p.path, p.message, p.severity) for p in problems] == [
        (str(tmp_path / "fifo.yaml"), "not a regular file (a FIFO (named pipe))", "error"),
        ("/dev/zero", "not a regular file (a character device)", "error"),
    ]
    assert [p.message for p in more] == ["not a regular file (a FIFO (named pipe))"]


def test_a_folder_of_only_skipped_entries_names_them(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").symlink_to("/dev/null")
    _, problems = find_yaml_files([tmp_path])
    assert problems[-1].path == str(tmp_path)
    assert problems[-1].message == (
        "folder has no regular .yaml or .yml files (skipped p.yaml: a character device)"
    )
    assert problems[-1].severity == "error"
