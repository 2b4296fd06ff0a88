"""Benchmark: PDF scorecards, ours against bare WeasyPrint on the same pages.

    .venv/bin/python bench/bench_render.py          # 200 scorecards
    .venv/bin/python bench/bench_render.py 50       # a quicker run

Candidates: N synthetic kabupaten-kota candidates from the shipped 2022
criteria (scoring/synthetic.py, seed 7), written as YAML to a temporary
folder and read through the real pipeline (load -> validate -> rank).

Reported:
- seconds per scorecard, warm, one process: our `render_scorecard`
  (context + template + WeasyPrint) against bare WeasyPrint rendering the
  same HTML strings (`HTML(string=...).write_pdf(stylesheets=...,
  font_config=...)` with the same fetcher, stylesheet and fonts, template
  time excluded); the ratio is our throughput as a share of bare
  WeasyPrint's;
- `write_scorecards` for all N, jobs 1 and jobs 2 (wall clock, including
  writing the files and the warm-up render), and the speed-up.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

DAY = date(2023, 2, 20)
SAMPLE = 20  # pages timed one by one for the per-page comparison


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "system": f"{platform.system()} {platform.release()}",
    }


def build(n: int, folder: Path):  # noqa: ANN201 - returns (ranking, inputs)
    from paritrana.scoring.pipeline import load_criteria, load_inputs, rank_inputs, shipped_criteria
    from paritrana.scoring.synthetic import generate, write_candidates

    criteria, _, _ = load_criteria(shipped_criteria())
    assert criteria is not None
    docs = generate(criteria, "kabupaten-kota", n, seed=7)
    write_candidates(folder, docs, seed=7)
    inputs = load_inputs(shipped_criteria(), [folder], strict=False)
    return rank_inputs(inputs, ["kabupaten-kota"]), inputs


def main(n: int) -> None:
    from paritrana.scoring.render import pdf
    from weasyprint import HTML

    info = machine()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ranking, inputs = build(n, tmp_path / "candidates")
        res = ranking.results[0]
        k = min(SAMPLE, len(res.candidates))
        pdf.render_scorecard(ranking, res, 0, "id", DAY)  # warm-up: imports, fonts

        # Page by page, interleaved so that drift in the machine's speed
        # hits both sides alike: ours (context + template + WeasyPrint)
        # against bare WeasyPrint on the same HTML (template time excluded).
        base = pdf.TEMPLATES_DIR.as_uri() + "/"
        css, fonts, _ = pdf.shared_style()

        def bare_render(html: str, target: Path | None = None) -> None:
            HTML(string=html, base_url=base, url_fetcher=pdf.new_fetcher()).write_pdf(
                target, stylesheets=[css], font_config=fonts
            )

        ours = bare = 0.0
        for i in range(k):
            html = pdf.scorecard_html(ranking, res, i, "id", DAY)
            t0 = time.perf_counter()
            pdf.render_scorecard(ranking, res, i, "id", DAY)
            ours += time.perf_counter() - t0
            t0 = time.perf_counter()
            bare_render(html)
            bare += time.perf_counter() - t0
        ours, bare = ours / k, bare / k

        # Throughput on the whole batch, same n pages: bare WeasyPrint writing
        # each PDF (HTML made beforehand, not timed) against our command's
        # code path with jobs 1 (context, template, render, atomic write).
        all_pages = [
            pdf.scorecard_html(ranking, res, i, "id", DAY) for i in range(len(res.candidates))
        ]
        # Interleaved in chunks of 20 pages (bare, then ours, then the next
        # chunk): this machine's speed drifts by 10-30% over minutes even on
        # one repeated page, which would otherwise favour whichever ran first.
        ids = [c.id for c in res.candidates]
        bare_batch = ours_batch = 0.0
        bare_out = tmp_path / "bare"
        bare_out.mkdir()
        for lo in range(0, len(ids), SAMPLE):
            t0 = time.perf_counter()
            for i in range(lo, min(lo + SAMPLE, len(ids))):
                bare_render(all_pages[i], bare_out / f"{i}.pdf")
            bare_batch += time.perf_counter() - t0
            report = pdf.write_scorecards(
                ranking,
                tmp_path / "ours",
                lang="id",
                jobs=1,
                generated=DAY,
                only_ids=ids[lo : lo + SAMPLE],
            )
            assert report.ok, report.failed
            ours_batch += report.seconds

        # jobs 1 against jobs 2 on the whole batch, in the order 2, 1, 2, 1,
        # best of each.
        runs: dict[int, list[float]] = {1: [], 2: []}
        for jobs in (2, 1, 2, 1):
            report = pdf.write_scorecards(
                ranking, tmp_path / f"out{jobs}", lang="id", jobs=jobs, generated=DAY
            )
            assert report.ok and len(report.written) == n, report.failed
            runs[jobs].append(report.seconds)
        batch = {jobs: min(times) for jobs, times in runs.items()}

    rows = [
        ("scorecard, ours (s/scorecard, warm)", f"{ours:.3f}"),
        ("bare WeasyPrint, same HTML (s/scorecard)", f"{bare:.3f}"),
        ("ours / bare, per page (warm)", f"{bare / ours:.2f}x"),
        (f"{n} scorecards, bare WeasyPrint, 1 process (s)", f"{bare_batch:.1f}"),
        (f"{n} scorecards, ours, 1 process, same chunks (s)", f"{ours_batch:.1f}"),
        (
            f"{n} scorecards, jobs 1 (s, best of 2)",
            f"{batch[1]:.1f}  ({n / batch[1]:.1f} scorecards/s)",
        ),
        (
            f"{n} scorecards, jobs 2 (s, best of 2)",
            f"{batch[2]:.1f}  ({n / batch[2]:.1f} scorecards/s)",
        ),
        ("ours / bare throughput, whole batch", f"{bare_batch / ours_batch:.2f}x"),
        ("jobs 2 speed-up over jobs 1", f"{batch[1] / batch[2]:.2f}x"),
    ]
    width = max(len(r[0]) for r in rows)
    print("| measure | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    print()
    for key, value in info.items():
        print(f"- {key}: {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
