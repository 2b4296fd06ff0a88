"""Builders for engine tests: criteria and candidates written in Python.

No YAML here on purpose: the engine's tests must not depend on the loader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from paritrana.scoring.model import (
    Candidate,
    Category,
    Criteria,
    Indicator,
    Input,
    MissingPolicy,
    Pillar,
    Rule,
    Text,
)


def ind(
    id_: str,
    weight: float,
    rule: Rule,
    *fields: str,
    kind: str = "field",
    fallback: str | None = None,
    missing: MissingPolicy = "zero",
    unit: str = "",
) -> Indicator:
    """An indicator; `kind` is the input kind, `fields` its fields."""
    return Indicator(
        id=id_,
        label=Text(id_, id_),
        weight=weight,
        input=Input(kind, tuple(fields), fallback),  # type: ignore[arg-type]
        rule=rule,
        missing=missing,
        unit=unit,
    )


def pillar(id_: str, *indicators: Indicator) -> Pillar:
    return Pillar(id_, Text(id_, id_), sum(i.weight for i in indicators), indicators)


def category(
    id_: str,
    *pillars: Pillar,
    tie_break: Sequence[str] = (),
    missing: MissingPolicy = "zero",
) -> Category:
    return Category(id_, Text(id_, id_), tuple(pillars), tuple(tie_break), missing)


def criteria(*categories: Category) -> Criteria:
    return Criteria(
        edition=2022,
        title=Text("Uji", "Test"),
        status="proposal",
        missing="zero",
        categories=tuple(categories),
    )


def cand(
    id_: str,
    category_id: str = "cat",
    name: str | None = None,
    panel: Mapping[str, tuple[float, ...]] | None = None,
    **values: object,
) -> Candidate:
    """A candidate; keyword `coverage__active_members=5` is `coverage.active_members`."""
    return Candidate(
        id=id_,
        name=name if name is not None else id_,
        category=category_id,
        period=2022,
        values={k.replace("__", "."): v for k, v in values.items()},  # type: ignore[misc]
        panel_scores=dict(panel or {}),
    )


def by_id(result) -> dict[str, int]:
    """Row index of each candidate id in a result."""
    return {c.id: i for i, c in enumerate(result.candidates)}
