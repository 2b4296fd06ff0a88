"""The candidate file skeleton (`paritrana init`): every field a category's
criteria read, grouped by section as a candidate file writes them
(docs/formats.md, "Candidates"), each value left empty (missing, not zero)
and each with comments in Bahasa Indonesia or English: what it counts (the
field catalogue's label), its type and how to write it, which indicators
it feeds and how many points each carries. Derived fields are counted from
lists (regulations, innovations, events, programmes): the skeleton gives
the list instead, with a commented example entry.

It reads the criteria and the field catalogue only, never the validator;
the round trip (the skeleton validates with warnings only, and filled in it
scores) is what tests/test_cli_init.py checks. Text from the criteria only
reaches comments through `comment_text` (no line break or control
character survives, so nothing can end a comment and become YAML).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..fields import FIELDS, LEVELS, PROGRAMMES, REGULATION_LEVEL, REGULATION_SCOPES, Field
from ..model import Category, Criteria, Indicator, Lang
from . import i18n
from .fmt import Formatter
from .judge_template import comment_text, scalar

# Derived field -> the list of a candidate file it is counted from. The
# validator holds the same table (scoring/validate/candidates.py,
# DERIVED_FROM); render may not import validation, so tests check the two
# agree.
DERIVED_FROM: dict[str, str] = {
    "regulation.dedicated_level": "regulations",
    "regulation.supporting_count": "regulations",
    "innovation.count": "innovations",
    "outreach.events": "events",
    "compliance.programmes": "programmes",
}
# Where the lists stand in a candidate file: regulations before the value
# sections, the others after them (scoring/validate/candidates.py, TOP_KEYS).
LISTS_BEFORE = ("regulations",)
LISTS_AFTER = ("innovations", "events", "programmes")


@dataclass(frozen=True)
class Use:
    """One indicator reading a field, and in which role."""

    indicator: Indicator
    role: str  # "" (the value itself), numerator, denominator, current, previous, part, fallback


def _roles(indicator: Indicator) -> list[tuple[str, str]]:
    inp = indicator.input
    if inp.kind == "ratio":
        named = list(zip(inp.fields, ("numerator", "denominator")))
    elif inp.kind == "growth":
        named = list(zip(inp.fields, ("current", "previous")))
    elif inp.kind == "sum":
        named = [(f, "part") for f in inp.fields]
    else:
        named = [(f, "") for f in inp.fields]
    if inp.fallback:
        named.append((inp.fallback, "fallback"))
    return named


def field_uses(category: Category) -> dict[str, list[Use]]:
    """Every field the category's indicators read (catalogue order), with
    the indicators reading it (criteria order)."""
    uses: dict[str, list[Use]] = {}
    for indicator in category.indicators:
        for name, role in _roles(indicator):
            uses.setdefault(name, []).append(Use(indicator, role))
    order = {name: n for n, name in enumerate(FIELDS)}
    return {name: uses[name] for name in sorted(uses, key=lambda f: order.get(f, len(order)))}


def points_text(weight: float, lang: Lang) -> str:
    n = Formatter(lang).weight(weight)
    t = i18n.labels(lang)
    return (t["points_one"] if lang == "en" and weight == 1 else t["points_n"]).format(n=n)


def use_text(use: Use, lang: Lang) -> str:
    """`Rasio peserta aktif ... [cakupan_rasio], pembilang, 12 poin`."""
    t = i18n.labels(lang)
    ind = use.indicator
    parts = [f"{ind.label.get(lang)} [{ind.id}]"]
    if use.role:
        parts.append(t[f"role_{use.role}"])
    parts.append(points_text(ind.weight, lang))
    return comment_text(", ".join(parts))


def type_text(fld: Field, lang: Lang) -> str:
    """`jumlah (orang)`, `uang (Rp)`, `persen (%)`, `ya/tidak`."""
    t = i18n.labels(lang)
    kind = t[f"type_{fld.type}"]
    unit = i18n.unit(fld.unit, lang) if fld.unit else ""
    return f"{kind} ({unit})" if unit and unit != kind else kind


def how_to_write(fld: Field, lang: Lang) -> str:
    """How a value of this field is written (docs/formats.md, "How values
    may be written"): the Indonesian forms, which the validator reads in
    either language of the comments."""
    t = i18n.labels(lang)
    if fld.type == "level":
        return t["write_level"].format(levels=", ".join(LEVELS))
    return t[f"write_{fld.type}"]


def _note(out: list[str], text: str, indent: int = 0) -> None:
    out.append(" " * indent + "# " + comment_text(text))


def _list_example(name: str, criteria: Criteria, lang: Lang) -> list[tuple[int, str]]:
    """The commented example of a list: (indent after the `#`, text)."""
    t = i18n.labels(lang)
    doc = t["init_example_doc"]
    year = criteria.edition
    if name == "regulations":
        return [
            (0, t["init_regulation_types"].format(types=", ".join(REGULATION_LEVEL))),
            (0, t["init_regulation_scopes"].format(scopes=", ".join(REGULATION_SCOPES))),
            (
                2,
                f'- {{type: perda, number: "1", year: {year}, '
                f"title: {t['init_regulation_title']}, scope: [dedicated], "
                f"evidence: {{document: {doc}}}}}",
            ),
        ]
    if name == "innovations":
        return [
            (
                2,
                f"- {{title: {t['init_innovation_title']}, year: {year}, "
                f"evidence: {{document: {doc}}}}}",
            )
        ]
    if name == "events":
        return [
            (
                2,
                f"- {{title: {t['init_event_title']}, date: {year}-04-08, "
                f"evidence: {{document: {doc}}}}}",
            )
        ]
    return [(2, f"[{', '.join(PROGRAMMES)}]")]


def _feeds(out: list[str], uses: Sequence[Use], lang: Lang, indent: int, prefix: str = "") -> None:
    """`# dipakai oleh:` and one indicator per line (a comment line is cut
    at COMMENT_MAX characters: one line each keeps every indicator whole),
    bulleted with `•`, not `-`, so that no line but the examples reads as
    YAML once its `#` is removed."""
    t = i18n.labels(lang)
    _note(out, prefix + t["init_feeds"].format(uses="").rstrip(), indent)
    for u in uses:
        out.append(" " * indent + "#   \u2022 " + use_text(u, lang))


def _field_lines(out: list[str], name: str, uses: Sequence[Use], lang: Lang) -> None:
    t = i18n.labels(lang)
    fld = FIELDS[name]
    key = name.split(".", 1)[1]
    _note(out, fld.label.get(lang), 2)
    how = f"{type_text(fld, lang)}: {how_to_write(fld, lang)}"
    if fld.at_most:
        how += "; " + t["at_most_field"].format(field=fld.at_most)
    _note(out, how, 2)
    if name == "policy.ptsp_required":
        _note(out, t["init_ptsp_derived"], 2)
    _feeds(out, uses, lang, 2)
    out.append(f"  {key}:")


def _list_lines(
    out: list[str],
    name: str,
    uses: dict[str, list[Use]],
    criteria: Criteria,
    lang: Lang,
) -> None:
    t = i18n.labels(lang)
    fed = [f for f in uses if DERIVED_FROM.get(f) == name]
    for f in fed:
        _feeds(out, uses[f], lang, 0, prefix=f"{f}: ")
    _note(out, t["init_list"].format(fields=", ".join(fed)))
    # The key, then its example: removing the `# ` of the example lines
    # leaves them under the key, where they belong.
    examples = _list_example(name, criteria, lang)
    for indent, line in examples:
        if not indent:
            _note(out, line)
    out.append(f"{name}:")
    for indent, line in examples:
        if indent:
            out.append("# " + " " * indent + comment_text(line))


def candidate_skeleton(
    criteria: Criteria, category: Category, *, candidate_id: str, file_name: str, lang: Lang = "id"
) -> str:
    """The skeleton's text: identity keys, then every field the category's
    criteria read, grouped by section, each value empty."""
    t = i18n.labels(lang)
    uses = field_uses(category)
    out: list[str] = []
    label = category.label.get(lang)
    _note(out, t["init_head"].format(label=label, id=category.id))
    status = t["status_official"] if criteria.status == "official" else t["status_proposal"]
    _note(
        out,
        t["init_criteria"].format(
            title=criteria.title.get(lang), edition=criteria.edition, status=status
        ),
    )
    _note(out, t["init_how"].format(policy=t[f"cli_policy_{category.missing}"]))
    _note(out, t["init_evidence"].format())
    _note(out, t["init_check"].format(file=file_name))
    panel = [i for i in category.indicators if i.input.kind == "panel"]
    if panel:
        items = ", ".join(f"{i.label.get(lang)} [{i.id}]" for i in panel)
        _note(
            out,
            t["init_panel"].format(
                items=items, points=points_text(sum(i.weight for i in panel), lang)
            ),
        )
    out.append("")
    out.append(f"id: {scalar(candidate_id)}  # {comment_text(t['init_id'])}")
    out.append(f"name: {scalar(t['init_name_value'])}  # {comment_text(t['init_name'])}")
    out.append(
        f"category: {scalar(category.id)}  # {comment_text(t['init_category'].format(label=label))}"
    )
    out.append(f"period: {criteria.edition}  # {comment_text(t['init_period'])}")
    out.append(f"province:  # {comment_text(t['init_province'])}")
    out.append("")
    _note(out, t["init_reports"])
    out.append("# reports:")
    out.append(f"#   - id: {comment_text(t['init_example_doc'])}")
    out.append(f"#     title: {comment_text(t['init_report_title'])}")
    out.append("#     publisher: ...")
    out.append(f"#     date: {criteria.edition}-04-08")
    lists = {DERIVED_FROM[f] for f in uses if f in DERIVED_FROM}
    for name in LISTS_BEFORE:
        if name in lists:
            out.append("")
            _list_lines(out, name, uses, criteria, lang)
    sections: dict[str, list[str]] = {}
    for name in uses:
        if FIELDS[name].derived:
            continue
        sections.setdefault(name.split(".", 1)[0], []).append(name)
    for section, names in sections.items():
        out.append("")
        out.append(f"{section}:")
        for name in names:
            _field_lines(out, name, uses[name], lang)
    for name in LISTS_AFTER:
        if name in lists:
            out.append("")
            _list_lines(out, name, uses, criteria, lang)
    return "\n".join(out) + "\n"


__all__ = [
    "DERIVED_FROM",
    "Use",
    "candidate_skeleton",
    "field_uses",
    "how_to_write",
    "points_text",
    "type_text",
    "use_text",
]
