"""Criteria files -> Criteria, with every problem found (docs/formats.md, "Criteria").

Criteria are data, not code: a wrong weight table must be caught here,
with its line, rather than show up as a plausible but wrong ranking.

`pillars_from` may chain (a copies b, b copies c): the chain is followed
to a category that lists its own pillars; a chain that loops is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import Diagnostic
from ..fields import FIELDS, LEVELS
from ..load.safeyaml import Document, KeyPath, shown
from ..model import (
    Band,
    BandsRule,
    Category,
    CountRule,
    Criteria,
    Indicator,
    Input,
    LinearRule,
    OrdinalRule,
    Pillar,
    RubricRule,
    Rule,
    SourceFile,
    Text,
    YesNoRule,
)
from ._common import MAX_SHORT, NAME_RE, Checker, describe, fmt, suggest

FILE_KEYS = ("edition", "title", "status", "missing", "categories")
CATEGORY_KEYS = (
    "id",
    "label",
    "missing",
    "pillars_from",
    "shortlist",
    "tie_break",
    "pillars",
)
PILLAR_KEYS = ("id", "label", "weight", "indicators")
INPUT_KEYS = ("field", "ratio", "growth", "sum", "panel")
INDICATOR_KEYS = (
    "id",
    "label",
    "weight",
    *INPUT_KEYS,
    "fallback",
    "rule",
    "missing",
    "unit",
)
POLICIES = ("zero", "reweight")
STATUSES = ("proposal", "official")
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "linear": ("floor", "target", "direction"),
    "bands": ("bands",),
    "yesno": ("yes", "no"),
    "count": ("cap",),
    "ordinal": ("levels",),
    "rubric": ("min", "max"),
}
NUMERIC = ("count", "money", "percent", "months")
TOLERANCE = 1e-9
# Limits (docs/formats.md, "Limits"): criteria are written by the
# secretariat, but a typo must still end in a message, not a crash.
MAX_CATEGORIES = 100
MAX_PILLARS = 50  # per category
MAX_INDICATORS = 100  # per pillar
MAX_BANDS = 100
MAX_RUBRIC = 1000  # a rubric scale lies within 0..1000
MAX_CAP = 10**9  # a count cap, as large as any count
MAX_SHORTLIST = 10_000


@dataclass
class _Category:
    """A category as written, before `pillars_from` and `missing` are resolved."""

    checker: Checker
    path: KeyPath
    id: str
    label: Text | None
    missing: str | None  # the category's own policy
    file_missing: str  # the policy of the file it is written in
    shortlist: int | None
    tie_break: tuple[str, ...] | None  # None when not given
    pillars: list[tuple[Pillar, list[str | None]]] | None  # indicator missing as written
    pillars_from: str | None


def _field(
    ck: Checker, path: KeyPath, value: Any, types: Sequence[str], purpose: str
) -> str | None:
    """A catalogue field name whose type is one of `types`."""
    if not isinstance(value, str):
        ck.error(
            path,
            f"{purpose} must name a field such as coverage.active_members, not {describe(value)}",
        )
        return None
    spec = FIELDS.get(value)
    if spec is None:
        ck.error(path, f"unknown field {describe(value)}{suggest(value, FIELDS)}")
        return None
    if spec.type not in types:
        ck.error(
            path,
            f"{purpose} needs a {' or '.join(types)} field; {value} is {spec.type}",
        )
        return None
    return value


def _input(ck: Checker, path: KeyPath, m: dict[str, Any], ind_id: str) -> tuple[Input | None, str]:
    """The indicator's input and the type of its derived value."""
    given = [k for k in INPUT_KEYS if k in m]
    if not given:
        ck.error(path, f"indicator '{ind_id}' needs one input key: {', '.join(INPUT_KEYS)}")
        return None, ""
    if len(given) > 1:
        ck.key_error(
            path + (given[1],),
            f"indicator '{ind_id}' has more than one input key: {', '.join(given)}",
        )
        return None, ""
    kind = given[0]
    value = m[kind]
    where = path + (kind,)
    if "fallback" in m and kind != "ratio":
        ck.key_error(path + ("fallback",), "fallback is only allowed with a ratio input")
    if kind == "field":
        name = _field(ck, where, value, (*NUMERIC, "bool", "level"), "field")
        return (Input("field", (name,)) if name else None), (FIELDS[name].type if name else "")
    if kind == "panel":
        if value is not True:
            ck.error(where, f"panel must be true, not {describe(value)}")
            return None, ""
        return Input("panel"), "panel"
    items = ck.sequence(where, value, kind, limit=MAX_INDICATORS)
    if items is None:
        return None, ""
    types = ("count",) if kind == "growth" else ("count", "money")
    if kind in ("ratio", "growth") and len(items) != 2:
        ck.error(where, f"{kind} needs exactly two fields [A, B], not {len(items)}")
        return None, ""
    if kind == "sum" and not items:
        ck.error(where, "sum needs at least one field")
        return None, ""
    names = [_field(ck, where + (i,), v, types, kind) for i, v in enumerate(items)]
    fallback = None
    if kind == "ratio" and "fallback" in m:
        fallback = _field(ck, path + ("fallback",), m["fallback"], ("percent",), "fallback")
        if fallback is None:
            return None, ""
    if None in names:
        return None, ""
    fields = tuple(n for n in names if n is not None)
    if kind == "sum" and len({FIELDS[n].type for n in fields}) > 1:
        ck.error(where, "sum mixes counts and money: " + ", ".join(fields))
        return None, ""
    derived = "percent" if kind in ("ratio", "growth") else FIELDS[fields[0]].type
    return Input(kind, fields, fallback), derived  # type: ignore[arg-type]


