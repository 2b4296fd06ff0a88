"""One criteria file's keys and values -> its categories as written.

Each function reads one node (file, category, panel policy, stage, pillar,
indicator, input) and reports every problem of that node with its line;
the rule of an indicator and a rubric's descriptors are read by
scoring/validate/rules.py (the rules' invariants), and what spans nodes or
files (pillars_from, tie_break, the pillars a stage names, the panel policy
and stages a copy inherits, duplicate categories, editions) by
scoring/validate/criteria_link.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from ..fields import FIELDS
from ..load.safeyaml import Document, KeyPath, shown
from ..messages import _
from ..model import (
    ALL_PILLARS,
    Indicator,
    Input,
    MissingPolicy,
    Normalise,
    Pillar,
    RubricRule,
    Stage,
    Text,
)
from . import rules
from ._common import MAX_SHORT, NAME_RE, Checker, describe, fmt, suggest
from .rules import AGGREGATIONS, MAX_RUBRIC, NUMERIC

FILE_KEYS = ("edition", "title", "status", "missing", "panel", "categories")
CATEGORY_KEYS = (
    "id",
    "label",
    "missing",
    "pillars_from",
    "shortlist",
    "tie_break",
    "panel",
    "stages",
    "pillars",
)
# A panel policy (docs/formats.md, "Panel policy"), at the file's top level
# (the default of its categories) or in a category (field by field).
POLICY_KEYS = ("aggregation", "normalise", "quorum", "disagreement", "detect")
NORMALISE: tuple[str, ...] = get_args(Normalise)  # ("none", "zscore")
DETECT = ("province", "organisation")
STAGE_KEYS = ("id", "label", "pillars", "shortlist", "combine")
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
    "aggregation",
    "descriptors",
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
MAX_STAGES = 20  # per category
MAX_QUORUM = 1000  # judges an item needs


@dataclass(frozen=True)
class Written:
    """What an indicator says of itself that its category may otherwise decide."""

    missing: str | None  # its own missing-value policy, if written
    aggregation: str | None  # its own aggregation (rubric only), if written


@dataclass(frozen=True)
class WrittenStage:
    """A stage as written; the pillars it names are checked when linked
    (also when the stage has other problems, so all are reported at once)."""

    path: KeyPath
    name: str  # its id as written, for messages ("?" when unreadable)
    pillars: tuple[str, ...]  # as written; () when unreadable
    stage: Stage | None  # None when the stage has a problem


@dataclass
class WrittenCategory:
    """A category as written, before `pillars_from`, `missing` and `panel` are resolved."""

    checker: Checker
    path: KeyPath
    id: str
    label: Text | None
    missing: str | None  # the category's own policy
    file_missing: str  # the policy of the file it is written in
    shortlist: int | None
    tie_break: tuple[str, ...] | None  # None when not given
    pillars: list[tuple[Pillar, list[Written]]] | None
    pillars_from: str | None
    # The panel policy fields the category writes, and those of its file's
    # top-level `panel:` (PanelPolicy field -> value).
    panel: dict[str, Any] = field(default_factory=dict)
    file_panel: dict[str, Any] = field(default_factory=dict)
    stages: list[WrittenStage] | None = None  # None when not given (or not a list)


def _field(
    ck: Checker, path: KeyPath, value: Any, types: Sequence[str], purpose: str
) -> str | None:
    """A catalogue field name whose type is one of `types`."""
    if not isinstance(value, str):
        ck.error(
            path,
            _("{purpose} must name a field such as coverage.active_members, not {value}").format(
                purpose=purpose, value=describe(value)
            ),
        )
        return None
    spec = FIELDS.get(value)
    if spec is None:
        ck.error(
            path,
            _("unknown field {value}{suggest}").format(
                value=describe(value), suggest=suggest(value, FIELDS)
            ),
        )
        return None
    if spec.type not in types:
        ck.error(
            path,
            _("{purpose} needs a {names} field; {value} is {type}").format(
                purpose=purpose, names=" or ".join(types), value=value, type=spec.type
            ),
        )
        return None
    return value


def _input(ck: Checker, path: KeyPath, m: dict[str, Any], ind_id: str) -> tuple[Input | None, str]:
    """The indicator's input and the type of its derived value."""
    given = [k for k in INPUT_KEYS if k in m]
    if not given:
        ck.error(
            path,
            _("indicator '{ind_id}' needs one input key: {names}").format(
                ind_id=ind_id, names=", ".join(INPUT_KEYS)
            ),
        )
        return None, ""
    if len(given) > 1:
        ck.key_error(
            path + (given[1],),
            _("indicator '{ind_id}' has more than one input key: {names}").format(
                ind_id=ind_id, names=", ".join(given)
            ),
        )
        return None, ""
    kind = given[0]
    value = m[kind]
    where = path + (kind,)
    if "fallback" in m and kind != "ratio":
        ck.key_error(path + ("fallback",), _("fallback is only allowed with a ratio input"))
    if kind == "field":
        name = _field(ck, where, value, (*NUMERIC, "bool", "level"), "field")
        return (Input("field", (name,)) if name else None), (FIELDS[name].type if name else "")
    if kind == "panel":
        if value is not True:
            ck.error(where, _("panel must be true, not {value}").format(value=describe(value)))
            return None, ""
        return Input("panel"), "panel"
    items = ck.sequence(where, value, kind, limit=MAX_INDICATORS)
    if items is None:
        return None, ""
    types = ("count",) if kind == "growth" else ("count", "money")
    if kind in ("ratio", "growth") and len(items) != 2:
        ck.error(
            where,
            _("{kind} needs exactly two fields [A, B], not {count}").format(
                kind=kind, count=fmt(len(items))
            ),
        )
        return None, ""
    if kind == "sum" and not items:
        ck.error(where, _("sum needs at least one field"))
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
        ck.error(where, _("sum mixes counts and money: ") + ", ".join(fields))
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


