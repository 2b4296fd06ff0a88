"""The one home of every scoring rule's invariants (docs/formats.md, "Rules").

A rule reaches the engine only through `rule` below, so what it checks
holds for every `Rule` in a validated `Criteria`, and the engine
(scoring/score/rules.py, exact.py) relies on it without checking again:

- linear: floor and target are numbers; floor < target when direction is
  "higher", floor > target when it is "lower";
- bands: at least one [start, score] pair, starts strictly ascending,
  every score 0..100;
- yesno: yes and no scores 0..100;
- count: a finite cap, 0 < cap <= MAX_CAP;
- ordinal: every level of the catalogue (scoring/fields.py, LEVELS) and
  no other, each once and scored 0..100, in the order written (best first);
- rubric: 0 <= min < max <= MAX_RUBRIC; its `descriptors` (read by
  `descriptors` below, beside the rule) describe every whole level of
  min..max and no other, which needs a whole min and max;
- and the rule can read its indicator's derived value (`compatible`):
  yesno a bool field, ordinal a level field, rubric `panel: true`, the
  others a number.

Every number the Checker accepts is finite (scoring/validate/_common.py).
What the engine still checks is the *candidate* column it is handed
(a yesno value that is not 0/1, an unknown level name), never the rule.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from ..fields import LEVELS, MAXIMUM
from ..load.safeyaml import KeyPath
from ..messages import _
from ..model import (
    Aggregation,
    Band,
    BandsRule,
    CountRule,
    Direction,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    Text,
    YesNoRule,
)
from ._common import MAX_TITLE, Checker, describe, fmt, suggest

RULE_KEYS: dict[str, tuple[str, ...]] = {
    "linear": ("floor", "target", "direction"),
    "bands": ("bands",),
    "yesno": ("yes", "no"),
    "count": ("cap",),
    "ordinal": ("levels",),
    "rubric": ("min", "max"),
}
NUMERIC = ("count", "money", "percent", "months")  # field types a numeric rule reads
# Limits (docs/formats.md, "Limits").
MAX_BANDS = 100
MAX_RUBRIC = 1000  # a rubric scale lies within 0..1000
MAX_CAP = MAXIMUM["count"]  # a count cap, as large as any count
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)  # ("mean", "median", "trimmed-mean")
_LEVEL = re.compile(r"0|[1-9][0-9]{0,3}")  # a descriptor's level as written: 1, 2, ... (no 01)


def _score(ck: Checker, path: KeyPath, value: Any, what: str) -> float | None:
    return ck.number(path, value, what, minimum=0, maximum=100)


def rule(ck: Checker, path: KeyPath, value: Any) -> Rule | None:
    """The rule written at `path`, or None with its problems reported."""
    m = ck.mapping(path, value, "rule")
    if m is None:
        return None
    kind = m.get("type")
    if not isinstance(kind, str) or kind not in RULE_KEYS:
        if "type" not in m:
            ck.error(path, _("rule needs a type: {names}").format(names=", ".join(RULE_KEYS)))
        else:
            ck.choice(path + ("type",), kind, tuple(RULE_KEYS), _("rule type"))
        return None
    ck.keys(path, m, ("type", *RULE_KEYS[kind]), where=_(" in a {kind} rule").format(kind=kind))
    return _KINDS[kind](ck, path, m)


def _linear(ck: Checker, path: KeyPath, m: dict[str, Any]) -> LinearRule | None:
    for key in ("floor", "target"):
        if key not in m:
            ck.error(path, _("missing required key '{key}' in a linear rule").format(key=key))
    floor = ck.number(path + ("floor",), m["floor"], "floor") if "floor" in m else None
    target = ck.number(path + ("target",), m["target"], "target") if "target" in m else None
    direction = ck.choice(
        path + ("direction",),
        m.get("direction", "higher"),
        get_args(Direction),
        "direction",
    )
    if floor is None or target is None or direction is None:
        return None
    if direction == "higher" and not floor < target:
        ck.error(
            path + ("floor",),
            _(
                "linear floor ({floor}) must be below target ({target}) when direction is higher"
            ).format(floor=fmt(floor), target=fmt(target)),
        )
        return None
    if direction == "lower" and not floor > target:
        ck.error(
            path + ("floor",),
            _(
                "linear floor ({floor}) must be above target ({target}) when direction is lower"
            ).format(floor=fmt(floor), target=fmt(target)),
        )
        return None
    return LinearRule(floor, target, direction)  # type: ignore[arg-type]


def _bands(ck: Checker, path: KeyPath, m: dict[str, Any]) -> BandsRule | None:
    where = path + ("bands",)
    if "bands" not in m:
        ck.error(path, _("missing required key 'bands' in a bands rule"))
        return None
    items = ck.sequence(where, m["bands"], "bands", limit=MAX_BANDS)
    if items is None:
        return None
    if not items:
        ck.error(where, _("bands needs at least one [start, score] pair"))
        return None
    bands: list[Band] = []
    ok = True
    for i, item in enumerate(items):
        if not (isinstance(item, list) and len(item) == 2):
            ck.error(
                where + (i,),
                _("each band must be a pair [start, score], not {item}").format(
                    item=describe(item)
                ),
            )
            ok = False
            continue
        start = ck.number(where + (i, 0), item[0], _("band start"))
        score = _score(ck, where + (i, 1), item[1], _("band score"))
        if start is None or score is None:
            ok = False
            continue
        if bands and not start > bands[-1].start:
            ck.error(
                where + (i, 0),
                _("band starts must be strictly ascending: {start} comes after {start2}").format(
                    start=fmt(start), start2=fmt(bands[-1].start)
                ),
            )
            ok = False
        bands.append(Band(start, score))
    return BandsRule(tuple(bands)) if ok else None


def _yesno(ck: Checker, path: KeyPath, m: dict[str, Any]) -> YesNoRule | None:
    yes = _score(ck, path + ("yes",), m.get("yes", 100), _("yes score"))
    no = _score(ck, path + ("no",), m.get("no", 0), _("no score"))
    return YesNoRule(yes, no) if yes is not None and no is not None else None


def _count(ck: Checker, path: KeyPath, m: dict[str, Any]) -> CountRule | None:
    if "cap" not in m:
        ck.error(path, _("missing required key 'cap' in a count rule"))
        return None
    cap = ck.number(path + ("cap",), m["cap"], _("count cap"), above=0, limit=MAX_CAP)
    return CountRule(cap) if cap is not None else None


def _ordinal(ck: Checker, path: KeyPath, m: dict[str, Any]) -> OrdinalRule | None:
    where = path + ("levels",)
    if "levels" not in m:
        ck.error(path, _("missing required key 'levels' in an ordinal rule"))
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
                _("unknown level {name}{suggest}; levels are {names}").format(
                    name=describe(name), suggest=suggest(name, LEVELS), names=", ".join(LEVELS)
                ),
            )
            ok = False
            continue
        score = _score(ck, where + (name,), value, _("score of level '{name}'").format(name=name))
        if score is None:
            ok = False
            continue
        result.append((name, score))
    absent = [level for level in LEVELS if level not in levels]
    if absent:
        ck.error(
            where,
            _("ordinal levels must list every level ({names}); missing: {names2}").format(
                names=", ".join(LEVELS), names2=", ".join(absent)
            ),
        )
        ok = False
    return OrdinalRule(tuple(result)) if ok else None


def _rubric(ck: Checker, path: KeyPath, m: dict[str, Any]) -> RubricRule | None:
    low = ck.number(
        path + ("min",), m.get("min", 1), _("rubric min"), minimum=0, maximum=MAX_RUBRIC
    )
    high = ck.number(
        path + ("max",), m.get("max", 5), _("rubric max"), minimum=0, maximum=MAX_RUBRIC
    )
    if low is None or high is None:
        return None
    if not low < high:
        ck.error(
            path,
            _("rubric min ({low}) must be below max ({high})").format(low=fmt(low), high=fmt(high)),
        )
        return None
    return RubricRule(low, high)


def descriptors(
    ck: Checker, path: KeyPath, value: Any, rule: RubricRule
) -> tuple[tuple[int, Text], ...] | None:
    """A rubric indicator's `descriptors`: level -> {id, en}, one for every
    whole level of the rule's scale, sorted by level; None with every
    problem reported. A level key may be written 1 or "1"."""
    m = ck.mapping(path, value, "descriptors (level: {id: ..., en: ...})")
    if m is None:
        return None
    low, high = rule.min, rule.max
    if not (low.is_integer() and high.is_integer()):
        ck.error(
            path,
            _(
                "descriptors describe the whole levels of a rubric, but its scale is {low}-{high}; give the rule a whole min and max, or leave descriptors out"
            ).format(low=fmt(low), high=fmt(high)),
        )
        return None
    scale = f"{fmt(low)}-{fmt(high)}"
    found: dict[int, Text] = {}
    seen: set[int] = set()
    ok = True
    for key, text in m.items():
        where = path + (key,)
        written = str(key) if isinstance(key, (int, str)) and not isinstance(key, bool) else ""
        if not _LEVEL.fullmatch(written):
            ck.key_error(
                where,
                _(
                    "descriptor level {key} is not a level of the scale {scale}; write each level as a whole number key ({low}: {{id: ..., en: ...}})"
                ).format(key=describe(key), scale=scale, low=fmt(low)),
            )
            ok = False
            continue
        level = int(written)
        if not low <= level <= high:
            ck.key_error(
                where,
                _(
                    "descriptor level {level} is outside the rubric's scale {scale}; describe only the levels {low} to {high}"
                ).format(level=level, scale=scale, low=fmt(low), high=fmt(high)),
            )
            ok = False
            continue
        if level in seen:
            ck.key_error(
                where,
                _("descriptor level {level} is described twice; keep one").format(level=level),
            )
            ok = False
            continue
        seen.add(level)
        described = _descriptor(ck, where, text, level)
        if described is None:
            ok = False
            continue
        found[level] = described
    absent = [str(n) for n in range(int(low), int(high) + 1) if n not in seen]
    if absent:
        shown_absent = ", ".join(absent[:10]) + (
            _(", ... ({count} in all)").format(count=fmt(len(absent))) if len(absent) > 10 else ""
        )
        ck.error(
            path,
            _(
                "descriptors must describe every level of the scale {scale}; missing: {shown_absent} (add {absent}: {{id: ..., en: ...}})"
            ).format(scale=scale, shown_absent=shown_absent, absent=absent[0]),
        )
        ok = False
    return tuple(sorted(found.items())) if ok else None


def _descriptor(ck: Checker, path: KeyPath, value: Any, level: int) -> Text | None:
    """One level's description in both languages."""
    name = _("descriptor of level {level}").format(level=level)
    m = ck.mapping(path, value, f"{name} ({{id: ..., en: ...}})")
    if m is None:
        return None
    ck.keys(path, m, ("id", "en"), ("id", "en"), where=_(" in the {name}").format(name=name))
    parts = [
        ck.string(path + (lang,), m[lang], f"{name} ({lang})", limit=MAX_TITLE)
        if lang in m
        else None
        for lang in ("id", "en")
    ]
    if parts[0] is None or parts[1] is None:
        return None
    return Text(parts[0], parts[1])


