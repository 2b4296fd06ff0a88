"""Docs stay true: every command, every file key and every field is documented."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path

import pytest
from paritrana.cli import main
from paritrana.scoring.fields import (
    FIELDS,
    PROGRAMMES,
    REGULATION_LEVEL,
    REGULATION_SCOPES,
)
from paritrana.scoring.validate import candidates as cand_mod
from paritrana.scoring.validate import criteria as crit_mod
from paritrana.scoring.validate import panel as panel_mod

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"paritrana {command}" in README


@pytest.mark.parametrize(
    "option",
    [
        "--criteria",
        "--candidates",
        "--panel",
        "--strict",
        "--lang",
        "--jobs",
        "--category",
        "--format",
        "--date",
    ],
)
def test_common_options_are_in_the_readme(option: str) -> None:
    assert option in README


def _keys() -> list[str]:
    keys = set(
        crit_mod.FILE_KEYS
        + crit_mod.CATEGORY_KEYS
        + crit_mod.PILLAR_KEYS
        + crit_mod.INDICATOR_KEYS
        + crit_mod.INPUT_KEYS
    )
    for rule_keys in crit_mod.RULE_KEYS.values():
        keys.update(rule_keys)
    keys.update(crit_mod.RULE_KEYS)  # rule type names
    keys.update(
        cand_mod.TOP_KEYS
        + cand_mod.REGULATION_KEYS
        + cand_mod.ITEM_KEYS
        + cand_mod.REPORT_KEYS
        + panel_mod.PANEL_KEYS
    )
    return sorted(keys)


def test_panel_scores_section_names_every_panel_key() -> None:
    section = FORMATS[FORMATS.index("## Panel scores") :]
    for key in panel_mod.PANEL_KEYS:
        assert f"`{key}`" in section and f"{key}:" in section, key


@pytest.mark.parametrize("key", _keys())
def test_every_file_key_is_in_formats(key: str) -> None:
    assert re.search(rf"`{re.escape(key)}\b|\b{re.escape(key)}:", FORMATS), key


@pytest.mark.parametrize("word", sorted({*REGULATION_LEVEL, *REGULATION_SCOPES, *PROGRAMMES}))
def test_every_regulation_type_scope_and_programme_is_in_formats(word: str) -> None:
    assert word in FORMATS


def test_every_field_is_in_formats() -> None:
    missing = [name for name in FIELDS if f"`{name}`" not in FORMATS]
    assert not missing, f"fields not described in docs/formats.md: {missing}"


# --- every file the docs point to is in the repository ---------------------

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# Names the docs use for files a user makes or the tool writes, not files
# of the repository.
NOT_IN_REPO = {
    "my-file.yaml",  # README: a user's own candidate file
    "panel/2022-kabupaten-kota.yaml",  # README: an example panel file the user writes
    "./panel",  # the default panel folder, made by the user
    "paritrana/criteria/",  # README, "Layout": where they install
    "paritrana/templates/",
    ".venv/bin/paritrana",  # made by ./run
}
_EXT = r"(?:md|py|yaml|yml|txt|toml|cfg|sh|j2|css|png|ttf)"
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
_CODE = re.compile(r"`([^`\s]+)`")
# A file name in running text: STACK.md, scoring/pipeline.py, seeds/x.txt.
_BARE = re.compile(rf"(?<![\w/`.:-])((?:[\w.-]+/)*[\w-]+(?:\.[\w-]+)*\.{_EXT})\b")


def _mentioned(text: str) -> set[str]:
    names = set(_MARKDOWN_LINK.findall(text)) | set(_BARE.findall(text))
    for token in _CODE.findall(text):
        if (
            "://" in token
            or token.startswith(("-", "!"))
            or token == "/"
            or re.fullmatch(r"\.\w+", token)
        ):
            continue
        if re.fullmatch(r"[\d/.,-]+", token):  # a date or a number written with '/': 20/02/2023
            continue
        if "/" in token or re.search(rf"\.{_EXT}$", token):
            names.add(token)
    return {n for n in names if "://" not in n and not n.startswith("mailto:")}


def _exists(name: str, doc: Path, tracked: set[str]) -> bool:
    if "/" not in name and any(ch in name for ch in "*?["):
        # A kind of file ("*.html.j2"): some file of the repository is one.
        return any(fnmatch.fnmatch(t, name) for t in tracked)
    for base in (ROOT, doc.parent):
        if any(ch in name for ch in "*?["):
            if list(base.glob(name.rstrip("/"))):
                return True
        elif (base / name).exists():
            return True
    # A bare file name ("candidates.py" in a list of a folder's modules).
    return "/" not in name and name in tracked


def _tracked_names() -> set[str]:
    return {p.name for p in ROOT.rglob("*") if ".venv" not in p.parts and ".git" not in p.parts}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_the_docs_mention_exists(doc: Path) -> None:
    tracked = _tracked_names()
    missing = sorted(
        name
        for name in _mentioned(doc.read_text(encoding="utf-8"))
        if name not in NOT_IN_REPO and not _exists(name, doc, tracked)
    )
    assert missing == [], f"{doc.relative_to(ROOT)} names files the repository does not have"


def test_the_link_check_finds_what_it_must() -> None:
    text = (
        "See STACK.md and `seeds/` and [x](gone.md), `scoring/pipeline.py`, "
        "https://example.org/a.md, `--format`, `docs/img/scorecard.png`."
    )
    assert _mentioned(text) == {
        "STACK.md",
        "seeds/",
        "gone.md",
        "scoring/pipeline.py",
        "docs/img/scorecard.png",
    }
    tracked = _tracked_names()
    assert not _exists("STACK.md", ROOT / "README.md", tracked)
    assert not _exists("seeds/", ROOT / "docs" / "domain.md", tracked)
    assert _exists("sources/", ROOT / "docs" / "domain.md", tracked)  # relative to docs/
    assert _exists("criteria/*.yaml", ROOT / "README.md", tracked)


# --- the source reports are kept as gathered --------------------------------

SOURCES = ROOT / "docs" / "sources"


def test_source_reports_are_kept_as_gathered() -> None:
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w-]+\.txt)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.MULTILINE)
    assert sorted(name for name, _ in rows) == sorted(p.name for p in SOURCES.glob("*.txt"))
    for name, digest in rows:
        assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == digest, name


def test_every_sample_report_is_a_source_file() -> None:
    import yaml

    for path in sorted((ROOT / "candidates").glob("*.yaml")):
        for report in yaml.safe_load(path.read_text(encoding="utf-8"))["reports"]:
            assert (SOURCES / f"{report['id']}.txt").is_file(), (path.name, report["id"])


# --- `paritrana --help` is enough for someone who has only the tool --------

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def test_top_level_help_stands_alone() -> None:
    from click.testing import CliRunner
    from paritrana.scoring.load.files import load_documents
    from paritrana.scoring.validate.criteria import validate_criteria

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    text = result.output
    for command in main.commands:
        assert f"  {command} " in text, command
    for option in ("--criteria", "--candidates", "--panel"):
        assert option in text
    assert "Exit codes:" in text
    for code, meaning in (("0", "done"), ("1", "invalid input"), ("2", "usage error")):
        assert re.search(rf"^\s+{code}\s+{meaning}", text, re.MULTILINE), code
    # Where the criteria come from, and that the shipped ones are a proposal;
    # the edition and number of categories it names are those of the files.
    assert "./criteria" in text and "shipped" in text and "PROPOSAL" in text
    docs, _ = load_documents([ROOT / "criteria"])
    crit, _ = validate_criteria(docs)
    assert crit is not None
    assert f"edition {crit.edition}, {NUMBER_WORDS[len(crit.categories)]} categories" in text
    # It sends nobody to files they may not have, and names no web address.
    assert "README" not in text and "://" not in text
    # In a checkout (where the tests run) it names the docs/ folder beside
    # the code, and that folder is there.
    flat = " ".join(text.split())
    places = re.findall(r"reference \(.*?\) is in (\S+?)\.(?:\s|$)", flat)
    assert places == [str(ROOT / "docs")], flat[-200:]
    assert Path(places[0], "formats.md").is_file()


def test_pre_commit_runs_the_checks_of_run_lint_and_run_test() -> None:
    """The git hooks, `./run lint` and the README name the same checks."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing fetched
    assert all(h["language"] == "system" for h in hooks.values())
    run = (ROOT / "run").read_text(encoding="utf-8")
    lint = run[run.index("\nlint() {") : run.index("\n}\n", run.index("\nlint() {"))]
    for hook, command in (
        ("ruff-check", "ruff check ."),
        ("ruff-format", "ruff format --check ."),
        ("mypy", "mypy --config-file pyproject.toml"),
    ):
        assert hooks[hook]["entry"] == f".venv/bin/{command}", hook
        assert f'"$VENV/bin/{command.split()[0]}" {command.split(" ", 1)[1]}' in lint, hook
        assert hooks[hook]["stages"] == ["pre-commit"]
    assert hooks["layers"]["entry"].endswith("pytest -q tests/test_layers.py")
    assert hooks["run-test"]["entry"] == "./run test" and hooks["run-test"]["stages"] == [
        "pre-push"
    ]
    # The whole suite is held to the coverage floor that the README states.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    floor = re.search(r"^fail_under = (\d+)$", pyproject, re.MULTILINE)
    assert floor is not None
    assert f"at or above {floor.group(1)}%" in README
    assert "--cov" in run[run.index("\ntests() {") :]
