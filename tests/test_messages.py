"""Messages in the user's language (issue 9): the catalogs and the choice.

The catalog checks read what Babel reads: the `_()`, `ngettext()` and
`N_()` texts of cli.py and scoring/ (babel.cfg), and the committed .po and
.mo files of scoring/locale/. The behaviour tests run the CLI with the
environment each case names (`own_language`: the suite's English default
is off for them).
"""

from __future__ import annotations

import ast
import functools
import io
import string
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring import messages
from paritrana.scoring.errors import Diagnostic, InvalidInput

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "scoring" / "locale"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
LOCALE_VARIABLES = ("PARITRANA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _catalog(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "paritrana.po", "rb") as f:
        return read_po(f, locale=lang)


@functools.cache
def _code_msgids() -> frozenset[str | tuple[str, str]]:
    """Every text the code marks, as Babel extracts it (./run i18n); read
    once per run (extracting the whole tree takes a second or more)."""
    found: set[str | tuple[str, str]] = set()
    method_map = [("cli.py", "python"), ("scoring/**.py", "python")]
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords=KEYWORDS,
        directory_filter=lambda d: Path(d).name not in (".venv", "tests", ".git", "bench"),
    ):
        found.add(message if isinstance(message, str) else tuple(message))  # type: ignore[arg-type]
    return frozenset(found)


def _fields(text: str) -> Counter[str]:
    """The placeholders of a text as `.format` reads them: name, conversion, spec."""
    out: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            out[f"{name}!{conversion or ''}:{spec or ''}"] += 1
    return out


# --- the catalogs -----------------------------------------------------------


def test_extraction_finds_the_messages() -> None:
    # A floor, so a broken extraction (wrong keywords, wrong paths) cannot
    # pass the checks below by finding nothing: the validators alone mark
    # well over a hundred texts, among them these.
    ids = _code_msgids()
    assert len(ids) > 300
    assert "not found" in ids
    assert ("{n} problem in the input files", "{n} problems in the input files") in ids


def test_every_message_has_an_indonesian_translation() -> None:
    catalog = _catalog("id")
    translated = {}
    for m in catalog:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else tuple(m.id)
        strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        translated[key] = all(s for s in strings)
    missing = sorted(str(i) for i in _code_msgids() if not translated.get(i))
    assert not missing, "no Indonesian translation (run ./run i18n, then translate):\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_catalog_has_no_fuzzy_or_obsolete_entries(lang: str) -> None:
    catalog = _catalog(lang)
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries in {lang}: {fuzzy}"
    assert not catalog.obsolete, f"obsolete entries in {lang}: {list(catalog.obsolete)}"
    code = _code_msgids()
    stale = sorted(
        str(m.id)
        for m in catalog
        if m.id and (m.id if isinstance(m.id, str) else tuple(m.id)) not in code
    )
    assert not stale, f"{lang} holds texts the code no longer has (./run i18n): {stale}"


def test_english_catalog_is_the_msgids() -> None:
    written = [m.id for m in _catalog("en") if m.id and any(_strings(m))]
    assert not written, f"English msgstrs must stay empty (the msgid is the text): {written}"


def _strings(m) -> tuple[str, ...]:
    return (m.string,) if isinstance(m.string, str) else tuple(m.string)


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_committed_mo_is_the_compiled_po(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(lang))
    committed = (LOCALE / lang / "LC_MESSAGES" / "paritrana.mo").read_bytes()
    assert committed == compiled.getvalue(), f"{lang}: .mo is stale; run ./run i18n"


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for m in _catalog("id"):
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        expected = _fields(ids[-1])
        for text in _strings(m):
            if text and _fields(text) != expected:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "placeholders differ from the msgid's:\n" + "\n".join(wrong)


def test_placeholder_check_can_fail() -> None:
    assert _fields("{name} must be a list") != _fields("{nama} harus berupa daftar")
    assert _fields("byte 0x{byte:02x}") != _fields("bita 0x{byte}")
    assert _fields("{a} and {a}") == _fields("{a} dan {a}")


def test_no_fstring_inside_a_marked_text() -> None:
    # `_(f"...")` would put the filled-in text into the catalog lookup:
    # never translated, and invisible to the extraction.
    bad = []
    for path in [ROOT / "cli.py", *(ROOT / "scoring").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS
                and any(isinstance(a, ast.JoinedStr) for a in node.args)
            ):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, bad


