"""The engine fed a CandidateTable (columns) scores and ranks exactly as fed
Candidate objects, and builds no Candidate for rows it does not print.

Synthetic data: every candidate here is made up in the test.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from engine_helpers import cand, category, criteria, ind, pillar
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring import audit, model
from paritrana.scoring.model import (
    Band,
    BandsRule,
    Candidate,
    CandidateTable,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    SourceFile,
    YesNoRule,
)
from paritrana.scoring.rank import ranking as ranking_module
from paritrana.scoring.rank.ranking import name_order, rank, rank_category
from paritrana.scoring.render.rows import candidate_row, stage_view
from paritrana.scoring.score.engine import score_category

LEVELS = ("perda", "perkada", "instruksi", "none")
KINDS = {
    "f.lin": "count",
    "f.band": "months",
    "f.cnt": "count",
    "f.yes": "bool",
    "f.lvl": "level",
    "f.num": "count",
    "f.den": "count",
    "f.share": "percent",
    "f.cur": "money",
    "f.prev": "money",
}


def make_category(policy: str, shortlist: int | None = None):
    """Every rule and input kind, a rubric included; tie-break c then a."""
    m = {"missing": policy}
    cat = category(
        "cat",
        pillar(
            "a",
            ind("lin", 10, LinearRule(10, 52), "f.lin", **m),
            ind("band", 10, BandsRule((Band(0, 100), Band(1, 60), Band(4, 0))), "f.band", **m),
        ),
        pillar(
            "b",
            ind("cnt", 10, CountRule(12), "f.cnt", **m),
            ind("yes", 5, YesNoRule(), "f.yes", **m),
            ind("lvl", 10, OrdinalRule(tuple(zip(LEVELS, (100.0, 75.0, 50.0, 0.0)))), "f.lvl", **m),
        ),
        pillar(
            "c",
            ind(
                "ratio",
                20,
                LinearRule(0, 100),
                "f.num",
                "f.den",
                kind="ratio",
                fallback="f.share",
                **m,
            ),
            ind("growth", 10, LinearRule(0, 20), "f.cur", "f.prev", kind="growth", **m),
        ),
        pillar("w", ind("wawancara", 25, RubricRule(), kind="panel")),
        tie_break=["c", "a"],
    )
    return replace(cat, shortlist=shortlist)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


# Few distinct values make exact ties (and shared ranks) common; 52 and 10
# sit on the linear rule's ends, 1 and 4 on band starts, 12 on the cap.
small = st.sampled_from([0.0, 1.0, 4.0, 10.0, 12.0, 30.0, 52.0, 100.0])
number = st.one_of(small, st.floats(0, 1e6, allow_nan=False))
values = st.fixed_dictionaries(
    {
        "f.lin": maybe(number),
        "f.band": maybe(number),
        "f.cnt": maybe(number),
        "f.yes": maybe(st.booleans()),
        "f.lvl": maybe(st.sampled_from(LEVELS)),
        "f.num": maybe(number),
        "f.den": maybe(number),
        "f.share": maybe(st.sampled_from([0.0, 50.0, 100.0])),
        "f.cur": maybe(number),
        "f.prev": maybe(number),
    }
)
panel = maybe(st.lists(st.integers(1, 5), min_size=1, max_size=3))
rows_strategy = st.lists(
    st.tuples(st.sampled_from(["Alpha", "Beta", "Gamma"]), values, panel),
    min_size=1,
    max_size=14,
)


def as_objects(rows: list) -> list[Candidate]:
    return [
        replace(
            cand(f"c{i:02d}", name=name, panel={"wawancara": tuple(s)} if s else {}),
            values={k: v for k, v in vals.items() if v is not None},
        )
        for i, (name, vals, s) in enumerate(rows)
    ]


def column_table(rows: list) -> CandidateTable:
    """The same candidates as a table built column by column (as a CSV's rows
    become one): no Candidate objects, except the rows a panel scored,
    which carry their scores as objects (as a panel file's merge does)."""
    n = len(rows)

    def obj(items: list) -> np.ndarray:
        out = np.empty(n, dtype=object)
        out[:] = items
        return out

    cols: dict[str, np.ndarray] = {}
    for name, kind in KINDS.items():
        given_ = [vals[name] for _, vals, _ in rows]
        if kind == "level":
            cols[name] = obj(given_)
        else:
            cols[name] = np.array(
                [math.nan if x is None else float(x) for x in given_], dtype=np.float64
            )
    table = CandidateTable(
        ids=obj([f"c{i:02d}" for i in range(n)]),
        names=obj([name for name, _, _ in rows]),
        categories=obj(["cat"] * n),
        periods=np.full(n, 2022, dtype=np.int64),
        provinces=obj([None] * n),
        zones=obj([None] * n),
        synthetic=np.ones(n, dtype=bool),
        values=cols,
        kinds=KINDS,
    )
    scored = [i for i, (_, _, s) in enumerate(rows) if s]
    with_scores = [replace(table[i], panel_scores={"wawancara": tuple(rows[i][2])}) for i in scored]
    return table.with_objects(scored, with_scores)


def assert_same(a, b) -> None:
    """Two results hold the same numbers, row for row (NaN equal to NaN)."""
    assert a.candidates.ids.tolist() == b.candidates.ids.tolist()
    for x, y in zip(a.indicators, b.indicators, strict=True):
        for name in ("derived", "score", "weight", "points", "status"):
            np.testing.assert_array_equal(getattr(x, name), getattr(y, name), err_msg=name)
        assert list(x.raw) == list(y.raw)
    for x, y in zip(a.pillars, b.pillars, strict=True):
        np.testing.assert_array_equal(x.points, y.points)
        np.testing.assert_array_equal(x.max_points, y.max_points)
    for name in ("total", "max_total", "rank", "missing_count", "pending_count"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    for name in ("complete", "shortlisted"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None and y is None) or np.array_equal(x, y)
    assert a.cutoff == b.cutoff


@settings(max_examples=80, deadline=None)
@given(rows_strategy, st.sampled_from(["zero", "reweight"]), st.sampled_from([None, 1, 3]))
def test_a_table_scores_and_ranks_as_the_same_candidates_as_objects(
    rows: list, policy: str, shortlist: int | None
) -> None:
    cat = make_category(policy, shortlist)
    objects, table = as_objects(rows), column_table(rows)
    assert table.objects is None or sum(o is not None for o in table.objects) == sum(
        1 for _, _, s in rows if s
    )
    assert_same(score_category(cat, objects), score_category(cat, table))
    assert_same(
        rank_category(score_category(cat, objects)), rank_category(score_category(cat, table))
    )


def test_table_rows_without_objects_are_pending_on_the_rubric() -> None:
    # Two rows, both f.lin = 52 (linear 10 -> 52: score 100, 10 points of
    # pillar a's 20); row 1 was interviewed, scores 4 and 5: mean 4.5 on the
    # 1-5 scale, (4.5 - 1) / 4 * 100 = 87.5, 87.5 / 100 * 25 = 21.875
    # points. Row 0 has no object, so no panel score: pending, weight 0.
    table = column_table([("A", {"f.lin": 52.0} | dict.fromkeys(set(KINDS) - {"f.lin"}), None)] * 2)
    interviewed = replace(table[1], panel_scores={"wawancara": (4.0, 5.0)})
    table = table.with_objects([1], [interviewed])
    result = score_category(make_category("zero"), table)
    (w,) = [c for c in result.indicators if c.indicator.id == "wawancara"]
    np.testing.assert_array_equal(w.derived, [np.nan, 4.5])
    np.testing.assert_array_equal(w.score, [np.nan, 87.5])
    np.testing.assert_array_equal(w.points, [0.0, 21.875])
    assert w.status.tolist() == [model.STATUS_CODES["pending"], model.STATUS_CODES["ok"]]
    # totals: lin 10 points each, everything else missing under "zero"
    np.testing.assert_array_equal(result.total, [10.0, 31.875])
    assert w.raw[0].value is None and w.raw[1].count == 2


def test_ranking_50000_table_rows_builds_no_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 50_000
    rng = np.random.default_rng(7)  # synthetic, seeded
    rows = [
        (
            f"PT Contoh {i % 997:03d}",  # repeated names: ties among names
            {
                "f.lin": float(rng.integers(0, 60)),
                "f.band": float(rng.integers(0, 6)),
                "f.cnt": None if i % 20 == 0 else float(rng.integers(0, 15)),
                "f.yes": bool(i % 3),
                "f.lvl": LEVELS[i % 4],
                "f.num": float(rng.integers(0, 100)),
                "f.den": 100.0,
                "f.share": None,
                "f.cur": float(rng.integers(90, 130)),
                "f.prev": 100.0,
            },
            None,
        )
        for i in range(n)
    ]
    table = column_table(rows)
    assert table.objects is None
    built: list[str] = []
    real_init = Candidate.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(kwargs.get("id", args[0] if args else "?"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Candidate, "__init__", counting)
    # One stage of every pillar would leave everyone incomplete (no rubric
    # scores): rank on the pillars without the interview.
    cat = make_category("reweight", shortlist=10)
    stage = model.Stage("dokumen", model.Text("Dokumen", "Documents"), ("a", "b", "c"), 10)
    cat = replace(cat, stages=(stage,))
    ranking = rank(criteria(cat), table)
    (result,) = ranking.results
    assert built == []  # scoring and ranking 50,000 rows built no Candidate
    assert len(result.candidates) == n and result.rank[0] == 1
    assert np.all(np.diff(result.total[result.rank > 0]) <= 1e-9)  # best first
    # Printing the top ten builds those ten rows, and the stage's cut-off
    # the two candidates it names; nothing else.
    shown = [candidate_row(result, k) for k in range(10)]
    assert sorted(built) == sorted(r.candidate.id for r in shown)
    built.clear()
    view = stage_view(result)
    assert view.cutoff is not None and len(built) <= 2


def test_exact_ties_are_listed_by_name_then_id_whatever_the_count() -> None:
    # 200 candidates with the same values (one exact tie: all rank 1) and
    # names, some equal, some non-ASCII: listed by name then id, as Python
    # orders strings (code points), both below and above the size at which
    # pyarrow sorts.
    names = ["Zeta", "alpha", "Älva", "Beta", "beta", "Ω", "Beta", "ab", "a b", "Ängel"]
    for n in (7, 200):
        rows = [
            (names[i % len(names)], {"f.lin": 30.0} | dict.fromkeys(set(KINDS) - {"f.lin"}), None)
            for i in range(n)
        ]
        cat = make_category("zero")
        cat = replace(
            cat,
            stages=(model.Stage("dok", model.Text("D", "D"), ("a", "b", "c")),),
        )
        result = rank_category(score_category(cat, column_table(rows)))
        expected = sorted(
            ((names[i % len(names)], f"c{i:02d}") for i in range(n)),
        )
        got = list(zip(result.candidates.names.tolist(), result.candidates.ids.tolist()))
        assert got == expected
        assert set(result.rank.tolist()) == {1}


@pytest.mark.parametrize("small", [None, 1], ids=["python-sort", "pyarrow-sort"])
def test_name_order_matches_python_on_any_subset(
    small: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both sorts: Python's below ranking._SMALL rows, pyarrow's above it
    # (forced here by a threshold of 1 row).
    if small is not None:
        monkeypatch.setattr(ranking_module, "_SMALL", small)
    rng = np.random.default_rng(3)
    pool = ["b", "a", "B", "ä", "á", "z", "Z", "é", "e", "😀", "ß"]
    n = 300
    table = column_table([("x", dict.fromkeys(KINDS), None)] * n)
    names = np.empty(n, dtype=object)
    names[:] = ["".join(rng.choice(pool, 3)) for _ in range(n)]
    table = replace(table, names=names)
    for rows in (np.arange(n), np.arange(0, n, 7), np.array([5, 3, 1])):
        order = rows[name_order(table, rows)]
        expected = sorted(rows.tolist(), key=lambda i: (names[i], table.ids[i]))
        assert order.tolist() == expected


def test_a_wrong_value_type_from_objects_is_refused_not_coerced() -> None:
    # A count given True, a level given 1.0: built in memory, never by the
    # validator. The engine names the candidate instead of scoring 1.0.
    cat = make_category("zero")
    good = cand("ok", f__cnt=3.0)
    with pytest.raises(TypeError, match="candidate 'bad' has True, expected a number"):
        score_category(cat, [good, cand("bad", f__cnt=True)])
    with pytest.raises(TypeError, match="candidate 'bad' has 1.0, expected a level name"):
        score_category(cat, [good, cand("bad", f__lvl=1.0)])


# --------------------------------------------------------------------------
# The table's own operations, the audit lines, duplicate ids
# --------------------------------------------------------------------------


def _sourced(ids: list[str], src: SourceFile, first_row: int) -> CandidateTable:
    t = column_table([("n", dict.fromkeys(KINDS), None)] * len(ids))
    obj = np.empty(len(ids), dtype=object)
    obj[:] = ids
    return replace(
        t,
        ids=obj,
        sources=(src,),
        source_index=np.zeros(len(ids), dtype=np.int32),
        rows=np.arange(first_row, first_row + len(ids), dtype=np.int64) if first_row else None,
    )


CSV = SourceFile("tabel/pemberi-kerja.csv", "a" * 64)
XLSX = SourceFile("tabel/susulan.xlsx", "b" * 64)


def test_concat_keeps_one_source_per_file_and_the_rows() -> None:
    a = _sourced(["e1", "e2"], CSV, 2)
    b = _sourced(["e3"], XLSX, 2)
    c = _sourced(["e4"], CSV, 4)  # the same file read into a second table
    both = CandidateTable.concat([a, b, c])
    assert both.sources == (CSV, XLSX)
    assert both.source_index.tolist() == [0, 0, 1, 0]
    assert both.rows.tolist() == [2, 3, 2, 4]
    assert [both.source_of(i) for i in range(4)] == [CSV, CSV, XLSX, CSV]
    assert both[1:3].ids.tolist() == ["e2", "e3"]


def test_a_table_file_is_one_audit_line_and_yaml_files_keep_theirs() -> None:
    crit = criteria(make_category("zero"))
    yaml_a = cand("kota-a")
    yaml_a = replace(yaml_a, source=SourceFile("candidates/kota-a.yaml", "c" * 64))
    unsaved = cand("dalam-memori")
    table = CandidateTable.concat(
        [
            CandidateTable.from_candidates([yaml_a, unsaved], KINDS),
            _sourced(["e1", "e2", "e3"], CSV, 2),
        ]
    )
    entries = audit.audit_entries(crit, table)
    assert [(e.kind, e.key, e.name) for e in entries] == sorted(
        [
            ("candidate", "kota-a", "candidates/kota-a.yaml"),  # as for YAML always
            ("candidate", "tabel/pemberi-kerja.csv", "tabel/pemberi-kerja.csv"),  # 3 rows, 1 line
            ("candidate-unsaved", "dalam-memori", "dalam-memori"),
        ]
    )
    # The YAML candidate's line is the one a list of Candidate objects gives.
    assert audit.audit_lines(crit, table[:1]) == audit.audit_lines(crit, [yaml_a])
    # Taking some rows of the table file hashes the whole file, once.
    assert audit.audit_lines(crit, table.take([3])) == [f"candidate {'a' * 64}"]
    # The same rows as Candidate objects (table[i]) hash alike: one line per file.
    assert audit.audit_hash(crit, list(table)) == audit.audit_hash(crit, table)


def test_a_panel_file_builds_only_the_candidates_it_names(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paritrana.scoring.validate.judges import NEAR_POOL, CandidateIndex
    from paritrana.scoring.validate.panel import validate_panel
    from validate_helpers import doc, ok_criteria

    n = NEAR_POOL + 1000
    table = column_table([("Kota", dict.fromkeys(KINDS), None)] * n)
    ids = np.empty(n, dtype=object)
    ids[:] = [f"kota-{i:05d}" for i in range(n)]
    cats = np.empty(n, dtype=object)
    cats[:] = ["kabupaten-kota"] * n
    table = replace(table, ids=ids, categories=cats)
    panel = doc(
        tmp_path,
        """\
        scores:
          kota-00007:
            wawancara: [4, 5]
          kota-05999:
            wawancara: 3
        """,
        "panel.yaml",
    )
    criteria_ = ok_criteria()
    built: list[str] = []
    real_init = Candidate.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(kwargs.get("id", args[0] if args else "?"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Candidate, "__init__", counting)
    merged, problems = validate_panel([panel], criteria_, table)
    assert problems == []
    assert isinstance(merged, CandidateTable) and len(merged) == n
    assert set(built) == {"kota-00007", "kota-05999"}  # the named rows only (and their merge)
    assert merged.object_rows().tolist() == [7, 5999]
    assert merged[7].panel_scores == {"wawancara": (4.0, 5.0)}
    assert merged[5999].panel_scores == {"wawancara": (3.0,)}
    # A typo is suggested from the ids sharing its first two characters
    # past NEAR_POOL ids (difflib over 725,000 ids would take seconds).
    index = CandidateIndex(table)
    assert len(index.near("kota-0007")) == NEAR_POOL and index.near("xx") == []


def test_rows_of_finds_few_and_many_ids_alike() -> None:
    from paritrana.scoring.pipeline import rows_of

    table = _sourced([f"e{i}" for i in range(40)], CSV, 2)
    few = ["e3", "e39", "nope"]
    many = [f"e{i}" for i in range(0, 40, 2)] + ["nope"]  # 21 ids: one pass over the table
    assert rows_of(table, few) == {"e3": 3, "e39": 39}
    assert rows_of(table, many) == {f"e{i}": i for i in range(0, 40, 2)}