def _indicator(ck: Checker, path: KeyPath, value: Any) -> tuple[Indicator | None, Written, str]:
    """(indicator with missing and aggregation still unresolved, what it
    writes of them itself, id)."""
    m = ck.mapping(path, value, "indicator")
    if m is None:
        return None, Written(None, None), ""
    ck.keys(
        path,
        m,
        INDICATOR_KEYS,
        ("id", "label", "weight", "rule"),
        where=_(" in an indicator"),
    )
    ind_id, label, weight = _head(ck, path, m)
    inp, derived = _input(ck, path, m, ind_id or "?")
    rule = rules.rule(ck, path + ("rule",), m["rule"]) if "rule" in m else None
    missing = _policy(ck, path, m)
    unit = ck.string(path + ("unit",), m["unit"], "unit", limit=MAX_SHORT) if "unit" in m else None
    # A rubric indicator as meant: a rubric rule or a panel input (when the
    # two do not match, `compatible` says so once).
    rubric = isinstance(rule, RubricRule) or (inp is not None and inp.kind == "panel")
    known = rubric or inp is not None or rule is not None
    if (
        inp is not None
        and rule is not None
        and not rules.compatible(ck, path + ("rule",), rule, derived, ind_id or "?")
    ):
        rule = None
    panel_ok, aggregation, descriptors = _rubric_extras(
        ck, path, m, rule, ind_id or "?", rubric if known else None
    )
    if (
        None in (ind_id, label, weight, inp, rule)
        or ("missing" in m and missing is None)
        or not panel_ok
    ):
        return None, Written(None, None), ind_id or ""
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
        descriptors,
    )
    return indicator, Written(missing, aggregation), ind_id


