"""click's own texts in the user's language (issue 9).

click marks its texts ("Usage:", "Missing option", "Show this message and
exit.") for gettext; cli.py points every click module that imports gettext
at paritrana's catalog of them (domain `click`,
scoring/locale/id/LC_MESSAGES/click.po), and the root command chooses the
language from the arguments before click reads them. The catalog checks
extract the installed click's texts as `./run i18n` does, so a click
upgrade that adds a text fails here until it is translated. The behaviour
tests run the CLI in each language (`own_language`): the Indonesian
expected is the catalog's translation written out by hand, the English is
click's msgid filled in, word for word.
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
import io
import re
import string
import sys
from collections import Counter
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from paritrana import __version__, cli
from paritrana.cli import main
from paritrana.scoring import messages

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "scoring" / "locale"
CLICK_DIR = Path(click.__file__).parent
LOCALE_VARIABLES = ("PARITRANA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# The one text click translates through a variable (`_(extra["required"])`,
# `[required]` in --help): invisible to extraction, added by ./run i18n.
BY_VARIABLE = frozenset({"required"})

Msgid = str | tuple[str, str]


@functools.cache
def _click_msgids() -> frozenset[Msgid]:
    """Every text the installed click marks, as ./run i18n extracts them."""
    found: set[Msgid] = set(BY_VARIABLE)
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(CLICK_DIR),
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else tuple(message))  # type: ignore[arg-type]
    return frozenset(found)


def _po():
    with open(LOCALE / "id" / "LC_MESSAGES" / "click.po", "rb") as f:
        return read_po(f, locale="id")


def _strings(m) -> tuple[str, ...]:
    return (m.string,) if isinstance(m.string, str) else tuple(m.string)


def _fields(text: str) -> Counter[str]:
    """The placeholders of a text: `{name!r:spec}` as .format reads them and
    `%(name)s` (click's version message is %-formatted)."""
    out: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            out[f"{{{name}!{conversion or ''}:{spec or ''}}}"] += 1
    out.update(re.findall(r"%\(\w+\)[sdr]", text))
    return out


# --- the catalog ------------------------------------------------------------


def test_extraction_finds_clicks_texts() -> None:
    # A floor, so a broken extraction (wrong folder, wrong keywords) cannot
    # pass the check below by finding nothing: click 8.1 marks over 60 texts.
    ids = _click_msgids()
    assert len(ids) > 60
    assert "Usage:" in ids
    assert "Show this message and exit." in ids
    assert (
        "Got unexpected extra argument ({args})",
        "Got unexpected extra arguments ({args})",
    ) in ids


def test_every_click_text_has_an_indonesian_translation_in_the_compiled_catalog() -> None:
    with open(LOCALE / "id" / "LC_MESSAGES" / "click.mo", "rb") as f:
        compiled = read_mo(f)
    missing = []
    for msgid in sorted(_click_msgids(), key=str):
        entry = compiled.get(msgid if isinstance(msgid, str) else msgid[0])
        if entry is None or not all(_strings(entry)):
            missing.append(msgid)
    assert not missing, (
        "click texts without an Indonesian translation (click upgraded? ./run i18n, then "
        f"translate them in scoring/locale/id/LC_MESSAGES/click.po): {missing}"
    )


def test_click_catalog_is_compiled_and_has_no_fuzzy_entries() -> None:
    po = _po()
    assert not [m.id for m in po if m.id and m.fuzzy]
    assert not po.obsolete
    assert po.plural_forms == "nplurals=1; plural=0;"  # one form: no plural -s
    compiled = io.BytesIO()
    write_mo(compiled, po)
    committed = (LOCALE / "id" / "LC_MESSAGES" / "click.mo").read_bytes()
    assert committed == compiled.getvalue(), "click.mo is stale; run ./run i18n"


def test_click_translations_keep_the_placeholders() -> None:
    wrong = []
    for m in _po():
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        # Indonesian has one form, used for every count: it takes the
        # placeholders of the plural (click passes both forms' to .format).
        expected = _fields(ids[-1])
        for text in _strings(m):
            if _fields(text) != expected:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "placeholders differ from the msgid's:\n" + "\n".join(wrong)


def test_placeholder_check_can_fail() -> None:
    assert _fields("%(prog)s, version %(version)s") != _fields("%(prog)s, versi %(versi)s")
    assert _fields("{value!r} is not {choice}.") != _fields("{value} bukan {choice}.")


def test_english_is_clicks_own_text() -> None:
    # No English catalog: in English every text is click's msgid, unchanged.
    messages.set_language("en")
    for msgid in _click_msgids():
        if isinstance(msgid, str):
            assert cli._click_gettext(msgid) == msgid
        else:
            assert cli._click_ngettext(*msgid, 1) == msgid[0]
            assert cli._click_ngettext(*msgid, 2) == msgid[1]


def test_every_click_module_that_imports_gettext_uses_the_catalog() -> None:
    # A click release that adds a module with texts fails here until
    # CLICK_MODULES lists it.
    seen = []
    for path in sorted(CLICK_DIR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "from gettext import" not in source:
            continue
        name = path.stem
        seen.append(name)
        if name == "_winconsole" and sys.platform != "win32":
            assert name not in cli.CLICK_MODULES  # it imports msvcrt
            continue
        assert name in cli.CLICK_MODULES, f"click.{name} imports gettext: add it to CLICK_MODULES"
        module = importlib.import_module(f"click.{name}")
        if re.search(r"from gettext import gettext as _\b", source):
            assert module._ is cli._click_gettext, name  # type: ignore[attr-defined]
        if re.search(r"from gettext import ngettext\b", source):
            assert module.ngettext is cli._click_ngettext, name  # type: ignore[attr-defined]
    assert {"core", "exceptions", "formatting", "parser", "types"} <= set(seen)


def test_the_catalog_ships_with_the_package() -> None:
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    globs = re.findall(r"^\s+(locale/\S+)$", setup, flags=re.MULTILINE)
    assert any(fnmatch.fnmatch("locale/id/LC_MESSAGES/click.mo", g) for g in globs), globs
    assert (messages.LOCALE_DIR / "id" / "LC_MESSAGES" / "click.mo").is_file()
    assert re.search(r"^\s+click>=8\.1,<9$", setup, flags=re.MULTILINE)


# --- the language, read from the arguments ------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], None),
        (["rank", "--help"], None),
        (["rank", "--lang", "en"], "en"),
        (["rank", "--lang=en"], "en"),
        (["rank", "--help", "--lang", "en"], "en"),  # after --help too
        (["rank", "--lang", "en", "--lang", "id"], "id"),  # the last, as click takes
        (["rank", "--lang=id", "--lang", "en"], "en"),
        (["rank", "--lang", "en", "--lang", "fr"], "en"),  # fr is no language: the last that is
        (["rank", "--lang", "fr"], None),
        (["rank", "--lang"], None),  # no value
        (["rank", "--lang", "en", "--", "--lang", "id"], "en"),  # after --: an argument
        (["rank", "--", "--lang", "en"], None),
        (["rank", "--lang", "--", "--lang", "en"], None),
        (["rank", "--language", "en"], None),  # another option
    ],
)
def test_language_from_arguments(args: list[str], expected: str | None) -> None:
    assert cli._language_from_arguments(args) == expected


