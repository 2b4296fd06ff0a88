"""The rule in words (criteria table of the scorecard, terminal breakdown).

`describe_rule` writes a scoring rule as a reader sees it, in Bahasa
Indonesia or English: `linier: 10% → 0, 52% → 100`, `count, cap 1
regulation`. Level names and units come from i18n.py (one table each), so
a level is called the same in the rule as in the value column.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import (
    BandsRule,
    CountRule,
    Lang,
    LinearRule,
    OrdinalRule,
    RubricRule,
    Rule,
    YesNoRule,
)
from . import i18n
from .rows import JudgeNoteRow, PanelRow, StageView

NumberFormat = Callable[[float], str]

_WORDS: dict[str, tuple[str, str]] = {  # key: (Bahasa Indonesia, English)
    "linear": ("linier", "linear"),
    "lower": ("makin kecil makin baik", "lower is better"),
    "bands": ("ambang", "bands"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "count": ("jumlah, batas", "count, cap"),
    "rubric": ("rubrik panel", "panel rubric"),
}


def _plain(x: float) -> str:
    """Default number format: no exponent for ordinary amounts, no '.0'."""
    return format(float(x), ".12g")


def _with_unit(text: str, unit: str, lang: Lang, one: bool) -> str:
    """A formatted number with its unit in `lang`; in English singular when
    the number reads as one (`1 regulation`, `2 regulations`)."""
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit == "Rp":
        return f"Rp {text}"
    return f"{text} {i18n.unit(unit, lang, 1 if one else None)}"


def describe_rule(rule: Rule, unit: str, lang: Lang, fmt: NumberFormat | None = None) -> str:
    """The rule in words, e.g. 'linier: 10% → 0, 52% → 100'.

    `unit` is the indicator's unit as the field catalogue writes it
    (`regulasi`, `%`, `Rp`); it is translated here, per number. `fmt`
    formats numbers (the renderer passes a locale-aware Babel formatter);
    thresholds carry the unit, scores do not. An English unit is singular
    after a number that `fmt` writes as it writes 1 (`cap 1 regulation`).
    """
    f = fmt or _plain
    one = f(1)

    def v(x: float) -> str:
        text = f(x)
        return _with_unit(text, unit, lang, text == one)

    i = 1 if lang == "en" else 0
    w = {key: pair[i] for key, pair in _WORDS.items()}
    if isinstance(rule, LinearRule):
        text = f"{w['linear']}: {v(rule.floor)} → 0, {v(rule.target)} → 100"
        return f"{text} ({w['lower']})" if rule.direction == "lower" else text
    if isinstance(rule, BandsRule):
        parts = []
        if rule.bands and rule.bands[0].start > 0:
            parts.append(f"<{v(rule.bands[0].start)} → 0")
        parts += [f"≥{v(b.start)} → {f(b.score)}" for b in rule.bands]
        return f"{w['bands']}: " + "; ".join(parts)
    if isinstance(rule, YesNoRule):
        return f"{w['yes']} = {f(rule.yes)}, {w['no']} = {f(rule.no)}"
    if isinstance(rule, CountRule):
        return f"{w['count']} {v(rule.cap)}"
    if isinstance(rule, OrdinalRule):
        return "; ".join(f"{i18n.level(name, lang)} {f(score)}" for name, score in rule.levels)
    if isinstance(rule, RubricRule):
        return f"{w['rubric']} {f(rule.min)}–{f(rule.max)}"
    raise TypeError(f"unknown rule {rule!r}")


# --------------------------------------------------------------------------
# Stages, cut-off and the panel's aggregation, in words (every output)
# --------------------------------------------------------------------------


def stage_text(view: StageView, lang: Lang, points: NumberFormat) -> str:
    """The stage ranked and its basis: `Tahap 2 dari 2: Wawancara; dasar
    peringkat: Regulasi, ..., Wawancara (maks. 100,00)`, and whether the
    stage was chosen automatically. "" for a result not ranked by stages."""
    t = i18n.labels(lang)
    if view.stage is None:
        return ""
    top = points(view.max_basis)
    if view.implicit:
        text = t["stage_implicit"].format(max=top)
    else:
        head = t["stage_n_of"].format(n=view.number, of=view.of, label=view.stage.label.get(lang))
        if view.combine:
            parts = ", ".join(f"{s.label.get(lang)} {_plain(w)}" for s, w in view.combine)
            basis = t["stage_combine"].format(parts=parts, max=top)
        else:
            names = ", ".join(p.label.get(lang) for p in view.basis)
            basis = t["stage_basis"].format(pillars=names, max=top)
        text = f"{head}; {basis}"
    return f"{text}; {t['stage_auto']}" if view.auto else text


def cutoff_text(view: StageView, lang: Lang, points: NumberFormat) -> str:
    """The cut-off line: its size, how many pass, the margin between the
    last in and the first out, and an override by --top. "" without one."""
    c = view.cutoff
    if c is None:
        return ""
    t = i18n.labels(lang)
    parts = [t["cutoff_line"].format(size=c.size, passed=c.passed)]
    if c.margin is not None and c.last_in is not None and c.first_out is not None:
        parts.append(
            t["cutoff_margin"].format(
                margin=points(c.margin), last=c.last_in.name, first=c.first_out.name
            )
        )
    elif c.first_out is None:
        parts.append(t["cutoff_all_pass"])
    if c.override:
        declared = t["cutoff_declared_none"] if c.declared is None else str(c.declared)
        parts.append(t["cutoff_override"].format(size=c.size, declared=declared))
    return "; ".join(parts)


def tie_text(view: StageView, lang: Lang) -> str:
    """What decided at the cut-off when the totals there were equal; ""."""
    c = view.cutoff
    if c is None or not c.tie:
        return ""
    t = i18n.labels(lang)
    if c.tie == "exact-tie":
        return t["cutoff_exact_tie"].format(passed=c.passed, size=c.size)
    pillar = c.tie_pillar.label.get(lang) if c.tie_pillar is not None else c.tie
    return t["cutoff_tie_pillar"].format(pillar=pillar)


def aggregation_name(method: str, lang: Lang) -> str:
    return i18n.labels(lang).get(f"agg_{method}", method)


def aggregation_text(panel: PanelRow, lang: Lang, number: NumberFormat) -> str:
    """How a rubric item's value was made: `rata-rata terpangkas dari 5
    penilai`, `mean of 4 judges (declared trimmed mean, which needs at least
    5 judges)`, `2 of a quorum of 3 judges: pending`; with the spread, and
    the flag for the panel's discussion."""
    t = i18n.labels(lang)
    n = panel.count
    if n == 0:
        text = t["agg_none"]
    elif panel.below_quorum:
        text = t["agg_below_quorum"].format(n=n, quorum=panel.quorum)
    else:
        key = i18n.plural(n, "agg_of_one", "agg_of", lang)
        text = t[key].format(method=aggregation_name(panel.method, lang), n=n)
        if panel.method != panel.declared:
            declared = aggregation_name(panel.declared, lang)
            text += f" ({t['agg_fallback'].format(declared=declared)})"
        if panel.quorum > 1:
            text += "; " + t["agg_quorum"].format(quorum=panel.quorum)
    if panel.spread is not None and n > 1:
        text += "; " + t["agg_spread"].format(spread=number(panel.spread))
    if panel.flagged:
        text += "; " + t["agg_flagged"]
    return text


def judge_note_text(note: JudgeNoteRow, lang: Lang) -> str:
    t = i18n.labels(lang)
    reason = t.get(f"reason_{note.reason}", note.reason)
    return t["not_normalised"].format(judge=note.name or note.judge, reason=reason)


def recusal_kind(kind: str, lang: Lang) -> str:
    return i18n.labels(lang).get(f"recusal_{kind}", kind)


def grounds_text(grounds: tuple[str, ...], lang: Lang) -> str:
    t = i18n.labels(lang)
    return ", ".join(t.get(f"grounds_{g}", g) for g in grounds)