def _rubric_extras(
    ck: Checker,
    path: KeyPath,
    m: dict[str, Any],
    rule: Any,
    ind_id: str,
    rubric: bool | None,
) -> tuple[bool, str | None, tuple[tuple[int, Text], ...]]:
    """A rubric indicator's own `aggregation` and `descriptors`: (no problem,
    aggregation as written, descriptors). Both keys are errors on an
    indicator that is not a rubric (`rubric` False; None: unknown, its own
    problems are reported)."""
    given = [k for k in ("aggregation", "descriptors") if k in m]
    if not given:
        return True, None, ()
    if rubric is None:
        return False, None, ()
    if not rubric:
        for key in given:
            ck.key_error(
                path + (key,),
                (
                    _(
                        "indicator '{ind_id}' is not a rubric indicator: {key} is only for an indicator with panel: true and a rubric rule; remove it"
                    )
                    if key == "aggregation"
                    else _(
                        "indicator '{ind_id}' is not a rubric indicator: {key} are only for an indicator with panel: true and a rubric rule; remove them"
                    )
                ).format(ind_id=ind_id, key=key),
            )
        return False, None, ()
    ok = True
    aggregation = None
    if "aggregation" in m:
        aggregation = ck.choice(
            path + ("aggregation",), m["aggregation"], AGGREGATIONS, "aggregation"
        )
        ok = aggregation is not None
    descriptors: tuple[tuple[int, Text], ...] = ()
    if "descriptors" in m and isinstance(rule, RubricRule):
        read = rules.descriptors(ck, path + ("descriptors",), m["descriptors"], rule)
        if read is None:
            ok = False
        else:
            descriptors = read
    return ok, aggregation, descriptors


def _pillar(
    ck: Checker, path: KeyPath, value: Any, seen_ids: dict[str, KeyPath]
) -> tuple[Pillar, list[Written]] | None:
    m = ck.mapping(path, value, "pillar")
    if m is None:
        return None
    ck.keys(
        path,
        m,
        PILLAR_KEYS,
        ("id", "label", "weight", "indicators"),
        where=_(" in a pillar"),
    )
    pillar_id, label, weight = _head(ck, path, m)
    items = (
        ck.sequence(path + ("indicators",), m["indicators"], "indicators", limit=MAX_INDICATORS)
        if "indicators" in m
        else None
    )
    if items == []:
        ck.error(
            path + ("indicators",),
            _("pillar '{pillar_id}' has no indicators").format(pillar_id=pillar_id),
        )
        items = None
    indicators: list[Indicator] = []
    written: list[Written] = []
    ok = items is not None
    for i, item in enumerate(items or ()):
        where = path + ("indicators", i)
        indicator, policy, ind_id = _indicator(ck, where, item)
        if ind_id:
            if ind_id in seen_ids:
                ck.error(
                    where + ("id",),
                    _(
                        "duplicate indicator id '{ind_id}' in this category (first at line {where})"
                    ).format(ind_id=ind_id, where=ck.doc.where(*seen_ids[ind_id])[0]),
                )
                ok = False
            else:
                seen_ids[ind_id] = where + ("id",)
        if indicator is None:
            ok = False
            continue
        indicators.append(indicator)
        written.append(policy)
    if ok and weight is not None:
        total = sum(i.weight for i in indicators)
        if abs(total - weight) > TOLERANCE:
            ck.error(
                path + ("weight",),
                _(
                    "weight of pillar '{pillar_id}' is {weight} but its indicators' weights sum to {total}"
                ).format(pillar_id=pillar_id, weight=fmt(weight), total=fmt(round(total, 9))),
            )
            ok = False
    if not ok or pillar_id is None or label is None or weight is None:
        return None
    return Pillar(pillar_id, label, weight, tuple(indicators)), written


