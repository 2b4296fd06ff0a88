"""Shared checks for criteria and candidate files.

A Checker walks one Document and collects every problem instead of
stopping at the first: a user fixing a file wants the whole list at once,
each pointing at its line and column.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ..errors import Diagnostic
from ..load.safeyaml import Document, KeyPath
from ..model import RubricRule, Text

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # category and candidate ids
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # pillar and indicator ids


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest option, or ''."""
    options = list(options)
    folded = [o for o in options if o.casefold() == str(word).casefold()]
    match = folded or difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def fmt(number: float) -> str:
    """95.0 -> '95', 12.5 -> '12.5' (weights and values in messages)."""
    if isinstance(number, bool):
        return str(number).lower()
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number) if isinstance(number, int) else f"{number:g}"


def describe(value: Any) -> str:
    """How a wrong value looks to the user, for 'must be X, not Y'."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return fmt(value)
    if isinstance(value, str):
        return f"'{value[:40]}'" + ("..." if len(value) > 40 else "")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (date, datetime)):
        return f"the date {value.isoformat()}"
    return type(value).__name__  # pragma: no cover - loader yields only the above


def label_of(path: KeyPath) -> str:
    """('categories', 0, 'pillars', 1, 'weight') -> 'weight'."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


class Checker:
    """Collects diagnostics for one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def error(self, path: KeyPath, message: str) -> None:
        self.diagnostics.append(self.doc.diag(path, message))

    def warn(self, path: KeyPath, message: str) -> None:
        self.diagnostics.append(self.doc.diag(path, message, "warning"))

    def key_error(self, path: KeyPath, message: str, severity: str = "error") -> None:
        line, column = self.doc.key_where(*path)
        self.diagnostics.append(
            Diagnostic(self.doc.path, line, column, message, severity)
        )  # type: ignore[arg-type]

    # --- structure ---------------------------------------------------------

    def keys(
        self,
        path: KeyPath,
        mapping: dict[str, Any],
        known: Sequence[str],
        required: Sequence[str] = (),
        where: str = "",
    ) -> None:
        """Warn on unknown keys (suggesting the nearest); error on absent required ones."""
        for key in mapping:
            if key not in known:
                self.key_error(
                    path + (key,),
                    f"unknown key '{key}'{where}{suggest(key, known)}",
                    "warning",
                )
        for key in required:
            if key not in mapping:
                self.error(path, f"missing required key '{key}'{where}")

    def mapping(
        self, path: KeyPath, value: Any, what: str | None = None
    ) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(
            path,
            f"{what or label_of(path)} must be a mapping (key: value), not {describe(value)}",
        )
        return None

    def sequence(
        self, path: KeyPath, value: Any, what: str | None = None
    ) -> list[Any] | None:
        if isinstance(value, list):
            return value
        self.error(
            path, f"{what or label_of(path)} must be a list, not {describe(value)}"
        )
        return None

    # --- scalars -----------------------------------------------------------

    def string(self, path: KeyPath, value: Any, what: str | None = None) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.error(
            path,
            f"{what or label_of(path)} must be non-empty text, not {describe(value)}",
        )
        return None

    def identifier(
        self, path: KeyPath, value: Any, pattern: re.Pattern[str] = ID_RE
    ) -> str | None:
        if isinstance(value, str) and pattern.match(value):
            return value
        allowed = "lower-case letters, digits and '-'" + (
            " or '_'" if pattern is NAME_RE else ""
        )
        self.error(path, f"{label_of(path)} must be {allowed}, not {describe(value)}")
        return None

    def boolean(
        self, path: KeyPath, value: Any, what: str | None = None
    ) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(
            path,
            f"{what or label_of(path)} must be true or false, not {describe(value)}",
        )
        return None

    def number(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        whole: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
    ) -> float | None:
        """A finite number (never a bool), optionally whole and within bounds."""
        name = what or label_of(path)
        kind = "a whole number" if whole else "a number"
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            self.error(path, f"{name} must be {kind}, not {describe(value)}")
            return None
        if whole and isinstance(value, float) and not value.is_integer():
            self.error(path, f"{name} must be a whole number, not {fmt(value)}")
            return None
        bounds = []
        if above is not None and not value > above:
            bounds.append(f"> {fmt(above)}")
        if minimum is not None and value < minimum:
            bounds.append(f">= {fmt(minimum)}")
        if maximum is not None and value > maximum:
            bounds.append(f"<= {fmt(maximum)}")
        if bounds:
            if minimum is not None and maximum is not None:
                rule = f"between {fmt(minimum)} and {fmt(maximum)}"
            else:
                rule = " and ".join(bounds)
            self.error(path, f"{name} must be {rule}, not {fmt(value)}")
            return None
        return float(value)

    def integer(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        minimum: int | None = None,
    ) -> int | None:
        number = self.number(path, value, what, whole=True, minimum=minimum)
        return None if number is None else int(number)

    def choice(
        self, path: KeyPath, value: Any, options: Sequence[str], what: str | None = None
    ) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        name = what or label_of(path)
        hint = suggest(value, options) if isinstance(value, str) else ""
        self.error(
            path,
            f"{name} must be one of {', '.join(options)}, not {describe(value)}{hint}",
        )
        return None

    def text(self, path: KeyPath, value: Any) -> Text | None:
        """A label in both languages: {id: ..., en: ...}."""
        mapping = self.mapping(path, value, f"{label_of(path)} ({{id: ..., en: ...}})")
        if mapping is None:
            return None
        self.keys(
            path, mapping, ("id", "en"), ("id", "en"), where=f" in {label_of(path)}"
        )
        id_ = (
            self.string(path + ("id",), mapping.get("id"), f"{label_of(path)}.id")
            if "id" in mapping
            else None
        )
        en = (
            self.string(path + ("en",), mapping.get("en"), f"{label_of(path)}.en")
            if "en" in mapping
            else None
        )
        if id_ is None or en is None:
            return None
        return Text(id_, en)

    def day(self, path: KeyPath, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        self.error(
            path, f"{label_of(path)} must be a date (YYYY-MM-DD), not {describe(value)}"
        )
        return None


def rubric_scores(
    ck: Checker,
    path: KeyPath,
    raw: Any,
    rule: RubricRule,
    what: str,
    assessors: tuple[str, ...] | None = None,
) -> tuple[float, ...] | None:
    """One rubric indicator's scores (a list, or one number), each within the
    rubric's scale; with `assessors`, exactly one per assessor. None if any
    is wrong (every problem reported)."""
    raw_scores = raw if isinstance(raw, list) else ([] if raw is None else [raw])
    if not raw_scores:
        ck.error(path, f"panel scores for {what} are empty; give one score per assessor")
        return None
    scores: list[float] = []
    for j, value in enumerate(raw_scores):
        where = path + (j,) if isinstance(raw, list) else path
        score = ck.number(where, value, f"panel score for {what}")
        if score is None:
            continue
        if not rule.min <= score <= rule.max:
            ck.error(
                where,
                f"panel score {fmt(score)} for {what} is outside "
                f"{fmt(rule.min)}-{fmt(rule.max)}",
            )
            continue
        scores.append(score)
    if assessors is not None and len(raw_scores) != len(assessors):
        n, m = len(raw_scores), len(assessors)
        ck.error(
            path,
            f"{n} score{'s' if n != 1 else ''} for {what} but {m} "
            f"assessor{'s' if m != 1 else ''}; give one score per assessor, "
            "in the order of assessors",
        )
        return None
    return tuple(scores) if len(scores) == len(raw_scores) else None
