"""The improvement advice (scoring/improve) as words, for the terminal.

Reads only the improve model: every number here is the engine's, found by
rescoring (a gain, a total after); this module never computes a score.
Bahasa Indonesia by default, English with `lang="en"`. Everything a
candidate wrote (its name, id, a level) goes through `errors.printable`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import printable
from ..fields import FIELDS
from ..model import Lang
from . import i18n
from .fmt import DASH, Formatter

if TYPE_CHECKING:  # the model only: importing it would load the engine (NumPy)
    from ..improve import Assessment, Change, IndicatorAdvice, Step

__all__ = ["advice_text", "change_text", "step_text", "WORDS"]

# Words of the advice, (Bahasa Indonesia, English).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Yang belum diraih dan nilainya", "What is missing and what it is worth"),
    "stage": ("Tahap", "Stage"),
    "total_now": ("Total sekarang", "Total now"),
    "pending": (
        "Wawancara belum dinilai ({items} butir): total setelah wawancara antara {low} dan "
        "{high} dari {max}",
        "Interview not scored yet ({items} items): the total after it lies between {low} and "
        "{high} of {max}",
    ),
    "what_if": ("Andai (--set, berkas tidak diubah)", "What if (--set, the file is not changed)"),
    "points": ("poin", "points"),
    "of": ("dari", "of"),
    "available": ("masih tersedia", "still available"),
    "missing": ("KOSONG", "MISSING"),
    "in_file": ("KOSONG di berkas", "missing in the file"),
    "pending_item": ("TERTUNDA", "PENDING"),
    "fill": ("Isi nilai yang kosong", "Fill in the missing value"),
    "next": ("Langkah berikutnya", "Next step"),
    "full": ("Poin penuh", "Full points"),
    "capped": ("(dibatasi batas nilai)", "(held back by a bound)"),
    "total_after": ("total", "total"),
    "add": ("tambah {n} lagi", "{n} more"),
    "reduce": ("kurangi {n}", "{n} fewer"),
    "at_least": ("paling sedikit {v}", "at least {v}"),
    "at_most": ("paling banyak {v}", "at most {v}"),
    "set_to": ("menjadi {v}", "to {v}"),
    "list": ("daftar", "list"),
    "judges": (
        "dinilai panel saat wawancara: {low} sampai {high} poin",
        "scored by the panel at the interview: {low} to {high} points",
    ),
    "judges_ok": ("dinilai panel", "scored by the panel"),
    "bound": (
        "tidak ada langkah dalam batas nilai (persen paling banyak 100, bagian paling banyak "
        "keseluruhannya)",
        "no step within the values' bounds (a percent at most 100, a part at most its whole)",
    ),
    "needs-values": (
        "isi semua nilainya: tidak ada yang bisa dihitung",
        "fill in all its values: there is nothing to compute from",
    ),
    "zero-denominator": (
        "penyebutnya 0: isi dulu nilai yang benar",
        "its denominator is 0: write the right value first",
    ),
    "done": ("poin penuh sudah diraih", "full points earned"),
    "no_steps": ("Tanpa langkah", "No step"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
}


def _w(key: str, lang: Lang) -> str:
    pair = WORDS[key]
    return pair[1] if lang == "en" else pair[0]


def _value(name: str, value: object, f: Formatter, lang: Lang) -> str:
    """A field's value as a reader writes it: 2.234 / Rp 484.646.400 / 94,5% / ya."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return _w("yes" if value else "no", lang)
    if isinstance(value, str):
        return printable(i18n.level(value, lang))
    kind = FIELDS[name].type
    if kind == "money":
        return f.money(float(value))  # type: ignore[arg-type]
    if kind == "percent":
        return f.percent(float(value), 2)  # type: ignore[arg-type]
    return f.count(float(value))  # type: ignore[arg-type]


def _unit(name: str, amount: float, lang: Lang) -> str:
    unit = FIELDS[name].unit
    if not unit or unit in ("Rp", "%"):
        return ""
    return " " + i18n.unit(unit, lang, amount)