def _score(ck: Checker, path: KeyPath, value: Any, what: str) -> float | None:
    return ck.number(path, value, what, minimum=0, maximum=100)


def _rule(ck: Checker, path: KeyPath, value: Any) -> Rule | None:
    m = ck.mapping(path, value, "rule")
    if m is None:
        return None
    kind = m.get("type")
    if not isinstance(kind, str) or kind not in RULE_KEYS:
        if "type" not in m:
            ck.error(path, f"rule needs a type: {', '.join(RULE_KEYS)}")
        else:
            ck.choice(path + ("type",), kind, tuple(RULE_KEYS), "rule type")
        return None
    ck.keys(path, m, ("type", *RULE_KEYS[kind]), where=f" in a {kind} rule")
    if kind == "linear":
        for key in ("floor", "target"):
            if key not in m:
                ck.error(path, f"missing required key '{key}' in a linear rule")
        floor = ck.number(path + ("floor",), m["floor"], "floor") if "floor" in m else None
        target = ck.number(path + ("target",), m["target"], "target") if "target" in m else None
        direction = ck.choice(
            path + ("direction",),
            m.get("direction", "higher"),
            ("higher", "lower"),
            "direction",
        )
        if floor is None or target is None or direction is None:
            return None
        if direction == "higher" and not floor < target:
            ck.error(
                path + ("floor",),
                f"linear floor ({fmt(floor)}) must be below target ({fmt(target)}) when direction is higher",
            )
            return None
        if direction == "lower" and not floor > target:
            ck.error(
                path + ("floor",),
                f"linear floor ({fmt(floor)}) must be above target ({fmt(target)}) when direction is lower",
            )
            return None
        return LinearRule(floor, target, direction)  # type: ignore[arg-type]
    if kind == "bands":
        return _bands(ck, path, m)
    if kind == "yesno":
        yes = _score(ck, path + ("yes",), m.get("yes", 100), "yes score")
        no = _score(ck, path + ("no",), m.get("no", 0), "no score")
        return YesNoRule(yes, no) if yes is not None and no is not None else None
    if kind == "count":
        if "cap" not in m:
            ck.error(path, "missing required key 'cap' in a count rule")
            return None
        cap = ck.number(path + ("cap",), m["cap"], "count cap", above=0, limit=MAX_CAP)
        return CountRule(cap) if cap is not None else None
    if kind == "ordinal":
        return _ordinal(ck, path, m)
    low = ck.number(path + ("min",), m.get("min", 1), "rubric min", minimum=0, maximum=MAX_RUBRIC)
    high = ck.number(path + ("max",), m.get("max", 5), "rubric max", minimum=0, maximum=MAX_RUBRIC)
    if low is None or high is None:
        return None
    if not low < high:
        ck.error(path, f"rubric min ({fmt(low)}) must be below max ({fmt(high)})")
        return None
    return RubricRule(low, high)


