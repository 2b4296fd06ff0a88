"""Benchmark: national scale (issue 10), end to end, against a bare pipeline.

    .venv/bin/python bench/bench_national.py                  # all three parts
    .venv/bin/python bench/bench_national.py --parts national # one part
    .venv/bin/python bench/bench_national.py --rows 100000    # a smaller pool
    .venv/bin/python bench/bench_national.py --self-check 3000

Parts (docs/benchmarks.md records their output):

pool      725,356 SYNTHETIC employers (`synth --csv`, badan-usaha-besar) as
          one CSV: `paritrana rank --candidates POOL.csv --format csv -o
          OUT.csv`, once in this process (the CLI's `main`, as a user's
          command runs it) and once as a child process (wall clock and the
          child's peak RSS, from wait4), against a bare pipeline in this
          process: pyarrow reading the same CSV, the criteria's
          badan-usaha-besar rules written out by hand as vectorised NumPy
          (the `dokumen` stage every row is ranked in, since no row has
          panel scores), np.lexsort with the tie-break (total, then the
          tie-break pillars kepatuhan, kepedulian, digitalisasi; an exact
          tie shares its rank and is listed by name, then id), writing the
          same CSV columns with pyarrow. Interleaved (bare, ours in process,
          ours as a process; `--repeat` rounds, best of each). The ranks and
          totals of OUT.csv are checked against the bare pipeline's, id by id.
bad       the same pool with 1% bad rows (`--bad-rows 1%`) and `--rejects
          REJECTS.csv`: the report (its first lines and its count) and the
          rejects file (its rows), timed the same way; the bare pipeline
          is the one of `pool` over the same file (it checks nothing).
national  the national edition (`synth --national`: 3,548 YAML files, a
          folder per province): `rank --format json` (validate, score, rank
          and JSON), as a child process (wall clock, peak RSS) and in this
          process split into load + validate, score + rank, JSON.

Until the table reader is merged, `rank --candidates POOL.csv` cannot read
a CSV: the pool parts then print what the command said and time the bare
pipeline alone. `--self-check N` needs no table reader: it writes the
first N rows of the pool as YAML candidate files (a derived count as its
list), ranks them with the real pipeline and checks the bare pipeline's
ranks and totals on the same N rows against it.

Synthetic inputs are written once into --work (default: paritrana-bench in
the system's temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
PARITRANA = ROOT / ".venv" / "bin" / "paritrana"
POOL = 725_356
CATEGORY = "badan-usaha-besar"
SEED = 2021
GiB = 1 << 30

# --------------------------------------------------------------------------
# The bare pipeline: badan-usaha-besar's `dokumen` stage, written out by hand
# from criteria/2022-badan-usaha.yaml (missing policy `zero`: a missing
# input scores 0 and keeps its weight).
# --------------------------------------------------------------------------

# (indicator, pillar, weight, kind, fields, rule)
INDICATORS: tuple[tuple[str, str, float, str, tuple[str, ...], tuple[Any, ...]], ...] = (
    ("pekerja_terdaftar", "kepatuhan", 15, "ratio", ("workforce.registered", "workforce.employed"), ("linear", 50, 100)),
    ("tunggakan", "kepatuhan", 10, "field", ("compliance.arrears_months",), ("bands", (0, 1, 2, 4), (100, 60, 20, 0))),
    ("upah_dilaporkan", "kepatuhan", 10, "ratio", ("compliance.wages_reported", "compliance.wages_actual"), ("linear", 50, 100)),
    ("program", "kepatuhan", 5, "field", ("compliance.programmes",), ("count", 5)),
    ("sipp", "digitalisasi", 5, "field", ("digital.sipp",), ("yesno",)),
    ("pengguna_jmo", "digitalisasi", 5, "ratio", ("digital.jmo_users", "workforce.registered"), ("linear", 0, 100)),
    ("nik_tervalidasi", "digitalisasi", 5, "ratio", ("digital.nik_validated", "workforce.registered"), ("linear", 0, 100)),
    ("vendor_patuh", "kepedulian", 10, "ratio", ("care.vendors_compliant", "care.vendors_total"), ("linear", 0, 100)),
    ("csr_pekerja_rentan", "kepedulian", 10, "ratio", ("care.csr_vulnerable_covered", "workforce.employed"), ("linear", 0, 10)),
)  # fmt: skip
PILLARS = ("kepatuhan", "digitalisasi", "kepedulian", "wawancara")
STAGE_PILLARS = ("kepatuhan", "digitalisasi", "kepedulian")
TIE_BREAK = ("kepatuhan", "kepedulian", "digitalisasi")
INTERVIEW = ("pemahaman", "komitmen", "layanan_digital", "kepedulian_mitra", "keberlanjutan")
SHORTLIST = 10
BOOL_WORDS = {"ya": 1.0, "yes": 1.0, "true": 1.0, "tidak": 0.0, "no": 0.0, "false": 0.0}


def _numbers(column: pa.ChunkedArray) -> np.ndarray:
    """A column as float64, NaN for an empty cell (pyarrow typed it)."""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        # A column with a bad cell reads as text: the bare pipeline checks
        # nothing, so what is not a plain number is missing.
        plain = pc.match_substring_regex(column, r"^-?\d+(\.\d+)?$")
        column = pc.cast(pc.if_else(plain, column, pa.scalar(None, pa.string())), pa.float64())
    return column.to_numpy(zero_copy_only=False).astype(np.float64)


def _bools(column: pa.ChunkedArray) -> np.ndarray:
    if pa.types.is_boolean(column.type):
        return np.where(pc.is_null(column).to_numpy(zero_copy_only=False), np.nan,
                        column.fill_null(False).to_numpy(zero_copy_only=False).astype(np.float64))  # fmt: skip
    words = pc.utf8_lower(column)
    out = np.full(len(column), np.nan)
    for word, value in BOOL_WORDS.items():
        out[pc.equal(words, word).fill_null(False).to_numpy(zero_copy_only=False)] = value
    return out


def _score(rule: tuple[Any, ...], x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if rule[0] == "linear":
            floor, target = rule[1], rule[2]
            return np.clip((x - floor) / (target - floor), 0.0, 1.0) * 100.0
        if rule[0] == "bands":
            lows, scores = np.array(rule[1], float), np.array(rule[2], float)
            at = np.searchsorted(lows, x, side="right") - 1
            return np.where(at >= 0, scores[np.clip(at, 0, None)], 0.0)
        if rule[0] == "count":
            return np.minimum(x, rule[1]) / rule[1] * 100.0
        return x * 100.0  # yesno: 1 -> 100, 0 -> 0


def _fmt(x: np.ndarray) -> pa.Array:
    """Plain numbers, at most 6 decimals, empty for missing."""
    return pc.cast(pa.array(np.round(x, 6), from_pandas=True), pa.string())


def _fmt_raw(x: np.ndarray) -> pa.Array:
    """A value as given, as the ranking CSV writes every number
    (docs/outputs.md): rounded to 6 decimals, then Arrow's text of the
    float, `13125`, `94.5`."""
    return _fmt(x)


def _raw(parts: list[np.ndarray]) -> pa.Array:
    texts = [pc.fill_null(_fmt_raw(p), "") for p in parts]
    joined = texts[0] if len(texts) == 1 else pc.binary_join_element_wise(*texts, "/")
    empty = np.logical_and.reduce([np.isnan(p) for p in parts])
    return pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), joined)


TIE_BAND = 1e-7  # as scoring/rank: float totals this close are compared exactly


def _cell(value: Any, yesno: bool) -> Any:
    """A cell as the vectorised path reads it: a word of yes/no, a plain
    number, else missing."""
    if isinstance(value, str):
        if yesno:
            return BOOL_WORDS.get(value.lower())
        return float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else None
    return value


class _Exact:
    """A row's (total, tie-break pillars) as exact rationals, from its raw
    values (every input here is a whole number, so exact as written)."""

    def __init__(self, table: pa.Table):
        self.table = table

    def keys(self, row: int) -> tuple[Fraction, ...]:
        pillars = {p: Fraction(0) for p in PILLARS}
        for _ind, pil, weight, kind, fields, rule in INDICATORS:
            cells = [_cell(self.table.column(f)[row].as_py(), rule[0] == "yesno") for f in fields]
            if any(c is None for c in cells):
                continue
            if rule[0] == "yesno":
                x = (
                    Fraction(BOOL_WORDS[str(cells[0]).lower()])
                    if isinstance(cells[0], str)
                    else Fraction(int(cells[0]))
                )
            elif kind == "ratio":
                if cells[1] == 0:
                    continue
                x = Fraction(int(cells[0])) / Fraction(int(cells[1])) * 100
            else:
                x = Fraction(int(cells[0]))
            if rule[0] == "linear":
                score = (
                    min(max((x - rule[1]) / Fraction(rule[2] - rule[1]), Fraction(0)), Fraction(1))
                    * 100
                )
            elif rule[0] == "bands":
                score = Fraction(0)
                for low, points in zip(rule[1], rule[2]):
                    if x >= low:
                        score = Fraction(points)
            elif rule[0] == "count":
                score = min(x, Fraction(rule[1])) / rule[1] * 100
            else:
                score = x * 100
            pillars[pil] += score * weight / 100
        total = sum((pillars[p] for p in STAGE_PILLARS), Fraction(0))
        return (total, *(pillars[p] for p in TIE_BREAK))


def bare_rank(source: Path, target: Path) -> dict[str, np.ndarray]:
    """Read, score, rank and write; returns ids, ranks and totals in rank order."""
    table = pacsv.read_csv(source)
    n = table.num_rows
    pillar = {p: np.zeros(n) for p in PILLARS}
    missing = np.zeros(n, dtype=np.int64)
    scored: list[tuple[str, list[np.ndarray], np.ndarray, np.ndarray, np.ndarray, bool]] = []
    for ind, pil, weight, kind, fields, rule in INDICATORS:
        if rule[0] == "yesno":
            parts = [_bools(table.column(fields[0]))]
        else:
            parts = [_numbers(table.column(f)) for f in fields]
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "ratio":
                a, b = parts
                derived = np.where(b != 0, a / b * 100.0, np.nan)
            else:
                derived = parts[0]
        ok = np.isfinite(derived)
        score = np.where(ok, _score(rule, derived), np.nan)
        points = np.where(ok, score * weight / 100.0, 0.0)
        pillar[pil] += points
        missing += ~ok
        scored.append(
            (ind, parts, np.where(ok, derived, np.nan), score, points, rule[0] == "yesno")
        )
    total = sum(pillar[p] for p in STAGE_PILLARS)
    # Rank: total, then the tie-break pillars, higher first, in float64;
    # then, as the engine does (docs/design.md, "Ranking"), each run of
    # totals within TIE_BAND of the next is re-sorted by exact rational
    # keys, so float noise never decides and exact ties share a rank;
    # among them, by name, then id.
    names = table.column("name").to_numpy(zero_copy_only=False).astype(str)
    ids = table.column("id").to_numpy(zero_copy_only=False).astype(str)
    keys = [total] + [pillar[p] for p in TIE_BREAK]
    order = np.lexsort((ids, names, *[-k for k in reversed(keys)]))
    sorted_keys = np.stack([k[order] for k in keys])
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(sorted_keys[:, 1:] != sorted_keys[:, :-1], axis=0)
    near = np.abs(np.diff(sorted_keys[0])) < TIE_BAND
    if near.any():
        exact = _Exact(table)
        starts = np.flatnonzero(near & ~np.concatenate(([False], near[:-1])))
        for start in starts.tolist():
            end = start + 1
            while end < len(near) and near[end]:
                end += 1
            rows = order[start : end + 1].tolist()
            found = {r: exact.keys(r) for r in rows}
            rows.sort(key=lambda r: (tuple(-x for x in found[r]), names[r], ids[r]))
            order[start : end + 1] = rows
            for k in range(start + 1, end + 1):
                new[k] = found[rows[k - start]] != found[rows[k - start - 1]]
    rank = np.maximum.accumulate(np.where(new, np.arange(1, n + 1), 0))
    # Write: reorder the numbers, then format them once.
    take = pa.array(order)
    miss = missing[order]
    flags = pc.if_else(
        pa.array(miss > 0),
        pc.binary_join_element_wise(
            "missing:", pc.cast(pa.array(miss), pa.string()), " pending:5", ""
        ),
        "pending:5",
    )

    def const(value: Any) -> pa.Array:
        return pa.repeat(pa.scalar(value), n)

    columns: dict[str, Any] = {
        "edition": const(2022),
        "category": const(CATEGORY),
        "rank": pa.array(rank),
        "id": pa.array(ids[order]),
        "name": pa.array(names[order]),
        "province": table.column("province").take(take),
        "zone": table.column("zone").take(take),
        "total": _fmt(total[order]),
        "max_total": const("75.0"),
    }
    for p in PILLARS:
        columns[f"pillar.{p}"] = _fmt(pillar[p][order])
    for ind, parts, derived, score, points, yesno in scored:
        if yesno:
            given = parts[0][order]
            columns[f"{ind}.raw"] = pc.if_else(
                pa.array(np.isnan(given)), pa.scalar(None, pa.string()),
                pc.if_else(pa.array(given == 1.0), "true", "false"))  # fmt: skip
        else:
            columns[f"{ind}.raw"] = _raw([p[order] for p in parts])
        columns[f"{ind}.derived"] = _fmt(derived[order])
        columns[f"{ind}.score"] = _fmt(score[order])
        columns[f"{ind}.points"] = _fmt(points[order])
        columns[f"{ind}.status"] = pc.if_else(
            pa.array(np.isfinite(derived[order])), "ok", "missing"
        )
    for ind in INTERVIEW:
        empty = pa.nulls(n, pa.string())
        columns.update({f"{ind}.raw": empty, f"{ind}.derived": empty, f"{ind}.score": empty})
        columns[f"{ind}.points"] = const("0.0")
        columns[f"{ind}.status"] = const("pending")
    columns["missing_policy"] = const("zero")
    columns["flags"] = flags
    columns["synthetic"] = pc.cast(table.column("synthetic").take(take), pa.string())
    columns["stage"] = const("dokumen")
    columns["complete"] = const("true")
    columns["shortlisted"] = pc.if_else(pa.array(rank <= SHORTLIST), "true", "false")
    pacsv.write_csv(pa.table(columns), target)
    return {"id": ids[order], "rank": rank, "total": np.round(total[order], 6)}


# --------------------------------------------------------------------------
# Running ours
# --------------------------------------------------------------------------


def rank_args(
    candidates: list[Path], fmt: str, output: Path, extra: tuple[str, ...] = ()
) -> list[str]:
    args = ["rank", "--lang", "en", "--format", fmt, "-o", str(output), *extra]
    for path in candidates:
        args += ["--candidates", str(path)]
    return args


def ours_in_process(args: list[str]) -> tuple[float, int, str]:
    """The CLI's main in this process: (seconds, exit code, stderr)."""
    from paritrana.cli import main

    err = io.StringIO()
    start = time.perf_counter()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args, standalone_mode=False)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # noqa: BLE001 - a usage error, reported as text
            code = 2
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    return time.perf_counter() - start, code, err.getvalue()