def change_text(change: Change, lang: Lang, f: Formatter | None = None) -> str:
    """`villages: enrolled 56 → 66 (tambah 10 desa lagi)`; for a missing value
    `villages: enrolled: paling sedikit 66`; for a level `... → Perda`."""
    f = f or Formatter(lang)
    name = change.field
    key = change.key.written
    if change.key.derived:
        key = f"{key} ({_w('list', lang)})"
    after = _value(name, change.after, f, lang)
    if change.aim == "at-least":
        target = _w("at_least", lang).format(v=after)
    elif change.aim == "at-most":
        target = _w("at_most", lang).format(v=after)
    else:
        target = _w("set_to", lang).format(v=after)
    if change.before is None:
        return f"{key} {target} ({_w('in_file', lang)})"
    before = _value(name, change.before, f, lang)
    text = f"{key} {before} \u2192 {target}"
    if change.delta is not None and change.delta != 0:
        amount = abs(change.delta)
        kind = FIELDS[name].type
        shown = (
            f.money(amount)
            if kind == "money"
            else f.percent(amount, 2)
            if kind == "percent"
            else f.count(amount)
        )
        shown += _unit(name, amount, lang)
        text += f" ({_w('add' if change.delta > 0 else 'reduce', lang).format(n=shown)})"
    return text


def _signed(x: float, f: Formatter) -> str:
    return ("+" if x >= 0 else "\u2212") + f.points(abs(x))


def step_text(step: Step, lang: Lang, f: Formatter | None = None) -> str:
    """`Poin penuh: villages: enrolled 56 → paling sedikit 66 (tambah 10 desa
    lagi): +0,76 poin (total 22,33)`."""
    f = f or Formatter(lang)
    changes = "; ".join(change_text(c, lang, f) for c in step.changes)
    capped = f" {_w('capped', lang)}" if step.capped else ""
    return (
        f"{_w(step.kind, lang)}: {changes}: {_signed(step.gain, f)} {_w('points', lang)} "
        f"({_w('total_after', lang)} {f.points(step.total_after)}){capped}"
    )


def _keys(advice: IndicatorAdvice, lang: Lang) -> str:
    if not advice.keys:
        return ""
    shown = []
    for k in advice.keys:
        shown.append(f"{k.written} ({_w('list', lang)})" if k.derived else k.written)
    return "[" + ", ".join(dict.fromkeys(shown)) + "]"


def _indicator(n: int, a: IndicatorAdvice, lang: Lang, f: Formatter) -> list[str]:
    label = printable(a.indicator.label.get(lang))
    keys = _keys(a, lang)
    keys = f" {keys}" if keys else ""
    weight = a.weight if a.status == "ok" else float(a.indicator.weight)
    status = ""
    if a.status == "missing":
        status = f"  {_w('missing', lang)}"
    elif a.status == "pending":
        status = f"  {_w('pending_item', lang)}"
    head = (
        f"{n:>2}. {label}{keys}\n"
        f"    {f.points(a.points)} / {f.points(weight)} {_w('points', lang)}, "
        f"{_w('available', lang)} {f.points(a.available)}{status}"
    )
    lines = [head]
    for step in a.steps:
        lines.append("    " + step_text(step, lang, f))
    if not a.steps:
        if a.pending_points is not None:
            low, high = a.pending_points
            why = _w("judges", lang).format(low=f.points(low), high=f.points(high))
        elif a.no_step == "judges":
            why = _w("judges_ok", lang)
        elif a.no_step:
            why = _w(a.no_step, lang)
        else:
            why = _w("done", lang)
        lines.append(f"    {why}")
    return lines


def advice_text(assessment: Assessment, lang: Lang = "id") -> str:
    """The whole advice for one candidate, as terminal text."""
    f = Formatter(lang)
    a = assessment
    c, cat = a.candidate, a.category
    t = i18n.short_labels(lang)
    out = [
        f"{printable(c.name)} ({printable(c.id)}): {printable(cat.label.get(lang))}, "
        f"{t['period']} {c.period}",
        f"{_w('stage', lang)}: {printable(a.stage.label.get(lang))}, "
        f"{f.points(a.stage_total)} / {f.points(a.stage_max)}",
        f"{_w('total_now', lang)}: {f.points(a.total)} / {f.points(a.max_total)}",
    ]
    if a.pending is not None:
        p = a.pending
        out.append(
            _w("pending", lang).format(
                items=len(p.items),
                low=f.points(p.low),
                high=f.points(p.high),
                max=f.points(p.max_total),
            )
        )
    if a.what_if:
        out.append(f"{_w('what_if', lang)}:")
        out += [f"    {change_text(ch, lang, f)}" for ch in a.what_if]
    out.append("")
    out.append(_w("title", lang))
    out.append("")
    for n, advice in enumerate(a.indicators, start=1):
        out += _indicator(n, advice, lang, f)
    return "\n".join(out) + "\n"