def _bands(ck: Checker, path: KeyPath, m: dict[str, Any]) -> BandsRule | None:
    where = path + ("bands",)
    if "bands" not in m:
        ck.error(path, "missing required key 'bands' in a bands rule")
        return None
    items = ck.sequence(where, m["bands"], "bands", limit=MAX_BANDS)
    if items is None:
        return None
    if not items:
        ck.error(where, "bands needs at least one [start, score] pair")
        return None
    bands: list[Band] = []
    ok = True
    for i, item in enumerate(items):
        if not (isinstance(item, list) and len(item) == 2):
            ck.error(
                where + (i,),
                f"each band must be a pair [start, score], not {describe(item)}",
            )
            ok = False
            continue
        start = ck.number(where + (i, 0), item[0], "band start")
        score = _score(ck, where + (i, 1), item[1], "band score")
        if start is None or score is None:
            ok = False
            continue
        if bands and not start > bands[-1].start:
            ck.error(
                where + (i, 0),
                f"band starts must be strictly ascending: {fmt(start)} comes after {fmt(bands[-1].start)}",
            )
            ok = False
        bands.append(Band(start, score))
    return BandsRule(tuple(bands)) if ok else None


def _ordinal(ck: Checker, path: KeyPath, m: dict[str, Any]) -> OrdinalRule | None:
    where = path + ("levels",)
    if "levels" not in m:
        ck.error(path, "missing required key 'levels' in an ordinal rule")
        return None
    levels = ck.mapping(where, m["levels"], "levels")
    if levels is None:
        return None
    ok = True
    result: list[tuple[str, float]] = []
    for name, value in levels.items():
        if name not in LEVELS:
            ck.key_error(
                where + (name,),
                f"unknown level {describe(name)}{suggest(name, LEVELS)}; levels are {', '.join(LEVELS)}",
            )
            ok = False
            continue
        score = _score(ck, where + (name,), value, f"score of level '{name}'")
        if score is None:
            ok = False
            continue
        result.append((name, score))
    absent = [level for level in LEVELS if level not in levels]
    if absent:
        ck.error(
            where,
            f"ordinal levels must list every level ({', '.join(LEVELS)}); missing: {', '.join(absent)}",
        )
        ok = False
    return OrdinalRule(tuple(result)) if ok else None


def _compatible(ck: Checker, path: KeyPath, rule: Rule, derived: str, ind_id: str) -> bool:
    """Can the rule read the indicator's derived value?"""
    needs = {"yesno": "bool", "ordinal": "level", "rubric": "panel"}.get(rule.kind)
    if derived == "panel" and rule.kind != "rubric":
        ck.error(
            path,
            f"indicator '{ind_id}': panel: true needs a rubric rule, not {rule.kind}",
        )
        return False
    if needs == "panel" and derived != "panel":
        ck.error(path, f"indicator '{ind_id}': a rubric rule needs panel: true as its input")
        return False
    if needs and needs != derived:
        ck.error(
            path,
            f"indicator '{ind_id}': a {rule.kind} rule needs a {needs} field, not a {derived} one",
        )
        return False
    if needs is None and derived not in NUMERIC:
        ck.error(
            path,
            f"indicator '{ind_id}': a {rule.kind} rule needs a number, not a {derived} field",
        )
        return False
    return True


def _unit(inp: Input) -> str:
    if inp.kind in ("ratio", "growth"):
        return "%"
    if inp.kind in ("field", "sum"):
        return FIELDS[inp.fields[0]].unit
    return ""


