"""The CLI edge: one error handler for every command, exit codes from the
error's class, CANDIDATE arguments parsed in one place (the pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana import cli
from paritrana.scoring import pipeline
from paritrana.scoring.errors import (
    InvalidInput,
    OutputError,
    OverwritesInput,
    ParitranaError,
    UsageError,
)
from paritrana.scoring.pipeline import parse_selectors, resolve_selectors

ROOT = Path(__file__).resolve().parent.parent

# Every command that reads inputs, with arguments that pass its own usage
# checks, so the error raised by loading is what decides the exit code.
INPUT_COMMANDS = {
    "validate": ["validate"],
    "rank": ["rank"],
    "score": ["score", "kota-langsa"],
    "improve": ["improve", "kota-langsa"],
    "scorecard": ["scorecard", "-o", "sheets"],
    "ranklist": ["ranklist", "-o", "list.pdf"],
    "verify": ["verify", "sheet.pdf"],
}


def test_every_command_is_listed_here() -> None:
    # `init` and `form` (issue 9) and `template` (issue 10) read only
    # criteria, like `fields` and `synth`.
    assert set(cli.main.commands) == set(INPUT_COMMANDS) | {
        "fields",
        "synth",
        "panel",
        "init",
        "form",
        "template",
    }


def test_exit_codes_come_from_the_error_class() -> None:
    assert ParitranaError("x").exit_code == 1
    assert InvalidInput([]).exit_code == 1
    assert OutputError("x").exit_code == 1
    assert UsageError("x").exit_code == 2
    # An output that is an input is a usage error and still an OutputError.
    assert OverwritesInput("x").exit_code == 2
    assert isinstance(OverwritesInput("x"), OutputError)
    assert not isinstance(OutputError("x"), UsageError)


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sheet.pdf").write_bytes(b"%PDF-1.7\n")
    return tmp_path


def _raising(exc: Exception):
    def fail(*args: object, **kwargs: object):
        raise exc

    return fail


@pytest.mark.parametrize("name", sorted(INPUT_COMMANDS))
@pytest.mark.parametrize(
    ("exc", "code", "usage"),
    [
        (OutputError("out/x.csv: cannot write: disk full"), 1, False),
        (OverwritesInput("x.yaml: refusing to overwrite an input file (x.yaml)"), 2, True),
        (UsageError("unknown candidate 'kota-x'"), 2, True),
        (ParitranaError("x.pdf: not a regular file (a folder)"), 1, False),
        (PermissionError(13, "Permission denied", "criteria/a.yaml"), 1, False),
        (RuntimeError("boom"), 1, False),
    ],
)
def test_every_input_command_maps_errors_the_same_way(
    work: Path, monkeypatch: pytest.MonkeyPatch, name: str, exc: Exception, code: int, usage: bool
) -> None:
    monkeypatch.setattr(pipeline, "load_for", _raising(exc))
    result = CliRunner().invoke(cli.main, INPUT_COMMANDS[name])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert ("Usage:" in result.output) is usage
    if isinstance(exc, RuntimeError):
        assert "Internal error" in result.output and "RuntimeError: boom" in result.output
    elif isinstance(exc, OSError):
        assert "Error: criteria/a.yaml: Permission denied" in result.output
    else:
        assert str(exc) in result.output


def test_invalid_input_lists_every_problem_on_every_command(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paritrana.scoring.errors import Diagnostic

    problems = [Diagnostic("a.yaml", 3, 1, "bad"), Diagnostic("b.yaml", 0, 0, "worse")]
    monkeypatch.setattr(pipeline, "load_for", _raising(InvalidInput(problems)))
    for args in INPUT_COMMANDS.values():
        result = CliRunner().invoke(cli.main, args)
        assert result.exit_code == 1, args
        assert "a.yaml:3:1: bad\nb.yaml: worse\n2 problems found" in result.output, args


def test_fields_and_synth_use_the_same_handler(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paritrana.scoring.render import table

    monkeypatch.setattr(table, "field_catalogue", _raising(RuntimeError("no table")))
    result = CliRunner().invoke(cli.main, ["fields"])
    assert result.exit_code == 1 and "Internal error" in result.output
    monkeypatch.setattr(pipeline, "generate_synthetic", _raising(UsageError("unknown category")))
    result = CliRunner().invoke(cli.main, ["synth", "--category", "x", "-o", "d"])
    assert result.exit_code == 2 and "Usage:" in result.output


def test_the_cli_passes_candidate_arguments_unparsed(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, ...]] = []

    def spy(options: pipeline.InputOptions, selectors: object = (), **kw: object):
        seen.append((options, tuple(selectors), kw["purpose"]))  # type: ignore[arg-type]
        raise UsageError("stop")

    monkeypatch.setattr(pipeline, "load_for", spy)
    CliRunner().invoke(cli.main, ["score", "a.yaml", "kota-x", "--strict", "--panel", "p"])
    CliRunner().invoke(cli.main, ["scorecard", "-o", "s", "kota-x"])
    CliRunner().invoke(cli.main, ["validate", "--candidates", "c"])
    assert seen == [
        (pipeline.InputOptions(None, (), (Path("p"),), True), ("a.yaml", "kota-x"), "assess"),
        (pipeline.InputOptions(), ("kota-x",), "sheets"),
        (pipeline.InputOptions(candidates=(Path("c"),)), (), "check"),
    ]


def test_selectors_are_parsed_once_in_order(work: Path) -> None:
    (work / "folder").mkdir()
    named = parse_selectors(["b.yml", "kota-x", "folder", "A.YAML", "kota-y"])
    assert named == (Path("b.yml"), "kota-x", Path("folder"), Path("A.YAML"), "kota-y")
    sel = resolve_selectors(["kota-x", "folder"], (), rank_among_set=False)
    assert sel.named == ("kota-x", Path("folder"))


def test_an_output_over_an_input_is_refused_before_writing(tmp_path: Path) -> None:
    inputs = pipeline.load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    victim = ROOT / "candidates" / "kota-langsa.yaml"
    before = victim.read_bytes()
    with pytest.raises(OverwritesInput, match="refusing to overwrite an input file"):
        pipeline.refuse_inputs_as_outputs(inputs, [tmp_path / "fine.csv", victim])
    assert victim.read_bytes() == before
    pipeline.refuse_inputs_as_outputs(inputs, [tmp_path / "fine.csv"])  # no error


def test_verify_of_a_missing_or_odd_file_says_which(work: Path) -> None:
    with pytest.raises(ParitranaError, match="nothing.pdf: no such file"):
        pipeline.require_regular_file(work / "nothing.pdf")
    with pytest.raises(ParitranaError, match=r"not a regular file \(a folder\)"):
        pipeline.require_regular_file(work)
    pipeline.require_regular_file(work / "sheet.pdf")