# --- click's texts in the CLI, in both languages ------------------------------


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # names no language: Bahasa Indonesia
    monkeypatch.chdir(ROOT)


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(
        main, list(args), env=env, prog_name="paritrana", catch_exceptions=False
    )
    assert "Traceback" not in result.output
    return result


def _flat(text: str) -> str:
    """The output with click's line wrapping undone (any run of white space
    one space), so a bracket wrapped across two lines still matches."""
    return " ".join(text.split())


ENGLISH = {"PARITRANA_LANG": "en"}

# (arguments, exit code, English (click's msgid filled in), Indonesian)
CASES = [
    (
        ["rank", "--help"],
        0,
        [
            "Usage: paritrana rank [OPTIONS]",
            "Options:",
            "-h, --help Show this message and exit.",
            "[default: id]",
            "[x>=1]",  # --top: IntRange(1); the range is written as click writes it
        ],
        [
            "Penggunaan: paritrana rank [OPTIONS]",
            "Opsi:",
            "-h, --help Tampilkan pesan ini, lalu keluar.",
            "[bawaan: id]",
            "[x>=1]",
        ],
    ),
    (
        ["--help"],
        0,
        [
            "Usage: paritrana [OPTIONS] COMMAND [ARGS]...",
            "Commands:",
            "--version Show the version and exit.",
        ],
        [
            "Penggunaan: paritrana [OPTIONS] COMMAND [ARGS]...",
            "Perintah:",
            "--version Tampilkan versi, lalu keluar.",
        ],
    ),
    (
        ["init", "--help"],
        0,
        ["[required]", "--criteria PATH"],  # the metavar is syntax: PATH in both
        ["[wajib]", "--criteria PATH"],
    ),
    (
        ["init"],
        2,
        ["Try 'paritrana init --help' for help.", "Error: Missing option '--category'."],
        ["Coba 'paritrana init --help' untuk bantuan.", "Galat: Diperlukan opsi '--category'."],
    ),
    (
        ["score"],
        2,
        ["Error: Missing argument 'CANDIDATE...'."],
        ["Galat: Diperlukan argumen 'CANDIDATE...'."],
    ),
    (
        # difflib finds one close name: the singular form of the hint
        ["rank", "--formt", "csv"],
        2,
        ["Error: No such option '--formt'. Did you mean '--format'?"],
        ["Galat: Tidak ada opsi '--formt'. Maksud Anda '--format'?"],
    ),
    (
        ["rank", "--format", "x"],
        2,
        ["Error: Invalid value for '--format': 'x' is not one of 'table', 'csv', 'json', 'xlsx'."],
        [
            "Galat: Nilai tidak sah untuk '--format': 'x' bukan salah satu dari "
            "'table', 'csv', 'json', 'xlsx'."
        ],
    ),
    (
        ["rank", "--top", "0"],
        2,
        ["Error: Invalid value for '--top': 0 is not in the range x>=1."],
        ["Galat: Nilai tidak sah untuk '--top': 0 di luar rentang x>=1."],
    ),
    (
        ["rank", "extra"],
        2,
        ["Error: Got unexpected extra argument (extra)"],
        ["Galat: Ada argumen tambahan yang tidak diharapkan (extra)"],
    ),
    (
        ["rank", "a", "b"],
        2,
        ["Error: Got unexpected extra arguments (a b)"],  # the plural form
        ["Galat: Ada argumen tambahan yang tidak diharapkan (a b)"],  # Indonesian: one form
    ),
    (
        ["nosuch"],
        2,
        ["Try 'paritrana --help' for help.", "Error: No such command 'nosuch'."],
        ["Coba 'paritrana --help' untuk bantuan.", "Galat: Tidak ada perintah 'nosuch'."],
    ),
    (
        ["--version"],
        0,
        [f"paritrana, version {__version__}"],
        [f"paritrana, versi {__version__}"],
    ),
]
ENGLISH_ONLY = ("Usage:", "Options:", "Error:", "Try '", "Show this", "[default:", "[required]")