def test_catalogs_ship_with_the_package() -> None:
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/*.mo" in setup
    for lang in messages.LANGUAGES:
        assert (messages.LOCALE_DIR / lang / "LC_MESSAGES" / "paritrana.mo").is_file()


# --- the language choice -------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANGUAGE": "fr:en", "LANG": "id_ID.UTF-8"}, "en"),  # LANGUAGE before LANG
        ({"LC_ALL": "id_ID", "LANG": "en_US.UTF-8"}, "id"),
        ({"LC_MESSAGES": "en_US", "LANG": "id_ID"}, "en"),
        ({"PARITRANA_LANG": "id", "LC_ALL": "en_US.UTF-8"}, "id"),
        ({"PARITRANA_LANG": "xx", "LANG": "en"}, "en"),  # not a language: the next decides
        ({"LANG": "ind"}, None),  # ISO 639-2 is not what locales use; not guessed
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str | None) -> None:
    assert messages.language_from_environment(environ) == expected


def test_set_language_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        messages.set_language("fr")


def test_plural_forms() -> None:
    messages.set_language("en")
    assert str(InvalidInput([Diagnostic("a.yaml", 1, 1, "x")])) == "1 problem in the input files"
    two = [Diagnostic("a.yaml", 1, 1, "x"), Diagnostic("a.yaml", 2, 1, "y")]
    assert str(InvalidInput(two)) == "2 problems in the input files"
    messages.set_language("id")
    # Indonesian has one form (Plural-Forms: nplurals=1): no plural -s.
    assert str(InvalidInput(two)) == "2 masalah dalam berkas masukan"
    assert str(InvalidInput(two[:1])) == "1 masalah dalam berkas masukan"


BROKEN = "id: kota-x\nname: Kota X\ncategory: kabupaten-kot\nperiod: 2022\n"
SYNTAX = "id: kota-x\nname: [Kota X\n"


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.chdir(ROOT)
    (tmp_path / "x.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(SYNTAX, encoding="utf-8")
    return tmp_path


def _validate(*args: str):
    result = CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.mark.own_language
def test_default_is_indonesian_with_the_place_unchanged(clean_env: Path) -> None:
    broken = clean_env / "x.yaml"
    result = _validate("--candidates", str(broken))
    assert result.exit_code == 1
    # line 3 `category: kabupaten-kot`, the value at column 11
    assert (
        f"{broken}:3:11: kategori 'kabupaten-kot' tidak dikenal (maksud Anda 'kabupaten-kota'?)"
        in result.output
    )
    assert "1 masalah ditemukan; tidak ada yang dinilai." in result.output
    assert "unknown category" not in result.output


@pytest.mark.own_language
def test_default_indonesian_yaml_syntax_error(clean_env: Path) -> None:
    result = _validate("--candidates", str(clean_env / "s.yaml"))
    assert result.exit_code == 1
    assert f"{clean_env / 's.yaml'}:" in result.output
    assert "Galat sintaks YAML" in result.output


@pytest.mark.own_language
def test_lang_en_on_the_command_line(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITRANA_LANG", "id")  # the option beats the environment
    broken = clean_env / "x.yaml"
    result = _validate("--candidates", str(broken), "--lang", "en")
    assert f"{broken}:3:11: unknown category 'kabupaten-kot'" in result.output
    assert "1 problem found; nothing was scored." in result.output


@pytest.mark.own_language
@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PARITRANA_LANG", "en", "1 problem found; nothing was scored."),
        ("LANG", "en_US.UTF-8", "1 problem found; nothing was scored."),
        ("LANG", "id_ID.UTF-8", "1 masalah ditemukan; tidak ada yang dinilai."),
    ],
)
def test_the_environment_chooses(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = _validate("--candidates", str(clean_env / "x.yaml"))
    assert expected in result.output


@pytest.mark.own_language
def test_summary_and_plurals_in_indonesian(clean_env: Path) -> None:
    result = _validate()  # the samples: 4 candidates, each with a missing-values warning
    assert result.exit_code == 0, result.output
    assert "OK: kriteria edisi 2022 (6 kategori), 4 peserta, 4 peringatan." in result.output
    result = _validate("--lang", "en")
    assert "OK: criteria edition 2022 (6 categories), 4 candidates, 4 warnings." in result.output


@pytest.mark.own_language
def test_usage_error_in_indonesian(clean_env: Path) -> None:
    result = CliRunner().invoke(main, ["rank", "--category", "kabupaten-kot"])
    assert result.exit_code == 2
    assert "kategori 'kabupaten-kot' tidak dikenal" in result.output


@pytest.mark.parametrize("command", ["validate", "verify", "synth", "rank", "score", "fields"])
def test_every_command_takes_lang(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--lang" in result.output