# A child forked from this process (which holds the pool after an
# in-process run) would report this process's peak RSS as its own: Linux
# keeps the high-water mark across exec. So a small launcher starts the
# command and reports the command's own wall clock and peak RSS (wait4).
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def ours_process(args: list[str]) -> tuple[float, float, int, str]:
    """`paritrana ARGS` as a child: (wall seconds, peak RSS MiB, exit code, stderr)."""
    env = {**os.environ, "PARITRANA_LANG": "en"}
    report = Path(tempfile.gettempdir()) / f"bench-national-{os.getpid()}.txt"
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(report), str(PARITRANA), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    wall, rss, code = report.read_text().split()
    report.unlink()
    return float(wall), int(rss) / 1024, int(code), done.stderr.decode("utf-8", "replace")


def read_ranking(path: Path) -> dict[str, np.ndarray]:
    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(column_types={"id": pa.string()})
    )
    return {
        "id": table.column("id").to_numpy(zero_copy_only=False).astype(str),
        "rank": table.column("rank").to_numpy(zero_copy_only=False),
        "total": np.round(table.column("total").to_numpy(zero_copy_only=False), 6),
    }


def same_ranking(ours: dict[str, np.ndarray], bare: dict[str, np.ndarray]) -> str:
    """'identical' or what differs (by id, so display order among ties aside)."""
    if len(ours["id"]) != len(bare["id"]):
        return f"DIFFER: {len(ours['id'])} rows against {len(bare['id'])}"
    a, b = np.argsort(ours["id"]), np.argsort(bare["id"])
    if not np.array_equal(ours["id"][a], bare["id"][b]):
        return "DIFFER: not the same ids"
    ranks = np.flatnonzero(ours["rank"][a] != bare["rank"][b])
    totals = np.flatnonzero(ours["total"][a] != bare["total"][b])
    if len(ranks) == 0 and len(totals) == 0:
        return "identical"
    first = ours["id"][a][(ranks if len(ranks) else totals)[0]]
    return f"DIFFER: {len(ranks)} ranks, {len(totals)} totals (first {first})"


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def criteria() -> Any:
    from paritrana.scoring.pipeline import default_criteria, load_criteria

    crit, _problems, _files = load_criteria(default_criteria())
    return crit


