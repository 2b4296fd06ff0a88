"""Candidate files -> Candidate objects (docs/formats.md, "Candidates").

A candidate file is someone's self-assessment: every value is checked
against the field catalogue, derived counts are computed here (never
written by hand), and what is absent stays missing. A candidate with any
error is left out, so it can never be scored from half-checked data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import Diagnostic
from ..fields import (
    FIELDS,
    LEVELS,
    MAXIMUM,
    PARTNERED,
    PROGRAMMES,
    REGULATION_LEVEL,
    REGULATION_SCOPES,
)
from ..load.safeyaml import Document, KeyPath, shown
from ..messages import _
from ..model import (
    Candidate,
    Criteria,
    Evidence,
    Item,
    Regulation,
    Report,
    SourceFile,
    Value,
)
from ._common import (
    MAX_ASSESSORS,
    MAX_ITEMS,
    MAX_NOTE,
    MAX_NOTES,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    YEARS,
    Checker,
    describe,
    fmt,
    rubric_rule,
    rubric_rules,
    rubric_scores,
    suggest,
    title_items,
)

SECTIONS: dict[str, tuple[str, ...]] = {}
for _name in FIELDS:
    _section, _key = _name.split(".", 1)
    SECTIONS[_section] = SECTIONS.get(_section, ()) + (_key,)

# Derived field -> the list it is computed from.
DERIVED_FROM = {
    "regulation.dedicated_level": "regulations",
    "regulation.supporting_count": "regulations",
    "innovation.count": "innovations",
    "outreach.events": "events",
    "compliance.programmes": "programmes",
}

TOP_KEYS = (
    "id", "name", "category", "period", "province", "zone", "synthetic", "reports",
    "regulations", *SECTIONS, "innovations", "events", "programmes", "benefits",
    "panel", "panel_scores", "notes",
)  # fmt: skip
REGULATION_KEYS = ("type", "number", "year", "title", "scope", "evidence")
ITEM_KEYS = ("title", "date", "year", "amount", "count", "evidence")
REPORT_KEYS = ("id", "title", "publisher", "date", "url")
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}  # 0 is best
# Lists whose items are counted, one per item, into a derived field.
COUNTED = {"innovations": "innovation.count", "events": "outreach.events"}


def _evidence(ck: Checker, path: KeyPath, value: Any) -> Evidence | None:
    m = ck.mapping(path, value, "evidence ({document: ..., page: ...})")
    if m is None:
        return None
    ck.keys(path, m, ("document", "page"), ("document",), where=_(" in evidence"))
    document = (
        ck.string(path + ("document",), m["document"], _("evidence document"), limit=MAX_SHORT)
        if "document" in m
        else None
    )
    if document is not None:
        ck.references.append((path + ("document",), document))
    page = m.get("page")
    if page is not None:
        if isinstance(page, int) and not isinstance(page, bool):
            page = ck.written(path + ("page",)) or fmt(page)  # `page: 12` is "12"
        elif not isinstance(page, str):
            ck.error(
                path + ("page",),
                _("evidence page must be text or a number, not {page}").format(page=describe(page)),
            )
            return None
        if ck.string(path + ("page",), page, _("evidence page"), limit=MAX_SHORT) is None:
            return None
    return Evidence(document, page) if document else None


def _plain_whole(ck: Checker, path: KeyPath, value: Any, low: float, high: float) -> bool:
    """True when `value` is a whole number written as plain digits (no
    sign, no leading zero, no grouping, not quoted) within low-high: the
    common case, which `Checker.number` reads as that number with nothing
    to say. Checked here first because it is most values of most files,
    and `number` prepares every message it might need before it knows."""
    if type(value) is not int or not low <= value <= high:
        return False
    source = ck.doc.sources.get(path)
    return source is not None and source[1] is None and source[0].strip() == str(value)


def _quantity(ck: Checker, path: KeyPath, value: Any, what: str, kind: str) -> float | None:
    """A count, a number of months or an amount of money: whole, 0 or more,
    at most the type's MAXIMUM (money may be written as rupiah)."""
    if _plain_whole(ck, path, value, 0, MAXIMUM[kind]):
        return float(value)
    form = "money" if kind == "money" else "whole"
    return ck.number(path, value, what, form=form, minimum=0, limit=MAXIMUM[kind])


