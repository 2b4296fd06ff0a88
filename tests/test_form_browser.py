"""The offline form scores exactly as the engine (docs/form.md), in a real browser.

Headless Chromium (Debian's `chromium`, driven by Playwright for Python)
opens the form as a file, the way a region opens it from a USB stick. Random
SYNTHETIC candidates (scoring/synthetic.py, seeded), a third of them with a
value placed exactly on a rule's decision point, are typed into the form's
inputs as strings the way people write them (half in Indonesian forms:
`2.234`, `Rp 484.646.400`, `94,5`, `ya`, `Perda`), and every indicator's
score, points and status, every pillar, stage and the total read back from
the page are compared with the engine: to 1e-9 as numbers, and exactly as
rationals against scoring/score/exact.py. The saved file round-trips:
toYaml() and a real download through the Save button are accepted by
`paritrana validate` and score the same. A refused value shows the
validator's own message, in Bahasa Indonesia as the page opens and in
English after the language button, and every other text switches with it.

PARITRANA_FORM_CASES (default 1000) sets the number of candidates; 10000 is
the long mode.
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from paritrana.scoring.fields import FIELDS, PROGRAMMES
from paritrana.scoring.model import STATUS_CODES, Category, Criteria
from paritrana.scoring.pipeline import load_criteria, load_inputs, shipped_criteria
from paritrana.scoring.render.form_html import form_html
from paritrana.scoring.score.engine import score_category
from paritrana.scoring.score.exact import ExactRows, decision_points
from paritrana.scoring.synthetic import generate

CHROMIUM = Path(os.environ.get("PARITRANA_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(
        f"Debian's chromium is not installed ({CHROMIUM} is absent): `./run setup` installs "
        "it (apt-get install chromium), and CI has it",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright (a test dependency: pip install -e '.[test]')"
)

# Headless, as root, offline: without the background-networking flags
# Chromium tries Google's hosts at every start, on a closed network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CASES = int(os.environ.get("PARITRANA_FORM_CASES", "1000"))
SEED = 20221
BATCH = 100
STATUS = {code: name for name, code in STATUS_CODES.items()}

# A criteria file for the rules the shipped tables do not use: a sum input,
# a "lower is better" linear rule, a growth floor below zero, band starts
# and scores and weights with decimals, yesno scores other than 100/0, the
# `reweight` policy beside an indicator's own `zero`, and a stage that
# combines two others. SYNTHETIC, for tests only.
RULES_CRITERIA = """\
edition: 2022
title: {id: Uji formulir, en: Form test}
status: proposal
missing: reweight
categories:
  - id: uji
    label: {id: Kategori uji, en: Test category}
    tie_break: [a]
    stages:
      - id: dokumen
        label: {id: Dokumen, en: Documents}
        pillars: [a, b]
        shortlist: 5
      - id: akhir
        label: {id: Akhir, en: Final}
        pillars: [c]
        combine: {dokumen: 60, akhir: 40}
    pillars:
      - id: a
        label: {id: Pilar A, en: Pillar A}
        weight: 37.5
        indicators:
          - id: jumlah
            label: {id: Jumlah, en: Sum}
            weight: 12.5
            sum: [coverage.korpri_registered, coverage.umkm_workers_registered]
            rule: {type: bands, bands: [[0, 0], [1000.5, 33.3], [2500, 66.7], [10000, 100]]}
          - id: tunggakan
            label: {id: Tunggakan, en: Arrears}
            weight: 7.5
            field: compliance.arrears_months
            rule: {type: linear, floor: 6, target: 0, direction: lower}
          - id: tumbuh
            label: {id: Tumbuh, en: Growth}
            weight: 10
            growth: [coverage.active_members, coverage.active_members_previous]
            rule: {type: linear, floor: -5, target: 12.5}
          - id: nonasn
            label: {id: Non-ASN, en: Non-ASN}
            weight: 7.5
            ratio: [coverage.non_asn_registered, coverage.non_asn_total]
            fallback: coverage.non_asn_share
            rule: {type: linear, floor: 33.3, target: 90}
            missing: zero
      - id: b
        label: {id: Pilar B, en: Pillar B}
        weight: 42.5
        indicators:
          - id: regulasi
            label: {id: Regulasi, en: Regulation}
            weight: 10
            field: regulation.dedicated_level
            rule: {type: ordinal, levels: {perda: 100, perkada: 70, instruksi: 35.5, none: 0}}
          - id: ptsp
            label: {id: PTSP, en: PTSP}
            weight: 2.5
            field: policy.ptsp_required
            rule: {type: yesno, yes: 80, no: 10}
          - id: pendukung
            label: {id: Pendukung, en: Supporting}
            weight: 5
            field: regulation.supporting_count
            rule: {type: count, cap: 3}
          - id: inovasi
            label: {id: Inovasi, en: Innovation}
            weight: 10
            field: innovation.count
            rule: {type: bands, bands: [[0, 0], [1, 40], [3, 100]]}
          - id: kegiatan
            label: {id: Kegiatan, en: Events}
            weight: 5
            field: outreach.events
            rule: {type: count, cap: 7}
          - id: nik
            label: {id: NIK, en: NIK}
            weight: 10
            field: policy.nik_integration
            rule: {type: yesno}
      - id: c
        label: {id: Wawancara, en: Interview}
        weight: 20
        indicators:
          - id: w1
            label: {id: W1, en: W1}
            weight: 10
            panel: true
            rule: {type: rubric, min: 1, max: 5}
          - id: w2
            label: {id: W2, en: W2}
            weight: 10
            panel: true
            rule: {type: rubric, min: 0, max: 10}
