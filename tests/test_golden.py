"""Golden outputs: the JSON and CSV of the samples and of 300 synthetic
candidates, byte for byte.

A refactoring must not change a single byte of what the tool writes. The
sample outputs are kept in full (`tests/golden/samples.*`, readable in a
diff); the synthetic ones (about 2 MB) by their SHA-256. A change that is
meant to change the outputs regenerates them on purpose:

    PARITRANA_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and says in its commit message why the outputs changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("PARITRANA_UPDATE_GOLDEN", "") not in ("", "0")
# 300 synthetic candidates: 100 in each of three categories of different
# shapes (regions, large employers, small businesses), seeded.
SYNTHETIC = (("kabupaten-kota", 11), ("badan-usaha-besar", 12), ("ukm", 13))


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with copies of the criteria and samples, so every path the
    outputs name is relative and the same on every machine."""
    base = tmp_path_factory.mktemp("golden")
    shutil.copytree(ROOT / "criteria", base / "criteria")
    shutil.copytree(ROOT / "candidates", base / "candidates")
    return base


def _run(work: Path, *args: str) -> None:
    cwd = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output


def _synthetic(work: Path) -> Path:
    folder = work / "synthetic"
    if not folder.exists():
        for category, seed in SYNTHETIC:
            _run(
                work,
                "synth",
                "--category",
                category,
                "-n",
                "100",
                "--seed",
                str(seed),
                "-o",
                f"synthetic/{category}",
            )
    return folder


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_sample_outputs_are_unchanged(work: Path, fmt: str) -> None:
    _run(work, "rank", "--format", fmt, "-o", f"samples.{fmt}")
    got = (work / f"samples.{fmt}").read_bytes()
    golden = GOLDEN / f"samples.{fmt}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(got)
    assert got == golden.read_bytes(), (
        f"rank --format {fmt} of the samples changed; compare {work / f'samples.{fmt}'} "
        f"with {golden.relative_to(ROOT)}"
    )


def test_synthetic_outputs_are_unchanged(work: Path) -> None:
    _synthetic(work)
    lines = []
    for fmt in ("json", "csv"):
        folders = [a for c, _ in SYNTHETIC for a in ("--candidates", f"synthetic/{c}")]
        _run(work, "rank", *folders, "--format", fmt, "-o", f"synthetic.{fmt}")
        digest = hashlib.sha256((work / f"synthetic.{fmt}").read_bytes()).hexdigest()
        lines.append(f"{digest}  synthetic.{fmt}\n")
    golden = GOLDEN / "synthetic.sha256"
    if UPDATE:
        golden.write_text("".join(lines))
    assert "".join(lines) == golden.read_text(), (
        f"rank of 300 synthetic candidates changed; the new outputs are in {work}"
    )
