"""The four sample candidates scored with the shipped 2022 criteria (a
proposal), end to end through the pipeline, against totals worked by hand.

kabupaten-kota copies the provinsi table (criteria/2022-pemda.yaml); the
policy is `zero` (a missing value earns 0 points); the interview (weight 20)
is a panel rubric with no scores yet, so it is pending and every maximum is
100 - 20 = 80.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paritrana.scoring.pipeline import load_inputs, rank_inputs
from paritrana.scoring.render.rows import candidate_rows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rows():
    inputs = load_inputs(ROOT / "criteria", [ROOT / "candidates"])
    ranking = rank_inputs(inputs)
    assert [r.category.id for r in ranking.results] == ["kabupaten-kota"]
    return {row.candidate.id: row for row in candidate_rows(ranking.results[0])}


def points(row, indicator_id: str) -> float:
    return next(i.points for i in row.indicators if i.indicator.id == indicator_id)


def pillar(row, pillar_id: str) -> float:
    return next(p.points for p in row.pillars if p.pillar.id == pillar_id)


def test_kota_langsa(rows) -> None:
    r = rows["kota-langsa"]
    # Regulasi: Qanun 5/2019 is dedicated -> level perda -> 100% of 10 = 10
    assert points(r, "regulasi_khusus") == pytest.approx(10)
    # Perwal 34/2014 has scope ptsp -> yes -> 100% of 5 = 5
    assert points(r, "ptsp") == pytest.approx(5)
    # supporting = the two regulations other than the Qanun; cap 5 ->
    # 2 / 5 = 40% of 5 = 2
    assert points(r, "regulasi_pendukung") == pytest.approx(2)
    assert pillar(r, "regulasi") == pytest.approx(17)
    # Anggaran: vulnerable workers funded vs target not reported -> 0;
    # 56 of 66 gampong: 56 / 66 = 84.8485% -> linear 0..100 -> 84.8485% of 5 = 4.2424
    assert points(r, "apbd_pekerja_rentan") == 0
    assert points(r, "desa_mendanai") == pytest.approx(56 / 66 * 5)
    # Cakupan: no ratio can be formed (no totals reported) -> 0
    assert pillar(r, "cakupan") == 0
    # Inovasi: one event (the FGD) -> count cap 12 -> 1/12 = 8.33% of 4 = 0.3333
    assert points(r, "sosialisasi") == pytest.approx(4 / 12)
    # Total: 17 + 4.2424 + 0.3333 = 21.5758, out of 80 (interview pending)
    assert r.total == pytest.approx(17 + 56 / 66 * 5 + 4 / 12)
    assert round(r.total, 2) == 21.58
    assert r.max_total == 80
    assert (r.rank, r.missing_count, r.pending_count) == (1, 8, 4)  # four interview items


def test_kota_medan(rows) -> None:
    r = rows["kota-medan"]
    # PTSP requires membership (seed 002) -> 5; regulations still being
    # drafted, so `regulations:` is absent and both regulation indicators
    # are missing -> 0.
    assert pillar(r, "regulasi") == pytest.approx(5)
    # 94% of non-ASN staff registered (the ratio's fallback share):
    # linear 0..100 -> 94% of 5 = 4.70
    assert points(r, "non_asn") == pytest.approx(4.7)
    # Total 5 + 4.70 = 9.70
    assert r.total == pytest.approx(9.7)
    assert r.rank == 2


def test_kota_padang_sidempuan(rows) -> None:
    r = rows["kota-padang-sidempuan"]
    # Only one scored value: the monitoring event -> 1/12 of 4 = 0.3333
    assert r.total == pytest.approx(4 / 12)
    assert r.rank == 3


def test_kabupaten_mempawah(rows) -> None:
    r = rows["kabupaten-mempawah"]
    # 891 honorary staff registered, but the total is not reported, so the
    # non-ASN ratio cannot be formed; benefits paid are informative only.
    assert r.total == 0
    assert r.rank == 4
    raw = next(i.raw for i in r.indicators if i.indicator.id == "non_asn")
    assert raw[0] == 891
