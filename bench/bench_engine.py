"""Benchmark: score and rank N synthetic employers in one category.

    .venv/bin/python bench/bench_engine.py            # 1,000 / 100,000 / 725,356
    .venv/bin/python bench/bench_engine.py 1000 5000  # other sizes

The category is shaped like the proposed badan-usaha-besar table (10
indicators: ratios, bands, count, yes/no, panel rubric) under `reweight`,
with about 5% of each value missing and panel scores for 1% of the
candidates (the interviewed shortlist). Candidates are built in memory
(seeded), not read from files: this measures the engine, not YAML.

Reported per N: seconds to build the candidates (not engine time), to
score, to rank; peak memory traced by tracemalloc during score + rank (a
second, traced run, since tracing slows Python down); and the process's
maximum resident set size at the end.

Baseline in the same run: the same engine with its exact-arithmetic path
switched off (plain float64 decisions, as before exactness was added),
interleaved with the real engine, best of two each; the last column is the
ratio of score + rank times, exact / float-only: the cost of exactness.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc

import numpy as np
from paritrana.scoring.model import (
    Band,
    BandsRule,
    Candidate,
    Category,
    CountRule,
    Indicator,
    Input,
    LinearRule,
    Pillar,
    RubricRule,
    Rule,
    Text,
    YesNoRule,
)
from paritrana.scoring.rank import ranking
from paritrana.scoring.rank.ranking import rank_category
from paritrana.scoring.score import engine
from paritrana.scoring.score.engine import score_category

SIZES = (1_000, 100_000, 725_356)
SEED = 2022


def _ind(id_: str, weight: float, rule: Rule, kind: str, *fields: str) -> Indicator:
    return Indicator(
        id_,
        Text(id_, id_),
        weight,
        Input(kind, fields),
        rule,
        "reweight",  # type: ignore[arg-type]
    )


def _pillar(id_: str, *inds: Indicator) -> Pillar:
    return Pillar(id_, Text(id_, id_), sum(i.weight for i in inds), inds)


def badan_usaha_besar() -> Category:
    """The proposed large-employer table (docs/domain.md), 10 indicators."""
    arrears = BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0)))
    return Category(
        "badan-usaha-besar",
        Text("Badan Usaha Besar", "Large employers"),
        (
            _pillar(
                "kepatuhan",
                _ind(
                    "terdaftar",
                    15,
                    LinearRule(50, 100),
                    "ratio",
                    "workforce.registered",
                    "workforce.employed",
                ),
                _ind("tunggakan", 10, arrears, "field", "compliance.arrears_months"),
                _ind(
                    "upah",
                    10,
                    LinearRule(50, 100),
                    "ratio",
                    "compliance.wages_reported",
                    "compliance.wages_actual",
                ),
                _ind("program", 5, CountRule(5), "field", "compliance.programmes"),
            ),
            _pillar(
                "digitalisasi",
                _ind("sipp", 5, YesNoRule(), "field", "digital.sipp"),
                _ind(
                    "jmo",
                    5,
                    LinearRule(0, 100),
                    "ratio",
                    "digital.jmo_users",
                    "workforce.registered",
                ),
                _ind(
                    "nik",
                    5,
                    LinearRule(0, 100),
                    "ratio",
                    "digital.nik_validated",
                    "workforce.registered",
                ),
            ),
            _pillar(
                "kepedulian",
                _ind(
                    "vendor",
                    10,
                    LinearRule(0, 100),
                    "ratio",
                    "care.vendors_compliant",
                    "care.vendors_total",
                ),
                _ind(
                    "csr",
                    10,
                    LinearRule(0, 10),
                    "ratio",
                    "care.csr_vulnerable_covered",
                    "workforce.employed",
                ),
            ),
            _pillar("wawancara", _ind("wawancara", 25, RubricRule(), "panel")),
        ),
        ("kepatuhan", "kepedulian", "digitalisasi"),
        "reweight",
    )


def synthetic(n: int, seed: int = SEED) -> list[Candidate]:
    """n employers with plausible, seeded values; ~5% of each value missing."""
    rng = np.random.default_rng(seed)
    employed = rng.integers(100, 20_000, n)
    registered = (employed * rng.uniform(0.3, 1.0, n)).astype(np.int64)
    wages_actual = employed * rng.uniform(3e6, 8e6, n)
    columns: dict[str, list] = {
        "workforce.employed": employed.astype(float).tolist(),
        "workforce.registered": registered.astype(float).tolist(),
        "compliance.arrears_months": rng.integers(0, 8, n).astype(float).tolist(),
        "compliance.wages_actual": wages_actual.round().tolist(),
        "compliance.wages_reported": (wages_actual * rng.uniform(0.5, 1.0, n)).round().tolist(),
        "compliance.programmes": rng.integers(1, 6, n).astype(float).tolist(),
        "digital.sipp": (rng.random(n) < 0.7).tolist(),
        "digital.jmo_users": (registered * rng.uniform(0, 1, n)).round().tolist(),
        "digital.nik_validated": (registered * rng.uniform(0.5, 1, n)).round().tolist(),
        "care.vendors_total": rng.integers(0, 200, n).astype(float).tolist(),
        "care.csr_vulnerable_covered": rng.integers(0, 2_000, n).astype(float).tolist(),
    }
    vendors = np.array(columns["care.vendors_total"])
    columns["care.vendors_compliant"] = (vendors * rng.uniform(0, 1, n)).round().tolist()
    present = {name: (rng.random(n) >= 0.05).tolist() for name in columns}
    interviewed = (rng.random(n) < 0.01).tolist()
    panel = rng.integers(1, 6, (n, 3)).tolist()
    names = list(columns)
    out = []
    for i in range(n):
        values = {f: columns[f][i] for f in names if present[f][i]}
        scores = {"wawancara": tuple(panel[i])} if interviewed[i] else {}
        out.append(
            Candidate(
                id=f"bu-{i:07d}",
                name=f"PT Sintetis {i % 50_000:05d}",  # repeated names: ties by id
                category="badan-usaha-besar",
                period=2022,
                synthetic=True,
                values=values,
                panel_scores=scores,
            )
        )
    return out


def _timed(cat: Category, cands: list[Candidate], exact: bool) -> tuple[float, float]:
    """(score s, rank s), with the exact path on or off."""
    near, band = engine.NEAR, ranking.TIE_BAND
    if not exact:  # nothing is ever "near": every decision is the float's
        engine.NEAR, ranking.TIE_BAND = -1.0, -1.0
    try:
        gc.collect()
        t0 = time.perf_counter()
        scored = score_category(cat, cands)
        t1 = time.perf_counter()
        ranked = rank_category(scored)
        t2 = time.perf_counter()
    finally:
        engine.NEAR, ranking.TIE_BAND = near, band
    assert ranked.rank[0] == 1 and len(ranked.candidates) == len(cands)
    return t1 - t0, t2 - t1


def run(n: int) -> dict[str, float]:
    cat = badan_usaha_besar()
    t0 = time.perf_counter()
    cands = synthetic(n)
    t1 = time.perf_counter()
    exact_runs, float_runs = [], []
    for _ in range(2):  # interleaved: the machine's speed drifts
        float_runs.append(_timed(cat, cands, exact=False))
        exact_runs.append(_timed(cat, cands, exact=True))
    score_s, rank_s = min(exact_runs, key=sum)
    float_s = min(sum(r) for r in float_runs)
    gc.collect()
    tracemalloc.start()
    rank_category(score_category(cat, cands))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "n": n,
        "build": t1 - t0,
        "score": score_s,
        "rank": rank_s,
        "float": float_s,
        "peak": peak / 2**20,
        "rss": rss / 2**10,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}, 10 indicators")
    header = (
        f"{'candidates':>10}  {'build s':>8}  {'score s':>8}  {'rank s':>7}  "
        f"{'score+rank s':>12}  {'peak MiB':>8}  {'max RSS MiB':>11}  "
        f"{'float-only s':>12}  {'exact/float':>11}"
    )
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        r = run(n)
        print(
            f"{r['n']:>10,}  {r['build']:>8.2f}  {r['score']:>8.2f}  {r['rank']:>7.2f}  "
            f"{r['score'] + r['rank']:>12.2f}  {r['peak']:>8.0f}  {r['rss']:>11.0f}  "
            f"{r['float']:>12.2f}  {(r['score'] + r['rank']) / r['float']:>10.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