@pytest.mark.own_language
@pytest.mark.parametrize(("args", "code", "english", "indonesian"), CASES)
def test_clicks_texts_in_indonesian_by_default(
    clean_env: None, args: list[str], code: int, english: list[str], indonesian: list[str]
) -> None:
    result = _run(*args)
    assert result.exit_code == code, result.output
    out = _flat(result.output)
    for text in indonesian:
        assert text in out
    for text in ENGLISH_ONLY:
        assert text not in out


@pytest.mark.own_language
@pytest.mark.parametrize(("args", "code", "english", "indonesian"), CASES)
def test_clicks_texts_unchanged_in_english(
    clean_env: None, args: list[str], code: int, english: list[str], indonesian: list[str]
) -> None:
    result = _run(*args, env=ENGLISH)
    assert result.exit_code == code, result.output
    out = _flat(result.output)
    for text in english:
        assert text in out


@pytest.mark.own_language
def test_english_usage_error_word_for_word(clean_env: None) -> None:
    # The whole of click's usage error, as click writes it without a catalog.
    result = _run("init", env=ENGLISH)
    assert result.output == (
        "Usage: paritrana init [OPTIONS]\n"
        "Try 'paritrana init --help' for help.\n"
        "\n"
        "Error: Missing option '--category'.\n"
    )
    result = _run("init")
    assert result.output == (
        "Penggunaan: paritrana init [OPTIONS]\n"
        "Coba 'paritrana init --help' untuk bantuan.\n"
        "\n"
        "Galat: Diperlukan opsi '--category'.\n"
    )


