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

        # Ours, page by page (context + template + WeasyPrint).
        t0 = time.perf_counter()
        for i in range(k):
            pdf.render_scorecard(ranking, res, i, "id", DAY)
        ours = (time.perf_counter() - t0) / k

        # Bare WeasyPrint on the same HTML (template time excluded).
        pages = [pdf.scorecard_html(ranking, res, i, "id", DAY) for i in range(k)]
        base = pdf.TEMPLATES_DIR.as_uri() + "/"
        css, fonts, _ = pdf.shared_style()
        t0 = time.perf_counter()
        for html in pages:
            HTML(string=html, base_url=base, url_fetcher=pdf.new_fetcher()).write_pdf(
                stylesheets=[css], font_config=fonts
            )
        bare = (time.perf_counter() - t0) / k

        batch = {}
        for jobs in (1, 2):
            out = tmp_path / f"out{jobs}"
            report = pdf.write_scorecards(ranking, out, lang="id", jobs=jobs, generated=DAY)
            assert report.ok and len(report.written) == n, report.failed
            batch[jobs] = report.seconds

    rows = [
        ("scorecard, ours (s/scorecard, warm)", f"{ours:.3f}"),
        ("bare WeasyPrint, same HTML (s/scorecard)", f"{bare:.3f}"),
        ("ours / bare throughput", f"{bare / ours:.2f}x"),
        (f"{n} scorecards, jobs 1 (s)", f"{batch[1]:.1f}  ({n / batch[1]:.1f} scorecards/s)"),
        (f"{n} scorecards, jobs 2 (s)", f"{batch[2]:.1f}  ({n / batch[2]:.1f} scorecards/s)"),
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
