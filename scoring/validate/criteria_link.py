"""What spans criteria nodes and files: the categories linked into Criteria.

Reads the categories as written (scoring/validate/criteria_nodes.py) of
every file and checks what no single node can: one edition across files,
no category id twice, `pillars_from` (which may chain: a copies b, b
copies c, followed to a category that lists its own pillars; a chain that
loops is an error), and `tie_break` naming pillars the category has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..load.safeyaml import Document
from ..model import Category
from ._common import Checker, suggest
from .criteria_nodes import WrittenCategory


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


def _tie_break(cat: WrittenCategory, by_id: dict[str, WrittenCategory]) -> tuple[str, ...] | None:
    current: WrittenCategory | None = cat
    seen = set()
    while current is not None and current.id not in seen:
        if current.tie_break is not None:
            return current.tie_break
        seen.add(current.id)
        current = by_id.get(current.pillars_from or "")
    return None


def _build(cat: WrittenCategory, source: WrittenCategory, tie_break: tuple[str, ...]) -> Category:
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
    return built


__all__ = ["link"]