def _year(ck: Checker, path: KeyPath, value: Any, what: str) -> int | None:
    """A year within YEARS (`Checker.year`), plain digits read first."""
    if _plain_whole(ck, path, value, YEARS[0], YEARS[1]):
        return int(value)
    return ck.year(path, value, what)


def _field_value(ck: Checker, path: KeyPath, name: str, value: Any) -> Value | None:
    """Check one written value against its catalogue type."""
    kind = FIELDS[name].type
    if kind in ("count", "months", "money"):
        return _quantity(ck, path, value, name, kind)
    if kind == "percent":
        if _plain_whole(ck, path, value, 0, 100):
            return float(value)
        return ck.number(path, value, name, form="percent", minimum=0, maximum=100)
    if kind == "bool":
        return ck.boolean(path, value, name)
    return ck.choice(path, value, LEVELS, name, fold=True)


def _sections(ck: Checker, data: dict[str, Any]) -> tuple[dict[str, Value], dict[str, Evidence]]:
    values: dict[str, Value] = {}
    evidence: dict[str, Evidence] = {}
    for section, keys in SECTIONS.items():
        if section not in data:
            continue
        m = ck.mapping((section,), data[section], section)
        if m is None:
            continue
        for key, raw in m.items():
            path: KeyPath = (section, key)
            name = f"{section}.{key}"
            if key not in keys:
                elsewhere = [f for f in FIELDS if f.endswith("." + key) and not FIELDS[f].derived]
                hint = suggest(key, keys)
                if not hint and elsewhere:
                    hint = _(" (did you mean '{elsewhere}'?)").format(
                        elsewhere=elsewhere[0]
                    )  # right key, wrong section
                ck.key_error(
                    path,
                    _("unknown key '{key}' in {section}{hint}").format(
                        key=shown(key[:60]), section=section, hint=hint
                    ),
                    "warning",
                )
                continue
            if FIELDS[name].derived:
                source = DERIVED_FROM[name]
                ck.key_error(
                    path,
                    _("{name} is derived from '{source}:' and cannot be written").format(
                        name=name, source=source
                    ),
                )
                continue
            if raw is None:
                continue  # written empty: missing, same as absent
            if isinstance(raw, dict):
                ck.keys(
                    path,
                    raw,
                    ("value", "evidence"),
                    ("value",),
                    where=_(" in {name}").format(name=name),
                )
                if "evidence" in raw:
                    found = _evidence(ck, path + ("evidence",), raw["evidence"])
                    if found is not None:
                        evidence[name] = found
                if "value" not in raw or raw["value"] is None:
                    continue
                path, raw = path + ("value",), raw["value"]
            value = _field_value(ck, path, name, raw)
            if value is not None:
                values[name] = value
    return values, evidence


def _optional_text(
    ck: Checker, path: KeyPath, m: dict[str, Any], key: str, limit: int = MAX_TEXT
) -> str | None:
    if m.get(key) is None:
        return None
    value = m[key]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # `number: 5` means "5"; the text as written keeps `number: 05`.
        value = ck.written(path + (key,)) or fmt(value)
    return ck.string(path + (key,), value, key, limit=limit)


def _title(ck: Checker, path: KeyPath, m: dict[str, Any], what: str) -> str | None:
    return ck.string(path + ("title",), m["title"], what, limit=MAX_TITLE)


