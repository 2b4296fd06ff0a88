"""Plain-text views for the terminal: ranked table, one candidate's breakdown,
and the field catalogue. Numbers in the locale's format (84,85 in Indonesian).

Every piece of text that came from a criteria or candidate file (names,
labels, ids, level names) goes through `errors.printable` before it reaches
the terminal, so an escape sequence in a name is shown, not obeyed.
"""

from __future__ import annotations

from math import nan as NAN

from ..errors import printable
from ..fields import FIELDS
from ..model import Category, Indicator, Lang, Ranking
from . import i18n
from .fmt import DASH, Formatter
from .rows import CandidateRow, IndicatorRow, PanelRow, PillarRow, candidate_rows, stage_view
from .wording import cutoff_text, stage_text, tie_text


def _grid(
    header: list[str],
    rows: list[list[str]],
    right: set[int],
    after: dict[int, str] | None = None,
) -> str:
    """An aligned table; `after[i]` is a line of its own after data row i
    (the cut-off line), already terminal-safe."""
    header = [printable(c) for c in header]
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = []
    for i, r in enumerate(rows):
        body.append(line(r))
        if after and i in after:
            body.append(after[i])
    return "\n".join([line(header), rule, *body]) + "\n"


def _flags(row: CandidateRow, t: dict) -> str:
    out = [] if row.complete else [t["incomplete"]]
    if row.missing_count:
        out.append(f"{t['flag_missing']}:{row.missing_count}")
    if row.basis_pending:
        out.append(f"{t['flag_pending']}:{row.basis_pending}")
    return " ".join(out)


LINE = 200  # longest name or label printed on a line of its own


def _short(text: str, width: int = 40) -> str:
    """At most `width` characters once escaped, an ellipsis marking a cut
    (never inside an escape such as `\\x1b`)."""
    safe = printable(text)
    if len(safe) <= width:
        return safe
    out, used = [], 0
    for ch in text:
        shown = printable(ch)
        if used + len(shown) > width - 1:
            break
        out.append(shown)
        used += len(shown)
    return "".join(out) + "\u2026"


def ranking_table(ranking: Ranking, lang: Lang = "id") -> str:
    t, f = i18n.short_labels(lang), Formatter(lang)
    crit = ranking.criteria
    parts = [
        f"{_short(crit.title.get(lang), LINE)}: {t['criteria']} {crit.edition} ({t[crit.status]})\n"
    ]
    for result in ranking.results:
        cat = result.category
        policy = t[f"policy_{cat.missing}"]
        tie = ", ".join(
            _short(p.label.get(lang)) for pid in cat.tie_break for p in cat.pillars if p.id == pid
        )
        parts.append(
            f"\n{_short(cat.label.get(lang), LINE)} ({_short(cat.id)}); "
            f"{t['missing']}: {policy}; {t['tie']}: {tie}\n"
        )
        view = stage_view(result)
        stage_line = stage_text(view, lang, f.points)
        if stage_line:
            parts.append(printable(stage_line) + "\n")
        shown = view.shown
        at = {p.pillar.id: n for n, p in enumerate(result.pillars)}
        header = [t["rank"], t["name"], t["total"]]
        header += [_short(p.label.get(lang), 14) for p in shown] + [t["flags"]]
        rows = []
        for row in candidate_rows(result):
            total = f.points(row.total)
            if abs(row.max_total - view.max_basis) > 1e-9 or not row.complete:
                total += f" / {f.points(row.max_total)}"
            mark = "*" if row.shortlisted else ""
            rank = DASH if row.rank is None else str(row.rank)
            rows.append(
                [f"{rank}{mark}", _short(row.candidate.name), total]
                + [f.points(row.pillars[at[p.id]].points) for p in shown]
                + [_flags(row, t)]
            )
        right = set(range(2, 3 + len(shown))) | {0}
        after = {}
        cut = cutoff_text(view, lang, f.points)
        if cut and view.cutoff is not None and view.cutoff.passed > 0:
            after[view.cutoff.passed - 1] = "-- " + printable(cut) + " --"
        parts.append(_grid(header, rows, right, after) if rows else t["no_candidates"] + "\n")
        for note in (tie_text(view, lang),):
            if note:
                parts.append(printable(note) + "\n")
        if view.incomplete:
            parts.append(printable(t["incomplete_note"].format(n=view.incomplete)) + "\n")
    parts.append("\n" + t["legend"] + "\n")
    return "".join(parts)


