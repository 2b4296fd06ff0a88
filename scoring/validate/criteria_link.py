"""What spans criteria nodes and files: the categories linked into Criteria.

Reads the categories as written (scoring/validate/criteria_nodes.py) of
every file and checks what no single node can: one edition across files,
no category id twice, `pillars_from` (which may chain: a copies b, b
copies c, followed to a category that lists its own pillars; a chain that
loops is an error), `tie_break` and `stages` naming pillars the category
has, and what a copy inherits: `tie_break` and `stages` when it gives none,
and the panel policy field by field (docs/formats.md, "Panel policy").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..load.safeyaml import Document, shown
from ..messages import _
from ..model import Category, PanelPolicy, Stage
from ._common import Checker, suggest
from .criteria_nodes import WrittenCategory, WrittenStage


def _resolve(
    cat: WrittenCategory, by_id: dict[str, WrittenCategory]
) -> tuple[WrittenCategory | None, str]:
    """Follow pillars_from to the category that lists pillars; '' or an error."""
    chain = [cat.id]
    current = cat
    while current.pillars_from is not None:
        target = current.pillars_from
        if target == current.id:
            return (
                None,
                _("pillars_from of category '{id}' names the category itself").format(
                    id=current.id
                ),
            )
        if target not in by_id:
            return (
                None,
                _(
                    "pillars_from names unknown category '{target}'{suggest}; categories are {names}"
                ).format(target=target, suggest=suggest(target, by_id), names=", ".join(by_id)),
            )
        if target in chain:
            return None, _("pillars_from chain loops: ") + " -> ".join(chain + [target])
        chain.append(target)
        current = by_id[target]
    return current, ""


def _tie_break(cat: WrittenCategory, by_id: dict[str, WrittenCategory]) -> tuple[str, ...] | None:
    current: WrittenCategory | None = cat
    seen = set()
    while current is not None and current.id not in seen:
        if current.tie_break is not None:
            return current.tie_break
        seen.add(current.id)
        current = by_id.get(current.pillars_from or "")
    return None


def _inherited_stages(
    cat: WrittenCategory, by_id: dict[str, WrittenCategory]
) -> tuple[WrittenCategory, list[WrittenStage]] | None:
    """The stages a category declares, else those of the category it copies
    (followed along the chain): (the category that declares them, stages)."""
    current: WrittenCategory | None = cat
    seen = set()
    while current is not None and current.id not in seen:
        if current.stages is not None:
            return current, current.stages
        seen.add(current.id)
        current = by_id.get(current.pillars_from or "")
    return None


def _panel(cat: WrittenCategory, by_id: dict[str, WrittenCategory]) -> PanelPolicy:
    """The category's panel policy: the fields it writes, over those of the
    category it copies (which it inherits), else over its file's `panel:`,
    over the defaults. Only called once the pillars_from chain is known not
    to loop."""
    if cat.pillars_from is not None and cat.pillars_from in by_id:
        base = _panel(by_id[cat.pillars_from], by_id)
    else:
        base = replace(PanelPolicy(), **cat.file_panel)
    return replace(base, **cat.panel)


def _check_stages(cat: WrittenCategory, stages: list[WrittenStage], pillar_ids: list[str]) -> bool:
    """Every pillar a category's own stages name is one of its pillars."""
    ck = cat.checker
    ok = all(written.stage is not None for written in stages)
    for written in stages:
        for i, name in enumerate(written.pillars):
            if name not in pillar_ids:
                ck.error(
                    written.path + ("pillars", i),
                    _(
                        "stage '{name}' names '{name2}', not a pillar of category '{id}'{suggest}; pillars are {names}"
                    ).format(
                        name=written.name,
                        name2=shown(name[:60]),
                        id=cat.id,
                        suggest=suggest(name, pillar_ids),
                        names=", ".join(pillar_ids),
                    ),
                )
                ok = False
    if ok:
        named = {p for written in stages for p in written.pillars}
        for pillar in pillar_ids:
            if pillar not in named:
                ck.key_error(
                    cat.path + ("stages",),
                    _(
                        "pillar '{pillar}' of category '{id}' is in no stage, so no ranking counts it; add it to a stage's pillars"
                    ).format(pillar=pillar, id=cat.id),
                    "warning",
                )
    return ok


def _build(
    cat: WrittenCategory,
    source: WrittenCategory,
    tie_break: tuple[str, ...],
    panel: PanelPolicy,
    stages: tuple[Stage, ...],
) -> Category:
    policy = cat.missing or cat.file_missing
    pillars = tuple(
        replace(
            pillar,
            indicators=tuple(
                replace(
                    indicator,
                    missing=own.missing or policy,  # type: ignore[arg-type]
                    aggregation=own.aggregation or panel.aggregation,  # type: ignore[arg-type]
                )
                if indicator.input.kind == "panel"
                else replace(indicator, missing=own.missing or policy)  # type: ignore[arg-type]
                for indicator, own in zip(pillar.indicators, written)
            ),
        )
        for pillar, written in (source.pillars or ())
    )
    assert cat.label is not None
    return Category(
        cat.id,
        cat.label,
        pillars,
        tie_break,
        policy,  # type: ignore[arg-type]
        None if stages else cat.shortlist,
        panel,
        stages,
    )


def link(
    docs: Sequence[Document],
    checkers: Sequence[Checker],
    files: Sequence[tuple[int | None, Sequence[WrittenCategory]]],
) -> list[Category]:
    """The linked categories; problems go to each category's own checker.

    `files` holds each document's (edition, categories as written).
    """
    first_edition = next(((f[0], d) for f, d in zip(files, docs) if f[0] is not None), None)
    by_id: dict[str, WrittenCategory] = {}
    for (edition, categories), ck in zip(files, checkers):
        if first_edition and edition is not None and edition != first_edition[0]:
            ck.error(
                ("edition",),
                _(
                    "edition {edition} differs from edition {first_edition} in {path}; all criteria files must name the same edition"
                ).format(
                    edition=edition, first_edition=first_edition[0], path=first_edition[1].path
                ),
            )
        for cat in categories:
            if cat.id in by_id:
                other = by_id[cat.id]
                line = other.checker.doc.where(*other.path, "id")[0]
                cat.checker.error(
                    cat.path + ("id",),
                    _("duplicate category id '{id}' (first in {path}:{line})").format(
                        id=cat.id, path=other.checker.doc.path, line=line
                    ),
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
                    _(
                        "tie_break names '{name}', not a pillar of category '{id}'{suggest}; pillars are {names}"
                    ).format(
                        name=name,
                        id=cat.id,
                        suggest=suggest(name, pillar_ids),
                        names=", ".join(pillar_ids),
                    ),
                )
                bad = True
        staged = _inherited_stages(cat, by_id)
        stages: tuple[Stage, ...] = ()
        if staged is not None:
            owner, written = staged
            if owner is cat:
                bad = not _check_stages(cat, written, pillar_ids) or bad
            elif cat.shortlist is not None:
                ck.key_error(
                    cat.path + ("shortlist",),
                    _(
                        "category '{id}' copies the stages of '{id2}' (pillars_from), whose shortlists apply; to cut at another size, give it its own stages with their shortlists instead of shortlist"
                    ).format(id=cat.id, id2=owner.id),
                )
                bad = True
            stages = tuple(w.stage for w in written if w.stage is not None)
        if not bad:
            built.append(_build(cat, source, tie_break, _panel(cat, by_id), stages))
    return built


__all__ = ["link"]