def make_pool(work: Path, rows: int, bad_rate: float) -> Path:
    from paritrana.scoring.synthetic import generate_table, table_stem, write_table

    stem = table_stem(CATEGORY, rows, bad_rate)
    folder = work / stem
    path = folder / f"{stem}.csv"
    if not path.exists():
        shutil.rmtree(folder, ignore_errors=True)
        crit = criteria()
        columns, bad = generate_table(
            crit, CATEGORY, rows, SEED, missing_rate=0.05, bad_rate=bad_rate
        )
        write_table(folder, columns, bad, category_id=CATEGORY, period=crit.edition, seed=SEED,
                    missing_rate=0.05, bad_rate=bad_rate)  # fmt: skip
    return path


def make_national(work: Path) -> list[Path]:
    from paritrana.scoring.synthetic import generate_national, write_national

    folder = work / "national"
    if not (folder / "README.txt").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_national(folder, generate_national(criteria(), SEED), seed=SEED)
    return sorted(p for p in folder.iterdir() if p.is_dir())


# --------------------------------------------------------------------------
# Parts
# --------------------------------------------------------------------------

Row = tuple[str, str, str, str]  # part, measure, figure, note
rows_out: list[Row] = []


def record(part: str, measure: str, figure: str, note: str = "") -> None:
    rows_out.append((part, measure, figure, note))
    print(f"  {measure}: {figure} {note}".rstrip(), flush=True)