"""


# --------------------------------------------------------------------------
# Criteria sets: the shipped ones, the same with `missing: reweight`, and
# the rules file above.
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="paritrana-form-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _criteria(path: Path) -> Criteria:
    criteria, problems, _ = load_criteria(path)
    assert criteria is not None and not [p for p in problems if p.severity == "error"], problems
    return criteria


@pytest.fixture(scope="module")
def criteria_sets(workdir: Path) -> list[tuple[str, Path, Criteria]]:
    shipped = shipped_criteria()
    reweight = workdir / "criteria-reweight"
    reweight.mkdir()
    for f in sorted(shipped.glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        assert "\nmissing: zero\n" in text
        (reweight / f.name).write_text(text.replace("\nmissing: zero\n", "\nmissing: reweight\n"))
    rules = workdir / "criteria-rules"
    rules.mkdir()
    (rules / "rules.yaml").write_text(RULES_CRITERIA, encoding="utf-8")
    return [
        ("shipped", shipped, _criteria(shipped)),
        ("reweight", reweight, _criteria(reweight)),
        ("rules", rules, _criteria(rules)),
    ]


def _configs(sets: list[tuple[str, Path, Criteria]]) -> list[tuple[str, Path, Criteria, Category]]:
    return [(name, path, c, cat) for name, path, c in sets for cat in c.categories]


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(workdir: Path) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(workdir / "profile"),
            executable_path=str(CHROMIUM),
            args=FLAGS,
            headless=True,
            accept_downloads=True,
        )
        yield context
        context.close()


class Form:
    """One category's form, opened once from a file:// URL."""

    def __init__(self, browser: Any, html: Path):
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(html.as_uri())

    def fill_batch(self, typed: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Type each candidate into the inputs (setValues fires each input's
        input event), then read the outputs off the page."""
        return self.page.evaluate(
            """(batch) => batch.map((c) => {
                window.paritrana.setValues(c);
                const r = window.paritrana.result();
                const dom = {};
                document.querySelectorAll("[data-indicator]").forEach((el) => {
                    dom[el.dataset.indicator] = {score: el.dataset.score, status: el.dataset.status,
                                                 points: el.dataset.points, text: el.textContent};
                });
                const total = document.querySelector("[data-total]");
                return {r: r, dom: dom, total: total.dataset.value, total_text: total.textContent,
                        yaml: window.paritrana.toYaml()};
            })""",
            typed,
        )


def _open(browser: Any, workdir: Path, name: str, criteria: Criteria, cat: Category) -> Form:
    html = workdir / f"form-{name}-{cat.id}.html"
    html.write_text(form_html(criteria, cat, "id"), encoding="utf-8")
    return Form(browser, html)


# --------------------------------------------------------------------------
# Candidates: generated, placed on thresholds, written as people write them
# --------------------------------------------------------------------------


def _fix_partners(sections: dict[str, dict[str, Any]]) -> None:
    """Keep every value at most its partner where above it is an error."""
    for name, spec in FIELDS.items():
        if spec.at_most is None or spec.over != "error":
            continue
        sec, key = name.split(".")
        psec, pkey = spec.at_most.split(".")
        if key in sections.get(sec, {}) and pkey in sections.get(psec, {}):
            sections[sec][key] = min(sections[sec][key], sections[psec][pkey])


def _place_on_threshold(record: dict[str, Any], category: Category, rng: random.Random) -> None:
    """Move one indicator's input so its derived value is exactly one of its
    rule's decision points (a band start, a floor, a target, a cap)."""
    choices = [
        i for i in category.indicators if i.input.kind != "panel" and decision_points(i.rule)
    ]
    if not choices:
        return
    ind = rng.choice(choices)
    c = Fraction(repr(float(rng.choice(decision_points(ind.rule)))))
    p, q = c.numerator, c.denominator
    sections: dict[str, dict[str, Any]] = {
        s: dict(v) for s, v in record.items() if isinstance(v, dict) and s in _SECTIONS
    }

    def put(name: str, value: Any) -> None:
        sec, key = name.split(".")
        sections.setdefault(sec, {})[key] = value

    kind, fields = ind.input.kind, ind.input.fields
    m = rng.randint(1, 40)
    if kind == "ratio" and c >= 0:
        if ind.input.fallback and rng.random() < 0.3 and c <= 100:
            for f in fields:
                sections.get(f.split(".")[0], {}).pop(f.split(".")[1], None)
            put(ind.input.fallback, float(c) if q != 1 else int(c))
        else:
            put(fields[1], 100 * q * m)
            put(fields[0], p * m)
    elif kind == "growth" and c > -100:
        put(fields[1], 100 * q * m)
        put(fields[0], (100 * q + p) * m)
    elif kind == "sum" and q == 1 and c >= 0:
        put(fields[0], int(c))
        for f in fields[1:]:
            put(f, 0)
    elif kind == "field" and q == 1 and 0 <= c <= 500:
        name = fields[0]
        if name == "innovation.count":
            record["innovations"] = [{"title": f"Inovasi sintetis {k}"} for k in range(int(c))]
        elif name == "outreach.events":
            record["events"] = [{"title": f"Kegiatan sintetis {k}"} for k in range(int(c))]
        elif name == "compliance.programmes" and c <= len(PROGRAMMES):
            record["programmes"] = list(PROGRAMMES[: int(c)])
        elif not FIELDS[name].derived and FIELDS[name].type in ("count", "months", "percent"):
            if FIELDS[name].type != "months" or c <= 1200:
                put(name, int(c))
    _fix_partners(sections)
    for s, v in sections.items():
        record[s] = v


_SECTIONS = tuple(dict.fromkeys(n.split(".")[0] for n in FIELDS))


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _typed(record: dict[str, Any], indonesian: bool, rng: random.Random) -> dict[str, Any]:
    """The candidate as a person types it into the form: every value a string."""
    out: dict[str, Any] = {"id": record["id"], "name": record["name"]}
    out["period"] = str(record["period"])
    if "regulations" in record:
        regs = []
        for r in record["regulations"]:
            kind = r["type"]
            if indonesian:
                kind = rng.choice([kind.replace("-", " ").title(), kind.upper(), kind])
            regs.append(
                {
                    "type": kind,
                    "year": str(r["year"]) if "year" in r else None,
                    "number": r.get("number"),
                    "title": r.get("title"),
                    "scope": list(r.get("scope", [])),
                }
            )
        out["regulations"] = regs
    for sec in _SECTIONS:
        for key, value in (record.get(sec) or {}).items():
            name = f"{sec}.{key}"
            kind = FIELDS[name].type
            if kind == "bool":
                if indonesian:
                    word = "ya" if value else "tidak"
                    text = rng.choice([word, word.title(), word.upper()])
                else:
                    text = "true" if value else "false"
            elif kind == "percent":
                text = repr(float(value))
                text = text[:-2] if text.endswith(".0") else text
                if indonesian:
                    text = text.replace(".", ",") + rng.choice(["", "%", " %"])
            elif kind == "money":
                n = int(value)
                text = (
                    rng.choice(["Rp {}", "Rp{}", "{}", "Rp. {}", "Rp {},00", "{},-"]).format(
                        _grouped(n)
                    )
                    if indonesian
                    else str(n)
                )
            else:
                n = int(value)
                text = _grouped(n) if indonesian else str(n)
            out[name] = text
    for key in ("innovations", "events"):
        if key in record:
            out[key] = [i["title"] if isinstance(i, dict) else i for i in record[key]]
    if "programmes" in record:
        out["programmes"] = list(record["programmes"])
    return out


def _records(criteria: Criteria, category: Category, n: int, seed: int) -> list[dict[str, Any]]:
    records = generate(criteria, category.id, n, seed, missing_rate=0.15, panel_rate=0.0)
    rng = random.Random(seed)
    for record in records:
        if rng.random() < 0.35:
            _place_on_threshold(record, category, rng)
    return records


# --------------------------------------------------------------------------
# The engine's side
# --------------------------------------------------------------------------


def _engine(criteria_path: Path, folder: Path, records: list[dict[str, Any]], cat: Category):
    folder.mkdir(parents=True, exist_ok=True)
    for r in records:
        (folder / f"{r['id']}.yaml").write_text(
            yaml.safe_dump(r, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    inputs = load_inputs(criteria_path, [folder], cwd=folder)
    by_id = {c.id: c for c in inputs.candidates}
    cands = [by_id[r["id"]] for r in records]
    result = score_category(cat, cands)
    exact = ExactRows(cat, [col.raw for col in result.indicators])
    return result, exact


def _half_up(x: Fraction) -> str:
    """2 decimals, half up, Indonesian (the form's display of points)."""
    d = Decimal(x.numerator) / Decimal(x.denominator)
    text = f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _q(text: str | None) -> Fraction | None:
    return None if text in (None, "") else Fraction(text)


def _compare(result, exact, records, got) -> list[str]:
    """Every difference between the page and the engine, as text."""
    bad: list[str] = []
    for i, (record, page) in enumerate(zip(records, got)):
        cid = record["id"]
        r = page["r"]
        if r["problems"]:
            bad.append(f"{cid}: the form refused values the validator accepts: {r['problems']}")
            continue
        row = exact(i)
        for j, col in enumerate(result.indicators):
            ind = col.indicator.id
            mine = r["indicators"][ind]
            status = STATUS[int(col.status[i])]
            if mine["status"] != status or page["dom"][ind]["status"] != status:
                bad.append(f"{cid} {ind}: status {mine['status']} (engine {status})")
                continue
            es = float(col.score[i])
            if math.isnan(es) != (mine["score"] is None) or (
                mine["score"] is not None and abs(mine["score"] - es) > 1e-9
            ):
                bad.append(f"{cid} {ind}: score {mine['score']} (engine {es})")
            if abs(mine["points"] - float(col.points[i])) > 1e-9:
                bad.append(f"{cid} {ind}: points {mine['points']} (engine {col.points[i]})")
            if abs(mine["weight"] - float(col.weight[i])) > 1e-9:
                bad.append(f"{cid} {ind}: weight {mine['weight']} (engine {col.weight[i]})")
            want = None if row.score[j] is None else Fraction(str(row.score[j]))
            if _q(page["dom"][ind]["score"]) != want:
                bad.append(
                    f"{cid} {ind}: exact score {page['dom'][ind]['score']} (exact.py {want})"
                )
            if _q(page["dom"][ind]["points"]) != Fraction(str(row.points[j])):
                bad.append(f"{cid} {ind}: exact points {page['dom'][ind]['points']}")
        for k, pcol in enumerate(result.pillars):
            mine = r["pillars"][pcol.pillar.id]
            if abs(mine["points"] - float(pcol.points[i])) > 1e-9:
                bad.append(f"{cid} pillar {pcol.pillar.id}: {mine['points']} ({pcol.points[i]})")
            if abs(mine["max"] - float(pcol.max_points[i])) > 1e-9:
                bad.append(f"{cid} pillar {pcol.pillar.id} max: {mine['max']}")
            if Fraction(mine["exact"]) != Fraction(str(row.pillar_points[k])):
                bad.append(f"{cid} pillar {pcol.pillar.id}: exact {mine['exact']}")
        for stage in result.category.all_stages:
            want = Fraction(str(row.basis(result.category, stage)))
            if Fraction(r["stages"][stage.id]["exact"]) != want:
                bad.append(f"{cid} stage {stage.id}: {r['stages'][stage.id]['exact']} ({want})")
        if abs(r["total"] - float(result.total[i])) > 1e-9:
            bad.append(f"{cid}: total {r['total']} (engine {result.total[i]})")
        if abs(r["max_total"] - float(result.max_total[i])) > 1e-9:
            bad.append(f"{cid}: max_total {r['max_total']} (engine {result.max_total[i]})")
        total = Fraction(str(row.total))
        if _q(page["total"]) != total:
            bad.append(f"{cid}: exact total {page['total']} (exact.py {total})")
        if page["total_text"] != _half_up(total):
            bad.append(f"{cid}: total shown {page['total_text']!r}, not {_half_up(total)!r}")
    return bad


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------


def test_every_score_equals_the_engine(browser, workdir, criteria_sets) -> None:
    """CASES random candidates over every category of three criteria sets,
    typed as strings (half in Indonesian forms), a third placed exactly on a
    threshold: every score, point, pillar, stage and total equals the engine's."""
    configs = _configs(criteria_sets)
    per = -(-CASES // len(configs))
    rng = random.Random(SEED)
    bad: list[str] = []
    checked = on_threshold = 0
    for n, (name, path, criteria, cat) in enumerate(configs):
        records = _records(criteria, cat, per, SEED + n)
        result, exact = _engine(path, workdir / f"cands-{name}-{cat.id}", records, cat)
        form = _open(browser, workdir, name, criteria, cat)
        typed = [_typed(r, indonesian=(k % 2 == 0), rng=rng) for k, r in enumerate(records)]
        got: list[dict[str, Any]] = []
        for start in range(0, len(typed), BATCH):
            got += form.fill_batch(typed[start : start + BATCH])
        bad += _compare(result, exact, records, got)
        assert form.errors == [], form.errors
        assert all(u.startswith("file://") for u in form.requests), form.requests
        checked += len(records)
        for col in result.indicators:
            points = decision_points(col.indicator.rule)
            on_threshold += sum(
                1 for x in col.derived if not math.isnan(x) and any(x == c for c in points)
            )
        form.page.close()
    assert checked >= CASES
    assert on_threshold >= CASES // 10, on_threshold  # thresholds really were hit
    assert bad == [], "\n".join(bad[:40]) + f"\n... {len(bad)} differences"


def _validate(path: Path, criteria: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paritrana.cli", "validate", "--criteria", str(criteria), str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env={**os.environ, "PARITRANA_DEBUG": ""},
    )


def test_saved_file_round_trips(browser, workdir, criteria_sets) -> None:
    """toYaml() of typed candidates is a candidate file the validator accepts
    without a warning it would not give the original, and it scores exactly
    as the form showed; one file goes through the real Save button."""
    bad: list[str] = []
    rng = random.Random(SEED + 99)
    for n, (name, path, criteria, cat) in enumerate(_configs(criteria_sets)):
        records = _records(criteria, cat, 8, SEED + 500 + n)
        form = _open(browser, workdir, "rt-" + name, criteria, cat)
        typed = [_typed(r, indonesian=(k % 2 == 1), rng=rng) for k, r in enumerate(records)]
        got = form.fill_batch(typed)
        folder = workdir / f"saved-{name}-{cat.id}"
        folder.mkdir()
        for record, page in zip(records, got):
            (folder / f"{record['id']}.yaml").write_text(page["yaml"], encoding="utf-8")
        inputs = load_inputs(path, [folder], cwd=folder, strict=False)
        assert [str(w) for w in inputs.warnings if "indicator inputs missing" not in str(w)] == []
        by_id = {c.id: c for c in inputs.candidates}
        cands = [by_id[r["id"]] for r in records]
        result = score_category(cat, cands)
        exact = ExactRows(cat, [col.raw for col in result.indicators])
        bad += _compare(result, exact, records, got)
        form.page.close()
    assert bad == [], "\n".join(bad[:40])


def test_save_button_downloads_a_valid_file(browser, workdir, criteria_sets) -> None:
    _, path, criteria = criteria_sets[0]
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    form = _open(browser, workdir, "save", criteria, cat)
    page = form.page
    # Typed key by key through Playwright (real keyboard events).
    page.fill('[data-field="id"]', "kota-contoh")
    page.fill('[data-field="name"]', 'Pemerintah Kota "Contoh" <b>')
    page.fill('[data-field="coverage.active_members"]', "2.234")
    page.fill('[data-field="coverage.employed_population"]', "10.000")
    page.fill('[data-field="budget.apbd_vulnerable_workers"]', "50")
    page.fill('[data-field="budget.vulnerable_workers_target"]', "100")
    page.fill('[data-field="coverage.non_asn_share"]', "94,5%")
    page.fill('[data-field="policy.nik_integration"]', "Ya")
    page.click('[data-add="regulations"]')
    page.fill('[data-field="regulations.0.type"]', "Qanun")
    page.fill('[data-field="regulations.0.year"]', "2019")
    page.check('[data-field="regulations.0.scope.dedicated"]')
    page.fill('[data-field="innovations"]', "Inovasi satu\nInovasi dua\n")
    page.check('[data-none="events"]')
    # cakupan_rasio: 2234 / 10000 = 22.34%; linear 10 -> 0, 52 -> 100:
    # (22.34 - 10) / 42 * 100 = 29.380952...; shown with one decimal: 29,4.
    assert page.text_content('[data-indicator="cakupan_rasio"]') == "29,4"
    # points 12 * 29.38.../100 = 3.525714...; offers 12 - 3.525714 = 8,47.
    assert page.text_content('[data-offer="cakupan_rasio"]') == "masih tersedia +8,47 poin"
    # Regulation 10 (qanun = perda, dedicated) + ptsp 0 (no ptsp scope:
    # false, yesno no = 0) + supporting 0 + apbd 50% of 10 = 5 + desa 0
    # (missing) + 3.525714 + growth 0 + non-ASN 94.5% of 5 = 4.725 +
    # officials 0 + BPU 0 + innovations 2 -> 70% of 8 = 5.6 + events 0 + NIK 3
    # = 31.850714... -> 31,85 of 80 (the interview's 20 pending).
    assert page.text_content("[data-total]") == "31,85"
    assert page.text_content("[data-max-total]") == "80,00"
    # Range after the interview: 31.85 (all 1s) to 51.85 (all 5s).
    assert "31,85" in page.text_content("[data-range]")
    assert "51,85" in page.text_content("[data-range]")
    # The interview is pending, never 0,00 / 0,00: its pillar shows the
    # weight still to come (4 rubric items of 5 points: 20).
    assert page.text_content('[data-pillar="wawancara"]') == "20,00 menunggu wawancara"
    assert page.text_content('[data-points-of="pemahaman"]') == "\u2013 / 5,00"
    # Missing, the most points first: desa_mendanai (villages, weight 5)
    # and the growth (weight 5) before the officials and BPU shares (4 each).
    missing = page.locator("[data-missing] li").all_text_contents()
    assert [m.split(" +")[-1] for m in missing] == ["5,00", "5,00", "4,00", "4,00"]
    assert "villages.enrolled" in missing[0]
    with page.expect_download() as info:
        page.click("[data-save]")
    download = info.value
    assert download.suggested_filename == "kota-contoh.yaml"
    saved = workdir / "kota-contoh.yaml"
    download.save_as(saved)
    done = _validate(saved, path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK:" in done.stdout
    inputs = load_inputs(path, [saved], cwd=workdir)
    result = score_category(cat, inputs.candidates)
    assert abs(float(result.total[0]) - page.evaluate("window.paritrana.result().total")) < 1e-9
    assert inputs.candidates[0].name == 'Pemerintah Kota "Contoh" <b>'
    # The language button switches every label and message to English.
    page.click("[data-lang-toggle]")
    assert page.text_content('[data-offer="cakupan_rasio"]') == "still offers +8.47 points"
    assert page.text_content("[data-total]") == "31.85"
    assert form.errors == []
    page.close()


# A bad value typed into the form shows the validator's own message, in the
# language the toggle chose: (category, field, as typed). Each form starts
# from a few valid values (BASE) so that a partner is there to compare with.
BASE = {
    "kabupaten-kota": {"villages.total": "50", "coverage.employed_population": "10000"},
    "badan-usaha-besar": {"compliance.wages_actual": "1000000", "workforce.employed": "100"},
}
REFUSED = [
    # ambiguous comma (thousands grouped with commas, as in English)
    ("kabupaten-kota", "coverage.active_members", "120,000"),
    # a decimal comma in a count: not a whole number
    ("kabupaten-kota", "coverage.active_members", "1,5"),
    # octal, hexadecimal, base 60: YAML would read another number
    ("kabupaten-kota", "coverage.active_members", "010"),
    ("kabupaten-kota", "coverage.active_members", "0x1f"),
    ("kabupaten-kota", "coverage.active_members", "1:30"),
    # out of bounds: below 0, above 10^9, a percent above 100, months above 1200
    ("kabupaten-kota", "coverage.active_members", "-5"),
    ("kabupaten-kota", "coverage.active_members", "2000000000"),
    ("kabupaten-kota", "coverage.non_asn_share", "101"),
    # ... with decimals and thousands: 1.200,5 / 1,200.5 in the message
    ("kabupaten-kota", "coverage.non_asn_share", "1200.5"),
    ("kabupaten-kota", "coverage.non_asn_share", "120,25"),
    ("badan-usaha-besar", "compliance.arrears_months", "1201"),
    # a number of 22 digits (shown as its length, not its digits), and of 31
    ("kabupaten-kota", "coverage.active_members", "1" + "0" * 21),
    ("kabupaten-kota", "coverage.active_members", "1" + "0" * 30),
    # not a number
    ("kabupaten-kota", "coverage.active_members", "abc"),
    ("kabupaten-kota", "coverage.active_members", "yes"),
    ("kabupaten-kota", "coverage.non_asn_share", "sembilan"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp"),
    # a leading zero
    ("kabupaten-kota", "coverage.active_members", "0120"),
    # not whole
    ("kabupaten-kota", "coverage.active_members", "12.5"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp 1.000,50"),
    ("badan-usaha-besar", "compliance.wages_reported", "484646400.5"),
    # not a yes/no; not a level
    ("kabupaten-kota", "policy.nik_integration", "maybe"),
    # above its partner where that is an error
    ("kabupaten-kota", "villages.enrolled", "99"),
    ("badan-usaha-besar", "workforce.registered", "101"),
]
WARNED = [
    # a fraction where a percent is meant
    ("kabupaten-kota", "coverage.non_asn_share", "0,94"),
    ("kabupaten-kota", "coverage.non_asn_share", "0.945"),
    # above its partner where the two come from different sources
    ("kabupaten-kota", "coverage.active_members", "20.000"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp 2.000.000,00"),
]
# Whole candidate files (after `category: kabupaten-kota`) and the same
# typed into the form: the identity, regulation rows, list items.
FILES = [
    ("id: Kota Langsa\nname: Uji\nperiod: 2022\n", {"id": "Kota Langsa", "name": "Uji"}),
    (f"id: {'k' * 101}\nname: Uji\nperiod: 2022\n", {"id": "k" * 101, "name": "Uji"}),
    ("name: Uji\nperiod: 2022\n", {"name": "Uji"}),
    ("id: uji\nperiod: 2022\n", {"id": "uji", "name": ""}),
    ("id: uji\nname: Uji\n", {"id": "uji", "name": "Uji", "period": ""}),
    ("id: uji\nname: Uji\nperiod: 2021\n", {"id": "uji", "name": "Uji", "period": "2021"}),
    ("id: uji\nname: Uji\nperiod: 2200\n", {"id": "uji", "name": "Uji", "period": "2200"}),
    (
        f"id: uji\nname: {'n' * 201}\nperiod: 2022\n",
        {"id": "uji", "name": "n" * 201},
    ),
    (
        f"id: uji\nname: Uji\nperiod: 2022\ninnovations: ['{'i' * 501}']\n",
        {"id": "uji", "name": "Uji", "innovations": ["i" * 501]},
    ),
]
for kind, year in (("perdda", "2019"), ("Pergup", "2019"), ("perda", "2023"), ("xyz", "1899")):
    FILES.append(
        (
            "id: uji\nname: Uji\nperiod: 2022\nregulations:\n"
            f"  - {{type: {kind}, year: {year}, scope: [dedicated]}}\n",
            {
                "id": "uji",
                "name": "Uji",
                "regulations": [{"type": kind, "year": year, "scope": ["dedicated"]}],
            },
        )
    )
FILES.append(
    (
        "id: uji\nname: Uji\nperiod: 2022\nregulations:\n  - {year: 2019, scope: [dedicated]}\n",
        {"id": "uji", "name": "Uji", "regulations": [{"year": "2019", "scope": ["dedicated"]}]},
    )
)


def _validated(body: str, criteria: Criteria, where: Path, lang: str) -> list[str]:
    """What `paritrana validate --lang LANG` says of a candidate file."""
    from paritrana.scoring import messages
    from paritrana.scoring.load.safeyaml import load_document
    from paritrana.scoring.validate.candidates import validate_candidates

    where.mkdir(exist_ok=True)
    f = where / f"case-{len(list(where.iterdir()))}.yaml"
    f.write_text(body, encoding="utf-8")
    messages.set_language(lang)
    try:
        doc, problems = load_document(f, f.name)
        assert doc is not None and not problems, problems
        _, diags = validate_candidates([doc], criteria)
    finally:
        messages.set_language("en")
    # Leaving out the note on missing inputs ("uji: 14 of 16 indicator
    # inputs missing: ..."), which the form shows as its list instead.
    return [d.message for d in diags if not INPUTS_MISSING.match(d.message)]


INPUTS_MISSING = re.compile(r"\S*: \d+ \S+ \d+ ")


def _candidate_file(category: str, values: dict[str, str]) -> str:
    """A candidate file with these values written as they are typed (plain
    YAML scalars)."""
    sections: dict[str, list[str]] = {}
    for name, text in values.items():
        sec, key = name.split(".")
        sections.setdefault(sec, []).append(f"  {key}: {text}")
    return f"id: uji\nname: Uji\ncategory: {category}\nperiod: 2022\n" + "".join(
        f"{sec}:\n" + "\n".join(lines) + "\n" for sec, lines in sections.items()
    )


def _shown(form: Form, values: dict[str, Any]) -> tuple[list[str], str]:
    """The problems and warnings the page holds after typing `values` (each
    without its key), and the text of the summary's refusal count."""
    r = form.page.evaluate(
        "(v) => { window.paritrana.setValues(v); return window.paritrana.result(); }", values
    )
    return [p.split(": ", 1)[1] for p in r["problems"] + r["warnings"]], form.page.text_content(
        "[data-problems]"
    )


def _both_languages(form: Form, values: dict[str, Any]) -> dict[str, list[str]]:
    """What the page shows for `values` as it opens (Bahasa Indonesia), then
    after a click on the language button (English); a second click switches
    back. Each message is also next to its input, in the same language."""
    page = form.page
    assert page.get_attribute("html", "data-lang") == "id"
    got = {}
    for lang in ("id", "en"):
        if lang == "en":
            page.click("[data-lang-toggle]")
            assert page.get_attribute("html", "data-lang") == "en"
        shown, _summary = _shown(form, values)
        beside = " ".join(page.locator("[data-msg-for]").all_text_contents())
        for message in shown:
            assert message in beside, (lang, message)
        got[lang] = shown
    page.click("[data-lang-toggle]")
    return got


def test_refusals_are_the_validators_in_both_languages(browser, workdir, criteria_sets) -> None:
    """Every kind of refused or doubtful value shows exactly the message
    `paritrana validate` gives for the same text in a candidate file: in
    Bahasa Indonesia as the page opens, in English after the toggle."""
    _, _, criteria = criteria_sets[0]
    forms: dict[str, Form] = {}

    def form_of(category: str) -> Form:
        if category not in forms:
            cat = criteria.category(category)
            assert cat is not None
            forms[category] = _open(browser, workdir, "refused-" + category, criteria, cat)
        return forms[category]

    for category, field, text in REFUSED + WARNED:
        values = {**BASE[category], field: text}
        body = _candidate_file(category, values)
        want = {
            lang: _validated(body, criteria, workdir / "refused", lang) for lang in ("id", "en")
        }
        assert want["en"] and want["id"] != want["en"], (field, text, want)
        got = _both_languages(form_of(category), {"id": "uji", "name": "Uji", **values})
        assert got == want, (field, text)
    for body, typed in FILES:
        body = body.replace("\n", "\ncategory: kabupaten-kota\n", 1)
        want = {
            lang: _validated(body, criteria, workdir / "refused", lang) for lang in ("id", "en")
        }
        assert want["en"] and want["id"] != want["en"], (body, want)
        got = _both_languages(form_of("kabupaten-kota"), typed)
        assert got == want, body
    for form in forms.values():
        assert form.errors == []
        form.page.close()


def _doubles(rng: random.Random, n: int) -> list[float]:
    """Finite doubles of every magnitude (random bit patterns), decimals as
    people type them, and the edges of the plain form (1e-9, 1e16)."""
    import struct

    out = [0.0, -0.0, 1e-9, 1e-9 * (1 - 2**-53), 1e16, 1e16 * (1 - 2**-53), 0.1, 0.94, 1200.5]
    while len(out) < n:
        kind = rng.random()
        if kind < 0.4:
            x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
            if math.isfinite(x):
                out.append(x)
        elif kind < 0.8:
            out.append(round(rng.uniform(-1e7, 1e7), rng.randint(0, 6)))
        else:
            out.append(rng.uniform(-1, 1) * 10 ** rng.randint(-12, 18))
    return out


def test_numbers_in_messages_are_the_validators(browser, workdir, criteria_sets) -> None:
    """The script writes a number into a message exactly as the validator
    does (validate._common.fmt, messages.number), in both languages: 2.234
    and 1.200,5 in Bahasa Indonesia, 2,234 and 1,200.5 in English, floats of
    every magnitude, and integers of up to 30 digits (from 22 digits on, by
    their length)."""
    from paritrana.scoring import messages
    from paritrana.scoring.validate._common import fmt

    _, _, criteria = criteria_sets[0]
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    form = _open(browser, workdir, "numbers", criteria, cat)
    rng = random.Random(SEED)
    floats = _doubles(rng, 3000)
    ints = [rng.randint(-(10 ** rng.randint(1, 30)), 10 ** rng.randint(1, 30)) for _ in range(500)]
    ints += [10**21 - 1, 10**21, -(10**21), 2234, -1200, 0]
    for lang in ("id", "en"):
        got_floats, got_ints = form.page.evaluate(
            """([xs, ns, lang]) => {
                window.paritrana.setLang(lang);
                return [xs.map((x) => window.paritrana.fmt(x)),
                        ns.map((n) => window.paritrana.fmt(BigInt(n)))];
            }""",
            [floats, [str(n) for n in ints], lang],
        )
        messages.set_language(lang)
        try:
            want_floats = [fmt(x) for x in floats]
            want_ints = [fmt(n) for n in ints]
        finally:
            messages.set_language("en")
        bad = [(x, g, w) for x, g, w in zip(floats, got_floats, want_floats, strict=True) if g != w]
        assert bad == [], (lang, bad[:10])
        bad = [(n, g, w) for n, g, w in zip(ints, got_ints, want_ints, strict=True) if g != w]
        assert bad == [], (lang, bad[:10])
    assert form.errors == []
    form.page.close()


def test_other_texts_follow_the_toggle(browser, workdir, criteria_sets) -> None:
    """The summary, the statuses, what an indicator offers, the saving's
    outcome, the page title, the attributes (aria-label, placeholder) and
    the saved file's comments are in the language chosen, and switch."""
    _, _, criteria = criteria_sets[0]
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    form = _open(browser, workdir, "texts", criteria, cat)
    page = form.page

    def texts() -> dict[str, Any]:
        return page.evaluate(
            """() => ({
                problems: document.querySelector("[data-problems]").textContent,
                status: document.querySelector('[data-status-of="cakupan_rasio"]').textContent,
                pending: document.querySelector('[data-status-of="pemahaman"]').textContent,
                offer: document.querySelector('[data-offer="cakupan_rasio"]').textContent,
                saved: document.querySelector("[data-save-status]").textContent,
                title: document.title,
                toggle: document.querySelector("[data-lang-toggle]").getAttribute("aria-label"),
                remove: Array.from(document.querySelectorAll("[data-remove]"))
                    .map((b) => b.getAttribute("aria-label")),
                placeholder: document.querySelector('[data-field="policy.nik_integration"]')
                    .getAttribute("placeholder"),
                yaml: window.paritrana.toYaml().split("\\n").slice(0, 2),
            })"""
        )

    # One refused value (a count written 1,5) and the regulation row's
    # button; the id and name are there.
    page.evaluate(
        """() => window.paritrana.setValues({id: "uji", name: "Uji",
            "coverage.active_members": "1,5",
            regulations: [{type: "perda", year: "2019", scope: ["dedicated"]}]})"""
    )
    page.click("[data-save]")  # refused: nothing saved
    indonesian = texts()
    assert indonesian == {
        "problems": "1 nilai ditolak: berkas tidak akan diterima sampai diperbaiki",
        "status": "belum diisi",
        "pending": "menunggu wawancara",
        # cakupan_rasio (weight 12) is missing: filling it in earns up to 12.
        "offer": "isi untuk sampai +12,00 poin",
        "saved": "Perbaiki dulu nilai yang ditolak.",
        "title": f"{criteria.title.id} \u00b7 {cat.label.id}",
        "toggle": "Ganti bahasa formulir",
        "remove": ["Hapus regulasi ini"],
        "placeholder": "ya / tidak",
        "yaml": [
            "# Berkas peserta disimpan oleh formulir luring paritrana "
            "(kabupaten-kota, kriteria edisi 2022).",
            "# Periksa dengan: paritrana validate BERKAS.yaml",
        ],
    }
    page.click("[data-lang-toggle]")
    assert texts() == {
        "problems": "1 value refused: the file will not be accepted until it is corrected",
        "status": "missing",
        "pending": "pending interview",
        "offer": "fill in for up to +12.00 points",
        "saved": "Correct the refused values first.",
        "title": f"{criteria.title.en} \u00b7 {cat.label.en}",
        "toggle": "Switch the form's language",
        "remove": ["Remove this regulation"],
        "placeholder": "yes / no",
        "yaml": [
            "# Candidate file saved by the paritrana offline form "
            "(kabupaten-kota, criteria edition 2022).",
            "# Check it with: paritrana validate FILE.yaml",
        ],
    }
    # Two refused values: the English plural; Indonesian has one form.
    page.fill('[data-field="coverage.employed_population"]', "2,5")
    assert page.text_content("[data-problems]") == (
        "2 values refused: the file will not be accepted until they are corrected"
    )
    # A row added in English is labelled in English.
    page.click('[data-add="regulations"]')
    assert texts()["remove"] == ["Remove this regulation"] * 2
    page.click("[data-lang-toggle]")
    assert page.text_content("[data-problems]") == (
        "2 nilai ditolak: berkas tidak akan diterima sampai diperbaiki"
    )
    assert texts()["remove"] == ["Hapus regulasi ini"] * 2
    # Corrected and saved: the outcome switches language with the page.
    page.fill('[data-field="coverage.active_members"]', "2.000")
    page.fill('[data-field="coverage.employed_population"]', "10.000")
    assert page.text_content("[data-problems]") == "Semua nilai dapat diterima."
    with page.expect_download():
        page.click("[data-save]")
    assert page.text_content("[data-save-status]") == "Tersimpan: uji.yaml"
    assert page.text_content('[data-status-of="cakupan_rasio"]') == "dinilai"
    page.click("[data-lang-toggle]")
    assert page.text_content("[data-save-status]") == "Saved: uji.yaml"
    assert page.text_content("[data-problems]") == "Every value is accepted."
    assert page.text_content('[data-status-of="cakupan_rasio"]') == "scored"
    assert form.errors == []
    page.close()


def test_every_control_character_is_shown_escaped(browser, workdir, criteria_sets) -> None:
    """A value pasted with control characters (a YAML file cannot hold them,
    the form's box can) is quoted with each of them escaped, as
    safeyaml.shown writes them, not only the first."""
    from paritrana.scoring.load.safeyaml import shown

    _, _, criteria = criteria_sets[0]
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    form = _open(browser, workdir, "control", criteria, cat)
    text = "a\u0007b\u202ec\u0007"
    got, _summary = _shown(form, {"id": "uji", "name": "Uji", "coverage.active_members": text})
    # shown(): a\x07b\u202ec\x07, every one of the three escaped.
    assert shown(text) == "a\\x07b\\u202ec\\x07"
    assert got == [
        "coverage.active_members harus berupa bilangan bulat, bukan 'a\\x07b\\u202ec\\x07'"
        "; tulis 120000 atau 120.000"
    ]
    assert form.errors == []
    form.page.close()


def test_page_carries_every_message_in_both_languages(browser, workdir, criteria_sets) -> None:
    """The messages the page carries are the catalogs' (form_messages), both
    languages, escaped for their script element."""
    from paritrana.scoring.render.form_html import form_messages

    _, _, criteria = criteria_sets[0]
    cat = criteria.category("provinsi")
    assert cat is not None
    form = _open(browser, workdir, "messages", criteria, cat)
    carried = form.page.evaluate(
        "() => JSON.parse(document.getElementById('paritrana-messages').textContent)"
    )
    assert carried == form_messages()
    form.page.close()


def test_page_is_self_contained(browser, workdir, criteria_sets) -> None:
    """Nothing but the file itself is requested, and the page has no
    external reference at all."""
    _, _, criteria = criteria_sets[0]
    cat = criteria.category("provinsi")
    assert cat is not None
    form = _open(browser, workdir, "offline", criteria, cat)
    form.page.evaluate("window.paritrana.setValues({'id': 'x', 'name': 'X'})")
    assert form.requests == [form.page.url]
    assert form.errors == []
