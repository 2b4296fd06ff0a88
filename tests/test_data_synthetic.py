"""The synthetic generator: reproducible, always valid, always marked fake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from paritrana.scoring.errors import Diagnostic, OutputError, ParitranaError
from paritrana.scoring.fields import FIELDS, PROGRAMMES
from paritrana.scoring.load.files import load_documents
from paritrana.scoring.model import Criteria, RubricRule
from paritrana.scoring.synthetic import HEADER, generate, write_candidates
from paritrana.scoring.validate.candidates import validate_candidates
from paritrana.scoring.validate.criteria import validate_criteria

ROOT = Path(__file__).resolve().parent.parent
VALUE_SECTIONS = tuple(dict.fromkeys(name.split(".")[0] for name in FIELDS))


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    docs, problems = load_documents([ROOT / "criteria"])
    crit, more = validate_criteria(docs)
    assert [d for d in problems + more if d.severity == "error"] == []
    assert crit is not None
    return crit


def _flat(doc: dict) -> dict[str, object]:
    return {
        f"{section}.{key}": value
        for section in VALUE_SECTIONS
        for key, value in (doc.get(section) or {}).items()
    }


def _errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics if d.severity == "error"]


def test_same_seed_same_output(criteria: Criteria) -> None:
    a = generate(criteria, "kabupaten-kota", 30, seed=11)
    b = generate(criteria, "kabupaten-kota", 30, seed=11)
    assert a == b
    # Also byte-identical once written as YAML (order of keys included).
    assert yaml.safe_dump(a, sort_keys=False) == yaml.safe_dump(b, sort_keys=False)


def test_different_seed_different_output(criteria: Criteria) -> None:
    a = generate(criteria, "kabupaten-kota", 30, seed=11)
    b = generate(criteria, "kabupaten-kota", 30, seed=12)
    assert [d["id"] for d in a] == [d["id"] for d in b]  # ids follow the count
    assert a != b


def test_global_random_state_is_untouched(criteria: Criteria) -> None:
    import random

    random.seed(5)
    expected = random.random()
    random.seed(5)
    generate(criteria, "ukm", 10, seed=1)
    assert random.random() == expected


@pytest.mark.parametrize("count", [0, 1, 7, 250])
def test_count_ids_and_marks(criteria: Criteria, count: int) -> None:
    docs = generate(criteria, "badan-usaha-besar", count, seed=3)
    assert len(docs) == count
    assert [d["id"] for d in docs] == [
        f"synth-badan-usaha-besar-{n:06d}" for n in range(1, count + 1)
    ]
    for d in docs:
        assert d["synthetic"] is True
        assert d["name"].startswith("Synthetic ")
        assert d["category"] == "badan-usaha-besar" and d["period"] == 2022
        assert "province" not in d


@pytest.mark.parametrize(
    "category",
    [
        "provinsi",
        "kabupaten-kota",
        "pemerintah-desa",
        "badan-usaha-besar",
        "badan-usaha-menengah",
        "ukm",
    ],
)
def test_values_respect_every_check(criteria: Criteria, category: str) -> None:
    cat = criteria.category(category)
    rubrics = {i.id: i.rule for i in cat.indicators if isinstance(i.rule, RubricRule)}
    for doc in generate(criteria, category, 200, seed=99):
        flat = _flat(doc)
        for name, value in flat.items():
            field = FIELDS[name]
            assert not field.derived, name
            if field.type == "bool":
                assert isinstance(value, bool), name
            elif field.type == "percent":
                assert 0 <= value <= 100, name
            else:  # count, money, months: whole numbers >= 0
                assert isinstance(value, int) and not isinstance(value, bool) and value >= 0, name
            if field.at_most and field.at_most in flat:
                assert value <= flat[field.at_most], (name, value, flat[field.at_most])
        for reg in doc.get("regulations", ()):
            assert reg["year"] <= doc["period"]
        for key in ("innovations", "events"):
            for item in doc.get(key, ()):
                assert item["year"] <= doc["period"]
        assert set(doc.get("programmes", ())) <= set(PROGRAMMES)
        for ind_id, scores in doc.get("panel_scores", {}).items():
            rule = rubrics[ind_id]
            assert scores and all(rule.min <= s <= rule.max for s in scores)


def test_fields_follow_the_category(criteria: Criteria) -> None:
    # With nothing left out, every field the category reads is written, and
    # nothing it does not read (besides list sections).
    cat = criteria.category("pemerintah-desa")
    read = {n for i in cat.indicators for n in (*i.input.fields, i.input.fallback) if n}
    for doc in generate(criteria, "pemerintah-desa", 20, seed=4, missing_rate=0.0):
        assert set(_flat(doc)) == read - {"regulation.dedicated_level"}
        assert "regulations" in doc
        assert "workforce" not in doc and "programmes" not in doc


def test_missing_rate_extremes(criteria: Criteria) -> None:
    full = generate(criteria, "kabupaten-kota", 50, seed=8, missing_rate=0.0)
    assert all("regulations" in d and "events" in d and "innovations" in d for d in full)
    empty = generate(criteria, "kabupaten-kota", 50, seed=8, missing_rate=1.0)
    for d in empty:
        assert _flat(d) == {}
        assert not {"regulations", "events", "innovations"} & set(d)
    # About 10% left out by default: between 2% and 25% over 100 candidates.
    docs = generate(criteria, "kabupaten-kota", 100, seed=8)
    wanted = len(_flat(full[0]))
    left_out = 1 - sum(len(_flat(d)) for d in docs) / (wanted * len(docs))
    assert 0.02 < left_out < 0.25


def test_panel_rate(criteria: Criteria) -> None:
    none = generate(criteria, "ukm", 30, seed=2, panel_rate=0.0)
    assert all("panel_scores" not in d for d in none)
    every = generate(criteria, "ukm", 30, seed=2, panel_rate=1.0)
    items = {"pemahaman", "komitmen", "ajakan", "keberlanjutan"}  # ukm's interview items
    assert all(set(d["panel_scores"]) == items for d in every)


def test_bad_arguments(criteria: Criteria) -> None:
    with pytest.raises(ParitranaError, match="unknown category 'kota'"):
        generate(criteria, "kota", 1, seed=1)
    with pytest.raises(ParitranaError, match="the number of candidates"):
        generate(criteria, "ukm", -1, seed=1)
    with pytest.raises(ParitranaError, match="missing_rate"):
        generate(criteria, "ukm", 1, seed=1, missing_rate=1.5)


def test_written_files_validate(criteria: Criteria, tmp_path: Path) -> None:
    written: list[Path] = []
    for cat in criteria.categories:
        written += write_candidates(
            tmp_path / cat.id, generate(criteria, cat.id, 40, seed=21), seed=21
        )
    assert len(written) == 40 * len(criteria.categories)
    for path in written:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == HEADER.format(seed=21).rstrip("\n")
        assert first.startswith("# SYNTHETIC")
    docs, problems = load_documents([tmp_path / c.id for c in criteria.categories])
    cands, more = validate_candidates(docs, criteria)
    diagnostics = problems + more
    assert _errors(diagnostics) == []
    # Warnings, if any, are only the "inputs missing" notice, never a bad key.
    assert [str(d) for d in diagnostics if "indicator inputs missing" not in d.message] == []
    assert len(cands) == len(written)
    assert all(c.synthetic for c in cands)


def test_seed_in_header_without_argument(criteria: Criteria, tmp_path: Path) -> None:
    (path,) = write_candidates(tmp_path, generate(criteria, "ukm", 1, seed=77))
    assert path.name == "synth-ukm-000001.yaml"
    assert path.read_text(encoding="utf-8").startswith(HEADER.format(seed=77))


def test_refuses_to_overwrite(criteria: Criteria, tmp_path: Path) -> None:
    docs = generate(criteria, "ukm", 3, seed=1)
    paths = write_candidates(tmp_path, docs)
    paths[1].write_text("# edited by hand\n", encoding="utf-8")
    with pytest.raises(OutputError, match="refusing to overwrite"):
        write_candidates(tmp_path, generate(criteria, "ukm", 3, seed=2))
    assert paths[1].read_text(encoding="utf-8") == "# edited by hand\n"  # untouched
    write_candidates(tmp_path, generate(criteria, "ukm", 3, seed=2), overwrite=True)
    assert paths[1].read_text(encoding="utf-8").startswith(HEADER.format(seed=2))


def test_refuses_unsafe_or_unmarked(criteria: Criteria, tmp_path: Path) -> None:
    doc = generate(criteria, "ukm", 1, seed=1)[0]
    with pytest.raises(OutputError, match="cannot name a file"):
        write_candidates(tmp_path, [{**doc, "id": "../escape"}])
    with pytest.raises(OutputError, match="not marked synthetic"):
        write_candidates(tmp_path, [{**doc, "synthetic": False}])
    with pytest.raises(OutputError, match="same id"):
        write_candidates(tmp_path, [doc, doc])
    assert list(tmp_path.iterdir()) == []