LABEL_WIDTH = 44  # an indicator's label wraps onto more lines beyond this


def breakdown(ranking: Ranking, lang: Lang = "id") -> str:
    """Each candidate indicator by indicator: the label (wrapped, never cut),
    the YAML key(s) behind it, value, derived, rule, score, points, status
    and evidence (the same references as every output). A pending panel
    item shows its nominal weight and no points, and a pillar or total with
    pending items the range it can still reach: from the points now to
    those plus the pending items' weights."""
    from .context import derived_text, evidence_texts
    from .wording import describe_rule

    t, f = i18n.short_labels(lang), Formatter(lang)
    out = []
    for result in ranking.results:
        cat = result.category
        for row in candidate_rows(result):
            c = row.candidate
            out.append(
                f"{_short(c.name, LINE)} ({_short(c.id)}): "
                f"{_short(cat.label.get(lang), LINE)}, {t['period']} {c.period}\n"
            )
            out.append(
                f"{t['criteria']} {ranking.criteria.edition} ({t[ranking.criteria.status]})\n"
            )
            for p in row.pillars:
                mine = [i for i in row.indicators if i.pillar.id == p.pillar.id]
                out.append(
                    f"\n{_short(p.pillar.label.get(lang), LINE)}: {_pillar_points(p, mine, f, t)}\n"
                )
                header = [
                    t["score_indicator"],
                    t["score_key"],
                    t["value"],
                    t["derived"],
                    t["rule"],
                    t["score"],
                    t["weight"],
                    t["points"],
                    "",
                    t["evidence"].lower(),
                ]
                lines: list[list[str]] = []
                for i in mine:
                    ind = i.indicator
                    status = t.get(f"status_{i.status}", "")
                    if i.status == "missing":
                        status += f" ({t[f'policy_{ind.missing}']})"
                    derived = derived_text(ind, i.raw, NAN if i.derived is None else i.derived, f)
                    pending = i.status == "pending"
                    cells = [
                        _raw(i.raw, f, lang),
                        derived,
                        describe_rule(ind.rule, ind.unit, lang, fmt=f),
                        f.score(i.score),
                        f.weight(ind.weight if pending else i.weight),
                        DASH if pending else f.points(i.points),
                        status,
                        "; ".join(evidence_texts(i.evidence, lang)),
                    ]
                    lines += _wrapped(ind.label.get(lang), indicator_keys(ind, lang), cells)
                out.append(_grid(header, lines, {5, 6, 7}))
                for i in mine:
                    if i.panel is not None and (i.panel.scores or i.panel.recused):
                        out.append(_panel_line(i.indicator.label.get(lang), i.panel, f, lang))
            total = f"{f.points(row.total)} / {f.points(row.max_total)}"
            out.append(f"\n{t['total']}: {total}  {_flags(row, t)}\n")
            waiting = [i for i in row.indicators if i.status == "pending"]
            if waiting:
                low = sum(p.points for p in row.pillars)
                extra = sum(i.indicator.weight for i in waiting)
                top = sum(p.max_points for p in row.pillars) + extra
                out.append(
                    t["score_pending_range"].format(
                        low=f.points(low),
                        high=f.points(low + extra),
                        max=f.points(top),
                        n=len(waiting),
                        points=_points_words(extra, lang),
                    )
                    + "\n"
                )
            out.append("\n")
    return "".join(out)


def _points_words(weight: float, lang: Lang) -> str:
    from .skeleton import points_text

    return points_text(weight, lang)


def _pillar_points(p: PillarRow, mine: list[IndicatorRow], f: Formatter, t: dict) -> str:
    """`17,00 / 20,00`; with pending items `TERTUNDA (...): 0,00 sampai 20,00
    / 20,00`: the points now, and those plus the pending items' weights.

    Exact when the pillar has no item missing under `reweight` (the shipped
    criteria use `zero`): a missing item's weight is shared only among the
    scored items, so once a pending item is scored it takes a share too and
    the other items' points move; the range is then an estimate."""
    pending = [i for i in mine if i.status == "pending"]
    if not pending:
        return f"{f.points(p.points)} / {f.points(p.max_points)}"
    extra = sum(i.indicator.weight for i in pending)
    return t["score_pillar_pending"].format(
        n=len(pending),
        low=f.points(p.points),
        high=f.points(p.points + extra),
        max=f.points(p.max_points + extra),
    )


