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
`paritrana validate` and score the same.

PARITRANA_FORM_CASES (default 1000) sets the number of candidates; 10000 is
the long mode.
"""

from __future__ import annotations

import math
import os
import random
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


# A bad value typed into the form shows the validator's own message:
# (category, field, as typed). Each form starts from a few valid values
# (BASE) so that a partner is there to compare with.
BASE = {
    "kabupaten-kota": {"villages.total": "50", "coverage.employed_population": "10000"},
    "badan-usaha-besar": {"compliance.wages_actual": "1000000", "workforce.employed": "100"},
}
REFUSED = [
    ("kabupaten-kota", "coverage.active_members", "120,000"),
    ("kabupaten-kota", "coverage.active_members", "1,5"),
    ("kabupaten-kota", "coverage.active_members", "010"),
    ("kabupaten-kota", "coverage.active_members", "0x1f"),
    ("kabupaten-kota", "coverage.active_members", "-5"),
    ("kabupaten-kota", "coverage.active_members", "abc"),
    ("kabupaten-kota", "coverage.active_members", "yes"),
    ("kabupaten-kota", "coverage.active_members", "0120"),
    ("kabupaten-kota", "coverage.active_members", "2000000000"),
    ("kabupaten-kota", "coverage.active_members", "12.5"),
    ("kabupaten-kota", "coverage.non_asn_share", "101"),
    ("kabupaten-kota", "coverage.non_asn_share", "sembilan"),
    ("kabupaten-kota", "policy.nik_integration", "maybe"),
    ("kabupaten-kota", "villages.enrolled", "99"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp 1.000,50"),
    ("badan-usaha-besar", "compliance.wages_reported", "484646400.5"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp"),
    ("badan-usaha-besar", "compliance.arrears_months", "1201"),
    ("badan-usaha-besar", "workforce.registered", "101"),
]
WARNED = [
    ("kabupaten-kota", "coverage.non_asn_share", "0,94"),
    ("kabupaten-kota", "coverage.active_members", "20.000"),
    ("badan-usaha-besar", "compliance.wages_reported", "Rp 2.000.000,00"),
]


def _validator_messages(
    path: Path, category: str, values: dict[str, str], where: Path
) -> list[str]:
    """What `paritrana validate` says of a candidate file with these values
    written as they are typed (plain YAML scalars)."""
    sections: dict[str, list[str]] = {}
    for name, text in values.items():
        sec, key = name.split(".")
        sections.setdefault(sec, []).append(f"  {key}: {text}")
    body = f"id: uji\nname: Uji\ncategory: {category}\nperiod: 2022\n" + "".join(
        f"{sec}:\n" + "\n".join(lines) + "\n" for sec, lines in sections.items()
    )
    where.mkdir(exist_ok=True)
    f = where / f"case-{len(list(where.iterdir()))}.yaml"
    f.write_text(body, encoding="utf-8")
    from paritrana.scoring.load.safeyaml import load_document
    from paritrana.scoring.validate.candidates import validate_candidates

    doc, problems = load_document(f, f.name)
    assert doc is not None and not problems, problems
    _, diags = validate_candidates([doc], _criteria(path))
    return [d.message for d in diags if "indicator inputs missing" not in d.message]


def test_refusals_are_the_validators(browser, workdir, criteria_sets) -> None:
    _, path, criteria = criteria_sets[0]
    forms = {}
    for category, field, text in REFUSED + WARNED:
        if category not in forms:
            cat = criteria.category(category)
            assert cat is not None
            forms[category] = _open(browser, workdir, "refused", criteria, cat)
        form = forms[category]
        values = {**BASE[category], field: text}
        want = _validator_messages(path, category, values, workdir / "refused")
        assert want, (field, text)
        r = form.page.evaluate(
            "(v) => { window.paritrana.setValues(v); return window.paritrana.result(); }",
            {"id": "uji", "name": "Uji", **values},
        )
        shown = [p.split(": ", 1)[1] for p in r["problems"] + r["warnings"]]
        assert shown == want, (field, text)
        assert want[0] in form.page.text_content(f'[data-msg-for="{field}"]')
        assert (field, text) in [(f, t) for _, f, t in WARNED] or r["problems"]
    # A regulation: a type with a near name, a year after the period.
    form = forms["kabupaten-kota"]
    for kind, year in (("perdda", "2019"), ("Pergup", "2019"), ("perda", "2023"), ("xyz", "1899")):
        f = workdir / "refused" / f"reg-{kind}-{year}.yaml"
        f.write_text(
            "id: uji\nname: Uji\ncategory: kabupaten-kota\nperiod: 2022\nregulations:\n"
            f"  - {{type: {kind}, year: {year}, scope: [dedicated]}}\n",
            encoding="utf-8",
        )
        from paritrana.scoring.load.safeyaml import load_document
        from paritrana.scoring.validate.candidates import validate_candidates

        doc, _ = load_document(f, f.name)
        assert doc is not None
        _, diags = validate_candidates([doc], criteria)
        want = [d.message for d in diags if "indicator inputs missing" not in d.message]
        r = form.page.evaluate(
            "(v) => { window.paritrana.setValues(v); return window.paritrana.result(); }",
            {
                "id": "uji",
                "name": "Uji",
                "regulations": [{"type": kind, "year": year, "scope": ["dedicated"]}],
            },
        )
        assert want and [p.split(": ", 1)[1] for p in r["problems"]] == want, (kind, year)
    for form in forms.values():
        assert form.errors == []


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
