"""Benchmark: score and rank N synthetic employers in one category.

    .venv/bin/python bench/bench_engine.py            # 1,000 / 100,000 / 725,356
    .venv/bin/python bench/bench_engine.py 1000 5000  # other sizes

The category is shaped like the proposed badan-usaha-besar table (10
indicators: ratios, bands, count, yes/no, panel rubric) under `reweight`,
with about 5% of each value missing and panel scores for 1% of the
candidates (the interviewed shortlist). Candidates are built in memory
(seeded), not read from files: this measures the engine, not YAML or CSV.

Two lines per N: "table", the engine fed a CandidateTable built column by
column (as a CSV's rows become one: no Candidate object per row; the
interviewed 1% carry Candidate objects with their panel scores, as rows a
panel file scored do), and "objects", fed ready-made Candidate objects
(converted to columns by the engine: that conversion is engine time). The
script checks that both rank alike (order, ranks and totals).

Reported per N and input: seconds to build the input (not engine time), to
score, to rank, and the CPU seconds of score + rank (on a shared machine
the wall clock also counts other work: CPU time shows what this costs); peak memory traced by tracemalloc during score + rank (a
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
from dataclasses import replace

import numpy as np
from paritrana.scoring.model import (
    Band,
    BandsRule,
    Candidate,
    CandidateTable,
    Category,
    CategoryResult,
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
from paritrana.scoring.score.engine import FIELD_KINDS, score_category

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


def _columns(n: int, seed: int = SEED) -> dict[str, object]:
    """The seeded values of n employers: columns, which are present (~95%
    of each), who was interviewed (1%) and their three panel scores."""
    rng = np.random.default_rng(seed)
    employed = rng.integers(100, 20_000, n)
    registered = (employed * rng.uniform(0.3, 1.0, n)).astype(np.int64)
    wages_actual = employed * rng.uniform(3e6, 8e6, n)
    columns: dict[str, np.ndarray] = {
        "workforce.employed": employed.astype(float),
        "workforce.registered": registered.astype(float),
        "compliance.arrears_months": rng.integers(0, 8, n).astype(float),
        "compliance.wages_actual": wages_actual.round(),
        "compliance.wages_reported": (wages_actual * rng.uniform(0.5, 1.0, n)).round(),
        "compliance.programmes": rng.integers(1, 6, n).astype(float),
        "digital.sipp": (rng.random(n) < 0.7),
        "digital.jmo_users": (registered * rng.uniform(0, 1, n)).round(),
        "digital.nik_validated": (registered * rng.uniform(0.5, 1, n)).round(),
        "care.vendors_total": rng.integers(0, 200, n).astype(float),
        "care.csr_vulnerable_covered": rng.integers(0, 2_000, n).astype(float),
    }
    vendors = columns["care.vendors_total"]
    columns["care.vendors_compliant"] = (vendors * rng.uniform(0, 1, n)).round()
    present = {name: rng.random(n) >= 0.05 for name in columns}
    interviewed = rng.random(n) < 0.01
    panel = rng.integers(1, 6, (n, 3))
    return {"columns": columns, "present": present, "interviewed": interviewed, "panel": panel}


def _id(i: int) -> str:
    return f"bu-{i:07d}"


def _name(i: int) -> str:
    return f"PT Sintetis {i % 50_000:05d}"  # repeated names: ties by id


def synthetic(n: int, seed: int = SEED) -> list[Candidate]:
    """n employers with plausible, seeded values; ~5% of each value missing."""
    data = _columns(n, seed)
    columns = {k: v.tolist() for k, v in data["columns"].items()}  # type: ignore[attr-defined]
    present = {k: v.tolist() for k, v in data["present"].items()}  # type: ignore[attr-defined]
    interviewed = data["interviewed"].tolist()  # type: ignore[attr-defined]
    panel = data["panel"].tolist()  # type: ignore[attr-defined]
    names = list(columns)
    out = []
    for i in range(n):
        values = {f: columns[f][i] for f in names if present[f][i]}
        scores = {"wawancara": tuple(panel[i])} if interviewed[i] else {}
        out.append(
            Candidate(
                id=_id(i),
                name=_name(i),
                category="badan-usaha-besar",
                period=2022,
                synthetic=True,
                values=values,
                panel_scores=scores,
            )
        )
    return out


def synthetic_table(n: int, seed: int = SEED) -> CandidateTable:
    """The same n employers as `synthetic`, built column by column (as a
    CSV's rows become a table: no Candidate per row); the interviewed 1%
    carry their panel scores as Candidate objects (as a panel file's do)."""
    data = _columns(n, seed)
    present: dict[str, np.ndarray] = data["present"]  # type: ignore[assignment]
    values = {
        name: np.where(present[name], col.astype(np.float64), np.nan)
        for name, col in data["columns"].items()  # type: ignore[attr-defined]
    }

    def strings(make: object) -> np.ndarray:
        out = np.empty(n, dtype=object)
        out[:] = [make(i) for i in range(n)]  # type: ignore[operator]
        return out

    table = CandidateTable(
        ids=strings(_id),
        names=strings(_name),
        categories=np.full(n, "badan-usaha-besar", dtype=object),
        periods=np.full(n, 2022, dtype=np.int64),
        provinces=np.full(n, None, dtype=object),
        zones=np.full(n, None, dtype=object),
        synthetic=np.ones(n, dtype=bool),
        values=values,
        kinds={name: FIELD_KINDS[name] for name in values},
    )
    rows = np.flatnonzero(data["interviewed"]).tolist()  # type: ignore[call-overload]
    panel = data["panel"]
    scored = [
        replace(table[i], panel_scores={"wawancara": tuple(panel[i].tolist())})  # type: ignore[index]
        for i in rows
    ]
    return table.with_objects(rows, scored)


def _timed(
    cat: Category, cands: list[Candidate] | CandidateTable, exact: bool
) -> tuple[float, float, CategoryResult, float]:
    """(score s, rank s, the ranked result, CPU s of both), with the exact
    path on or off."""
    near, band = engine.NEAR, ranking.TIE_BAND
    if not exact:  # nothing is ever "near": every decision is the float's
        engine.NEAR, ranking.TIE_BAND = -1.0, -1.0
    try:
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        scored = score_category(cat, cands)
        t1 = time.perf_counter()
        ranked = rank_category(scored)
        t2 = time.perf_counter()
        c2 = time.process_time()
    finally:
        engine.NEAR, ranking.TIE_BAND = near, band
    assert ranked.rank[0] == 1 and len(ranked.candidates) == len(cands)
    return t1 - t0, t2 - t1, ranked, c2 - c0


def run(n: int, source: str) -> dict[str, object]:
    """One line: the engine fed Candidate objects ("objects") or a table
    built column by column ("table")."""
    cat = badan_usaha_besar()
    t0 = time.perf_counter()
    cands = synthetic(n) if source == "objects" else synthetic_table(n)
    t1 = time.perf_counter()
    exact_runs, float_runs = [], []
    for _ in range(2):  # interleaved: the machine's speed drifts
        float_runs.append(_timed(cat, cands, exact=False))
        exact_runs.append(_timed(cat, cands, exact=True))
    score_s, rank_s, ranked, cpu_s = min(exact_runs, key=lambda r: r[0] + r[1])
    float_s = min(r[0] + r[1] for r in float_runs)
    gc.collect()
    tracemalloc.start()
    rank_category(score_category(cat, cands))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "n": n,
        "source": source,
        "build": t1 - t0,
        "score": score_s,
        "rank": rank_s,
        "float": float_s,
        "cpu": cpu_s,
        "peak": peak / 2**20,
        "rss": rss / 2**10,
        "ranked": ranked,
    }


def _same(a: CategoryResult, b: CategoryResult) -> bool:
    """The two lines ranked alike: same order, ranks and totals."""
    return (
        a.candidates.ids.tolist() == b.candidates.ids.tolist()
        and np.array_equal(a.rank, b.rank)
        and np.array_equal(a.total, b.total)
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument(
        "--source",
        choices=("both", "objects", "table"),
        default="both",
        help="feed the engine Candidate objects, a table, or both (default)",
    )
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}, 10 indicators")
    header = (
        f"{'candidates':>10}  {'input':>7}  {'build s':>8}  {'score s':>8}  {'rank s':>7}  "
        f"{'score+rank s':>12}  {'CPU s':>6}  {'peak MiB':>8}  {'max RSS MiB':>11}  "
        f"{'float-only s':>12}  {'exact/float':>11}"
    )
    print(header)
    print("-" * len(header))
    sources = ("table", "objects") if args.source == "both" else (args.source,)
    for n in args.sizes:
        done = []
        for source in sources:
            r = run(n, source)
            done.append(r["ranked"])
            total = r["score"] + r["rank"]  # type: ignore[operator]
            print(
                f"{r['n']:>10,}  {r['source']:>7}  {r['build']:>8.2f}  {r['score']:>8.2f}  "
                f"{r['rank']:>7.2f}  {total:>12.2f}  {r['cpu']:>6.2f}  {r['peak']:>8.0f}  "
                f"{r['rss']:>11.0f}  "
                f"{r['float']:>12.2f}  {total / r['float']:>10.2f}x",  # type: ignore[operator]
                flush=True,
            )
            del r
            gc.collect()
        if len(done) == 2:
            same = _same(done[0], done[1])  # type: ignore[arg-type]
            print(f"{'':>10}  table and objects rank alike: {'yes' if same else 'NO'}", flush=True)
            assert same


if __name__ == "__main__":
    main(sys.argv[1:])
