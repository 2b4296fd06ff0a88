"""Help texts in the user's language (issue 9): every command's help, short
help and epilog, and every option's help, has an Indonesian translation,
and `--help` shows it.

The catalog checks walk the whole command tree (the root group, every
command, `panel` and its subcommands) and look each text up the way the
CLI does: its msgid is the text after `inspect.cleandoc` (cli.py, the
`Option`, `Command` and `Group` classes). Babel must extract exactly that
msgid from cli.py (`./run i18n`), and the compiled Indonesian catalog must
translate it, so a new command or option without a translation fails here.
The behaviour tests set the language in the environment of the run, as a
user would (PARITRANA_LANG).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from click.testing import CliRunner
from paritrana import cli
from paritrana.cli import main
from paritrana.scoring import messages

ROOT = Path(__file__).resolve().parent.parent
MO = ROOT / "scoring" / "locale" / "id" / "LC_MESSAGES" / "paritrana.mo"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
# click's own options, whose help comes from click's catalog, not ours.
CLICKS_OWN = {"version"}
# The root epilog's two forms: with the docs folder (a source checkout)
# and without (an installed copy); only one is on `main` at a time.
EPILOGS = (
    "Each command explains itself: paritrana COMMAND --help. The full reference "
    "(file formats, outputs, design) is in {docs}.",
    "Each command explains itself: paritrana COMMAND --help.",
)


def _commands(
    command: click.Command = main, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """(the words that call it, the command), the root first, depth first."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


def _texts() -> list[tuple[str, str]]:
    """(where, help text) of every command and option of the tree."""
    out = []
    for path, command in _commands():
        where = " ".join(("paritrana", *path))
        for attr in ("help", "short_help", "epilog"):
            text = getattr(command, attr)
            if text:
                out.append((f"{where}: {attr}", text))
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in CLICKS_OWN:
                out.append((f"{where} {param.opts[-1]}: help", param.help or ""))
    return out


TEXTS = _texts()


def _catalog() -> dict[str, str]:
    with open(MO, "rb") as f:
        catalog = read_mo(f)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str)}


def _extracted() -> set[str]:
    return {
        message
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(ROOT / "cli.py"), keywords=KEYWORDS
        )
        if isinstance(message, str)
    }


def test_the_walk_reaches_every_command_and_option() -> None:
    # A floor, so a broken walk cannot pass the checks below by finding
    # nothing: the root, 13 commands, panel's 3 subcommands; every option
    # of rank (10 of its own and shared, less --help), and panel form's.
    paths = {path for path, _ in _commands()}
    assert () in paths and ("rank",) in paths and ("panel", "form") in paths
    assert len(paths) == 1 + 13 + 3
    # Sub-groups are plain Groups: the root's epilog ({docs}) is its own.
    assert type(main) is cli._Root and type(main.commands["panel"]) is cli.Group
    wheres = {where for where, _ in TEXTS}
    assert "paritrana rank --top: help" in wheres
    assert "paritrana panel form --slots: help" in wheres
    assert "paritrana: epilog" in wheres
    assert not any("--help" in where or "--version" in where for where in wheres)


def test_every_command_and_option_uses_the_translating_classes() -> None:
    # A plain click.option or click.command would show its help in English.
    wrong = [
        " ".join(("paritrana", *path))
        for path, command in _commands()
        if not isinstance(command, cli.Command)
    ]
    wrong += [
        f"{' '.join(('paritrana', *path))} {param.opts[-1]}"
        for path, command in _commands()
        for param in command.params
        if isinstance(param, click.Option)
        and param.name not in CLICKS_OWN
        and not isinstance(param, cli.Option)
    ]
    assert not wrong, "use cli.option / the root group's classes:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_every_help_text_is_extracted_and_translated(where: str, text: str) -> None:
    assert text, f"{where}: no help text (every command and option explains itself)"
    msgid = inspect.cleandoc(text)
    # Babel finds it with the msgid click looks up: not a docstring or a
    # literal whose cleandoc differs, not an f-string.
    assert msgid in _extracted(), f"{where}: {msgid!r} is not what ./run i18n extracts"
    translation = _catalog().get(msgid, "")
    assert translation.strip(), f"{where}: no Indonesian translation of {msgid!r}"
    assert translation != msgid


@pytest.mark.parametrize("msgid", EPILOGS)
def test_both_root_epilogs_are_translated(msgid: str) -> None:
    # Only one of them is on `main` (the docs folder decides at import).
    assert msgid in _extracted()
    translation = _catalog().get(msgid, "")
    assert translation.strip() and translation != msgid
    assert ("{docs}" in translation) == ("{docs}" in msgid)


