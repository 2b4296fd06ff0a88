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
from ..load.safeyaml import CONTROL_RE, Document, KeyPath, escaped, shown
from ..messages import N_, _, ngettext, number
from ..model import Category, RubricRule, Text

_DMY = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # category and candidate ids
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # pillar and indicator ids

# --- limits (docs/formats.md, "Limits") ------------------------------------
# Every number is at most this large in magnitude: above it a float64 no
# longer holds every whole rupiah, and no value of this award comes close.
MAX_MAGNITUDE = 10**15
MAX_TEXT = 200  # a name, a label, a publisher
MAX_TITLE = 500  # a title (regulation titles run long)
MAX_SHORT = 100  # an id, a number, a province, a zone, a page, a unit
MAX_URL = 2000
MAX_NOTE = 2000  # one note (free text, may span lines)
MAX_NOTES = 50
MAX_ASSESSORS = 20  # names on a panel, and scores per indicator
MAX_ITEMS = 500  # regulations, innovations, events, benefits, reports
YEARS = (1900, 2100)  # a year, a period, an edition, a date's year

# Number forms (docs/formats.md, "How numbers may be written").
WHOLE_FORMS = N_("120000 or 120.000")
MONEY_FORMS = N_("484646400, 484.646.400 or Rp 484.646.400")
PERCENT_FORMS = N_("94, 94.5, 94,5 or 94,5%")
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")  # 1.200.000
_COMMA_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")  # 1,200,000 (English)
_DIGITS = re.compile(r"[-+]?\d[\d_]*")  # 1200000, 1_200_000 (YAML)
_RUPIAH = re.compile(r"rp\.?\s*", re.IGNORECASE)
_SEN = re.compile(r",(?:00|-)$")  # Rp 484.646.400,00 and 484.646.400,-
_PERCENT = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_NUMERIC = re.compile(r"[-+]?[\d.,_]*\d[\d.,_]*(?:[eE][-+]?\d+)?")
# Integers YAML 1.1 reads from forms nobody means in these files: 010 is
# octal 8, 0x1f is 31, 1:30 is 90 (base 60).
_NOT_DECIMAL = re.compile(r"[-+]?(?:0[0-7_]+|0[xXbB].*|.*:.*)")


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest option, or ''."""
    options = list(options)
    folded = [o for o in options if o.casefold() == str(word).casefold()]
    match = folded or difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return _(" (did you mean '{match}'?)").format(match=match[0]) if match else ""


def fmt(value: float) -> str:
    """A value read from a file, written into a message in the current
    language (messages.number): 95.0 -> '95', 12.5 -> '12,5' (id) / '12.5'
    (en), 2234 -> '2.234' / '2,234'; an integer of 22 digits or more by its
    length; true/false as YAML writes them."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) >= 10**21:
        return _("a number of {value} digits").format(
            value=number(len(str(abs(value)))) if value.bit_length() < 14000 else _("thousands of")
        )
    return number(value)


def year_text(value: float) -> str:
    """A year, or a number read where a year is meant, as it is written
    (1850 and 44562, never 1.850 or 44.562); any other value by `fmt`."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and float(value).is_integer()
        and abs(value) < 1e16
    ):
        return str(int(value))
    return fmt(value)


def describe(value: Any) -> str:
    """How a wrong value looks to the user, for 'must be X, not Y'."""
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return fmt(value)
    if isinstance(value, str):
        return f"'{shown(value[:40])}'" + ("..." if len(value) > 40 else "")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, (date, datetime)):
        return _("the date {date}").format(date=value.isoformat())
    return type(value).__name__  # pragma: no cover - loader yields only the above


def label_of(path: KeyPath) -> str:
    """('categories', 0, 'pillars', 1, 'weight') -> 'weight'."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return _("value")


def _written_forms(form: str) -> str:
    """The ways a number of `form` ("whole", "money", "year") may be written."""
    if form == "money":
        return _(MONEY_FORMS)
    return "2022" if form == "year" else _(WHOLE_FORMS)


