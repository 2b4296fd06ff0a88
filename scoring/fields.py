"""The catalogue of candidate fields that criteria can read.

A candidate file writes them grouped by section (`coverage:` then
`active_members: 1200`); inside the tool a field is named `section.key`.
Fields marked `derived` are computed by the validator from the lists in a
candidate file (regulations, innovations, events, programmes) and cannot
be written directly.

Types:
  count    whole number >= 0 (people, villages, events)
  money    rupiah >= 0
  percent  0..100
  months   whole number >= 0
  bool     true / false
  level    one of LEVELS (regulation rank)
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Text

LEVELS: tuple[str, ...] = ("perda", "perkada", "instruksi", "none")  # best first

# Regulation type (as a candidate writes it) -> level.
REGULATION_LEVEL: dict[str, str] = {
    "perda": "perda",
    "qanun": "perda",  # Aceh's Perda
    "perdes": "perda",  # village regulation, for Pemerintah Desa
    "pergub": "perkada",
    "perbup": "perkada",
    "perwal": "perkada",
    "perkada": "perkada",
    "perkades": "perkada",  # village head's regulation
    "keputusan": "instruksi",  # SK / Keputusan kepala daerah
    "instruksi": "instruksi",
    "surat-edaran": "instruksi",
}

# What a regulation is about. `dedicated` marks a regulation whose subject
# is workers' social security itself; `ptsp` one that requires membership in
# public services; the rest name the group it enrols.
REGULATION_SCOPES: tuple[str, ...] = (
    "dedicated",
    "ptsp",
    "non-asn",
    "desa",
    "bumd",
    "konstruksi",
    "pekerja-rentan",
    "pu",
    "bpu",
    "lainnya",
)

PROGRAMMES: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP", "JKP")


# The largest value each type accepts (docs/formats.md, "Limits"): Indonesia
# has about 280 million people, and 10^15 rupiah is above the whole state
# budget while every whole rupiah stays exact in a float64.
MAXIMUM: dict[str, float] = {
    "count": 10**9,
    "money": 10**15,
    "months": 1200,
    "percent": 100,
}

# What a value above its `at_most` partner means (docs/formats.md,
# "Values above their partner"):
#   error    impossible: the value counts part of the partner (enrolled
#            villages are some of the villages)
#   warning  possible, since the two figures come from different sources
#            (BPJS membership data against BPS's employed population), but
#            worth checking
#   allowed  an achievement: reaching more than one's own target
OVER_PARTNER = ("error", "warning", "allowed")


@dataclass(frozen=True)
class Field:
    name: str  # section.key
    type: str
    label: Text
    at_most: str | None = None  # the partner this one is compared with
    derived: bool = False
    unit: str = ""
    over: str = "error"  # one of OVER_PARTNER: a value above `at_most`


def _f(name: str, type_: str, id_: str, en: str, **kw: object) -> Field:
    units = {"count": "orang", "money": "Rp", "percent": "%", "months": "bulan"}
    kw.setdefault("unit", units.get(type_, ""))
    return Field(name, type_, Text(id_, en), **kw)  # type: ignore[arg-type]


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        # --- Regulasi (derived from `regulations:`) ------------------------
        _f(
            "regulation.dedicated_level",
            "level",
            "Tingkat regulasi khusus jaminan sosial ketenagakerjaan",
            "Rank of the dedicated social-security regulation",
            derived=True,
        ),
        _f(
            "policy.ptsp_required",
            "bool",
            "Kepesertaan disyaratkan dalam layanan publik (PTSP)",
            "Membership required in public services (PTSP)",
        ),
        _f(
            "regulation.supporting_count",
            "count",
            "Jumlah regulasi pendukung",
            "Number of supporting regulations",
            derived=True,
            unit="regulasi",
        ),
        # --- Anggaran ------------------------------------------------------
        _f(
            "budget.apbd_vulnerable_amount",
            "money",
            "Anggaran APBD untuk pekerja rentan",
            "APBD budget for vulnerable workers",
        ),
        _f(
            "budget.apbd_vulnerable_workers",
            "count",
            "Pekerja rentan dibiayai APBD",
            "Vulnerable workers funded by the APBD",
            at_most="budget.vulnerable_workers_target",
            over="allowed",
        ),
        _f(
            "budget.vulnerable_workers_target",
            "count",
            "Target pekerja rentan dibiayai APBD",
            "Own target of vulnerable workers funded by the APBD",
        ),
        _f(
            "budget.add_community_roles_amount",
            "money",
            "Alokasi Dana Desa untuk perangkat dan pegiat desa",
            "Village funds (ADD) for village roles",
        ),
        # --- Desa/Kelurahan -------------------------------------------------
        _f("villages.total", "count", "Jumlah desa/gampong", "Number of villages", unit="desa"),
        _f(
            "villages.enrolled",
            "count",
            "Desa/gampong yang mendaftarkan aparaturnya",
            "Villages that enrolled their officials",
            at_most="villages.total",
            unit="desa",
        ),
        # --- Cakupan ---------------------------------------------------------
        _f("coverage.employed_population", "count", "Penduduk bekerja", "Employed population"),
        _f(
            "coverage.active_members",
            "count",
            "Peserta aktif",
            "Active members",
            at_most="coverage.employed_population",
            over="warning",
        ),
        _f(
            "coverage.active_members_previous",
            "count",
            "Peserta aktif tahun sebelumnya",
            "Active members, previous year",
        ),
        _f(
            "coverage.bpu_members",
            "count",
            "Peserta bukan penerima upah (BPU)",
            "Informal (BPU) members",
            at_most="coverage.active_members",
        ),
        _f("coverage.non_asn_total", "count", "Pegawai non-ASN", "Non-ASN staff"),
        _f(
            "coverage.non_asn_registered",
            "count",
            "Pegawai non-ASN terdaftar",
            "Non-ASN staff registered",
            at_most="coverage.non_asn_total",
        ),
        _f(
            "coverage.non_asn_share",
            "percent",
            "Persentase pegawai non-ASN terdaftar",
            "Share of non-ASN staff registered",
        ),
        _f(
            "coverage.korpri_registered",
            "count",
            "Anggota KORPRI terdaftar",
            "KORPRI members registered",
        ),
        _f(
            "coverage.village_officials_total",
            "count",
            "Aparatur desa/gampong",
            "Village officials",
        ),
        _f(
            "coverage.village_officials_registered",
            "count",
            "Aparatur desa/gampong terdaftar",
            "Village officials registered",
            at_most="coverage.village_officials_total",
        ),
        _f(
            "coverage.village_officials_share",
            "percent",
            "Persentase aparatur desa terdaftar",
            "Share of village officials registered",
        ),
        _f(
            "coverage.community_roles_total",
            "count",
            "Pegiat desa (RT/RW, kader, marbot)",
            "Village community roles",
        ),
        _f(
            "coverage.community_roles_add",
            "count",
            "Pegiat desa terlindungi melalui ADD",
            "Village community roles covered through ADD",
            at_most="coverage.community_roles_total",
        ),
        _f("coverage.vulnerable_total", "count", "Pekerja rentan", "Vulnerable workers"),
        _f(
            "coverage.vulnerable_covered",
            "count",
            "Pekerja rentan terlindungi",
            "Vulnerable workers covered",
            at_most="coverage.vulnerable_total",
        ),
        _f(
            "coverage.umkm_workers_registered",
            "count",
            "Tenaga kerja UMKM terdaftar",
            "Workers of registered UMKM",
        ),
        # --- Inovasi & sosialisasi (counts derived from lists) --------------
        _f(
            "innovation.count",
            "count",
            "Jumlah inovasi yang dilaporkan",
            "Innovations listed",
            derived=True,
            unit="inovasi",
        ),
        _f(
            "outreach.events",
            "count",
            "Kegiatan sosialisasi dan monitoring",
            "Outreach and monitoring events",
            derived=True,
            unit="kegiatan",
        ),
        _f(
            "policy.nik_integration",
            "bool",
            "Integrasi data kependudukan (NIK)",
            "Population (NIK) data integration",
        ),
        # --- Badan usaha: kepatuhan ------------------------------------------
        _f("workforce.employed", "count", "Jumlah pekerja", "Workers employed"),
        _f(
            "workforce.registered",
            "count",
            "Pekerja terdaftar",
            "Workers registered",
            at_most="workforce.employed",
        ),
        _f(
            "compliance.arrears_months",
            "months",
            "Bulan tunggakan iuran",
            "Months of contributions in arrears",
        ),
        _f(
            "compliance.wages_reported",
            "money",
            "Upah yang dilaporkan (sebulan)",
            "Monthly wages reported",
            at_most="compliance.wages_actual",
            over="warning",
        ),
        _f("compliance.wages_actual", "money", "Upah sebenarnya (sebulan)", "Actual monthly wages"),
        _f(
            "compliance.programmes",
            "count",
            "Program yang diikuti (dari 5)",
            "Programmes held (of 5)",
            derived=True,
            unit="program",
        ),
        _f("compliance.owner_registered", "bool", "Pemilik usaha terdaftar", "Owner registered"),
        # --- Badan usaha: digitalisasi ----------------------------------------
        _f("digital.sipp", "bool", "Pelaporan melalui SIPP", "Reports through SIPP"),
        _f(
            "digital.jmo_users",
            "count",
            "Pekerja pengguna JMO",
            "Workers using JMO",
            at_most="workforce.registered",
        ),
        _f(
            "digital.nik_validated",
            "count",
            "Pekerja dengan NIK tervalidasi",
            "Workers with validated NIK",
            at_most="workforce.registered",
        ),
        # --- Badan usaha: kepedulian ------------------------------------------
        _f("care.vendors_total", "count", "Vendor/mitra", "Vendors", unit="vendor"),
        _f(
            "care.vendors_compliant",
            "count",
            "Vendor/mitra patuh",
            "Compliant vendors",
            at_most="care.vendors_total",
            unit="vendor",
        ),
        _f(
            "care.csr_vulnerable_covered",
            "count",
            "Pekerja rentan dilindungi melalui CSR",
            "Vulnerable workers covered by CSR",
        ),
        _f(
            "care.promotes_peers",
            "bool",
            "Mempromosikan kepesertaan ke sesama usaha",
            "Promotes membership to peers",
        ),
    )
}

# The fields compared with their `at_most` partner, in catalogue order:
# (name, field, partner), without those allowed above it (above one's own
# target is an achievement; the rule caps it). The YAML checks and the
# table reader both look at these.
PARTNERED: tuple[tuple[str, Field, str], ...] = tuple(
    (name, spec, spec.at_most)
    for name, spec in FIELDS.items()
    if spec.at_most is not None and spec.over != "allowed"
)