def panel_policy(ck: Checker, path: KeyPath, value: Any) -> dict[str, Any]:
    """The fields a `panel:` policy writes (PanelPolicy field -> value), the
    wrong ones left out and reported."""
    m = ck.mapping(path, value, _("panel (the panel policy: aggregation, quorum, ...)"))
    if m is None:
        return {}
    ck.keys(path, m, POLICY_KEYS, where=_(" in a panel policy"))
    found: dict[str, Any] = {}
    if "aggregation" in m:
        found["aggregation"] = ck.choice(
            path + ("aggregation",), m["aggregation"], AGGREGATIONS, "aggregation"
        )
    if "normalise" in m:
        found["normalise"] = ck.choice(
            path + ("normalise",), m["normalise"], NORMALISE, "normalise"
        )
    if "quorum" in m:
        where = path + ("quorum",)
        quorum = ck.number(where, m["quorum"], "quorum", minimum=1, limit=MAX_QUORUM)
        if quorum is not None and not quorum.is_integer():
            ck.error(
                where,
                _(
                    "quorum must be a whole number of judges, not {quorum}; write for example {max}"
                ).format(quorum=fmt(quorum), max=fmt(max(1, int(quorum)))),
            )
            quorum = None
        found["quorum"] = None if quorum is None else int(quorum)
    if "disagreement" in m:
        # Written empty (`disagreement:`): no flag, e.g. in a category that
        # switches off its file's threshold.
        found["disagreement"] = (
            None
            if m["disagreement"] is None
            else ck.number(
                path + ("disagreement",),
                m["disagreement"],
                "disagreement",
                above=0,
                limit=MAX_RUBRIC,
            )
        )
        if m["disagreement"] is not None and found["disagreement"] is None:
            del found["disagreement"]
    if "detect" in m:
        detect = _detect(ck, path + ("detect",), m["detect"])
        if detect is not None:
            found["detect"] = detect
    return {k: v for k, v in found.items() if v is not None or k == "disagreement"}


def _detect(ck: Checker, path: KeyPath, value: Any) -> tuple[str, ...] | None:
    items = ck.sequence(path, value, "detect", limit=10)
    if items is None:
        return None
    names: list[str] = []
    ok = True
    for i, item in enumerate(items):
        name = ck.choice(path + (i,), item, DETECT, _("detect entry"))
        if name is None:
            ok = False
        elif name in names:
            ck.error(
                path + (i,), _("detect names '{name}' twice; list each once").format(name=name)
            )
            ok = False
        else:
            names.append(name)
    return tuple(d for d in DETECT if d in names) if ok else None


def _stages(ck: Checker, path: KeyPath, value: Any, cat_id: str) -> list[WrittenStage] | None:
    """A category's `stages`, in order; the pillars they name are checked
    by criteria_link (a category may copy its pillars)."""
    where = path + ("stages",)
    items = ck.sequence(where, value, "stages", limit=MAX_STAGES)
    if items is None:
        return None
    if not items:
        ck.error(
            where,
            _(
                "stages of category '{cat_id}' is empty; list at least one stage, or leave stages out (the category is then one stage of every pillar)"
            ).format(cat_id=cat_id),
        )
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    seen: dict[str, KeyPath] = {}
    return [_stage(ck, where + (i,), item, ids, i, seen, cat_id) for i, item in enumerate(items)]