@pytest.mark.own_language
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["rank", "--help", "--lang", "en"], None, "en"),  # --lang after the eager --help
        (["rank", "--lang", "en", "--help"], None, "en"),
        (["rank", "--help", "--lang=en"], None, "en"),
        (["rank", "--help", "--lang", "id"], ENGLISH, "id"),  # the option beats the environment
        (["rank", "--help"], ENGLISH, "en"),
        (["rank", "--help"], {"LANG": "en_US.UTF-8"}, "en"),
        (["rank", "--help"], {"LANG": "id_ID.UTF-8"}, "id"),
        (["rank", "--help"], None, "id"),
    ],
)
def test_the_language_is_chosen_before_click_writes(
    clean_env: None, args: list[str], env: dict[str, str] | None, expected: str
) -> None:
    result = _run(*args, env=env)
    assert result.exit_code == 0, result.output
    heading = {"en": "Usage: paritrana rank", "id": "Penggunaan: paritrana rank"}[expected]
    assert result.output.startswith(heading)


@pytest.mark.own_language
def test_usage_error_before_the_lang_option_is_read(clean_env: None) -> None:
    # click stops at the unknown option, before --lang's callback could run.
    result = _run("rank", "--formt", "csv", "--lang", "en")
    assert result.exit_code == 2
    assert "Error: No such option '--formt'. Did you mean '--format'?" in result.output
    result = _run("rank", "--top", "0", "--lang", "en")
    assert "Error: Invalid value for '--top': 0 is not in the range x>=1." in result.output


@pytest.mark.own_language
def test_texts_click_makes_once_follow_each_run(clean_env: None) -> None:
    # The -h/--help option (made once per command and kept) and --version
    # (made when cli.py is imported) are translated when shown: one process
    # runs in one language, then the other, then the first again.
    for env, help_text, version in [
        (None, "Tampilkan pesan ini, lalu keluar.", "versi"),
        (ENGLISH, "Show this message and exit.", "version"),
        (None, "Tampilkan pesan ini, lalu keluar.", "versi"),
    ]:
        assert help_text in _flat(_run("rank", "--help", env=env).output)
        assert help_text in _flat(_run("--help", env=env).output)
        assert _run("--version", env=env).output == f"paritrana, {version} {__version__}\n"


@pytest.mark.own_language
def test_aborted_in_the_users_language(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C while a command runs: click prints its "Aborted!" and exits 1.
    def interrupted(*_args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "rank_format", interrupted)
    result = _run("rank")
    assert result.exit_code == 1
    assert result.output.strip() == "Dibatalkan!"
    result = _run("rank", "--lang", "en")
    assert result.output.strip() == "Aborted!"


@pytest.mark.own_language
def test_a_command_run_on_its_own_chooses_too(clean_env: None) -> None:
    # `Command.make_context` chooses for any command run as the root, not
    # only for the `paritrana` group.
    result = CliRunner().invoke(cli.init, ["--lang", "en"])
    assert "Error: Missing option '--category'." in result.output
    result = CliRunner().invoke(cli.init, [])
    assert "Galat: Diperlukan opsi '--category'." in result.output


def test_lang_before_the_command_is_an_option_of_the_root() -> None:
    # `paritrana --lang en --help` and `paritrana --lang en validate`: the
    # root takes --lang too (it was a usage error, "No such option"), so
    # the language can be given before the command as well as after it.
    root_help = _run("--lang", "en", "--help")
    assert root_help.exit_code == 0
    assert root_help.output.startswith("Usage: paritrana [OPTIONS] COMMAND [ARGS]...")
    assert "--lang [id|en]" in root_help.output
    samples = Path(cli.__file__).resolve().parent / "candidates"
    validate = _run("--lang", "en", "validate", "--candidates", str(samples))
    assert validate.exit_code == 0, validate.output
    assert "OK: criteria edition 2022 (6 categories), 4 candidates" in validate.output
    bad = _run("--lang", "xx", "validate", env={"PARITRANA_LANG": "id"})
    assert bad.exit_code == 2
    assert (
        "Galat: Nilai tidak sah untuk '--lang': 'xx' bukan salah satu dari 'id', 'en'."
        in bad.output
    )