def _indicator(ck: Checker, path: KeyPath, value: Any) -> tuple[Indicator | None, str | None, str]:
    """(indicator with missing still unresolved, missing as written, id)."""
    m = ck.mapping(path, value, "indicator")
    if m is None:
        return None, None, ""
    ck.keys(
        path,
        m,
        INDICATOR_KEYS,
        ("id", "label", "weight", "rule"),
        where=" in an indicator",
    )
    ind_id = ck.identifier(path + ("id",), m["id"], NAME_RE) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    weight = (
        ck.number(path + ("weight",), m["weight"], "weight", above=0, maximum=100)
        if "weight" in m
        else None
    )
    inp, derived = _input(ck, path, m, ind_id or "?")
    rule = _rule(ck, path + ("rule",), m["rule"]) if "rule" in m else None
    missing = (
        ck.choice(path + ("missing",), m["missing"], POLICIES, "missing")
        if "missing" in m
        else None
    )
    unit = ck.string(path + ("unit",), m["unit"], "unit", limit=MAX_SHORT) if "unit" in m else None
    if (
        inp is not None
        and rule is not None
        and not _compatible(ck, path + ("rule",), rule, derived, ind_id or "?")
    ):
        rule = None
    if None in (ind_id, label, weight, inp, rule) or ("missing" in m and missing is None):
        return None, None, ind_id or ""
    assert ind_id and label and weight and inp and rule
    indicator = Indicator(
        ind_id,
        label,
        weight,
        inp,
        rule,
        "zero",
        unit if unit is not None else _unit(inp),
        ck.doc.where(*path)[0],
    )
    return indicator, missing, ind_id


def _pillar(
    ck: Checker, path: KeyPath, value: Any, seen_ids: dict[str, KeyPath]
) -> tuple[Pillar, list[str | None]] | None:
    m = ck.mapping(path, value, "pillar")
    if m is None:
        return None
    ck.keys(
        path,
        m,
        PILLAR_KEYS,
        ("id", "label", "weight", "indicators"),
        where=" in a pillar",
    )
    pillar_id = ck.identifier(path + ("id",), m["id"], NAME_RE) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    weight = (
        ck.number(path + ("weight",), m["weight"], "weight", above=0, maximum=100)
        if "weight" in m
        else None
    )
    items = (
        ck.sequence(path + ("indicators",), m["indicators"], "indicators", limit=MAX_INDICATORS)
        if "indicators" in m
        else None
    )
    if items == []:
        ck.error(path + ("indicators",), f"pillar '{pillar_id}' has no indicators")
        items = None
    indicators: list[Indicator] = []
    missing: list[str | None] = []
    ok = items is not None
    for i, item in enumerate(items or ()):
        where = path + ("indicators", i)
        indicator, policy, ind_id = _indicator(ck, where, item)
        if ind_id:
            if ind_id in seen_ids:
                ck.error(
                    where + ("id",),
                    f"duplicate indicator id '{ind_id}' in this category (first at line {ck.doc.where(*seen_ids[ind_id])[0]})",
                )
                ok = False
            else:
                seen_ids[ind_id] = where + ("id",)
        if indicator is None:
            ok = False
            continue
        indicators.append(indicator)
        missing.append(policy)
    if ok and weight is not None:
        total = sum(i.weight for i in indicators)
        if abs(total - weight) > TOLERANCE:
            ck.error(
                path + ("weight",),
                f"weight of pillar '{pillar_id}' is {fmt(weight)} but its indicators' weights sum to {fmt(round(total, 9))}",
            )
            ok = False
    if not ok or pillar_id is None or label is None or weight is None:
        return None
    return Pillar(pillar_id, label, weight, tuple(indicators)), missing


