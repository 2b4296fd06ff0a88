"""The synthetic panel (scoring/synthetic.py, `synth --judges N --stage S`):
deterministic, marked SYNTHETIC everywhere, and valid judge files with one
declared conflict, one abstention, one waived conflict and a disputed item."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from judge_helpers import staged_criteria
from paritrana.cli import main
from paritrana.scoring.errors import ParitranaError
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.model import ALL_PILLARS
from paritrana.scoring.pipeline import load_inputs
from paritrana.scoring.synthetic import JUDGE_HEADER, generate, generate_judges, write_judges
from paritrana.scoring.validate import validate_candidates
from paritrana.scoring.validate.panel import validate_panel
from validate_helpers import BROKEN, errors

ROOT = Path(__file__).resolve().parent.parent
OK = BROKEN / "criteria-ok"


def _panel(seed: int = 4, judges: int = 7, count: int = 8):
    criteria = staged_criteria()
    records = generate(criteria, "kabupaten-kota", count, seed, panel_rate=0.0)
    files = generate_judges(criteria, "kabupaten-kota", records, judges, "wawancara", seed)
    return criteria, records, files


def test_same_seed_same_panel() -> None:
    assert _panel(4) == _panel(4)
    assert _panel(4)[2] != _panel(5)[2]


def test_judges_are_obviously_synthetic_and_mixed() -> None:
    _, _, files = _panel()
    assert [f["judge"]["name"] for f in files] == [f"Penilai Sintetis {n:02d}" for n in range(1, 8)]
    # officials, academics, employers' and unions' representatives, in turn
    assert [f["judge"]["role"] for f in files] == [
        "pemerintah",
        "akademisi",
        "pengusaha",
        "serikat pekerja",
        "pemerintah",
        "akademisi",
        "pengusaha",
    ]
    assert {f["stage"] for f in files} == {"wawancara"}
    for f in files:
        texts = [r for key in ("conflicts", "waivers") for r in (f.get(key) or {}).values()]
        texts += [e[k] for e in f["scores"].values() for k in ("abstain", "comment") if k in e]
        assert all("SINTETIS" in t for t in texts)


def test_panel_validates_with_each_special_case(tmp_path: Path) -> None:
    criteria, records, files = _panel()
    cand_dir, panel_dir = tmp_path / "c", tmp_path / "p"
    cand_dir.mkdir()
    for r in records:
        (cand_dir / f"{r['id']}.yaml").write_text(yaml.safe_dump(r, sort_keys=False), "utf-8")
    paths = write_judges(panel_dir, files, seed=4)
    assert all(p.read_text("utf-8").startswith(JUDGE_HEADER.format(seed=4)) for p in paths)
    cand_docs = [load_document(p, p.name)[0] for p in sorted(cand_dir.iterdir())]
    candidates, problems = validate_candidates(cand_docs, criteria)
    assert errors(problems) == []
    judge_docs = [load_document(p, p.name)[0] for p in paths]
    merged, problems = validate_panel(judge_docs, criteria, candidates, candidate_docs=cand_docs)
    assert problems == []
    first, second, third, fourth = merged[:4]
    j = "synth-kabupaten-kota-penilai-"
    # Judge 01 comes from candidate 1's province ("Sintetis A" is "Provinsi
    # Sintetis A"): detected and waived; it scores.
    assert [(c.judge, c.grounds) for c in first.conflicts] == [(f"{j}01", ("province",))]
    assert f"{j}01" in {m.judge for m in first.marks}
    # Judge 02 declared a conflict with candidate 2: recused, no marks.
    assert [(r.judge, r.kind) for r in second.recusals] == [(f"{j}02", "conflict")]
    assert f"{j}02" not in {m.judge for m in second.marks}
    # Judge 03 abstains for candidate 3.
    assert [(r.judge, r.kind) for r in third.recusals] == [(f"{j}03", "abstain")]
    # Judge 04 scores candidate 4's first item (pemahaman) at one end of
    # the 1-5 scale, far from the others: a spread above 2.
    scores = [m.score for m in fourth.marks if m.item == "pemahaman"]
    assert len(scores) == 7 and max(scores) - min(scores) > 2
    # Every candidate: 7 judges, 2 items, less the recused.
    assert [len(c.marks) for c in merged] == [14, 12, 12, 14, 14, 14, 14, 14]
    assert all(m.stage == "wawancara" for c in merged for m in c.marks)


def test_stage_is_needed_and_checked() -> None:
    criteria = staged_criteria()
    records = generate(criteria, "kabupaten-kota", 2, 1, panel_rate=0.0)
    with pytest.raises(ParitranaError, match="judged in stages dokumen, wawancara: give --stage"):
        generate_judges(criteria, "kabupaten-kota", records, 3, None, 1)
    with pytest.raises(ParitranaError, match="stage 'dokumen' .* has no rubric item"):
        generate_judges(criteria, "kabupaten-kota", records, 3, "dokumen", 1)
    # provinsi declares no stages: no `stage:` written, stage `semua`.
    prov = generate(criteria, "provinsi", 2, 1, panel_rate=0.0)
    files = generate_judges(criteria, "provinsi", prov, 3, None, 1)
    assert all("stage" not in f for f in files)
    assert ALL_PILLARS == "semua"


def _synth(runner: CliRunner, *args: str):
    # The small test criteria: no stages (stage `semua`), whatever the
    # shipped criteria declare.
    result = runner.invoke(main, ["synth", "--criteria", str(OK), *args])
    assert "Traceback" not in result.output
    return result


def test_cli_synth_judges_is_deterministic_and_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ("--category", "kabupaten-kota", "-n", "5", "--seed", "3", "--judges", "4")
    for name in ("a", "b"):
        result = _synth(runner, *args, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert "Wrote 4 synthetic judge file(s)" in result.output
    one = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.yaml")}
    two = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.yaml")}
    assert one == two and len(one) == 9
    inputs = load_inputs(OK, [tmp_path / "a"], panel_paths=[tmp_path / "a" / "panel"])
    assert sum(len(c.marks) for c in inputs.candidates) > 0
    assert all(not c.panel_scores for c in inputs.candidates)  # the judges score instead


def test_cli_synth_judges_usage_and_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ("--category", "kabupaten-kota", "-n", "3")
    stage_alone = _synth(runner, *base, "--stage", "wawancara", "-o", str(tmp_path / "x"))
    assert stage_alone.exit_code == 2
    assert "--stage is for the judges' files: give --judges N as well" in stage_alone.output
    unknown = _synth(
        runner, *base, "--judges", "3", "--stage", "wawancaraa", "-o", str(tmp_path / "y")
    )
    assert unknown.exit_code == 2 and "unknown stage 'wawancaraa'" in unknown.output
    assert not (tmp_path / "y").exists()
    out = tmp_path / "z"
    (out / "panel").mkdir(parents=True)
    taken = out / "panel" / "synth-kabupaten-kota-penilai-02-semua.yaml"
    taken.write_text("keep", encoding="utf-8")
    refused = _synth(runner, *base, "--judges", "3", "-o", str(out))
    assert refused.exit_code != 0 and "nothing was written" in refused.output
    assert taken.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in out.rglob("*.yaml")) == [taken.name]


EXAMPLE = ROOT / "examples" / "panel-synthetic"


def test_example_folder_is_what_its_readme_command_writes(tmp_path: Path) -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "synthetic" in readme
    command = next(line for line in readme.splitlines() if line.startswith("paritrana synth "))
    args = command.split()[2:]
    out = args.index("-o")
    assert args[out + 1] == "examples/panel-synthetic"
    args[out + 1] = str(tmp_path / "again")
    result = CliRunner().invoke(main, ["synth", "--criteria", str(ROOT / "criteria"), *args])
    assert result.exit_code == 0, result.output

    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}

    shipped = files(EXAMPLE)
    assert shipped == files(tmp_path / "again")
    assert len([n for n in shipped if n.startswith("panel/")]) == 7 and len(shipped) == 15
    assert all(b.startswith(b"# SYNTHETIC") for b in shipped.values())


def test_example_folder_validates_with_the_shipped_criteria() -> None:
    inputs = load_inputs(ROOT / "criteria", [EXAMPLE], panel_paths=[EXAMPLE / "panel"])
    assert inputs.warnings == ()
    assert len(inputs.candidates) == 8 and all(c.synthetic for c in inputs.candidates)
    kinds = sorted(r.kind for c in inputs.candidates for r in c.recusals)
    assert kinds == ["abstain", "conflict"]
    waived = [x for c in inputs.candidates for x in c.conflicts if x.waived]
    assert [x.grounds for x in waived] == [("province",)]
    assert {m.stage for c in inputs.candidates for m in c.marks} == {"wawancara"}
