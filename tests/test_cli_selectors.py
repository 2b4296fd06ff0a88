"""The selector rules of README "Commands", one function for every command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paritrana.scoring.errors import UsageError
from paritrana.scoring.pipeline import (
    load_inputs,
    parse_selectors,
    resolve_selectors,
    select_candidates,
    split_warnings,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = Path("candidates")


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    (tmp_path / "mine.yaml").write_bytes((ROOT / "candidates" / "kota-langsa.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_paths_and_ids(work: Path) -> None:
    sel = resolve_selectors(
        ["mine.yaml", "kota-medan", "candidates", "new.yml"], (), rank_among_set=False
    )
    assert sel.paths == (Path("mine.yaml"), DEFAULT, Path("new.yml"))  # .yml need not exist
    assert sel.ids == ("kota-medan",)


@pytest.mark.parametrize(
    ("selectors", "given", "rank_among_set", "sources", "whole"),
    [
        # No CANDIDATE: the default set.
        ([], (), False, [DEFAULT], True),
        # Files only, for validate/score: just the files.
        (["mine.yaml"], (), False, [Path("mine.yaml")], False),
        # Files for scorecard: ranked among the default set too.
        (["mine.yaml"], (), True, [DEFAULT, Path("mine.yaml")], True),
        # An id needs the set.
        (["kota-medan"], (), False, [DEFAULT], True),
        # --candidates given is always read.
        (["mine.yaml"], (Path("other"),), False, [Path("other"), Path("mine.yaml")], True),
    ],
)
def test_what_is_read(
    work: Path,
    selectors: list[str],
    given: tuple[Path, ...],
    rank_among_set: bool,
    sources: list[Path],
    whole: bool,
) -> None:
    sel = resolve_selectors(selectors, given, rank_among_set=rank_among_set)
    assert list(sel.sources) == sources
    assert sel.whole_set is whole


def test_scorecard_leaves_out_a_missing_default_when_files_are_named(work: Path) -> None:
    shutil.rmtree(work / "candidates")
    sel = resolve_selectors(["mine.yaml"], (), rank_among_set=True)
    assert list(sel.sources) == [Path("mine.yaml")]


def test_select_by_file_folder_and_id(work: Path) -> None:
    inputs = load_inputs(ROOT / "criteria", [DEFAULT])
    assert select_candidates(inputs, parse_selectors(["candidates/kota-medan.yaml"])) == (
        "kota-medan",
    )
    assert sorted(select_candidates(inputs, parse_selectors(["candidates"]))) == [
        "kabupaten-mempawah",
        "kota-langsa",
        "kota-medan",
        "kota-padang-sidempuan",
    ]
    assert select_candidates(
        inputs, parse_selectors(["kota-langsa", "./candidates/kota-langsa.yaml"])
    ) == ("kota-langsa",)
    with pytest.raises(UsageError, match="mine.yaml: no valid candidate file among those"):
        select_candidates(inputs, parse_selectors(["mine.yaml"]))
    with pytest.raises(UsageError, match="unknown candidate 'kota-medn'.*'kota-medan'"):
        select_candidates(inputs, parse_selectors(["kota-medn"]))


def test_warnings_of_named_and_reported_files_in_full_others_counted(work: Path) -> None:
    inputs = load_inputs(ROOT / "criteria", [DEFAULT, Path("candidates/kota-medan.yaml")])
    # Every sample misses some values: one warning per candidate file.
    assert len(inputs.warnings) == 4
    shown, counted = split_warnings(inputs, ["kota-langsa"])
    assert sorted(w.path for w in shown) == [
        "candidates/kota-langsa.yaml",  # reported on
        "candidates/kota-medan.yaml",  # named directly
    ]
    assert len(counted) == 2
    everything, none = split_warnings(inputs, everything=True)
    assert len(everything) == 4 and none == []