def _regulations(
    ck: Checker, data: dict[str, Any], period: int | None
) -> tuple[Regulation, ...] | None:
    items = ck.sequence(("regulations",), data["regulations"], "regulations", limit=MAX_ITEMS)
    if items is None:
        return None
    regulations = []
    for i, item in enumerate(items):
        path = ("regulations", i)
        m = ck.mapping(path, item, "a regulation")
        if m is None:
            continue
        ck.keys(path, m, REGULATION_KEYS, ("type",), where=_(" in a regulation"))
        kind = (
            ck.choice(
                path + ("type",),
                m["type"],
                tuple(REGULATION_LEVEL),
                _("regulation type"),
                fold=True,
            )
            if "type" in m
            else None
        )
        year = None
        if m.get("year") is not None:
            year = _year(ck, path + ("year",), m["year"], _("regulation year"))
            if year is not None and period is not None and year > period:
                ck.error(
                    path + ("year",),
                    _("regulation year {year} is after period {period}").format(
                        year=year, period=period
                    ),
                )
        scope: list[str] = []
        if m.get("scope") is not None:
            scopes = ck.sequence(
                path + ("scope",), m["scope"], "scope", limit=len(REGULATION_SCOPES)
            )
            for j, name in enumerate(scopes or ()):
                found = ck.choice(path + ("scope", j), name, REGULATION_SCOPES, "scope", fold=True)
                if found is not None and found not in scope:
                    scope.append(found)
        evidence = (
            _evidence(ck, path + ("evidence",), m["evidence"])
            if m.get("evidence") is not None
            else None
        )
        if kind is not None:
            regulations.append(
                Regulation(
                    kind,
                    _optional_text(ck, path, m, "number", MAX_SHORT),
                    year,
                    _optional_text(ck, path, m, "title", MAX_TITLE),
                    tuple(scope),
                    evidence,
                )
            )
    return tuple(regulations)


def _items(ck: Checker, data: dict[str, Any], key: str) -> tuple[Item, ...] | None:
    items = ck.sequence((key,), data[key], key, limit=MAX_ITEMS)
    if items is None:
        return None
    result = []
    for i, item in enumerate(items):
        path = (key, i)
        if isinstance(item, str):
            bare = ck.string(path, item, _("title in {key}").format(key=key), limit=MAX_TITLE)
            if bare is not None:
                result.append(Item(bare))
            continue
        m = ck.mapping(path, item, _("each item of {key} (title: ...)").format(key=key))
        if m is None:
            continue
        ck.keys(path, m, ITEM_KEYS, ("title",), where=_(" in {key}").format(key=key))
        title = _title(ck, path, m, "title") if "title" in m else None
        day = ck.day(path + ("date",), m["date"]) if m.get("date") is not None else None
        year = _year(ck, path + ("year",), m["year"], "year") if m.get("year") is not None else None
        amount = (
            _quantity(ck, path + ("amount",), m["amount"], "amount", "money")
            if m.get("amount") is not None
            else None
        )
        count = (
            _quantity(ck, path + ("count",), m["count"], "count", "count")
            if m.get("count") is not None
            else None
        )
        if count is not None and key in COUNTED:
            ck.warn(
                path + ("count",),
                _(
                    "count is not used here: {counted} counts the items of '{key}:', one per item; list each one separately"
                ).format(counted=COUNTED[key], key=key),
            )
        evidence = (
            _evidence(ck, path + ("evidence",), m["evidence"])
            if m.get("evidence") is not None
            else None
        )
        if title is not None:
            result.append(Item(title, day, year, amount, count, evidence))
    return tuple(result)


def _reports(ck: Checker, data: dict[str, Any]) -> tuple[Report, ...]:
    items = ck.sequence(("reports",), data["reports"], "reports", limit=MAX_ITEMS) or []
    result = []
    for i, item in enumerate(items):
        path = ("reports", i)
        m = ck.mapping(path, item, "a report")
        if m is None:
            continue
        ck.keys(path, m, REPORT_KEYS, ("id", "title"), where=_(" in a report"))
        rid = (
            ck.string(path + ("id",), m["id"], _("report id"), limit=MAX_SHORT)
            if "id" in m
            else None
        )
        title = _title(ck, path, m, _("report title")) if "title" in m else None
        day = ck.day(path + ("date",), m["date"]) if m.get("date") is not None else None
        if rid and title:
            result.append(
                Report(
                    rid,
                    title,
                    _optional_text(ck, path, m, "publisher"),
                    day,
                    _optional_text(ck, path, m, "url", MAX_URL),
                )
            )
    return tuple(result)