def _number_hint(form: str) -> str:
    """What to write instead, after a refused number of `form`."""
    if form == "whole":
        return _("; write {whole_forms}").format(whole_forms=_(WHOLE_FORMS))
    if form == "money":
        return _("; write {money_forms}").format(money_forms=_(MONEY_FORMS))
    if form == "percent":
        return _("; write {percent_forms}").format(percent_forms=_(PERCENT_FORMS))
    if form == "year":
        return _("; write a year such as 2022")
    return ""


class Checker:
    """Collects diagnostics for one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        # (path of `document`, report id) of every evidence read, checked
        # against the file's `reports:` at the end.
        self.references: list[tuple[KeyPath, str]] = []

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def error(self, path: KeyPath, message: str) -> None:
        self.diagnostics.append(self.doc.diag(path, message))

    def warn(self, path: KeyPath, message: str) -> None:
        self.diagnostics.append(self.doc.diag(path, message, "warning"))

    def key_error(self, path: KeyPath, message: str, severity: str = "error") -> None:
        line, column = self.doc.key_where(*path)
        self.diagnostics.append(Diagnostic(self.doc.path, line, column, message, severity))  # type: ignore[arg-type]

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
                    _("unknown key '{key}'{where}{suggest}").format(
                        key=shown(key[:60]), where=where, suggest=suggest(key, known)
                    ),
                    "warning",
                )
        for key in required:
            if key not in mapping:
                self.error(
                    path, _("missing required key '{key}'{where}").format(key=key, where=where)
                )

    def mapping(self, path: KeyPath, value: Any, what: str | None = None) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(
            path,
            _("{name} must be a mapping (key: value), not {value}").format(
                name=what or label_of(path), value=describe(value)
            ),
        )
        return None

    def sequence(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        limit: int | None = None,
    ) -> list[Any] | None:
        """A list, of at most `limit` items."""
        name = what or label_of(path)
        if not isinstance(value, list):
            self.error(
                path,
                _("{name} must be a list, not {value}").format(name=name, value=describe(value)),
            )
            return None
        if limit is not None and len(value) > limit:
            self.error(
                path,
                _("{name} has {count} items; at most {limit} are allowed").format(
                    name=name, count=fmt(len(value)), limit=fmt(limit)
                ),
            )
            return None
        return value

    # --- scalars -----------------------------------------------------------

    def string(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        limit: int = MAX_TEXT,
        multiline: bool = False,
    ) -> str | None:
        """Non-empty text of at most `limit` characters, without control
        characters (a multi-line text may hold newlines and tabs)."""
        if type(value) is str and len(value) <= limit and CONTROL_RE.search(value) is None:
            if value.strip():  # the common case: nothing to say (no newline to strip)
                return value
        name = what or label_of(path)
        if not (isinstance(value, str) and value.strip()):
            self.error(
                path,
                _("{name} must be non-empty text, not {value}").format(
                    name=name, value=describe(value)
                ),
            )
            return None
        if len(value) > limit:
            self.error(
                path,
                _("{name} is {count} characters long; at most {limit} are allowed").format(
                    name=name, count=fmt(len(value)), limit=fmt(limit)
                ),
            )
            return None
        for match in CONTROL_RE.finditer(value):
            char = match.group()
            if multiline and char in "\n\t":
                continue
            if not multiline and char == "\n" and match.start() == len(value) - 1:
                continue  # the line end a block scalar (`>`) leaves
            if char == "\n":
                self.error(
                    path,
                    _(
                        "{name} spans several lines; write it on one line, or fold it with '>' instead of '|'"
                    ).format(name=name),
                )
                return None
            allowed = _("; only newlines and tabs are allowed") if multiline else ""
            self.error(
                path,
                _(
                    "{name} contains the control character {char} at character {number}; remove it{allowed}"
                ).format(name=name, char=escaped(char), number=match.start() + 1, allowed=allowed),
            )
            return None
        return value.rstrip("\n") if not multiline else value

    def identifier(self, path: KeyPath, value: Any, pattern: re.Pattern[str] = ID_RE) -> str | None:
        if isinstance(value, str) and pattern.match(value) and len(value) <= MAX_SHORT:
            return value
        allowed = _("lower-case letters, digits and '-'") + (
            _(" or '_'") if pattern is NAME_RE else ""
        )
        if isinstance(value, str) and pattern.match(value):
            allowed += _(", at most {max_short} characters").format(max_short=fmt(MAX_SHORT))
        self.error(
            path,
            _("{name} must be {allowed}, not {value}").format(
                name=label_of(path), allowed=allowed, value=describe(value)
            ),
        )
        return None

    def boolean(self, path: KeyPath, value: Any, what: str | None = None) -> bool | None:
        """true/false; also `ya`/`tidak` (and yes/no/true/false in any case)."""
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in ("ya", "yes", "true"):
                return True
            if word in ("tidak", "no", "false"):
                return False
        self.error(
            path,
            _("{name} must be true or false (or ya/tidak), not {value}").format(
                name=what or label_of(path), value=describe(value)
            ),
        )
        return None

    def written(self, path: KeyPath) -> str | None:
        """The text of the scalar at path as the person wrote it, if known."""
        source = self.doc.source(*path)
        return None if source is None else source[0].strip()

    def _read(self, path: KeyPath, value: Any, name: str, form: str) -> int | float | str | None:
        """The number a person wrote (docs/formats.md, "How numbers may be
        written"), or a message (str) saying why it is refused.

        `form` is "plain" (YAML's reading), "whole" (counts and years:
        dot-grouped thousands allowed), "money" (whole rupiah: also Rp and
        ,00 / ,-) or "percent" (decimal comma and a % sign allowed)."""
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return None
        text = self.written(path)
        if text is None:  # built in code, not read from a file: YAML's reading
            return value if not isinstance(value, str) else None
        plain = self.doc.source(*path)[1] is None  # type: ignore[index]
        if plain and isinstance(value, int) and _NOT_DECIMAL.fullmatch(text):
            return _(
                "{name} is written '{text}', which YAML reads as {value} (octal, hexadecimal or base 60); write the number in plain decimal digits without a leading zero"
            ).format(name=name, text=shown(text[:40]), value=fmt(value))
        if form == "plain":
            return value if not isinstance(value, str) else None
        if form == "percent":
            return self._percent(path, value, name, text)
        if form == "money":
            text = _SEN.sub("", _RUPIAH.sub("", text, count=1))
            if not text:
                return None
        if _GROUPED.fullmatch(text):
            return int(text.replace(".", ""))
        if _DIGITS.fullmatch(text):
            digits = text.lstrip("+-")
            if len(digits) > 1 and digits[0] == "0":
                return _(
                    "{name} '{text}' starts with 0; write it without the leading zero ({forms})"
                ).format(name=name, text=shown(text[:40]), forms=_written_forms(form))
            if len(digits) > 30:
                return _("{name} is too large: {count} digits").format(
                    name=name, count=fmt(len(digits))
                )
            return int(text.replace("_", ""))
        if _COMMA_GROUPED.fullmatch(text):
            return _(
                "{name} '{text}' is ambiguous: a comma is a decimal comma in Indonesian; write whole numbers as {forms}"
            ).format(name=name, text=shown(text), forms=_written_forms(form))
        if (
            isinstance(value, float)
            and "e" in text.casefold()
            and math.isfinite(value)
            and value.is_integer()
        ):
            return value  # 1.0e+6: whole, the bounds decide
        if _NUMERIC.fullmatch(text):
            return _(
                "{name} must be a whole number{unit}, not '{text}'; write {forms} (a dot groups thousands)"
            ).format(
                name=name,
                unit=_(" of rupiah") if form == "money" else "",
                text=shown(text[:40]),
                forms=_written_forms(form),
            )
        return None

    def _percent(self, path: KeyPath, value: Any, name: str, text: str) -> int | float | str | None:
        """94, 94.5, 94,5, 94% and 94,5 % -> the percent; 0.94 gets a warning."""
        sign = text.endswith("%")
        number_text = text[:-1].rstrip() if sign else text
        if _PERCENT.fullmatch(number_text):
            number = float(number_text.replace(",", "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value  # another form YAML reads as a number (1.0e+1)
        else:
            return None
        if not sign and any(c in number_text for c in ".,") and 0 < number <= 1:
            self.warn(
                path,
                _(
                    "{name} is {text}, which looks like a fraction: did you mean {percent}%? (read as {value}%)"
                ).format(
                    name=name,
                    text=shown(text),
                    percent=fmt(round(number * 100, 9)),
                    value=fmt(number),
                ),
            )
        return number

    def number(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        form: str = "plain",
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
        limit: float = MAX_MAGNITUDE,
    ) -> float | None:
        """A finite number (never a bool), optionally whole and within bounds.

        `form` says how the written text may be read (see `_read`); "whole",
        "money" and "year" ask for a whole number. `minimum`, `maximum` and
        `above` are what the value means (a percent is 0-100); `limit` is
        the largest magnitude accepted at all (docs/formats.md, "Limits")."""
        # The messages (and their translations) are built only on the error
        # paths: this runs for every number of every file.
        name = what or label_of(path)
        whole = form in ("whole", "money", "year")
        read = self._read(path, value, name, form)
        if isinstance(read, str):
            self.error(path, read)
            return None
        if read is None or (isinstance(read, float) and not math.isfinite(read)):
            kind = _("a whole number") if whole else _("a number")
            self.error(
                path,
                _("{name} must be {kind}, not {value}{hint}").format(
                    name=name, kind=kind, value=describe(value), hint=_number_hint(form)
                ),
            )
            return None
        show = year_text if form == "year" else fmt  # 1900, not 1.900
        value = read
        if whole and isinstance(value, float) and not value.is_integer():
            self.error(
                path,
                _("{name} must be a whole number, not {value}{hint}").format(
                    name=name, value=show(value), hint=_number_hint(form)
                ),
            )
            return None
        bounds = []
        if above is not None and not value > above:
            bounds.append(f"> {show(above)}")
        if minimum is not None and value < minimum:
            bounds.append(f">= {show(minimum)}")
        if maximum is not None and value > maximum:
            bounds.append(f"<= {show(maximum)}")
        if bounds:
            if minimum is not None and maximum is not None:
                rule = _("between {minimum} and {maximum}").format(
                    minimum=show(minimum), maximum=show(maximum)
                )
            else:
                rule = " and ".join(bounds)
            self.error(
                path,
                _("{name} must be {rule}, not {value}").format(
                    name=name, rule=rule, value=show(value)
                ),
            )
            return None
        if abs(value) > limit:
            self.error(
                path,
                _("{name} ({value}) is larger than the largest accepted value, {limit}").format(
                    name=name, value=show(value), limit=show(limit)
                ),
            )
            return None
        return float(value)

    def integer(
        self,
        path: KeyPath,
        value: Any,
        what: str | None = None,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        limit: int = MAX_MAGNITUDE,
        form: str = "whole",
    ) -> int | None:
        number = self.number(
            path,
            value,
            what,
            form=form,
            minimum=minimum,
            maximum=maximum,
            limit=limit,
        )
        return None if number is None else int(number)

    def year(self, path: KeyPath, value: Any, what: str | None = None) -> int | None:
        """A year (also written "2022" in quotes), within YEARS."""
        return self.integer(path, value, what, minimum=YEARS[0], maximum=YEARS[1], form="year")

    def choice(
        self,
        path: KeyPath,
        value: Any,
        options: Sequence[str],
        what: str | None = None,
        *,
        fold: bool = False,
    ) -> str | None:
        """One of options; with `fold`, in any letter case and with spaces or
        '_' for '-' (`Perda`, `PTSP`, `Surat Edaran` are read as the name)."""
        if isinstance(value, str) and value in options:
            return value
        if fold and isinstance(value, str):
            key = re.sub(r"[\s_]+", "-", value.strip()).casefold()
            for option in options:
                if option.casefold() == key:
                    return option
        name = what or label_of(path)
        hint = suggest(value, options) if isinstance(value, str) else ""
        self.error(
            path,
            _("{name} must be one of {names}, not {value}{hint}").format(
                name=name, names=", ".join(options), value=describe(value), hint=hint
            ),
        )
        return None

    def text(self, path: KeyPath, value: Any) -> Text | None:
        """A label in both languages: {id: ..., en: ...}."""
        mapping = self.mapping(path, value, f"{label_of(path)} ({{id: ..., en: ...}})")
        if mapping is None:
            return None
        self.keys(
            path,
            mapping,
            ("id", "en"),
            ("id", "en"),
            where=_(" in {name}").format(name=label_of(path)),
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
        """A date: 2023-02-20, or the Indonesian order 20/02/2023 or 20-02-2023."""
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            text = value.strip()
            found = _DMY.fullmatch(text)
            try:
                if found:
                    day, _sep, month, year = found.groups()
                    value = date(int(year), int(month), int(day))
                elif _ISO.fullmatch(text):
                    value = date.fromisoformat(text)
            except ValueError as exc:
                self.error(
                    path,
                    _(
                        "{name} '{text}' is not a real date ({exc}); write YYYY-MM-DD or DD/MM/YYYY"
                    ).format(name=label_of(path), text=shown(text), exc=exc),
                )
                return None
        if isinstance(value, date):
            if not YEARS[0] <= value.year <= YEARS[1]:
                self.error(
                    path,
                    _("{name} {date} is outside the years {first}-{last}").format(
                        name=label_of(path),
                        date=value.isoformat(),
                        first=YEARS[0],
                        last=YEARS[1],
                    ),
                )
                return None
            return value
        self.error(
            path,
            _("{name} must be a date (YYYY-MM-DD), not {value}").format(
                name=label_of(path), value=describe(value)
            ),
        )
        return None


def rubric_rules(category: Category) -> dict[str, RubricRule]:
    """The indicators of a category that take panel scores, by id (in order)."""
    return {i.id: i.rule for i in category.indicators if isinstance(i.rule, RubricRule)}


def rubric_rule(
    ck: Checker,
    path: KeyPath,
    key: str,
    rubrics: dict[str, RubricRule],
    before: str,
    after: str = "",
) -> RubricRule | None:
    """The rubric indicator `key` names, or None with an error listing the
    category's rubric indicators; `before`/`after` place it in its file."""
    rule = rubrics.get(key)
    if rule is None:
        valid = ", ".join(rubrics) or _("none")
        ck.key_error(
            path,
            _(
                "{before}'{key}' is not a rubric indicator{after}{suggest}; rubric indicators: {valid}"
            ).format(
                before=before,
                key=shown(key[:60]),
                after=after,
                suggest=suggest(key, rubrics),
                valid=valid,
            ),
        )
    return rule


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
    if len(raw_scores) > MAX_ASSESSORS:
        ck.error(
            path,
            _(
                "{count} panel scores for {what}; at most {max_assessors} (one per assessor) are allowed"
            ).format(count=fmt(len(raw_scores)), what=what, max_assessors=fmt(MAX_ASSESSORS)),
        )
        return None
    if not raw_scores:
        ck.error(
            path,
            _("panel scores for {what} are empty; give one score per assessor").format(what=what),
        )
        return None
    scores: list[float] = []
    for j, value in enumerate(raw_scores):
        where = path + (j,) if isinstance(raw, list) else path
        score = ck.number(where, value, _("panel score for {what}").format(what=what))
        if score is None:
            continue
        if not rule.min <= score <= rule.max:
            ck.error(
                where,
                _("panel score {score} for {what} is outside {min}-{max}").format(
                    score=fmt(score), what=what, min=fmt(rule.min), max=fmt(rule.max)
                ),
            )
            continue
        scores.append(score)
    if assessors is not None and len(raw_scores) != len(assessors):
        n, m = len(raw_scores), len(assessors)
        ck.error(
            path,
            _(
                "{scores} for {what} but {assessors}; give one score per assessor, in the order of assessors"
            ).format(
                scores=ngettext("{n} score", "{n} scores", n).format(n=fmt(n)),
                what=what,
                assessors=ngettext("{n} assessor", "{n} assessors", m).format(n=fmt(m)),
            ),
        )
        return None
    return tuple(scores) if len(scores) == len(raw_scores) else None


# An academic title alone: letters with dots (M.Sc., S.H., M.Si., Ph.D.,
# S.E., M.M., S.T., M.Kes., S.Sos., M.A.P., Dr., Ir.): up to four groups of
# one to four letters, each ended by a dot (the last dot may be left out
# once there are two groups: M.Sc, S.Kom).
_TITLE = re.compile(
    r"[A-Za-z]{1,4}\.(?:\s?[A-Za-z]{1,4}\.){0,3}|[A-Za-z]{1,4}(?:\.[A-Za-z]{1,4}){1,3}"
)


def is_academic_title(text: str) -> bool:
    """True when `text` is only an academic title ('M.Sc.', 'S.H.'), which a
    name written in a flow list splits off at its comma."""
    word = text.strip()
    return bool(word) and word[0].isupper() and _TITLE.fullmatch(word) is not None


def title_items(ck: Checker, path: KeyPath, items: Sequence[Any]) -> bool:
    """Report each list item that is only an academic title (the rest of a
    name YAML split at a comma: `[Nama Penilai, M.Sc., Budi]`); True when
    there was none."""
    clean = True
    owner: str | None = None  # the last item that is a name
    for i, item in enumerate(items):
        if not isinstance(item, str):
            continue
        if not is_academic_title(item):
            owner = item
            continue
        clean = False
        title = shown(item.strip()[:40])
        line = ck.doc.where(*path, i)[0]
        same_line = i > 0 and ck.doc.where(*path, i - 1)[0] == line
        if owner is not None and same_line:
            ck.error(
                path + (i,),
                _(
                    "'{title}' looks like the academic title of '{owner}': in [ ] a comma separates names; put the name in quotes or write one name per line"
                ).format(title=title, owner=shown(owner[:60])),
            )
        else:
            ck.error(
                path + (i,),
                _(
                    "'{title}' looks like an academic title, not a name; write it with the name it belongs to, in quotes if the list is written in [ ]"
                ).format(title=title),
            )
    return clean


def read_value(name: str, text: str, where: str = "--set") -> tuple[Any, list[Diagnostic]]:
    """One value of catalogue field `name` (section.key) read from `text`
    exactly as a candidate file's value of that field is read (its kind's
    forms: `2.500` people, `Rp 484.646.400`, `94,5`, `ya`, `Perda`, and
    the same bounds), for `improve --set`. Returns (the value or None,
    the problems, located at `where`).

    The text is read as YAML reads a plain scalar, and the validator sees
    the text as written, as it does in a file. Derived fields (innovation
    count, regulation level) are read by their kind too: a what-if may set
    them directly."""
    import yaml

    from ..fields import FIELDS
    from ..load.safeyaml import Document
    from ..messages import _
    from .candidates import _field_value  # the per-kind reading of the candidate checks

    if name not in FIELDS:
        raise KeyError(name)
    text = text.strip()
    if "\n" in text or len(text) > MAX_TEXT:
        problem = Diagnostic(
            where, 0, 0, _("{name}: write one value on one line").format(name=name)
        )
        return None, [problem]
    try:
        parsed: Any = yaml.load(text, Loader=yaml.CSafeLoader) if text else None
    except yaml.YAMLError:
        parsed = text
    if isinstance(parsed, (dict, list)):  # `[1, 2]`, `a: b`: not one value
        parsed = text
    path: KeyPath = ("value",)
    doc = Document(where, {"value": parsed}, {path: (0, 0)}, {}, "", {path: (text, None)})
    ck = Checker(doc)
    if parsed is None:
        ck.error(path, _("{name} must have a value, not empty").format(name=name))
        return None, ck.diagnostics
    value = _field_value(ck, path, name, parsed)
    return (None if ck.failed else value), ck.diagnostics
