"""The offline form (`paritrana form`): one self-contained HTML page where a
region or company types its values and sees its score as it types.

The page carries the validated criteria of one category serialised to JSON
(`form_data`): pillars, indicators, inputs, rules, weights, missing-value
policies and stages, with every number written as the exact decimal the
engine reads it as (`score/exact.py`, `q`: an int is itself, a float the
shortest decimal that reads back as it). templates/form.js scores from that
JSON alone with exact rationals (BigInt numerator and denominator), mirroring
`score/exact.py` step by step, so there is one source of truth for the
rules and a value on a threshold scores as on it (docs/form.md).

Nothing is fetched: the CSS and JS are inlined, fonts are the system's, and
the page works from a USB stick (file://). Every text from the criteria is
autoescaped by Jinja2 in the HTML, and the JSON is escaped so that no
`<`, `>` or `&` can close its script element.

This module reads the criteria model and the field catalogue only (the
render layer); it never scores.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path
from typing import Any

from ... import __version__
from ..fields import FIELDS, LEVELS, PROGRAMMES, REGULATION_LEVEL, REGULATION_SCOPES
from ..messages import DOMAIN, LANGUAGES, LOCALE_DIR, N_
from ..model import (
    BandsRule,
    Category,
    CountRule,
    Criteria,
    Indicator,
    Lang,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    Text,
    YesNoRule,
)
from .fmt import Formatter
from .i18n import LEVELS as LEVEL_WORDS
from .i18n import unit as unit_word

# templates/ (render/templating.py's TEMPLATES_DIR, without importing the PDF
# side): form.html.j2, form.js and form.css.
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

__all__ = [
    "FORMAT_VERSION",
    "MESSAGES",
    "PLURALS",
    "form_data",
    "form_html",
    "form_messages",
    "num",
]

FORMAT_VERSION = 1

# Derived fields (docs/formats.md, "Derived fields") -> the list a person
# fills in the form instead.
DERIVED_LIST = {
    "regulation.dedicated_level": "regulations",
    "regulation.supporting_count": "regulations",
    "innovation.count": "innovations",
    "outreach.events": "events",
    "compliance.programmes": "programmes",
}


# Every message the page's script shows, by the key form.js asks for
# (`M(key, {placeholder: value})`), written and translated like every other
# message (scoring/messages.py): the msgid is the English text, with the
# same named placeholders, filled in by the script. Where the validator says
# the same thing (a value it refuses or warns about), the msgid is the
# validator's own, in scoring/validate/_common.py and candidates.py, so the
# page and `paritrana validate` read the same words in both languages
# (tests/test_form_browser.py compares them); the fragments are joined as
# the validator joins them. The page carries both languages' texts, taken
# from the catalogs when it is written (`form_messages`), and the language
# button picks.
MESSAGES: dict[str, str] = {
    # Checker._read and _percent
    "yaml_reads": N_(
        "{name} is written '{text}', which YAML reads as {value} (octal, hexadecimal or base 60); write the number in plain decimal digits without a leading zero"
    ),
    "fraction": N_(
        "{name} is {text}, which looks like a fraction: did you mean {percent}%? (read as {value}%)"
    ),
    "leading_zero": N_(
        "{name} '{text}' starts with 0; write it without the leading zero ({forms})"
    ),
    "too_many_digits": N_("{name} is too large: {count} digits"),
    "ambiguous_comma": N_(
        "{name} '{text}' is ambiguous: a comma is a decimal comma in Indonesian; write whole numbers as {forms}"
    ),
    "not_whole_text": N_(
        "{name} must be a whole number{unit}, not '{text}'; write {forms} (a dot groups thousands)"
    ),
    "of_rupiah": N_(" of rupiah"),
    "whole_forms": N_("120000 or 120.000"),
    "money_forms": N_("484646400, 484.646.400 or Rp 484.646.400"),
    "percent_forms": N_("94, 94.5, 94,5 or 94,5%"),
    # Checker.number
    "hint_whole": N_("; write {whole_forms}"),
    "hint_money": N_("; write {money_forms}"),
    "hint_percent": N_("; write {percent_forms}"),
    "hint_year": N_("; write a year such as 2022"),
    "a_whole_number": N_("a whole number"),
    "a_number": N_("a number"),
    "not_kind": N_("{name} must be {kind}, not {value}{hint}"),
    "not_whole": N_("{name} must be a whole number, not {value}{hint}"),
    "between": N_("between {minimum} and {maximum}"),
    "not_rule": N_("{name} must be {rule}, not {value}"),
    "over_limit": N_("{name} ({value}) is larger than the largest accepted value, {limit}"),
    # describe, fmt, suggest
    "empty": N_("empty"),
    "n_digits": N_("a number of {value} digits"),
    "did_you_mean": N_(" (did you mean '{match}'?)"),
    # Checker.boolean, choice, string, identifier, keys, sequence
    "not_bool": N_("{name} must be true or false (or ya/tidak), not {value}"),
    "not_choice": N_("{name} must be one of {names}, not {value}{hint}"),
    "not_text": N_("{name} must be non-empty text, not {value}"),
    "too_long": N_("{name} is {count} characters long; at most {limit} are allowed"),
    "control": N_(
        "{name} contains the control character {char} at character {number}; remove it{allowed}"
    ),
    "id_chars": N_("lower-case letters, digits and '-'"),
    "id_at_most": N_(", at most {max_short} characters"),
    "not_allowed": N_("{name} must be {allowed}, not {value}"),
    "missing_key": N_("missing required key '{key}'{where}"),
    "in_candidate_file": N_(" in a candidate file"),
    "in_regulation": N_(" in a regulation"),
    "too_many_items": N_("{name} has {count} items; at most {limit} are allowed"),
    # candidates.py
    "period_edition": N_("period {period} differs from the criteria edition {edition}"),
    "regulation_type": N_("regulation type"),
    "regulation_year": N_("regulation year"),
    "year_after_period": N_("regulation year {year} is after period {period}"),
    "title_in": N_("title in {key}"),
    "exceeds": N_("{name} ({value}) exceeds {partner} ({limit})"),
    "different_sources": N_(
        "{message}; possible, as the two come from different sources, but check both figures"
    ),
    # the form's own: an indicator's status and what it still offers
    "status_ok": N_("scored"),
    "status_missing": N_("missing"),
    "status_pending": N_("pending interview"),
    "offer": N_("still offers +{points} points"),
    "full": N_("full points"),
    "offer_missing": N_("fill in for up to +{points} points"),
    "pending_offer": N_("scored by the panel: 0 to {points} points"),
    "pillar_pending": N_("{points} pending interview"),
    "range": N_("After the interview the total lies between {low} and {high} out of {max}"),
    "no_missing": N_("Nothing is missing."),
    "no_problems": N_("Every value is accepted."),
    "saved": N_("Saved: {file}"),
    "cannot_save": N_("Correct the refused values first."),
    # labels the script sets (an attribute cannot hold both languages)
    "remove_regulation": N_("Remove this regulation"),
    "yes_no": N_("yes / no"),
    "switch_language": N_("Switch the form's language"),
    # the comments at the top of the file the form saves
    "saved_by": N_(
        "Candidate file saved by the paritrana offline form ({category}, criteria edition {edition})."
    ),
    "check_with": N_("Check it with: paritrana validate FILE.yaml"),
}

# Messages with a count: (key, the forms for n = 1 and for other n, by
# language). Marked for extraction by the `ngettext` calls in
# `form_messages`.
PLURALS = ("refused",)


def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def form_messages() -> dict[str, dict[str, Any]]:
    """Every message of MESSAGES in each language, {lang: {key: text}}, and
    each count message of PLURALS as [the form for 1, the form for other
    counts] (English has two forms, Indonesian one: the same text twice)."""
    out: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        tr = _catalog(lang)
        texts: dict[str, Any] = {key: tr.gettext(msgid) for key, msgid in MESSAGES.items()}
        texts["refused"] = [
            tr.ngettext(
                "{n} value refused: the file will not be accepted until it is corrected",
                "{n} values refused: the file will not be accepted until they are corrected",
                n,
            )
            for n in (1, 2)
        ]
        out[lang] = texts
    return out


def num(x: object) -> str:
    """A number as the exact decimal the engine reads (exact.q): an int is
    itself, a float the shortest decimal that reads back as that float."""
    if isinstance(x, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(x, int):
        return str(x)
    f = float(x)  # type: ignore[arg-type]
    if f.is_integer() and abs(f) < 1e300:
        return str(int(f))
    return repr(f)


def _text(t: Text) -> dict[str, str]:
    return {"id": t.id, "en": t.en}


def _rule(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, LinearRule):
        return {
            "kind": "linear",
            "floor": num(rule.floor),
            "target": num(rule.target),
            "direction": rule.direction,
        }
    if isinstance(rule, BandsRule):
        return {"kind": "bands", "bands": [[num(b.start), num(b.score)] for b in rule.bands]}
    if isinstance(rule, YesNoRule):
        return {"kind": "yesno", "yes": num(rule.yes), "no": num(rule.no)}
    if isinstance(rule, CountRule):
        return {"kind": "count", "cap": num(rule.cap)}
    if isinstance(rule, OrdinalRule):
        return {"kind": "ordinal", "levels": [[name, num(s)] for name, s in rule.levels]}
    if isinstance(rule, RubricRule):
        return {"kind": "rubric", "min": num(rule.min), "max": num(rule.max)}
    raise TypeError(f"unknown rule {rule!r}")  # pragma: no cover - validated


def _unit(ind: Indicator) -> str:
    if ind.unit:
        return ind.unit
    if ind.input.kind in ("ratio", "growth"):
        return "%"
    if ind.input.fields and ind.input.fields[0] in FIELDS:
        return FIELDS[ind.input.fields[0]].unit
    return ""


def _indicator(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "label": _text(ind.label),
        "weight": num(ind.weight),
        "input": {
            "kind": ind.input.kind,
            "fields": list(ind.input.fields),
            "fallback": ind.input.fallback,
        },
        "rule": _rule(ind.rule),
        "missing": ind.missing,
        "unit": _unit(ind),
    }


def fields_read(category: Category) -> list[str]:
    """The catalogue fields the category's indicators read, in order of
    first use (a ratio's fallback after its parts)."""
    names: list[str] = []
    for ind in category.indicators:
        for name in (*ind.input.fields, *([ind.input.fallback] if ind.input.fallback else [])):
            if name not in names:
                names.append(name)
    return names


def form_data(criteria: Criteria, category: Category) -> dict[str, Any]:
    """What the page's script scores from: the category's criteria, exactly,
    and the catalogue entries of the fields it reads (with their partners)."""
    read = fields_read(category)
    wanted = list(read)
    for name in read:  # a partner is compared when both are given
        partner = FIELDS[name].at_most if name in FIELDS else None
        if partner and partner not in wanted:
            wanted.append(partner)
    fields = {}
    for name in wanted:
        f = FIELDS[name]
        fields[name] = {
            "type": f.type,
            "label": _text(f.label),
            "unit": f.unit,
            "at_most": f.at_most if f.at_most in wanted else None,
            "over": f.over,
            "derived": f.derived,
            "read": name in read,
        }
    return {
        "format": FORMAT_VERSION,
        "edition": criteria.edition,
        "title": _text(criteria.title),
        "status": criteria.status,
        "category": {
            "id": category.id,
            "label": _text(category.label),
            "missing": category.missing,
            "tie_break": list(category.tie_break),
            "pillars": [
                {
                    "id": p.id,
                    "label": _text(p.label),
                    "weight": num(p.weight),
                    "indicators": [_indicator(i) for i in p.indicators],
                }
                for p in category.pillars
            ],
            "stages": [
                {
                    "id": s.id,
                    "label": _text(s.label),
                    "pillars": list(s.pillars),
                    "shortlist": s.shortlist,
                    "combine": [[sid, num(w)] for sid, w in s.combine],
                }
                for s in category.all_stages
            ],
        },
        "fields": fields,
        "levels": list(LEVELS),
        "level_words": {k: {"id": v[0], "en": v[1]} for k, v in LEVEL_WORDS.items()},
        "regulation_level": dict(REGULATION_LEVEL),
        "scopes": list(REGULATION_SCOPES),
        "programmes": list(PROGRAMMES),
    }


def _script_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&`
    (nothing can close the element or open a comment), and the two line
    separators JavaScript once choked on escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _blocks(category: Category) -> list[dict[str, Any]]:
    """Per pillar, per indicator: the inputs placed at the indicator that
    reads them first (a field shared by several indicators is typed once),
    and the fields it reads that are placed earlier."""
    placed: set[str] = set()
    pillars = []
    for p in category.pillars:
        inds = []
        for ind in p.indicators:
            own: list[dict[str, Any]] = []
            earlier: list[str] = []
            names = [*ind.input.fields, *([ind.input.fallback] if ind.input.fallback else [])]
            for name in names:
                key = DERIVED_LIST.get(name, name) if FIELDS[name].derived else name
                if key in placed:
                    earlier.append(name)
                    continue
                placed.add(key)
                if FIELDS[name].derived:
                    own.append({"list": key, "name": name})
                else:
                    f = FIELDS[name]
                    own.append(
                        {
                            "list": None,
                            "name": name,
                            "type": f.type,
                            "label": f.label,
                            "unit": f.unit,
                        }
                    )
            inds.append({"ind": ind, "own": own, "earlier": earlier})
        pillars.append({"pillar": p, "indicators": inds})
    return pillars


def _asset(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def form_html(criteria: Criteria, category: Category, lang: Lang = "id") -> str:
    """The whole page, self-contained."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    js = _asset("form.js")
    css = _asset("form.css")
    messages = form_messages()
    for text in (js, css):  # our own files; never able to close their element
        assert "</script" not in text.lower() and "</style" not in text.lower()
    return env.get_template("form.html.j2").render(
        lang=lang,
        criteria=criteria,
        category=category,
        pillars=_blocks(category),
        data=Markup(_script_json(form_data(criteria, category))),
        messages=Markup(_script_json(messages)),
        messages_in=messages,
        js=Markup(js),
        css=Markup(css),
        version=__version__,
        levels=LEVELS,
        scopes=REGULATION_SCOPES,
        programmes=PROGRAMMES,
        reg_types=tuple(REGULATION_LEVEL),
        level_words=LEVEL_WORDS,
        fields=FIELDS,
        rule_text=rule_text,
        shown_number=shown_number,
        unit_word=unit_word,
    )


def shown_number(x: float, lang: Lang) -> str:
    """A number of the criteria as a reader of `lang` writes it (fmt.py):
    `10.000`, `33,3` in Bahasa Indonesia, `10,000`, `33.3` in English,
    with its decimals (up to 12, trailing zeros dropped)."""
    return Formatter(lang).number(x, 12)


def rule_text(ind: Indicator, lang: Lang) -> str:
    """One line saying how the indicator scores, in `lang`."""
    rule = ind.rule
    unit = _unit(ind)
    u = "%" if unit == "%" else (f" {unit_word(unit, lang)}" if unit else "")

    def v(x: float) -> str:
        return shown_number(x, lang)

    if isinstance(rule, LinearRule):
        return f"{v(rule.floor)}{u} \u2192 0, {v(rule.target)}{u} \u2192 100" + (
            (" (makin kecil makin baik)" if lang == "id" else " (lower is better)")
            if rule.direction == "lower"
            else ""
        )
    if isinstance(rule, BandsRule):
        sep = " \u00b7 "
        return sep.join(f"\u2265 {v(b.start)}{u}: {v(b.score)}" for b in rule.bands)
    if isinstance(rule, YesNoRule):
        yes, no = ("ya", "tidak") if lang == "id" else ("yes", "no")
        return f"{yes}: {v(rule.yes)} \u00b7 {no}: {v(rule.no)}"
    if isinstance(rule, CountRule):
        cap = "maks." if lang == "id" else "cap"
        return f"{cap} {v(rule.cap)}{u} \u2192 100"
    if isinstance(rule, OrdinalRule):
        words = {k: w[1 if lang == "en" else 0] for k, w in LEVEL_WORDS.items()}
        return " \u00b7 ".join(f"{words.get(n, n)}: {v(s)}" for n, s in rule.levels)
    if isinstance(rule, RubricRule):
        if lang == "id":
            return f"nilai panel {v(rule.min)}\u2013{v(rule.max)} (wawancara)"
        return f"panel score {v(rule.min)}\u2013{v(rule.max)} (interview)"
    return ""  # pragma: no cover - validated