def _strings(
    ck: Checker,
    data: dict[str, Any],
    key: str,
    *,
    most: int,
    limit: int = MAX_TEXT,
    multiline: bool = False,
) -> tuple[str, ...]:
    """A list of texts (or one text): at most `most`, each at most `limit` long."""
    value = data[key]
    if isinstance(value, str):
        one = ck.string(
            (key,), value, _("{key} entry").format(key=key), limit=limit, multiline=multiline
        )
        return (one,) if one is not None else ()
    items = ck.sequence((key,), value, key, limit=most) or []
    return tuple(
        s
        for i, v in enumerate(items)
        if (
            s := ck.string(
                (key, i), v, _("{key} entry").format(key=key), limit=limit, multiline=multiline
            )
        )
        is not None
    )


def _programmes(ck: Checker, data: dict[str, Any]) -> int | None:
    items = ck.sequence(
        ("programmes",), data["programmes"], "programmes", limit=len(PROGRAMMES) * 4
    )
    if items is None:
        return None
    names = {
        ck.choice(("programmes", i), v, PROGRAMMES, "programme", fold=True)
        for i, v in enumerate(items)
    }
    names.discard(None)
    return len(names)


Earned = dict[str, tuple[Regulation | Item, ...]]


def _earned(
    derived: tuple[dict[str, tuple[Evidence, ...]], Earned],
    name: str,
    items: Sequence[Regulation | Item],
) -> None:
    """Record that `items` earned derived field `name`'s value, and their
    distinct evidence (in list order) as the field's evidence."""
    if not items:
        return
    evidence, derived_from = derived
    derived_from[name] = tuple(items)
    found = tuple(dict.fromkeys(i.evidence for i in items if i.evidence is not None))
    if found:
        evidence[name] = found


def _derive(
    values: dict[str, Value],
    regulations: tuple[Regulation, ...] | None,
    lists: dict[str, tuple[Item, ...] | None],
    programmes: int | None,
) -> tuple[dict[str, tuple[Evidence, ...]], Earned]:
    """Fill the derived fields (docs/formats.md, "Derived fields").

    Returns, per derived field, the evidence of exactly the items that
    earned its value (Candidate.evidence) and those items
    (Candidate.derived_from). A value written by hand
    (`policy.ptsp_required`) is not derived: it keeps its own evidence, or
    none, whatever the regulations say.
    """
    derived: tuple[dict[str, tuple[Evidence, ...]], Earned] = ({}, {})
    if regulations is not None:
        dedicated = [r for r in regulations if "dedicated" in r.scope]
        best = min(dedicated, key=lambda r: LEVEL_RANK[REGULATION_LEVEL[r.type]], default=None)
        values["regulation.dedicated_level"] = REGULATION_LEVEL[best.type] if best else "none"
        _earned(derived, "regulation.dedicated_level", [best] if best else [])
        # Every regulation but the one that gave the level (by identity: of
        # two equal regulations one gives the level, the other supports).
        supporting = [r for r in regulations if r is not best]
        values["regulation.supporting_count"] = float(len(supporting))
        _earned(derived, "regulation.supporting_count", supporting)
        if "policy.ptsp_required" not in values:
            ptsp = [r for r in regulations if "ptsp" in r.scope]
            values["policy.ptsp_required"] = bool(ptsp)
            _earned(derived, "policy.ptsp_required", ptsp)
    for key, name in COUNTED.items():
        items = lists[key]
        if items is not None:
            values[name] = float(len(items))
            _earned(derived, name, items)
    if programmes is not None:
        values["compliance.programmes"] = float(programmes)  # bare names: no evidence
    return derived