def best(times: list[float]) -> float:
    return min(times) if times else float("nan")


def run_pool(work: Path, rows: int, repeat: int, bad_rate: float) -> None:
    part = "bad" if bad_rate else "pool"
    pool = make_pool(work, rows, bad_rate)
    print(f"{part}: {pool.name} ({pool.stat().st_size / 1e6:.0f} MB)", flush=True)
    out_bare, out_ours, out_proc = (work / f"{part}-{s}.csv" for s in ("bare", "ours", "proc"))
    extra: tuple[str, ...] = ("--rejects", str(work / f"{part}-rejects.csv")) if bad_rate else ()
    args = rank_args([pool], "csv", out_ours, extra)
    proc_args = rank_args([pool], "csv", out_proc, extra)
    bare_t: list[float] = []
    ours_t: list[float] = []
    proc_t: list[float] = []
    rss: list[float] = []
    bare: dict[str, np.ndarray] = {}
    said = ""
    table_path = True
    for _round in range(repeat):
        start = time.perf_counter()
        bare = bare_rank(pool, out_bare)
        bare_t.append(time.perf_counter() - start)
        if table_path:
            seconds, code, said = ours_in_process(args)
            if code == 0 or (bad_rate and code == 1 and out_ours.exists()):
                ours_t.append(seconds)
            elif not ours_t:
                table_path = False  # the table reader is not merged yet
        if table_path:
            wall, peak, code, said_proc = ours_process(proc_args)
            proc_t.append(wall)
            rss.append(peak)
    record(part, "bare pipeline (pyarrow + NumPy + lexsort + write)", f"{best(bare_t):.2f} s")
    if not table_path:
        first = said.strip().splitlines()[:2]
        record(part, "ours (rank --candidates POOL.csv)", "not run",
               "(table reader not merged: " + " / ".join(first)[:160] + ")")  # fmt: skip
        return
    record(
        part,
        "ours, in process",
        f"{best(ours_t):.2f} s",
        f"{best(ours_t) / best(bare_t):.2f}x bare",
    )
    record(part, "ours, CLI process (wall)", f"{best(proc_t):.2f} s", f"{best(proc_t) / best(bare_t):.2f}x bare")  # fmt: skip
    record(part, "ours, CLI peak RSS", f"{max(rss):.0f} MiB", "(< 2048 MiB)" if max(rss) < 2048 else "OVER 2 GiB")  # fmt: skip
    if bad_rate:
        lines = [line for line in said.splitlines() if line.strip()]
        for line in lines[:3] + (["..."] if len(lines) > 4 else []) + lines[-1:]:
            print(f"    | {line[:150]}")
        rejects = work / f"{part}-rejects.csv"
        count = sum(1 for _ in rejects.open(encoding="utf-8-sig")) - 1 if rejects.exists() else -1
        record(part, "rejects file rows", f"{count:,}", f"({len(bare['id']):,} rows in the pool)")
        return
    verdict = same_ranking(read_ranking(out_ours), bare)
    record(part, "ranks and totals, ours against bare", verdict)
    record(part, "ranking CSV, ours against bare", same_columns(out_ours, out_bare))


