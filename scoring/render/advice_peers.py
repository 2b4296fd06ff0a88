"""`improve --against` as words: the rank among the peers, and per higher
rank and for the shortlist the changes that reach it.

Reads only the comparison (scoring/improve/peers_model.py): every rank and
total here is the engine's, from rescoring the changed candidate among its
peers; this module never computes a score. Bahasa Indonesia by default,
English with `lang="en"`. Names and ids written by candidates go through
`errors.printable`. The changes are worded by the improvement advice's
`change_text` (scoring/render/advice.py), so both read alike.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import printable
from ..improve.peers_model import MAX_TARGETS, PeerComparison, Plan
from ..model import Lang
from .advice import change_text
from .fmt import Formatter

__all__ = [
    "WORDS",
    "left_out_text",
    "peers_text",
    "plan_result",
    "plan_state",
    "rank_text",
    "shortlist_text",
    "target_label",
    "word",
]

# Words of the comparison, (Bahasa Indonesia, English).
WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "Dibandingkan dengan peserta lain: {category}, tahap {stage}",
        "Against the others: {category}, stage {stage}",
    ),
    "instead": (
        "(belum berperingkat di tahap {stage}: dibandingkan di tahap sebelumnya)",
        "(not ranked in stage {stage}: compared in the stage before)",
    ),
    "no_peers": (
        "Tidak ada peserta lain di kategori ini untuk dibandingkan.",
        "No other candidate of this category to compare with.",
    ),
    "unranked_pending": (
        "Belum berperingkat: ada butir tahap ini yang belum dinilai (wawancara), dan "
        "peringkat tidak membandingkan total dengan dasar berbeda.",
        "Not ranked: an item of this stage is not scored yet (the interview), and no ranking "
        "compares totals on different bases.",
    ),
    "unranked_entrant": (
        "Belum berperingkat: tidak masuk tahap ini.",
        "Not ranked: it did not enter this stage.",
    ),
    "rank_now": (
        "Peringkat sekarang: {rank} dari {n} (total {total} dari {max})",
        "Rank now: {rank} of {n} (total {total} of {max})",
    ),
    "shortlist_in": (
        "Daftar pendek: {n} besar; sudah masuk.",
        "Shortlist: the top {n}; already in.",
    ),
    "shortlist_out": ("Daftar pendek: {n} besar.", "Shortlist: the top {n}."),
    "first": ("Sudah peringkat 1.", "Already first."),
    "target": ("Peringkat {rank} ({who}, total {total})", "Rank {rank} ({who}, total {total})"),
    "and_more": ("{name} dan {n} lainnya", "{name} and {n} more"),
    "is_shortlist": ("masuk daftar pendek", "enters the shortlist"),
    "is_first": ("peringkat teratas", "the top rank"),
    "changes": (
        "{n} indikator diubah (biaya {cost}):",
        "{n} indicators changed (cost {cost}):",
    ),
    "change_one": ("1 indikator diubah (biaya {cost}):", "1 indicator changed (cost {cost}):"),
    "points": ("poin", "points"),
    "reached": (
        "peringkat tercapai: {rank}, total {total}",
        "rank reached: {rank}, total {total}",
    ),
    "tie_pillar": (
        "total sama; didahulukan oleh pilar {pillar} (pemecah seri)",
        "equal totals; ahead on the pillar {pillar} (the tie-break)",
    ),
    "tie_exact": (
        "sama persis di setiap kunci: peringkat dibagi",
        "equal on every key: the rank is shared",
    ),
    "none": (
        "tidak ada perubahan dalam batas nilai yang mencapainya (persen paling banyak 100, "
        "bagian paling banyak keseluruhannya, tingkat terbaik, poin penuh)",
        "none can within the values' bounds (a percent at most 100, a part at most its "
        "whole, the best level, full points)",
    ),
    "cap": (
        "tidak ditemukan sebelum batas pencarian",
        "not found before the search cap",
    ),
    "capped": (
        "Pencarian dihentikan setelah {n} kombinasi: mungkin ada himpunan perubahan yang "
        "lebih kecil.",
        "The search stopped after {n} combinations: a smaller change set may exist.",
    ),
    "left_out": (
        "{n} peringkat lain di atasnya tidak dicari (paling banyak {cap} yang terdekat, "
        "daftar pendek dan peringkat 1).",
        "{n} other ranks above are not sought (at most the {cap} nearest, the shortlist and "
        "rank 1).",
    ),
    "verified": (
        "Setiap usulan sudah dinilai ulang bersama peserta lain dengan mesin penilaian.",
        "Every suggestion was rescored among the others by the scoring engine.",
    ),
}


def word(key: str, lang: Lang) -> str:
    """A word of the comparison (WORDS), in `lang`."""
    pair = WORDS[key]
    return pair[1] if lang == "en" else pair[0]


# --------------------------------------------------------------------------
# The comparison's lines, worded once for the terminal (`peers_text`) and
# the PDF report (improve_pdf.peers_context), which only lay them out.
# `clean` is what the output does to a text a person wrote: `printable` on
# a terminal, cut to length in a PDF (whose template escapes it).
# --------------------------------------------------------------------------


def rank_text(c: PeerComparison, lang: Lang, f: Formatter) -> str:
    """Where the candidate stands: no one to compare with, not ranked (and
    why), or its rank now among the ranked."""
    if c.peers == 0:
        return word("no_peers", lang)
    if c.rank == 0:
        return word(
            "unranked_pending" if c.unranked_reason == "pending" else "unranked_entrant", lang
        )
    return word("rank_now", lang).format(
        rank=f.count(c.rank),
        n=f.count(c.ranked),
        total=f.points(c.total),
        max=f.points(c.max_total),
    )


def shortlist_text(c: PeerComparison, lang: Lang, f: Formatter) -> str:
    """Inside or outside the stage's shortlist (there is one: `c.shortlist`)."""
    assert c.shortlist is not None
    inside = bool(c.rank) and c.rank <= c.shortlist
    return word("shortlist_in" if inside else "shortlist_out", lang).format(n=f.count(c.shortlist))