def _at_most(ck: Checker, values: dict[str, Value]) -> None:
    for name, spec, partner in PARTNERED:
        if name not in values or partner not in values:
            continue
        value, limit = values[name], values[partner]
        if isinstance(value, float) and isinstance(limit, float) and value > limit:
            section, key = name.split(".", 1)
            path = (
                (section, key, "value")
                if isinstance(ck.doc.data.get(section, {}).get(key), dict)
                else (section, key)
            )
            message = _("{name} ({value}) exceeds {partner} ({limit})").format(
                name=name, value=fmt(value), partner=partner, limit=fmt(limit)
            )
            if spec.over == "warning":
                ck.warn(
                    path,
                    _(
                        "{message}; possible, as the two come from different sources, but check both figures"
                    ).format(message=message),
                )
            else:
                ck.error(path, message)


def _references(ck: Checker, reports: tuple[Report, ...]) -> None:
    """Evidence naming a report the file does not list is a warning."""
    ids = [r.id for r in reports]
    for path, document in ck.references:
        if document not in ids:
            if ids:
                where = _("is not one of the file's reports ({names})").format(names=", ".join(ids))
            else:
                where = _("is not listed: the file has no reports:")
            ck.warn(
                path,
                _(
                    "evidence names report '{document}', which {where}{suggest}; add it under reports: or correct the id"
                ).format(document=shown(document), where=where, suggest=suggest(document, ids)),
            )


def _panel_scores(
    ck: Checker, data: dict[str, Any], criteria: Criteria, category: str | None
) -> dict[str, tuple[float, ...]]:
    m = ck.mapping(("panel_scores",), data["panel_scores"], "panel_scores")
    if m is None or category is None:
        return {}
    cat = criteria.category(category)
    assert cat is not None
    rubrics = rubric_rules(cat)
    result: dict[str, tuple[float, ...]] = {}
    for key, raw in m.items():
        path = ("panel_scores", key)
        rule = rubric_rule(
            ck,
            path,
            key,
            rubrics,
            "panel_scores: ",
            _(" of category '{category}'").format(category=category),
        )
        if rule is None:
            continue
        scores = rubric_scores(ck, path, raw, rule, f"'{shown(key[:60])}'")
        if scores is not None:
            result[key] = scores
    return result


# Category -> (its indicator inputs in declaration order, each indicator's
# (fields, fallback of a ratio)): the same for every candidate of a run.
_INPUTS: dict[int, tuple[Any, tuple[str, ...], tuple[tuple[tuple[str, ...], str | None], ...]]] = {}


def _category_inputs(
    cat: Any,
) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], str | None], ...]]:
    found = _INPUTS.get(id(cat))
    if found is not None and found[0] is cat:
        return found[1], found[2]
    inputs: list[str] = []
    needs: list[tuple[tuple[str, ...], str | None]] = []
    for indicator in cat.indicators:
        inp = indicator.input
        inputs.extend(name for name in inp.fields if name not in inputs)
        needs.append((tuple(inp.fields), inp.fallback if inp.kind == "ratio" else None))
    if len(_INPUTS) > 64:
        _INPUTS.clear()
    _INPUTS[id(cat)] = (cat, tuple(inputs), tuple(needs))
    return tuple(inputs), tuple(needs)


def _missing_inputs(
    ck: Checker,
    cand_id: str,
    criteria: Criteria,
    category: str,
    values: dict[str, Value],
) -> None:
    """One warning listing the category's indicator inputs this candidate lacks."""
    cat = criteria.category(category)
    assert cat is not None
    inputs, needs = _category_inputs(cat)
    absent_set = {
        name
        for fields, fallback in needs
        if fallback is None or fallback not in values
        for name in fields
        if name not in values
    }
    absent = [name for name in inputs if name in absent_set]  # declaration order
    if absent:
        ck.diagnostics.append(
            Diagnostic(
                ck.doc.path,
                1,
                1,
                _("{cand_id}: {missing} of {total} indicator inputs missing: {names}").format(
                    cand_id=cand_id,
                    missing=fmt(len(absent)),
                    total=fmt(len(inputs)),
                    names=", ".join(absent),
                ),
                "warning",
            )
        )