def national_phases(folders: list[Path], output: Path) -> tuple[float, float, float]:
    from paritrana.scoring.pipeline import InputOptions, load_for, rank_inputs
    from paritrana.scoring.render import export

    start = time.perf_counter()
    inputs = load_for(InputOptions(None, tuple(folders), (), False)).inputs
    loaded = time.perf_counter()
    ranking = rank_inputs(inputs, (), stage=None, top=None)
    ranked = time.perf_counter()
    data = export.render_ranking(ranking, "json", "en", "2026-12-01")
    if isinstance(data, bytes):
        output.write_bytes(data)
    done = time.perf_counter()
    return loaded - start, ranked - loaded, done - ranked


def run_national(work: Path, repeat: int) -> None:
    folders = make_national(work)
    files = sum(1 for f in folders for _ in f.glob("*.yaml"))
    print(f"national: {files:,} files in {len(folders)} folders", flush=True)
    out = work / "national.json"
    args = rank_args(folders, "json", out)
    proc_t: list[float] = []
    rss: list[float] = []
    phases: list[tuple[float, float, float]] = []
    for _round in range(repeat):
        wall, peak, code, said = ours_process(args)
        if code != 0:
            record("national", "rank --format json", "FAILED", said.strip()[:200])
            return
        proc_t.append(wall)
        rss.append(peak)
        phases.append(national_phases(folders, work / "national-inprocess.json"))
    wall = best(proc_t)
    record("national", "rank --format json, CLI process (wall)", f"{wall:.2f} s",
           f"(target < 1.5 s: {'met' if wall < 1.5 else 'NOT met'}; {wall / 1.5:.2f}x the target)")  # fmt: skip
    record("national", "CLI peak RSS", f"{max(rss):.0f} MiB")
    load, rank, js = (best([p[i] for p in phases]) for i in range(3))
    whole = load + rank + js
    record("national", "in process: load + validate", f"{load:.2f} s", f"({load / whole:.0%})")
    record("national", "in process: score + rank", f"{rank:.2f} s", f"({rank / whole:.0%})")
    record("national", "in process: JSON", f"{js:.2f} s", f"({js / whole:.0%})")


