"""Docs stay true: every command, every file key and every field is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from paritrana.cli import main
from paritrana.scoring.validate import candidates as cand_mod
from paritrana.scoring.validate import criteria as crit_mod
from paritrana.scoring.validate import panel as panel_mod
from paritrana.scoring.validate.fields import (
    FIELDS,
    PROGRAMMES,
    REGULATION_LEVEL,
    REGULATION_SCOPES,
)

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"paritrana {command}" in README


@pytest.mark.parametrize("option", ["--criteria", "--candidates", "--panel", "--strict", "--lang",
                                    "--jobs", "--category", "--format", "--date"])
def test_common_options_are_in_the_readme(option: str) -> None:
    assert option in README


def _keys() -> list[str]:
    keys = set(crit_mod.FILE_KEYS + crit_mod.CATEGORY_KEYS + crit_mod.PILLAR_KEYS
               + crit_mod.INDICATOR_KEYS + crit_mod.INPUT_KEYS)
    for rule_keys in crit_mod.RULE_KEYS.values():
        keys.update(rule_keys)
    keys.update(crit_mod.RULE_KEYS)  # rule type names
    keys.update(cand_mod.TOP_KEYS + cand_mod.REGULATION_KEYS + cand_mod.ITEM_KEYS
                + cand_mod.REPORT_KEYS + panel_mod.PANEL_KEYS)
    return sorted(keys)


def test_panel_scores_section_names_every_panel_key() -> None:
    section = FORMATS[FORMATS.index("## Panel scores"):]
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