def _stage(
    ck: Checker,
    path: KeyPath,
    value: Any,
    ids: list[Any],
    index: int,
    seen: dict[str, KeyPath],
    cat_id: str,
) -> WrittenStage:
    m = ck.mapping(path, value, "stage")
    if m is None:
        return WrittenStage(path, "?", (), None)
    ck.keys(path, m, STAGE_KEYS, ("id", "label", "pillars"), where=_(" in a stage"))
    ok = True
    stage_id = ck.identifier(path + ("id",), m["id"], NAME_RE) if "id" in m else None
    if stage_id == ALL_PILLARS:
        ck.error(
            path + ("id",),
            _(
                "stage id '{all_pillars}' is reserved (the one stage of a category without stages); choose another id"
            ).format(all_pillars=ALL_PILLARS),
        )
        stage_id = None
    elif stage_id is not None and stage_id in seen:
        ck.error(
            path + ("id",),
            _(
                "duplicate stage id '{stage_id}' in category '{cat_id}' (first at line {where}); give each stage its own id"
            ).format(stage_id=stage_id, cat_id=cat_id, where=ck.doc.where(*seen[stage_id])[0]),
        )
        stage_id = None
    elif stage_id is not None:
        seen[stage_id] = path + ("id",)
    name = stage_id or (ids[index] if isinstance(ids[index], str) else "?")
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    pillars: tuple[str, ...] | None = None
    if "pillars" in m:
        pillars, fine = _stage_pillars(ck, path + ("pillars",), m["pillars"], name)
        ok = ok and fine
    shortlist = None
    last = index == len(ids) - 1
    if m.get("shortlist") is not None:
        shortlist = ck.integer(
            path + ("shortlist",),
            m["shortlist"],
            "shortlist",
            minimum=1,
            limit=MAX_SHORTLIST,
        )
        ok = ok and shortlist is not None
    elif not last:
        following = (
            _("stage '{ids}'").format(ids=shown(ids[index + 1][:60]))
            if isinstance(ids[index + 1], str)
            else _("the next stage")
        )
        ck.error(
            path,
            _(
                "stage '{name}' needs a shortlist: how many pass to {following} (write shortlist: N; only the last stage may leave it out)"
            ).format(name=shown(name[:60]), following=following),
        )
        ok = False
    combine: tuple[tuple[str, float], ...] | None = ()
    if "combine" in m:
        combine = _combine(ck, path + ("combine",), m["combine"], ids, index, name)
    if stage_id is None or label is None or pillars is None or combine is None or not ok:
        return WrittenStage(path, shown(name[:60]), pillars or (), None)
    return WrittenStage(path, name, pillars, Stage(stage_id, label, pillars, shortlist, combine))


def _stage_pillars(
    ck: Checker, path: KeyPath, value: Any, stage_id: str
) -> tuple[tuple[str, ...] | None, bool]:
    """(the pillar ids a stage names, each once, in order; no problem)."""
    items = ck.sequence(path, value, "pillars", limit=MAX_PILLARS)
    if items is None:
        return None, False
    if not items:
        ck.error(
            path,
            _(
                "stage '{stage_id}' has no pillars; list the ids of the pillars it scores (pillars: [regulasi, ...])"
            ).format(stage_id=shown(stage_id[:60])),
        )
        return None, False
    names: list[str] = []
    ok = True
    for i, item in enumerate(items):
        name = ck.string(path + (i,), item, _("pillar id"), limit=MAX_SHORT)
        if name is None:
            ok = False
        elif name in names:
            ck.error(
                path + (i,),
                _("stage '{stage_id}' names pillar '{name}' twice; list it once").format(
                    stage_id=shown(stage_id[:60]), name=shown(name)
                ),
            )
            ok = False
        else:
            names.append(name)
    return tuple(names), ok


def _combine(
    ck: Checker, path: KeyPath, value: Any, ids: list[Any], index: int, stage_id: str
) -> tuple[tuple[str, float], ...] | None:
    """(stage id, weight) in the order written: this stage or earlier ones."""
    m = ck.mapping(path, value, _("combine (stage id: weight)"))
    if m is None:
        return None
    if not m:
        ck.error(
            path,
            _(
                "combine of stage '{stage_id}' is empty; give stage id: weight (e.g. {{dokumen: 60, wawancara: 40}}), or leave combine out"
            ).format(stage_id=shown(stage_id[:60])),
        )
        return None
    earlier = [i for i in ids[:index] if isinstance(i, str)]
    allowed = [*earlier, stage_id]
    result: list[tuple[str, float]] = []
    ok = True
    for key, weight in m.items():
        where = path + (key,)
        name = str(key)
        if key not in allowed:
            if key in ids[index + 1 :]:
                problem = _("'{name}', a later stage").format(name=shown(name[:60]))
            else:
                problem = _("'{name}', not a stage of this category{suggest}").format(
                    name=shown(name[:60]), suggest=suggest(name, allowed)
                )
            ck.key_error(
                where,
                _(
                    "combine of stage '{stage_id}' names {problem}; combine this stage or earlier ones: {names}"
                ).format(stage_id=shown(stage_id[:60]), problem=problem, names=", ".join(allowed)),
            )
            ok = False
            continue
        number = ck.number(
            where, weight, _("combine weight of '{name}'").format(name=shown(name[:60])), above=0
        )
        if number is None:
            ok = False
            continue
        result.append((name, number))
    return tuple(result) if ok else None