def self_check(work: Path, rows: int, n: int) -> None:
    """Bare pipeline against the real one on the first n rows, through YAML."""
    from paritrana.scoring.fields import PROGRAMMES

    pool = make_pool(work, rows, 0.0)
    head = work / f"self-check-{n}.csv"
    with pool.open(encoding="utf-8") as src, head.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > n:
                break
            dst.write(line)
    folder = work / f"self-check-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    import csv

    with head.open(encoding="utf-8", newline="") as handle:
        records = [{k: v or None for k, v in row.items()} for row in csv.DictReader(handle)]
    for k, row in enumerate(records):
        lines = [
            f"{key}: {row[key]}"
            for key in ("id", "name", "category", "period", "province", "zone", "synthetic")
        ]
        sections: dict[str, list[str]] = {}
        for name, text in row.items():
            if "." not in name or text is None:
                continue
            if name == "compliance.programmes":
                lines.append(f"programmes: [{', '.join(PROGRAMMES[: int(text)])}]")
                continue
            section, key = name.split(".", 1)
            sections.setdefault(section, []).append(f"  {key}: {text}")
        for section, keys in sections.items():
            lines += [f"{section}:", *keys]
        (folder / f"row-{k:06d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / f"self-check-{n}-ours.csv"
    seconds, code, said = ours_in_process(rank_args([folder], "csv", out))
    if code != 0:
        print(said)
        raise SystemExit(f"self-check: rank failed ({code})")
    bare = bare_rank(head, work / f"self-check-{n}-bare.csv")
    verdict = same_ranking(read_ranking(out), bare)
    columns = same_columns(out, work / f"self-check-{n}-bare.csv")
    print(
        f"self-check on {n:,} rows (YAML path {seconds:.1f} s): ranks and totals {verdict}; {columns}"
    )
    if verdict != "identical":
        raise SystemExit(1)


def same_columns(ours: Path, bare: Path) -> str:
    """Every column of the two ranking CSVs, value by value as pyarrow reads
    them; a number one unit apart in the 6th decimal is counted apart (ours
    rounds the exact value half up, the bare pipeline the float, so an
    exact half such as 21.1046875 may print either way)."""
    a, b = pacsv.read_csv(ours), pacsv.read_csv(bare)
    if a.column_names != b.column_names:
        return f"DIFFER: header ({len(a.column_names)} against {len(b.column_names)} columns)"
    differ: list[str] = []
    last_digit = 0
    for name in a.column_names:
        x, y = a.column(name), b.column(name)
        if x.to_pylist() == y.to_pylist():
            continue
        numeric = all(pa.types.is_integer(c.type) or pa.types.is_floating(c.type) for c in (x, y))
        if numeric:
            u = x.to_numpy(zero_copy_only=False).astype(float)
            v = y.to_numpy(zero_copy_only=False).astype(float)
            same_nan = np.isnan(u) == np.isnan(v)
            gap = np.abs(np.nan_to_num(u) - np.nan_to_num(v))
            if same_nan.all() and (gap <= 1.000001e-6).all():
                last_digit += int((gap > 0).sum())
                continue
        differ.append(name)
    if differ:
        return f"DIFFER in {len(differ)} columns: {', '.join(differ[:4])}"
    note = f" ({last_digit} cells one unit apart in the 6th decimal)" if last_digit else ""
    return f"all {len(a.column_names)} columns equal{note}"


def machine() -> str:
    cpu = "unknown cpu"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kib = int(re.findall(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[0])
        mem = f", {kib / (1 << 20):.0f} GiB"
    load = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores{mem}, load {load:.1f}; Linux {platform.release()}; "
            f"Python {platform.python_version()}, NumPy {np.__version__}, pyarrow {pa.__version__}")  # fmt: skip


@contextlib.contextmanager
def section(title: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"  ({title}: {time.perf_counter() - start:.0f} s in all)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="pool,bad,national")
    parser.add_argument("--rows", type=int, default=POOL)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "paritrana-bench"
    )
    parser.add_argument("--self-check", type=int, default=0, metavar="N")
    opts = parser.parse_args()
    opts.work.mkdir(parents=True, exist_ok=True)
    print(machine(), flush=True)
    if opts.self_check:
        self_check(opts.work, opts.rows, opts.self_check)
        return
    parts: dict[str, Callable[[], None]] = {
        "pool": lambda: run_pool(opts.work, opts.rows, opts.repeat, 0.0),
        "bad": lambda: run_pool(opts.work, opts.rows, opts.repeat, 0.01),
        "national": lambda: run_national(opts.work, opts.repeat),
    }
    for name in opts.parts.split(","):
        with section(name):
            parts[name]()
    print()
    print(f"{'part':<9} {'measure':<52} {'figure':>12}  note")
    print("-" * 100)
    for part, measure, figure, note in rows_out:
        print(f"{part:<9} {measure:<52} {figure:>12}  {note}")


if __name__ == "__main__":
    main()