def left_out_text(c: PeerComparison, lang: Lang, f: Formatter) -> str:
    return word("left_out", lang).format(n=f.count(c.targets_left_out), cap=f.count(MAX_TARGETS))


def target_label(plan: Plan, lang: Lang, f: Formatter, clean: Callable[[str], str]) -> str:
    """The rank sought: its rank, who holds it and their total, and whether
    it enters the shortlist or is the top."""
    t = plan.target
    who = clean(t.peers[0].name)
    if len(t.peers) > 1:
        who = word("and_more", lang).format(name=who, n=f.count(len(t.peers) - 1))
    label = word("target", lang).format(rank=f.count(t.rank), who=who, total=f.points(t.total))
    marks = ([word("is_shortlist", lang)] if t.shortlist else []) + (
        [word("is_first", lang)] if t.first else []
    )
    return label + (", " + ", ".join(marks) if marks else "")


def plan_state(plan: Plan, lang: Lang, f: Formatter) -> str:
    """Why no change set reaches the rank, or how many indicators change."""
    if plan.status != "reached":
        return word(plan.status, lang)
    key = "change_one" if plan.moved == 1 else "changes"
    return word(key, lang).format(n=f.count(plan.moved), cost=f.number(plan.cost))


def plan_result(
    plan: Plan, c: PeerComparison, lang: Lang, f: Formatter, clean: Callable[[str], str]
) -> str:
    """The rank and total the changes reach, and how a tie is decided (the
    tie-break pillar by its label); "" when the rank is not reached."""
    if plan.status != "reached":
        return ""
    result = word("reached", lang).format(
        rank=f.count(plan.rank_after), total=f.points(plan.total_after)
    )
    if plan.tie == "exact-tie":
        result += "; " + word("tie_exact", lang)
    elif plan.tie:
        pillar = next((p.label.get(lang) for p in c.category.pillars if p.id == plan.tie), plan.tie)
        result += "; " + word("tie_pillar", lang).format(pillar=clean(pillar))
    return result


def _plan(plan: Plan, c: PeerComparison, lang: Lang, f: Formatter) -> list[str]:
    lines = [target_label(plan, lang, f, printable) + ":", "    " + plan_state(plan, lang, f)]
    if plan.status != "reached":
        return lines
    for change in plan.changes:
        lines.append("    - " + change_text(change, lang, f))
    # every indicator whose points move, those the changes aim at or not
    # (a field can feed several: more members raise one ratio and lower
    # another's share)
    for d in plan.indicators:
        gain = d.points_after - d.points_before
        if gain == 0:
            continue
        sign = "+" if gain > 0 else "\u2212"
        lines.append(
            f"      {printable(d.indicator.label.get(lang))}: {f.points(d.points_before)} "
            f"\u2192 {f.points(d.points_after)} {word('points', lang)} "
            f"({sign}{f.points(abs(gain))})"
        )
    lines.append("    " + plan_result(plan, c, lang, f, printable))
    return lines


def peers_text(comparison: PeerComparison, lang: Lang = "id") -> str:
    """The comparison with the peers, as terminal text."""
    f = Formatter(lang)
    c = comparison
    out = [
        word("title", lang).format(
            category=printable(c.category.label.get(lang)),
            stage=printable(c.stage.label.get(lang)),
        )
    ]
    if c.stage_instead_of:
        out.append(word("instead", lang).format(stage=printable(c.stage_instead_of)))
    out.append(rank_text(c, lang, f))
    if c.peers == 0 or c.rank == 0:
        return "\n".join(out) + "\n"
    if c.shortlist is not None:
        out.append(shortlist_text(c, lang, f))
    if c.rank == 1:
        out.append(word("first", lang))
    for plan in c.plans:
        out.append("")
        out += _plan(plan, c, lang, f)
    if c.targets_left_out:
        out.append("")
        out.append(left_out_text(c, lang, f))
    if c.capped:
        out.append(word("capped", lang).format(n=f.count(c.evaluations)))
    if any(p.status == "reached" for p in c.plans):
        out.append("")
        out.append(word("verified", lang))
    return "\n".join(out) + "\n"
