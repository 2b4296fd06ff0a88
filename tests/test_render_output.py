"""write_atomic and safe file names: outputs never replace an input or half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paritrana.scoring import output
from paritrana.scoring.errors import OutputError
from paritrana.scoring.output import path_in, safe_filename, write_atomic


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, b"one")
    assert target.read_bytes() == b"one"
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temp left


def test_write_atomic_refuses_an_input(tmp_path: Path) -> None:
    src = tmp_path / "candidates" / "kota-langsa.yaml"
    src.parent.mkdir()
    src.write_bytes(b"id: kota-langsa\n")
    # The same file named three ways: as is, through '..', through a symlink.
    link = tmp_path / "link.yaml"
    link.symlink_to(src)
    for name in (
        src,
        tmp_path / "candidates" / ".." / "candidates" / "kota-langsa.yaml",
        link,
    ):
        with pytest.raises(OutputError, match="input"):
            write_atomic(name, b"overwritten", inputs=[src])
    assert src.read_bytes() == b"id: kota-langsa\n"


def test_write_atomic_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scorecard.pdf"
    target.write_bytes(b"old complete file")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old complete file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scorecard.pdf"]


def test_write_atomic_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "x.pdf", b"x")


def test_write_atomic_permissions_follow_umask(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, b"{}")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    ("candidate_id", "expected"),
    [
        ("kota-langsa", "kota-langsa"),
        ("../../etc/x", "etc-x"),
        ("/etc/passwd", "etc-passwd"),
        ("Kota Bandar Lampung é", "kota-bandar-lampung-e"),
        ("..", "candidate"),
        ("", "candidate"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("a" * 500, "a" * 100),
    ],
)
def test_safe_filename(candidate_id: str, expected: str) -> None:
    assert safe_filename(candidate_id) == expected


def test_path_in_cannot_escape(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for hostile in ("../../etc/x", "/etc/passwd", "..\\..\\x", "a/../../b"):
        target = path_in(out, hostile, ".pdf")
        assert target.parent == out
        assert target.resolve().parent == out.resolve()
