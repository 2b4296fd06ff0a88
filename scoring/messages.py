"""Messages a user reads, in their language (gettext catalogs made with Babel).

Every user-facing message is written in English in the code, wrapped in
`_()` (or `ngettext` for counts) so Babel's extraction finds it, and
translated at run time through the catalog of the chosen language:
scoring/locale/<lang>/LC_MESSAGES/paritrana.po, compiled to .mo and shipped
with the package. The msgids are the English texts, so the English catalog
is empty and English is what a missing translation falls back to.

    from paritrana.scoring.messages import _
    raise ParitranaError(_("{path}: no such file").format(path=path))

Use named placeholders and `.format` after `_()`, never an f-string inside
`_()`: the catalog holds the text with its placeholders. A text defined
where no language is chosen yet (a module-level constant, a table) is
marked with `N_()` (extracted, not translated) and translated where it is
used, `_(CONSTANT)`. docs/design.md, "Messages and translation".

The language: `set_language` (cli.py calls it once, from `--lang`, else
`language_from_environment()`, else Bahasa Indonesia). Until it is called,
the environment decides, so the library used from Python follows it too.

Another program's texts shipped with a catalog of their own in the same
folder (cli.py: click's, domain `click`) are translated into the same
language with `dgettext` / `dngettext`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "dgettext",
    "dngettext",
    "get_language",
    "language_from_environment",
    "ngettext",
    "set_language",
]

DOMAIN = "paritrana"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"  # the documents' language, and so the messages'

# PARITRANA_LANG first (this tool only), then the variables gettext itself
# reads, in its order (LANGUAGE may be a list: "id:en").
ENVIRONMENT = ("PARITRANA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_catalogs: dict[tuple[str, str], gettext.NullTranslations] = {}


def _catalog(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog LOCALE_DIR/<lang>/LC_MESSAGES/<domain>.mo; none
    (English: the msgid is the text) when there is no such file."""
    key = (domain, lang)
    if key not in _catalogs:
        _catalogs[key] = gettext.translation(
            domain, localedir=LOCALE_DIR, languages=[lang], fallback=True
        )
    return _catalogs[key]


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """'id' or 'en' from the first of PARITRANA_LANG, LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG that names one (`id_ID.UTF-8` -> 'id', `en_GB` ->
    'en'); None when none does (unset, `C.UTF-8`, `POSIX`, another
    language: the caller's default applies)."""
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        for value in env.get(name, "").split(":"):
            lang = value.strip().lower()[:3].rstrip("_-.@")
            if lang in LANGUAGES:
                return lang
    return None


def set_language(lang: str) -> None:
    """Translate every message from now on into `lang` ('id' or 'en')."""
    global _language, _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    _language = lang
    _current = _catalog(lang)


def get_language() -> str:
    return _language


def _(message: str) -> str:
    """`message` (English, with {named} placeholders) in the chosen language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n` in the chosen language
    (Indonesian has one form; English two). Format it after: the count is
    usually one of its placeholders, `{n}`."""
    return _current.ngettext(singular, plural, n)


def dgettext(domain: str, message: str) -> str:
    """`message` of the catalog `domain` (another program's texts, such as
    click's: cli.py) in the chosen language."""
    return _catalog(_language, domain).gettext(message)


def dngettext(domain: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` through the catalog `domain`."""
    return _catalog(_language, domain).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for extraction without translating it (yet): for
    module-level constants, translated where used with `_(CONSTANT)`."""
    return message


_language = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
set_language(language_from_environment() or DEFAULT_LANGUAGE)
