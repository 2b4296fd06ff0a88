"""The order in which candidate files are named changes nothing."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from paritrana.scoring.pipeline import load_criteria, load_inputs, rank_inputs
from paritrana.scoring.render.export import ranking_csv, ranking_json
from paritrana.scoring.synthetic import generate, write_candidates

ROOT = Path(__file__).resolve().parent.parent


def test_file_order_does_not_change_any_output(tmp_path: Path) -> None:
    cands = tmp_path / "candidates"
    shutil.copytree(ROOT / "candidates", cands)
    criteria, problems, _ = load_criteria(ROOT / "criteria")
    assert criteria is not None and not [p for p in problems if p.severity == "error"]
    # 30 synthetic kabupaten/kota beside the 4 samples, so ties and
    # tie-breaks have something to do.
    write_candidates(cands, generate(criteria, "kabupaten-kota", 30, seed=11), seed=11)
    files = sorted(cands.glob("*.yaml"))
    outputs = set()
    for seed in range(3):
        order = files[:]
        random.Random(seed).shuffle(order)
        inputs = load_inputs(ROOT / "criteria", order)
        ranking = rank_inputs(inputs)
        outputs.add((ranking_json(ranking, "-"), ranking_csv(ranking)))
    assert len(outputs) == 1
    ((json_text, csv_text),) = outputs
    assert csv_text.count("\n") == 1 + 34  # header + every candidate once
