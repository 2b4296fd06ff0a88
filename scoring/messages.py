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

A number the tool writes into a message is written the reader's way,
through `number` (2.234 and 1.200,5 in Bahasa Indonesia, 2,234 and 1,200.5
in English); a text quoted as the user wrote it ('2.234') is left as it
is, and so are places (line, row, column, offset), years and ids. The
documents' formatter (render/fmt.py) writes its numbers with the same
`decimal_text`, so a message and a document never disagree.
"""

from __future__ import annotations

import gettext
import math
import numbers
import os
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "dgettext",
    "dngettext",
    "decimal_text",
    "get_language",
    "half_up",
    "language_from_environment",
    "ngettext",
    "number",
    "round_half_up",
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
        raise ValueError(
            _("unknown language '{lang}'; languages: {names}").format(
                lang=lang, names=", ".join(LANGUAGES)
            )
        )
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


# --- numbers ----------------------------------------------------------------
# The largest double has 309 integer digits; with the decimals asked for
# (at most a few) 400 digits of precision make quantize exact, never
# InvalidOperation (the default context has 28).
_EXACT = Context(prec=400, Emax=999_999, Emin=-999_999)
# Thousands separator and decimal mark (CLDR's for id_ID and en_US, which
# group by three at every level; tests/test_message_numbers.py compares
# with Babel's).
_MARKS = {"id": (".", ","), "en": (",", ".")}


def half_up(x: float, digits: int) -> Decimal:
    """`x` (finite) as the decimal it prints as (its `repr`), rounded
    half-up to `digits` decimals: 84.845 -> 84.85, as a person rounds."""
    q = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP, context=_EXACT)


def round_half_up(x: float, digits: int = 2) -> float:
    """Round as a person would (0.125 -> 0.13), not as binary floats do.

    NaN and infinities are returned unchanged.
    """
    x = float(x)
    if not math.isfinite(x):
        return x
    return float(half_up(x, digits))


def decimal_text(value: Decimal, lang: str | None = None, places: int = 0) -> str:
    """The finite decimal `value` written out in full in `lang` (default: the
    current language): every digit it holds, trailing zeros after the
    decimal mark dropped down to `places` decimals, thousands grouped:
    Decimal('1200.50') -> '1.200,5' (id) / '1,200.5' (en); with places=2
    '1.200,50'. Never '-0'."""
    group, mark = _MARKS[lang or _language]
    sign, digit_tuple, exponent = value.as_tuple()
    digits = "".join(map(str, digit_tuple))
    assert isinstance(exponent, int), "a finite decimal"
    if exponent >= 0:
        whole, fraction = digits + "0" * exponent, ""
    else:
        digits = digits.rjust(1 - exponent, "0")
        whole, fraction = digits[:exponent], digits[exponent:]
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    fraction += "0" * (places - len(fraction))
    head = len(whole) % 3 or 3
    grouped = group.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    negative = sign and (whole != "0" or fraction.strip("0"))
    return ("-" if negative else "") + grouped + (mark + fraction if fraction else "")


def number(x: float | Decimal, digits: int | None = None, *, lang: str | None = None) -> str:
    """A number the tool writes into a message, in the current language (or
    `lang`): 2234 -> '2.234' (id) / '2,234' (en), 0.94 -> '0,94' / '0.94',
    1200.5 -> '1.200,5' / '1,200.5'.

    A whole number is written with all its digits. A float is written as its
    shortest decimal (its `repr`: 0.1 is '0,1', never 0,1000000000000000055),
    or, given `digits`, rounded half-up to that many decimals (trailing
    zeros dropped); without `digits`, a float below 1e-9 or from 1e16 up is
    written with an exponent as Python's `{:g}` does ('1e+16', '1,5e-10').
    NaN and infinities are 'nan', 'inf' and '-inf'. templates/form.js writes
    the validator's numbers the same way (its `fmt`)."""
    lang = lang or _language
    if isinstance(x, Decimal):
        return decimal_text(x, lang)
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        return decimal_text(Decimal(int(x)), lang)
    f = float(x)
    if not math.isfinite(f):
        return "nan" if math.isnan(f) else ("inf" if f > 0 else "-inf")
    if digits is not None:
        return decimal_text(half_up(f, digits), lang)
    if f == 0 or 1e-9 <= abs(f) < 1e16:
        return decimal_text(Decimal(repr(f)), lang)
    sign, digit_tuple, exponent = Decimal(repr(f)).as_tuple()
    shown = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    power = exponent + len(digit_tuple) - 1  # type: ignore[operator]
    mantissa = shown[0] + (_MARKS[lang][1] + shown[1:] if len(shown) > 1 else "")
    return ("-" if sign else "") + f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"


_language = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()
set_language(language_from_environment() or DEFAULT_LANGUAGE)