_KINDS = {
    "linear": _linear,
    "bands": _bands,
    "yesno": _yesno,
    "count": _count,
    "ordinal": _ordinal,
    "rubric": _rubric,
}


def compatible(ck: Checker, path: KeyPath, rule: Rule, derived: str, ind_id: str) -> bool:
    """Can the rule read the indicator's derived value (a field type, or "panel")?"""
    needs = {"yesno": "bool", "ordinal": "level", "rubric": "panel"}.get(rule.kind)
    if derived == "panel" and rule.kind != "rubric":
        ck.error(
            path,
            _("indicator '{ind_id}': panel: true needs a rubric rule, not {kind}").format(
                ind_id=ind_id, kind=rule.kind
            ),
        )
        return False
    if needs == "panel" and derived != "panel":
        ck.error(
            path,
            _("indicator '{ind_id}': a rubric rule needs panel: true as its input").format(
                ind_id=ind_id
            ),
        )
        return False
    if needs and needs != derived:
        ck.error(
            path,
            _(
                "indicator '{ind_id}': a {kind} rule needs a {needs} field, not a {derived} one"
            ).format(ind_id=ind_id, kind=rule.kind, needs=needs, derived=derived),
        )
        return False
    if needs is None and derived not in NUMERIC:
        ck.error(
            path,
            _("indicator '{ind_id}': a {kind} rule needs a number, not a {derived} field").format(
                ind_id=ind_id, kind=rule.kind, derived=derived
            ),
        )
        return False
    return True


__all__ = [
    "AGGREGATIONS",
    "MAX_BANDS",
    "MAX_CAP",
    "MAX_RUBRIC",
    "NUMERIC",
    "RULE_KEYS",
    "compatible",
    "descriptors",
    "rule",
]
