"""One criteria file's keys and values -> its categories as written.

Each function reads one node (file, category, pillar, indicator, input)
and reports every problem of that node with its line; the rule of an
indicator is read by scoring/validate/rules.py (the rules' invariants),
and what spans nodes or files (pillars_from, tie_break, duplicate
categories, editions) by scoring/validate/criteria_link.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, get_args

from ..fields import FIELDS
from ..load.safeyaml import Document, KeyPath, shown
from ..model import Indicator, Input, MissingPolicy, Pillar, Text
from . import rules
from ._common import MAX_SHORT, NAME_RE, Checker, describe, fmt, suggest
from .rules import NUMERIC

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
POLICIES: tuple[str, ...] = get_args(MissingPolicy)  # ("zero", "reweight")
STATUSES = ("proposal", "official")
TOLERANCE = 1e-9
# Limits (docs/formats.md, "Limits"): criteria are written by the
# secretariat, but a typo must still end in a message, not a crash.
MAX_CATEGORIES = 100
MAX_PILLARS = 50  # per category
MAX_INDICATORS = 100  # per pillar
MAX_SHORTLIST = 10_000


@dataclass
class WrittenCategory:
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


def _unit(inp: Input) -> str:
    if inp.kind in ("ratio", "growth"):
        return "%"
    if inp.kind in ("field", "sum"):
        return FIELDS[inp.fields[0]].unit
    return ""


def _policy(ck: Checker, path: KeyPath, m: dict[str, Any]) -> str | None:
    """The missing-value policy a category or an indicator names, if any."""
    return (
        ck.choice(path + ("missing",), m["missing"], POLICIES, "missing")
        if "missing" in m
        else None
    )


def _head(
    ck: Checker, path: KeyPath, m: dict[str, Any]
) -> tuple[str | None, Text | None, float | None]:
    """id, label and weight of a pillar or an indicator (each None if absent or wrong)."""
    node_id = ck.identifier(path + ("id",), m["id"], NAME_RE) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    weight = (
        ck.number(path + ("weight",), m["weight"], "weight", above=0, maximum=100)
        if "weight" in m
        else None
    )
    return node_id, label, weight


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
    ind_id, label, weight = _head(ck, path, m)
    inp, derived = _input(ck, path, m, ind_id or "?")
    rule = rules.rule(ck, path + ("rule",), m["rule"]) if "rule" in m else None
    missing = _policy(ck, path, m)
    unit = ck.string(path + ("unit",), m["unit"], "unit", limit=MAX_SHORT) if "unit" in m else None
    if (
        inp is not None
        and rule is not None
        and not rules.compatible(ck, path + ("rule",), rule, derived, ind_id or "?")
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
    pillar_id, label, weight = _head(ck, path, m)
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


def _category(ck: Checker, path: KeyPath, value: Any, file_missing: str) -> WrittenCategory | None:
    m = ck.mapping(path, value, "category")
    if m is None:
        return None
    required = ("id", "label") + (() if "pillars_from" in m else ("pillars",))
    ck.keys(path, m, CATEGORY_KEYS, required, where=" in a category")
    cat_id = ck.identifier(path + ("id",), m["id"]) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    missing = _policy(ck, path, m)
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
    return WrittenCategory(
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


def read_file(
    doc: Document, ck: Checker
) -> tuple[int | None, Text | None, str | None, str, list[WrittenCategory]]:
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
    categories: list[WrittenCategory] = []
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