def _category(
    ck: Checker, path: KeyPath, value: Any, file_missing: str, file_panel: dict[str, Any]
) -> WrittenCategory | None:
    m = ck.mapping(path, value, "category")
    if m is None:
        return None
    required = ("id", "label") + (() if "pillars_from" in m else ("pillars",))
    ck.keys(path, m, CATEGORY_KEYS, required, where=_(" in a category"))
    cat_id = ck.identifier(path + ("id",), m["id"]) if "id" in m else None
    label = ck.text(path + ("label",), m["label"]) if "label" in m else None
    missing = _policy(ck, path, m)
    panel = panel_policy(ck, path + ("panel",), m["panel"]) if "panel" in m else {}
    stages = _stages(ck, path, m["stages"], cat_id or "?") if "stages" in m else None
    shortlist = None
    if "stages" in m and m.get("shortlist") is not None:
        ck.key_error(
            path + ("shortlist",),
            _(
                "category '{value}' has stages: put the shortlist on its stages (shortlist: N under each stage), not on the category"
            ).format(value=cat_id or "?"),
        )
    elif m.get("shortlist") is not None:
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
                ck.string(path + ("tie_break", i), v, _("tie_break entry"), limit=MAX_SHORT)
                for i, v in enumerate(items)
            ]
            if None not in names:
                tie_break = tuple(n for n in names if n is not None)
                for i, name in enumerate(tie_break):
                    if name in tie_break[:i]:
                        ck.error(
                            path + ("tie_break", i),
                            _("tie_break names pillar '{name}' twice").format(name=name),
                        )
    source = None
    if "pillars_from" in m:
        source = ck.string(
            path + ("pillars_from",), m["pillars_from"], "pillars_from", limit=MAX_SHORT
        )
        if "pillars" in m:
            ck.key_error(path + ("pillars",), _("give either pillars or pillars_from, not both"))
    pillars = None
    if "pillars" in m:
        items = ck.sequence(path + ("pillars",), m["pillars"], "pillars", limit=MAX_PILLARS)
        if items == []:
            ck.error(
                path + ("pillars",), _("category '{cat_id}' has no pillars").format(cat_id=cat_id)
            )
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
        panel,
        dict(file_panel),
        stages,
    )


def _pillars(
    ck: Checker, path: KeyPath, items: list[Any], cat_id: str
) -> list[tuple[Pillar, list[Written]]] | None:
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
                    _("duplicate pillar id '{pid}' in category '{cat_id}'").format(
                        pid=shown(pid[:60]), cat_id=cat_id
                    ),
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
            _("weights of category '{cat_id}' sum to {total}, not 100").format(
                cat_id=cat_id, total=fmt(round(total, 9))
            ),
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
        where=_(" in a criteria file"),
    )
    edition = None
    if "edition" in data:
        edition = ck.year(("edition",), data["edition"], "edition")
    title = ck.text(("title",), data["title"]) if "title" in data else None
    status = (
        ck.choice(("status",), data["status"], STATUSES, "status") if "status" in data else None
    )
    missing = ck.choice(("missing",), data.get("missing", "zero"), POLICIES, "missing") or "zero"
    panel = panel_policy(ck, ("panel",), data["panel"]) if "panel" in data else {}
    categories: list[WrittenCategory] = []
    items = (
        ck.sequence(("categories",), data["categories"], "categories", limit=MAX_CATEGORIES)
        if "categories" in data
        else None
    )
    if items == []:
        ck.error(
            ("categories",),
            _("categories is empty; a criteria file needs at least one category"),
        )
    for i, item in enumerate(items or ()):
        category = _category(ck, ("categories", i), item, missing, panel)
        if category is not None:
            categories.append(category)
    return edition, title, status, missing, categories
