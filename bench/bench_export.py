"""Benchmark: the ranking CSV export against a bare pyarrow write of the same columns.

    .venv/bin/python bench/bench_export.py            # 725,356 rows
    .venv/bin/python bench/bench_export.py 100000     # a quicker run

Input: 2,000 SYNTHETIC badan-usaha-besar candidates (scoring/synthetic.py,
seed 10, 10% of values missing) read and ranked through the real pipeline,
put in the columnar engine's shape (a CandidateTable, raw values as
RawParts) and tiled to N rows (ids made unique), so the export sees N
candidates without the engine's time in the figures.

Reported, CPU seconds (process time, every thread) of each, interleaved
three times so drift in the machine's load hits both alike:
- ours: `render_chunks(ranking, "csv", ...)` joined (cells, quoting,
  neutralisation, the byte-order mark), as `rank --format csv -o` writes;
- bare: `pyarrow.csv.write_csv` of a table of the same columns as they
  stand before any text is made (float64 numbers, the object text columns
  cast to strings, int ranks, bools), no rounding, no neutralisation;
and the export's peak memory above what the ranking already holds (VmHWM
reset through /proc/self/clear_refs before each run).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

BASE = 2_000
DAY = date(2023, 2, 20)


def build(n: int, folder: Path):  # noqa: ANN201 - a Ranking
    from paritrana.scoring.fields import FIELDS
    from paritrana.scoring.model import CandidateTable, RawParts
    from paritrana.scoring.pipeline import load_criteria, load_inputs, rank_inputs, shipped_criteria
    from paritrana.scoring.synthetic import generate, write_candidates

    kinds = {name: f.type for name, f in FIELDS.items()}
    criteria, _, _ = load_criteria(shipped_criteria())
    assert criteria is not None
    docs = generate(criteria, "badan-usaha-besar", BASE, seed=10)
    write_candidates(folder, docs, seed=10)
    inputs = load_inputs(shipped_criteria(), [folder], strict=False)
    ranking = rank_inputs(inputs, ["badan-usaha-besar"])
    (r,) = ranking.results
    size = len(r.candidates)
    idx = np.resize(np.arange(size), n)
    table = CandidateTable.from_candidates(r.candidates, kinds).take(idx)
    copy = np.arange(n) // size
    ids = np.array([f"{i}-{c}" for i, c in zip(table.ids, copy)], dtype=object)
    table = replace(table, ids=ids, objects=None)
    indicators = []
    for col in r.indicators:
        inp = col.indicator.input
        if inp.kind == "panel":
            raw = tuple(col.raw[k] for k in idx)
        else:
            names = inp.fields + ((inp.fallback,) if inp.fallback else ())
            ks = tuple(kinds.get(f, "count") for f in names)
            raw = RawParts(
                tuple(table.column(f, k) for f, k in zip(names, ks)), ks, inp.kind == "field"
            )  # type: ignore[assignment]
        indicators.append(
            replace(
                col,
                raw=raw,
                derived=col.derived[idx],
                score=col.score[idx],
                weight=col.weight[idx],
                points=col.points[idx],
                status=col.status[idx],
            )
        )
    pillars = tuple(
        replace(p, points=p.points[idx], max_points=p.max_points[idx]) for p in r.pillars
    )
    tiled = replace(
        r,
        candidates=table,
        indicators=tuple(indicators),
        pillars=pillars,
        total=r.total[idx],
        max_total=r.max_total[idx],
        rank=r.rank[idx],
        missing_count=r.missing_count[idx],
        pending_count=r.pending_count[idx],
        complete=None if r.complete is None else r.complete[idx],
        shortlisted=None if r.shortlisted is None else r.shortlisted[idx],
        pool=(),
    )
    return replace(ranking, results=(tiled,))


def bare_table(ranking):  # noqa: ANN001, ANN201 - the same columns, before any text
    import pyarrow as pa

    (r,) = ranking.results
    t = r.candidates
    cols: dict[str, object] = {
        "edition": pa.repeat(pa.scalar(ranking.criteria.edition), len(t)),
        "category": pa.repeat(pa.scalar(r.category.id), len(t)),
        "rank": pa.array(r.rank),
        "id": pa.array(t.ids, pa.string()),
        "name": pa.array(t.names, pa.string()),
        "province": pa.array(t.provinces, pa.string()),
        "zone": pa.array(t.zones, pa.string()),
        "total": pa.array(r.total),
        "max_total": pa.array(r.max_total),
    }
    for p in r.pillars:
        cols[f"pillar.{p.pillar.id}"] = pa.array(p.points)
    for c in r.indicators:
        key = c.indicator.id
        if c.indicator.input.kind != "panel":
            part = c.raw.parts[0]
            cols[f"{key}.raw"] = pa.array(part, pa.string() if part.dtype == object else None)
        cols[f"{key}.derived"] = pa.array(c.derived)
        cols[f"{key}.score"] = pa.array(c.score)
        cols[f"{key}.points"] = pa.array(c.points)
        cols[f"{key}.status"] = pa.array(c.status)
    cols["synthetic"] = pa.array(t.synthetic)
    return pa.table(cols)


def reset_peak() -> int:
    """Reset the peak resident size to the current one; the current, in KiB."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return _status("VmRSS")


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def main(n: int) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    from paritrana.scoring.render.export import csv_header, render_chunks

    print(f"cpu: {platform.processor() or platform.machine()}, cores: {os.cpu_count()}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, pyarrow {pa.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        ranking = build(n, Path(tmp) / "candidates")
    print(f"rows: {n:,}, columns: {len(csv_header(ranking))} (SYNTHETIC, badan-usaha-besar)")

    def ours() -> int:
        return sum(len(b) for b in render_chunks(ranking, "csv", "id", DAY))

    def bare() -> int:
        out = pa.MockOutputStream()  # counts the bytes, keeps none
        pcsv.write_csv(bare_table(ranking), out)
        return int(out.size())

    times: dict[str, list[float]] = {"ours": [], "bare": []}
    peaks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for _ in range(3):
        for name, fn in (("ours", ours), ("bare", bare)):
            before = reset_peak()
            t0 = time.process_time()
            sizes[name] = fn()
            times[name].append(time.process_time() - t0)
            peaks[name] = max(peaks.get(name, 0), _status("VmHWM") - before)
    for name in ("ours", "bare"):
        best = min(times[name])
        print(
            f"{name}: {best:6.2f} s CPU (best of 3: {', '.join(f'{t:.2f}' for t in times[name])}),"
            f" {sizes[name] / 2**20:7.1f} MiB written, peak +{peaks[name] / 1024:6.0f} MiB"
        )
    print(f"ours / bare: {min(times['ours']) / min(times['bare']):.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 725_356)