def indicator_keys(indicator: Indicator, lang: Lang) -> list[str]:
    """The YAML key(s) a candidate writes for an indicator, one per line:
    its fields (a derived one with the list it is counted from), then the
    fallback; a panel item's id in the judges' files."""
    from .skeleton import DERIVED_FROM

    t = i18n.labels(lang)
    inp = indicator.input
    if inp.kind == "panel":
        return [printable(t["score_panel_key"].format(id=indicator.id))]
    keys = []
    for name in inp.fields:
        if name in DERIVED_FROM:
            name += " (" + t["score_from_list"].format(list=DERIVED_FROM[name]) + ")"
        keys.append(name)
    if inp.fallback:
        keys.append(t["score_or"].format(field=inp.fallback))
    return [printable(k) for k in keys]


def _wrapped(label: str, keys: list[str], cells: list[str]) -> list[list[str]]:
    """One indicator's rows: the label wrapped at LABEL_WIDTH (escaped first,
    never cut inside a word), the keys one per line, the other cells on the
    first line only."""
    import textwrap

    text = printable(label)
    parts = textwrap.wrap(text, LABEL_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
    height = max(len(parts), len(keys), 1)
    rows = []
    for n in range(height):
        rows.append(
            [
                parts[n] if n < len(parts) else "",
                keys[n] if n < len(keys) else "",
                *(cells if n == 0 else [""] * len(cells)),
            ]
        )
    return rows


def _panel_line(label: str, panel: PanelRow, f: Formatter, lang: Lang) -> str:
    """A rubric item's judges on one line: `Wawancara: penilai-01 4,
    penilai-02 5, penilai-03 mundur (konflik kepentingan: ...); rata-rata
    dari 2 penilai`."""
    from .wording import aggregation_text, recusal_kind

    t = i18n.labels(lang)
    parts = []
    for s in panel.scores:
        text = f"{s.judge} {f.number(s.score, 2)}"
        if s.normalised:
            text += f" ({f.number(s.used, 2)})"
        parts.append(text)
    for r in panel.recused:
        parts.append(f"{r.judge} {t['recused_word']} ({recusal_kind(r.kind, lang)}: {r.reason})")
    how = aggregation_text(panel, lang, f.number)
    return printable(f"  {_short(label, LINE)}: {', '.join(parts)}; {how}") + "\n"


def _raw(raw: object, f: Formatter, lang: Lang) -> str:
    if raw is None:
        return DASH
    if isinstance(raw, (list, tuple)):
        return " / ".join(_raw(r, f, lang) for r in raw)
    if isinstance(raw, bool):
        return f.yes_no(raw)
    if isinstance(raw, float):
        return f.number(raw)
    if isinstance(raw, str):
        return i18n.level(raw, lang)
    return str(raw)


def field_catalogue(lang: Lang = "id", category: Category | None = None) -> str:
    """The field catalogue with headings in `lang`; with `category`, only the
    fields its criteria read, each with the indicators it feeds (and how
    many points each carries)."""
    from .skeleton import DERIVED_FROM, field_uses, type_text, use_text

    t = i18n.labels(lang)
    header = [t["fields_field"], t["fields_type"], t["fields_label"]]
    if category is None:
        rows = [
            [
                name,
                type_text(fld, lang) + (f", {t['cli_derived_mark']}" if fld.derived else ""),
                fld.label.get(lang),
            ]
            for name, fld in FIELDS.items()
        ]
        return _grid(header, rows, set())
    rows = []
    for name, uses in field_uses(category).items():
        fld = FIELDS[name]
        kind = type_text(fld, lang)
        if fld.derived:
            source = t["score_from_list"].format(list=DERIVED_FROM[name])
            kind += f", {t['cli_derived_mark']} {source}"
        for n, use in enumerate(uses):
            first = n == 0
            rows.append(
                [
                    name if first else "",
                    kind if first else "",
                    fld.label.get(lang) if first else "",
                    use_text(use, lang),
                ]
            )
    title = t["fields_category"].format(label=category.label.get(lang), id=category.id)
    return printable(title) + "\n\n" + _grid([*header, t["fields_feeds"]], rows, set())