def _category(ck: Checker, path: KeyPath, value: Any, file_missing: str) -> _Category | None:
    m = ck.mapping(path, value, "category")
    if m is None:
        return None
    required = ("id", "label") + (() if "pillars_from" in m else ("pillars",))
    ck.keys(path, m, CATEGORY_KEYS, required, where=" in a category")
    cat_id = ck.identifier(path + ("id",), m["id"]) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    missing = (
        ck.choice(path + ("missing",), m["missing"], POLICIES, "missing")
        if "missing" in m
        else None
    )
    shortlist = None
    if m.get("shortlist") is not None:
        shortlist = ck.integer(
            path + ("shortlist",),
            m["shortlist"],
            "shortlist",
            minimum=1,
            limit=MAX_SHORTLIST,
        )
    tie_break = None
    if "tie_break" in m:
        items = ck.sequence(path + ("tie_break",), m["tie_break"], "tie_break", limit=MAX_PILLARS)
        if items is not None:
            names = [
                ck.string(path + ("tie_break", i), v, "tie_break entry", limit=MAX_SHORT)
                for i, v in enumerate(items)
            ]
            if None not in names:
                tie_break = tuple(n for n in names if n is not None)
                for i, name in enumerate(tie_break):
                    if name in tie_break[:i]:
                        ck.error(
                            path + ("tie_break", i),
                            f"tie_break names pillar '{name}' twice",
                        )
    source = None
    if "pillars_from" in m:
        source = ck.string(
            path + ("pillars_from",), m["pillars_from"], "pillars_from", limit=MAX_SHORT
        )
        if "pillars" in m:
            ck.key_error(path + ("pillars",), "give either pillars or pillars_from, not both")
    pillars = None
    if "pillars" in m:
        items = ck.sequence(path + ("pillars",), m["pillars"], "pillars", limit=MAX_PILLARS)
        if items == []:
            ck.error(path + ("pillars",), f"category '{cat_id}' has no pillars")
        elif items is not None:
            pillars = _pillars(ck, path, items, cat_id or "?")
    if cat_id is None:
        return None
    return _Category(
        ck,
        path,
        cat_id,
        label,
        missing,
        file_missing,
        shortlist,
        tie_break,
        pillars,
        source,
    )


def _pillars(
    ck: Checker, path: KeyPath, items: list[Any], cat_id: str
) -> list[tuple[Pillar, list[str | None]]] | None:
    pillars = []
    ok = True
    pillar_ids: dict[str, int] = {}
    indicator_ids: dict[str, KeyPath] = {}
    for i, item in enumerate(items):
        where = path + ("pillars", i)
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            pid = item["id"]
            if pid in pillar_ids:
                ck.error(
                    where + ("id",),
                    f"duplicate pillar id '{shown(pid[:60])}' in category '{cat_id}'",
                )
                ok = False
            pillar_ids.setdefault(pid, i)
        pillar = _pillar(ck, where, item, indicator_ids)
        if pillar is None:
            ok = False
        else:
            pillars.append(pillar)
    if not ok:
        return None
    total = sum(p.weight for p, _ in pillars)
    if abs(total - 100) > TOLERANCE:
        ck.key_error(
            path + ("pillars",),
            f"weights of category '{cat_id}' sum to {fmt(round(total, 9))}, not 100",
        )
        return None
    return pillars


def _file(
    doc: Document, ck: Checker
) -> tuple[int | None, Text | None, str | None, str, list[_Category]]:
    data = doc.data
    ck.keys(
        (),
        data,
        FILE_KEYS,
        ("edition", "title", "status", "categories"),
        where=" in a criteria file",
    )
    edition = None
    if "edition" in data:
        edition = ck.year(("edition",), data["edition"], "edition")
    title = ck.text(("title",), data["title"]) if "title" in data else None
    status = (
        ck.choice(("status",), data["status"], STATUSES, "status") if "status" in data else None
    )
    missing = ck.choice(("missing",), data.get("missing", "zero"), POLICIES, "missing") or "zero"
    categories: list[_Category] = []
    items = (
        ck.sequence(("categories",), data["categories"], "categories", limit=MAX_CATEGORIES)
        if "categories" in data
        else None
    )
    if items == []:
        ck.error(
            ("categories",),
            "categories is empty; a criteria file needs at least one category",
        )
    for i, item in enumerate(items or ()):
        category = _category(ck, ("categories", i), item, missing)
        if category is not None:
            categories.append(category)
    return edition, title, status, missing, categories