def test_markers_and_paragraphs_survive_translation() -> None:
    # \b (keep this paragraph's lines as they are) and \f (cut the help
    # here) are click's markers: the translation has the same ones, and
    # the same paragraphs, so a \b block stays a block.
    catalog = _catalog()
    checked = 0
    for where, text in TEXTS:
        msgid = inspect.cleandoc(text)
        translation = catalog[msgid]
        for marker in ("\b", "\f"):
            assert translation.count(marker) == msgid.count(marker), (where, marker)
        assert translation.count("\n\n") == msgid.count("\n\n"), where
        # A \b block is not rewrapped: its lines fit 78 columns once click
        # indents them by 2.
        for paragraph in translation.split("\n\n"):
            if paragraph.startswith("\b"):
                wide = [line for line in paragraph.splitlines() if len(line) > 76]
                assert not wide, (where, wide)
        checked += "\b" in msgid
    assert checked == 1  # the root's help: two \b blocks


def _help(*args: str, lang: str) -> str:
    result = CliRunner().invoke(
        main, [*args, "--help"], env={"PARITRANA_LANG": lang}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # click wraps to the width: compare words


@pytest.mark.own_language
def test_rank_help_in_indonesian_and_english() -> None:
    indonesian = _help("rank", lang="id")
    assert "Daftar peringkat per kategori (tabel terminal, CSV, JSON, atau XLSX)." in indonesian
    assert "--category TEXT Hanya kategori ini (dapat diulang)." in indonesian  # CATEGORIES
    assert "--top N Masukkan N peringkat teratas" in indonesian  # TOP
    assert "--strict Perlakukan peringatan" in indonesian  # input_options
    assert "Ranked list per category" not in indonesian
    english = _help("rank", lang="en")
    assert "Ranked list per category (terminal table, CSV, JSON or XLSX)." in english
    assert "--category TEXT Only this category (repeatable)." in english
    assert "--strict Treat warnings (unknown keys, missing values) as errors." in english
    assert "Daftar peringkat" not in english


@pytest.mark.own_language
def test_panel_subcommand_help_in_indonesian_and_english() -> None:
    indonesian = _help("panel", "form", lang="id")
    assert "Formulir wawancara kosong siap cetak (PDF)" in indonesian
    assert "--judge TEXT Formulir untuk penilai ini (dapat diulang)." in indonesian
    # output_folder's help, given by the command
    assert "Folder tujuan formulir (dibuat bila belum ada)." in indonesian
    assert "Blank printable interview forms" not in indonesian
    english = _help("panel", "form", lang="en")
    assert "Blank printable interview forms (PDF)" in english
    assert "--judge TEXT Forms of this judge (repeatable)." in english
    assert "Folder for the forms (created if needed)." in english


@pytest.mark.own_language
def test_panel_lists_its_commands_in_indonesian() -> None:
    # A group's list shows each command's short help: the first sentence
    # of its translated help.
    indonesian = _help("panel", lang="id")
    assert "Alur kerja penilai: kerangka berkas penilai" in indonesian
    assert "status Siapa yang belum menilai siapa" in indonesian
    assert "template Menulis kerangka berkas penilai" in indonesian


@pytest.mark.own_language
@pytest.mark.parametrize("epilog", EPILOGS)
def test_root_help_in_indonesian_keeps_its_blocks_and_fills_the_epilog(
    epilog: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The root's own --help runs before `main` chooses the language: set
    # it in the messages module as well as in the environment.
    messages.set_language("id")
    monkeypatch.setattr(main, "epilog", epilog)
    result = CliRunner().invoke(
        main, ["--help"], env={"PARITRANA_LANG": "id"}, catch_exceptions=False
    )
    out = result.output
    # The \b block's lines, verbatim (not rewrapped), indented by click.
    assert (
        "\n  Kode keluar:\n    0  selesai (verify: lembar sesuai dengan berkas masukannya)\n" in out
    )
    assert "\n    --candidates PATH  berkas atau folder peserta (dapat diulang).\n" in out
    assert "Exit codes" not in out
    assert "{docs}" not in out
    words = " ".join(out.split())
    if "{docs}" in epilog:
        assert f"Rujukan lengkap (format berkas, keluaran, rancangan) ada di {cli._DOCS}." in words
    else:  # an installed copy: no file the user does not have is named
        assert words.endswith("Penjelasan setiap perintah: paritrana COMMAND --help.")
        assert "docs" not in words.split("Commands:")[-1]