def _candidate(doc: Document, ck: Checker, criteria: Criteria) -> Candidate | None:
    data = doc.data
    ck.keys(
        (),
        data,
        TOP_KEYS,
        ("id", "name", "category", "period"),
        where=_(" in a candidate file"),
    )
    cand_id = ck.identifier(("id",), data["id"]) if "id" in data else None
    name = ck.string(("name",), data["name"], "name") if "name" in data else None
    period = _year(ck, ("period",), data["period"], "period") if "period" in data else None
    if period is not None and period != criteria.edition:
        ck.warn(
            ("period",),
            _("period {period} differs from the criteria edition {edition}").format(
                period=period, edition=criteria.edition
            ),
        )
    category = None
    if "category" in data:
        raw = data["category"]
        ids = [c.id for c in criteria.categories]
        if isinstance(raw, str) and criteria.category(raw) is not None:
            category = raw
        else:
            hint = suggest(raw, ids) if isinstance(raw, str) else ""
            ck.error(
                ("category",),
                _("unknown category {raw}{hint}; categories are {names}").format(
                    raw=describe(raw), hint=hint, names=", ".join(ids)
                ),
            )
    province = _optional_text(ck, (), data, "province", MAX_SHORT)
    zone = _optional_text(ck, (), data, "zone", MAX_SHORT)
    synthetic = data.get("synthetic", False)
    if ck.boolean(("synthetic",), synthetic, "synthetic") is None:
        synthetic = False

    values, evidence = _sections(ck, data)
    # A list written empty (`events:`) is absent, like a field written empty.
    regulations = _regulations(ck, data, period) if data.get("regulations") is not None else None
    lists = {
        key: (_items(ck, data, key) if data.get(key) is not None else None)
        for key in ("innovations", "events", "benefits")
    }
    programmes = _programmes(ck, data) if data.get("programmes") is not None else None
    derived_evidence, derived_from = _derive(values, regulations, lists, programmes)
    _at_most(ck, values)
    panel_scores = _panel_scores(ck, data, criteria, category) if "panel_scores" in data else {}
    panel = _strings(ck, data, "panel", most=MAX_ASSESSORS) if "panel" in data else ()
    if isinstance(data.get("panel"), list) and not title_items(ck, ("panel",), data["panel"]):
        panel = ()
    notes = (
        _strings(ck, data, "notes", most=MAX_NOTES, limit=MAX_NOTE, multiline=True)
        if "notes" in data
        else ()
    )
    reports = _reports(ck, data) if "reports" in data else ()
    _references(ck, reports)
    if cand_id and category:
        _missing_inputs(ck, cand_id, criteria, category, values)
    if ck.failed or cand_id is None or name is None or category is None or period is None:
        return None
    return Candidate(
        id=cand_id,
        name=name,
        category=category,
        period=period,
        province=province,
        zone=zone,
        synthetic=bool(synthetic),
        values=values,
        evidence={**evidence, **derived_evidence},
        derived_from=derived_from,
        panel_scores=panel_scores,
        panel=panel,
        regulations=regulations or (),
        innovations=lists["innovations"] or (),
        events=lists["events"] or (),
        benefits=lists["benefits"] or (),
        reports=reports,
        notes=notes,
        source=SourceFile(doc.path, doc.sha256),
    )


def validate_candidates(
    docs: Sequence[Document], criteria: Criteria
) -> tuple[list[Candidate], list[Diagnostic]]:
    """Check every candidate document; return the ones without errors, in order."""
    candidates: list[Candidate] = []
    diagnostics: list[Diagnostic] = []
    first_seen: dict[str, str] = {}
    for doc in docs:
        ck = Checker(doc)
        candidate = _candidate(doc, ck, criteria)
        cand_id = doc.data.get("id")
        if isinstance(cand_id, str):
            if cand_id in first_seen:
                ck.error(
                    ("id",),
                    _("duplicate candidate id '{cand_id}' (also in {first_seen})").format(
                        cand_id=shown(cand_id[:60]), first_seen=first_seen[cand_id]
                    ),
                )
                candidate = None
            else:
                first_seen[cand_id] = doc.path
        diagnostics.extend(ck.diagnostics)
        if candidate is not None:
            candidates.append(candidate)
    return candidates, diagnostics


__all__ = ["DERIVED_FROM", "SECTIONS", "validate_candidates"]
