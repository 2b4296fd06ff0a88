"""A small hand-built criteria and candidates for the render tests.

Built directly as model objects (no YAML), scored by the real engine, so the
render tests depend only on the model contract. Expected results, by hand:

Kota Alfa (A)
  regulasi: perda 100 x 10% = 10.00; PTSP yes 100 x 5% = 5.00;
            supporting 2 of cap 5 = 40 x 5% = 2.00             -> 17.00 / 20
  cakupan:  non-ASN 2234 / 2500 = 89.36% -> 89.36 x 15% = 13.404
            villages 56 / 66 = 84.8485% -> 84.8485 x 15% = 12.72727
                                                              -> 26.13127 / 30
  inovasi:  2 innovations -> band 70 x 20% = 14.00;
            6 events of cap 12 = 50 x 10% = 5.00               -> 19.00 / 30
  wawancara: mean(4, 5, 4) = 4.3333 -> (4.3333 - 1) / 4 = 83.333 x 20% = 16.66667
  total 17 + 26.13127 + 19 + 16.66667 = 78.79794 -> "78,80" (id) / "78.80" (en); rank 1
  (the only complete candidate: the category's one stage is every pillar)

Kabupaten Beta (B)
  regulasi: perkada 75 x 10% = 7.50; PTSP no 0; supporting 0 -> 7.50
  cakupan:  non-ASN counts missing, fallback share 94% -> 94;
            villages missing under `reweight`: its 15 go to non-ASN (weight 30)
            94 x 30% = 28.20                                   -> 28.20
  inovasi:  0 innovations -> 0; 1 event of 12 = 8.333 x 10% = 0.8333 -> 0.83
  wawancara: no panel scores -> pending, max_total 100 - 20 = 80
  total 7.5 + 28.2 + 0.8333 = 36.5333 -> "36,53" / "80,00"; interview
  pending: incomplete, not ranked

Kota Gamma (C)
  only 1 innovation -> band 40 x 20% = 8.00; everything else missing
  (6 missing: 3 regulasi, 2 cakupan (villages reweight, but nobody to share
  with, so it keeps its weight and scores 0), 1 outreach), interview pending
  total 8.00 / 80.00; incomplete, not ranked
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from paritrana.scoring.model import (
    Band,
    BandsRule,
    Candidate,
    Category,
    CountRule,
    Criteria,
    Evidence,
    Indicator,
    Input,
    Item,
    LinearRule,
    OrdinalRule,
    Pillar,
    Ranking,
    Regulation,
    Report,
    RubricRule,
    SourceFile,
    Text,
    YesNoRule,
)
from paritrana.scoring.rank.ranking import rank


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _ind(
    id_: str,
    id_label: str,
    en_label: str,
    weight: float,
    inp: Input,
    rule: Any,
    missing: str = "zero",
    unit: str = "",
) -> Indicator:
    return Indicator(id_, Text(id_label, en_label), weight, inp, rule, missing, unit)  # type: ignore[arg-type]


def make_criteria() -> Criteria:
    pillars = (
        Pillar(
            "regulasi",
            Text("Regulasi", "Regulation"),
            20,
            (
                _ind(
                    "regulasi_khusus",
                    "Regulasi khusus jamsostek",
                    "Dedicated regulation",
                    10,
                    Input("field", ("regulation.dedicated_level",)),
                    OrdinalRule(
                        (
                            ("perda", 100),
                            ("perkada", 75),
                            ("instruksi", 50),
                            ("none", 0),
                        )
                    ),
                ),
                _ind(
                    "ptsp",
                    "Kepesertaan disyaratkan dalam PTSP",
                    "Membership required in PTSP",
                    5,
                    Input("field", ("policy.ptsp_required",)),
                    YesNoRule(),
                ),
                _ind(
                    "regulasi_pendukung",
                    "Regulasi pendukung",
                    "Supporting regulations",
                    5,
                    Input("field", ("regulation.supporting_count",)),
                    CountRule(5),
                    unit="regulasi",
                ),
            ),
        ),
        Pillar(
            "cakupan",
            Text("Cakupan kepesertaan", "Coverage"),
            30,
            (
                _ind(
                    "non_asn",
                    "Pegawai non-ASN terdaftar",
                    "Non-ASN staff registered",
                    15,
                    Input(
                        "ratio",
                        ("coverage.non_asn_registered", "coverage.non_asn_total"),
                        fallback="coverage.non_asn_share",
                    ),
                    LinearRule(0, 100),
                    unit="%",
                ),
                _ind(
                    "desa",
                    "Desa yang mendaftarkan aparaturnya",
                    "Villages enrolling officials",
                    15,
                    Input("ratio", ("villages.enrolled", "villages.total")),
                    LinearRule(0, 100),
                    missing="reweight",
                    unit="%",
                ),
            ),
        ),
        Pillar(
            "inovasi",
            Text("Inovasi & sosialisasi", "Innovation & outreach"),
            30,
            (
                _ind(
                    "inovasi",
                    "Inovasi yang dibuktikan",
                    "Evidenced innovations",
                    20,
                    Input("field", ("innovation.count",)),
                    BandsRule((Band(1, 40), Band(2, 70), Band(3, 100))),
                    unit="inovasi",
                ),
                _ind(
                    "sosialisasi",
                    "Kegiatan sosialisasi",
                    "Outreach events",
                    10,
                    Input("field", ("outreach.events",)),
                    CountRule(12),
                    unit="kegiatan",
                ),
            ),
        ),
        Pillar(
            "wawancara",
            Text("Wawancara", "Interview"),
            20,
            (
                _ind(
                    "wawancara",
                    "Wawancara panel",
                    "Panel interview",
                    20,
                    Input("panel"),
                    RubricRule(),
                ),
            ),
        ),
    )
    cat = Category(
        "kabupaten-kota",
        Text("Pemerintah Kabupaten/Kota", "Regency/City Government"),
        pillars,
        ("cakupan", "regulasi"),
        "zero",
        shortlist=2,
    )
    return Criteria(
        2022,
        Text("Penghargaan Paritrana 2022", "Paritrana Award 2022"),
        "proposal",
        "zero",
        (cat,),
        sources=(SourceFile("criteria/test.yaml", sha("criteria v1")),),
    )


def make_candidates() -> list[Candidate]:
    ev3 = Evidence("seed-003", "1")
    alfa = Candidate(
        id="kota-alfa",
        name="Pemerintah Kota Alfa",
        category="kabupaten-kota",
        period=2022,
        province="Aceh",
        zone="Sumatera",
        values={
            "regulation.dedicated_level": "perda",
            "policy.ptsp_required": True,
            "regulation.supporting_count": 2,
            "coverage.non_asn_registered": 2234,
            "coverage.non_asn_total": 2500,
            "villages.enrolled": 56,
            "villages.total": 66,
            "innovation.count": 2,
            "outreach.events": 6,
        },
        evidence={"coverage.non_asn_registered": ev3},
        panel_scores={"wawancara": (4.0, 5.0, 4.0)},
        panel=("Dr. Siti Rahma", "Budi Santoso"),
        regulations=(
            Regulation("qanun", "5", 2019, "Kepesertaan", ("dedicated",), Evidence("seed-000")),
        ),
        innovations=(Item("Inovasi satu"), Item("Inovasi dua")),
        reports=(Report("seed-003", "Wawancara seleksi Paritrana", "Contoh Pos", None),),
        source=SourceFile("candidates/kota-alfa.yaml", sha("alfa v1")),
    )
    beta = Candidate(
        id="kabupaten-beta",
        name="Pemerintah Kabupaten Beta",
        category="kabupaten-kota",
        period=2022,
        province="Sumatera Utara",
        values={
            "regulation.dedicated_level": "perkada",
            "policy.ptsp_required": False,
            "regulation.supporting_count": 0,
            "coverage.non_asn_share": 94.0,
            "innovation.count": 0,
            "outreach.events": 1,
        },
        synthetic=True,
        source=SourceFile("candidates/kabupaten-beta.yaml", sha("beta v1")),
    )
    gamma = Candidate(
        id="kota-gamma",
        name="Pemerintah Kota Gamma",
        category="kabupaten-kota",
        period=2022,
        province="Kalimantan Barat",
        values={"innovation.count": 1},
        source=SourceFile("candidates/kota-gamma.yaml", sha("gamma v1")),
    )
    return [gamma, alfa, beta]  # input order differs from ranked order on purpose


def make_ranking(candidates: list[Candidate] | None = None) -> Ranking:
    return rank(make_criteria(), candidates if candidates is not None else make_candidates())


def with_source(c: Candidate, content: str) -> Candidate:
    assert c.source is not None
    return replace(c, source=SourceFile(c.source.path, sha(content)))


# A candidate written by an attacker: markup and URLs in every text field,
# a 10,000-character name, right-to-left text and emoji.
EVIL = (
    '<script>alert(1)</script><img src="file:///etc/passwd">'
    '<a rel="attachment" href="file:///etc/hostname">x</a>'
    '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
    "<style>@import url(http://127.0.0.1:9/x.css); body{background:url(file:///etc/passwd)}</style>"
    '<svg><image href="file:///etc/passwd"/></svg>'
    "\u202e\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \U0001f600\U0001f1ee\U0001f1e9"
    "\"'\\ ]]> </style> {{ 7*7 }}"
)
LONG_NAME = "Kabupaten" + "Z" * (10_000 - len("Kabupaten"))


def make_hostile() -> Candidate:
    ev = Evidence(EVIL, EVIL)
    return Candidate(
        id="../../etc/x",
        name=LONG_NAME + EVIL,
        category="kabupaten-kota",
        period=2022,
        province=EVIL,
        zone=EVIL,
        synthetic=True,
        values={
            "innovation.count": 1,
            "coverage.non_asn_registered": 5,
            "coverage.non_asn_total": 10,
        },
        evidence={"coverage.non_asn_registered": ev},
        panel=(EVIL, EVIL),
        regulations=(Regulation("perda", EVIL, 2020, EVIL, ("dedicated",), ev),),
        innovations=(Item(EVIL, evidence=ev),),
        reports=(
            Report(EVIL, EVIL, EVIL, None, "file:///etc/passwd"),
            Report("r2", "http://127.0.0.1/", None, None, "http://127.0.0.1:9/"),
        ),
        notes=(EVIL, "file:///etc/passwd"),
        source=SourceFile("candidates/evil.yaml", sha("evil")),
    )
