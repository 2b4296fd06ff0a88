"""The input guard (scoring/output.py, InputGuard) resolves a plain file
through its folder's real path, once per folder: the keys must be exactly
what `Path.resolve()` gives for every kind of path, so an output naming an
input in any spelling is still refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paritrana.scoring.errors import OverwritesInput
from paritrana.scoring.output import InputGuard


def test_keys_are_the_resolved_paths_for_every_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    for name in ("a.yaml", "b.yaml"):
        (real / name).write_text("x: 1\n", encoding="utf-8")
    (real / "sub" / "c.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)  # a linked folder
    (tmp_path / "file-link.yaml").symlink_to(real / "b.yaml")  # a linked file
    monkeypatch.chdir(real)
    inputs = [
        Path("a.yaml"),  # relative, in the working folder
        tmp_path / "linked" / "sub" / "c.yaml",  # through a linked folder
        tmp_path / "real" / "sub" / ".." / "a.yaml",  # with ..
        tmp_path / "file-link.yaml",  # the link itself is the last part
        tmp_path / "missing.yaml",  # not there (no identity)
        Path("sub") / "..",  # a folder named by ..
        Path("."),
    ]
    guard = InputGuard(inputs)
    assert set(guard.paths) == {p.resolve() for p in inputs}
    # Refused whatever the spelling of the output, by path or by identity.
    for out in (
        real / "a.yaml",
        tmp_path / "real" / "sub" / "c.yaml",
        real / "b.yaml",  # the target of file-link.yaml
    ):
        with pytest.raises(OverwritesInput):
            guard.check(out)
    hard = tmp_path / "hard.yaml"
    os.link(real / "a.yaml", hard)  # a hard link: the same file by identity
    with pytest.raises(OverwritesInput):
        guard.check(hard)
    guard.check(tmp_path / "new.yaml")  # an output that is no input passes
