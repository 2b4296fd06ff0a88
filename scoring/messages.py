"""Messages a user reads, in their language (issue 9: gettext via Babel).

Every user-facing message is written in English in the code, wrapped in
`_()` (or `ngettext` for counts) so Babel's extraction finds it, and
translated through the catalog. This first version is the interface only:
it returns the English text; the catalogs and the language choice
(`--lang`, the environment) come with the gettext workflow.

    from paritrana.scoring.messages import _
    raise ParitranaError(_("{path}: no such file").format(path=path))

Use named placeholders and `.format` after `_()`, never an f-string inside
`_()`: the catalog holds the text with its placeholders.
"""

from __future__ import annotations

__all__ = ["_", "ngettext", "get_language", "set_language"]

_language = "id"


def set_language(lang: str) -> None:
    global _language
    _language = lang


def get_language() -> str:
    return _language


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural
