"""Every message the offline form shows has a msgid and both languages
(scoring/render/form_html.py, MESSAGES; docs/form.md, "Languages").

The browser tests (tests/test_form_browser.py) show the messages on the
page, in both languages, equal to the validator's; these check, without a
browser, that the script asks for no message the table lacks, that the
table holds none the script never shows, and that every one is translated.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from paritrana.scoring import messages
from paritrana.scoring.render.form_html import MESSAGES, PLURALS, form_html, form_messages

ROOT = Path(__file__).resolve().parent.parent
JS = (ROOT / "templates" / "form.js").read_text(encoding="utf-8")
TEMPLATE = (ROOT / "templates" / "form.html.j2").read_text(encoding="utf-8")
VALIDATOR = "".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "scoring" / "validate").glob("*.py"))
)

# The messages the form shares with the validator (a value refused or
# doubted): the msgid must be the validator's own, word for word.
SHARED = {
    "yaml_reads", "fraction", "leading_zero", "too_many_digits", "ambiguous_comma",
    "not_whole_text", "of_rupiah", "whole_forms", "money_forms", "percent_forms",
    "hint_whole", "hint_money", "hint_percent", "hint_year", "a_whole_number", "a_number",
    "not_kind", "not_whole", "between", "not_rule", "over_limit", "empty", "n_digits",
    "did_you_mean", "not_bool", "not_choice", "not_text", "too_long", "control", "id_chars",
    "id_at_most", "not_allowed", "missing_key", "in_candidate_file", "in_regulation",
    "too_many_items", "period_edition", "regulation_type", "regulation_year",
    "year_after_period", "title_in", "exceeds", "different_sources",
}  # fmt: skip


def _used_keys() -> set[str]:
    """Every message key the script and the template ask for."""
    keys = set(re.findall(r"\bMN?\(\"(\w+)\"", JS))
    keys |= set(re.findall(r"saveStatus = \{ key: \"(\w+)\"", JS))  # the saving's outcome
    keys |= set(re.findall(r"data-(?:aria|placeholder)=\"(\w+)\"", TEMPLATE))
    keys |= set(re.findall(r"messages_in\[lang\]\.(\w+)", TEMPLATE))
    return keys


def test_the_script_asks_only_for_messages_in_the_table() -> None:
    used = _used_keys()
    known = set(MESSAGES) | set(PLURALS)
    assert used - known == set()
    assert known - used == set()  # and none is dead
    # Every other call names its key through the attributes or the
    # saving's outcome, both collected above.
    dynamic = set(re.findall(r"\bMN?\(([^\")][^,)]*)", JS)) - {"key", "key, n"}
    assert dynamic == {
        'el.getAttribute("data-aria"',
        'el.getAttribute("data-placeholder"',
        "saveStatus.key",
    }


def test_no_english_text_is_built_in_the_script() -> None:
    """The messages the script used to build from English pieces are gone:
    no string literal in it reads as English words outside the errors it
    throws for a broken page (never a message for the user)."""
    code = re.sub(r"/\*.*?\*/", "", JS, flags=re.S)
    lines = [
        line.split("//")[0] if line.lstrip().startswith("//") or " // " in line else line
        for line in code.splitlines()
        if "throw new Error(" not in line
    ]
    literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"', "\n".join(lines))
    words = [s for s in literals if re.search(r"[A-Za-z]{2,} [a-z]{2,}", s)]
    assert words == ["use strict"]


def test_every_message_is_translated() -> None:
    texts = form_messages()
    assert set(texts) == set(messages.LANGUAGES)
    for key, msgid in MESSAGES.items():
        assert texts["en"][key] == msgid  # the msgid is the English text
        assert texts["id"][key] != msgid, f"{key}: no Indonesian translation of {msgid!r}"
    for key in PLURALS:
        one, other = texts["en"][key]
        assert one != other  # English: two forms
        assert texts["id"][key][0] == texts["id"][key][1]  # Indonesian: one
        assert texts["id"][key][0] not in (one, other)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_translations_keep_the_placeholders() -> None:
    texts = form_messages()
    for key in texts["en"]:
        en, id_ = texts["en"][key], texts["id"][key]
        pairs = zip(en, id_) if isinstance(en, list) else [(en, id_)]
        for a, b in pairs:
            assert _placeholders(a) == _placeholders(b), key


def test_shared_messages_are_the_validators() -> None:
    """Word for word the msgid the validator uses (so `validate` and the
    page read the same in both languages); the form's own are not."""
    for key in SHARED:
        literal = MESSAGES[key].replace('"', '\\"')
        assert f'"{literal}"' in VALIDATOR, key
    for key in set(MESSAGES) - SHARED:
        assert f'_("{MESSAGES[key]}")' not in VALIDATOR, key


def test_page_opens_in_its_language(tmp_path: Path) -> None:
    """The page's own attributes are written in the language it opens in."""
    from paritrana.scoring.pipeline import load_criteria, shipped_criteria

    criteria, _, _ = load_criteria(shipped_criteria())
    assert criteria is not None
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    html_id = form_html(criteria, cat, "id")
    html_en = form_html(criteria, cat, "en")
    assert 'aria-label="Ganti bahasa formulir"' in html_id
    assert 'aria-label="Switch the form&#39;s language"' in html_en
    assert 'placeholder="ya / tidak"' in html_id and 'placeholder="yes / no"' in html_en
    assert f"<title>{criteria.title.id} \u00b7 {cat.label.id}</title>" in html_id
    assert f"<title>{criteria.title.en} \u00b7 {cat.label.en}</title>" in html_en