def _resolve(cat: _Category, by_id: dict[str, _Category]) -> tuple[_Category | None, str]:
    """Follow pillars_from to the category that lists pillars; '' or an error."""
    chain = [cat.id]
    current = cat
    while current.pillars_from is not None:
        target = current.pillars_from
        if target == current.id:
            return (
                None,
                f"pillars_from of category '{current.id}' names the category itself",
            )
        if target not in by_id:
            return (
                None,
                f"pillars_from names unknown category '{target}'{suggest(target, by_id)}; categories are {', '.join(by_id)}",
            )
        if target in chain:
            return None, "pillars_from chain loops: " + " -> ".join(chain + [target])
        chain.append(target)
        current = by_id[target]
    return current, ""


def _tie_break(cat: _Category, by_id: dict[str, _Category]) -> tuple[str, ...] | None:
    current: _Category | None = cat
    seen = set()
    while current is not None and current.id not in seen:
        if current.tie_break is not None:
            return current.tie_break
        seen.add(current.id)
        current = by_id.get(current.pillars_from or "")
    return None


def _build(cat: _Category, source: _Category, tie_break: tuple[str, ...]) -> Category:
    policy = cat.missing or cat.file_missing
    pillars = tuple(
        replace(
            pillar,
            indicators=tuple(
                replace(indicator, missing=own or policy)  # type: ignore[arg-type]
                for indicator, own in zip(pillar.indicators, written)
            ),
        )
        for pillar, written in (source.pillars or ())
    )
    assert cat.label is not None
    return Category(cat.id, cat.label, pillars, tie_break, policy, cat.shortlist)  # type: ignore[arg-type]


def validate_criteria(
    docs: Sequence[Document],
) -> tuple[Criteria | None, list[Diagnostic]]:
    """Check every criteria document; Criteria only when there is no error."""
    diagnostics: list[Diagnostic] = []
    if not docs:
        return None, [Diagnostic("criteria", 0, 0, "no criteria files given")]
    checkers = [Checker(doc) for doc in docs]
    files = [_file(doc, ck) for doc, ck in zip(docs, checkers)]
    first_edition = next(((f[0], d) for f, d in zip(files, docs) if f[0] is not None), None)
    by_id: dict[str, _Category] = {}
    for (edition, _t, _s, _m, categories), ck in zip(files, checkers):
        if first_edition and edition is not None and edition != first_edition[0]:
            ck.error(
                ("edition",),
                f"edition {edition} differs from edition {first_edition[0]} in {first_edition[1].path}; "
                "all criteria files must name the same edition",
            )
        for cat in categories:
            if cat.id in by_id:
                other = by_id[cat.id]
                line = other.checker.doc.where(*other.path, "id")[0]
                cat.checker.error(
                    cat.path + ("id",),
                    f"duplicate category id '{cat.id}' (first in {other.checker.doc.path}:{line})",
                )
                continue
            by_id[cat.id] = cat

    built: list[Category] = []
    for cat in by_id.values():
        ck = cat.checker
        source, problem = _resolve(cat, by_id)
        if problem:
            ck.error(cat.path + ("pillars_from",), problem)
            continue
        assert source is not None
        if source.pillars is None or cat.label is None:
            continue  # its own problems are already reported
        tie_break = _tie_break(cat, by_id) or ()
        pillar_ids = [p.id for p, _ in source.pillars]
        bad = False
        for i, name in enumerate(tie_break):
            if name not in pillar_ids:
                where = (
                    cat.path + ("tie_break", i)
                    if cat.tie_break is not None
                    else cat.path + ("pillars_from",)
                )
                ck.error(
                    where,
                    f"tie_break names '{name}', not a pillar of category '{cat.id}'{suggest(name, pillar_ids)}; pillars are {', '.join(pillar_ids)}",
                )
                bad = True
        if not bad:
            built.append(_build(cat, source, tie_break))

    for ck in checkers:
        diagnostics.extend(ck.diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    edition, title, status, missing, _ = files[0]
    assert edition is not None and title is not None and status is not None
    statuses = {f[2] for f in files}
    criteria = Criteria(
        edition=edition,
        title=title,
        status="proposal" if "proposal" in statuses else "official",  # type: ignore[arg-type]
        missing=missing,  # type: ignore[arg-type]
        categories=tuple(built),
        sources=tuple(SourceFile(doc.path, doc.sha256) for doc in docs),
    )
    return criteria, diagnostics


__all__ = ["validate_criteria"]
