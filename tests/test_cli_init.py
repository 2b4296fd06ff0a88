"""`paritrana init` (a candidate file skeleton), `fields --category`, and the
`score` breakdown's labels, keys and pending interview (issue 9).

Runs against the shipped criteria (tests chdir into an empty folder, so
`./criteria` is absent and the shipped set is read).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.fields import FIELDS
from paritrana.scoring.model import Text
from paritrana.scoring.pipeline import (
    InputOptions,
    assess_each,
    load_criteria,
    load_for,
    shipped_criteria,
)
from paritrana.scoring.render.rows import candidate_rows
from paritrana.scoring.render.skeleton import DERIVED_FROM, candidate_skeleton, field_uses
from paritrana.scoring.render.table import breakdown
from paritrana.scoring.validate import candidates as cand_mod

ROOT = Path(__file__).resolve().parent.parent
CRITERIA, _, _ = load_criteria(shipped_criteria())
assert CRITERIA is not None
CATEGORIES = [c.id for c in CRITERIA.categories]
# Anything that could end a comment line or act on a terminal.
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def init(category: str, name: str, *extra: str) -> str:
    result = run("init", "--category", category, "-o", name, *extra)
    assert result.exit_code == 0, result.output
    return Path(name).read_text(encoding="utf-8")


def scored(path: Path):
    """The candidate file scored on its own, as `paritrana score` does."""
    loaded = load_for(InputOptions(None, (), (), False), [str(path)], purpose="assess")
    ranking = assess_each(loaded.inputs, loaded.selected)
    return ranking, candidate_rows(ranking.results[0])[0], loaded.inputs.warnings


# --------------------------------------------------------------------------
# init: what the skeleton holds
# --------------------------------------------------------------------------


def test_the_derived_table_agrees_with_the_validator() -> None:
    # Render may not import validation: the two tables must stay equal.
    assert DERIVED_FROM == cand_mod.DERIVED_FROM


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_field_of_the_category_is_in_the_skeleton(here: Path, category: str) -> None:
    text = init(category, f"{category}-x.yaml")
    data = yaml.safe_load(text)
    assert data["id"] == f"{category}-x"  # from the file name
    assert data["category"] == category and data["period"] == CRITERIA.edition
    assert data["province"] is None and data["name"] == "ISI NAMA PESERTA"
    cat = CRITERIA.category(category)
    assert cat is not None
    wanted = {f for i in cat.indicators for f in i.input.fields + (i.input.fallback or "",) if f}
    assert wanted == set(field_uses(cat))
    assert wanted  # every shipped category reads fields
    for name in wanted:
        if FIELDS[name].derived:
            assert DERIVED_FROM[name] in data, name
            assert data[DERIVED_FROM[name]] is None, name  # empty: missing
        else:
            section, key = name.split(".", 1)
            assert key in data[section], name
            assert data[section][key] is None, name  # empty: missing, not zero
    # Nothing else: the identity keys, the sections and lists of those fields.
    sections = {n.split(".")[0] for n in wanted if not FIELDS[n].derived}
    lists = {DERIVED_FROM[n] for n in wanted if FIELDS[n].derived}
    assert set(data) == {"id", "name", "category", "period", "province"} | sections | lists
    for section in sections:
        assert set(data[section]) == {
            n.split(".", 1)[1]
            for n in wanted
            if n.startswith(section + ".") and not FIELDS[n].derived
        }
    # Every indicator that reads a field is named in a comment, with its points.
    for ind in cat.indicators:
        if ind.input.kind != "panel":
            assert f"[{ind.id}]" in text, ind.id


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_skeleton_validates_with_warnings_only(here: Path, category: str) -> None:
    init(category, "c.yaml", "--lang", "en")
    result = run("validate", "c.yaml")
    assert result.exit_code == 0, result.output
    # One warning: every indicator input missing (the fallbacks are not
    # inputs of their own in that count).
    cat = CRITERIA.category(category)
    assert cat is not None
    inputs = {f for i in cat.indicators for f in i.input.fields}
    assert f"c: {len(inputs)} of {len(inputs)} indicator inputs missing" in result.output
    assert "1 warning." in result.output and "error" not in result.output.lower()


def test_comments_in_bahasa_indonesia_by_default_and_english(here: Path) -> None:
    id_text = init("kabupaten-kota", "id.yaml")
    en_text = init("kabupaten-kota", "en.yaml", "--lang", "en")
    # The same YAML, other comments.
    assert yaml.safe_load(id_text) | {"id": 0, "name": 0} == yaml.safe_load(en_text) | {
        "id": 0,
        "name": 0,
    }
    # Label, type and how to write, and the indicator with its role and points
    # (cakupan_rasio weighs 12 in criteria/2022-pemda.yaml).
    assert "  # Peserta aktif\n" in id_text
    assert "jumlah (orang): bilangan bulat, mis. 2.234 atau 2234" in id_text
    assert "[cakupan_rasio], pembilang, 12 poin" in id_text
    assert "[pertumbuhan_peserta], tahun ini, 5 poin" in id_text
    assert "persen (%): persen 0-100, mis. 94,5" in id_text
    assert "  # Active members\n" in en_text
    assert "count (people): a whole number, e.g. 2.234 or 2234" in en_text
    assert "[cakupan_rasio], numerator, 12 points" in en_text
    assert "dipakai oleh" not in en_text and "feeds:" not in id_text
    # The interview is the panel's (4 items x 5 = 20 points).
    assert "(20 poin)" in id_text and "(20 points)" in en_text
    # Money, for a category that reads money fields.
    bu = init("badan-usaha-besar", "bu.yaml")
    assert "uang (Rp): rupiah utuh, mis. Rp 484.646.400" in bu


def test_the_lists_come_with_a_commented_example(here: Path) -> None:
    text = init("kabupaten-kota", "k.yaml")
    lines = text.splitlines()
    at = lines.index("regulations:")
    assert lines[at + 1].startswith("#   - {type: perda")  # under the key
    assert lines[lines.index("innovations:") + 1].startswith("#   - {title:")
    assert lines[lines.index("events:") + 1].startswith("#   - {title:")
    ukm = init("ukm", "u.yaml").splitlines()
    assert ukm[ukm.index("programmes:") + 1] == "#   [JKK, JKM, JHT, JP, JKP]"


# --------------------------------------------------------------------------
# init: filled in, it scores
# --------------------------------------------------------------------------


def _fill(text: str, values: dict[str, str]) -> str:
    """Write each `section.key` value after its empty key, and uncomment
    the list examples given as `list: [lines]`."""
    lines = text.splitlines()
    section = ""
    out = []
    for line in lines:
        if re.match(r"^[a-z_]+:", line):
            section = line.split(":")[0]
        m = re.match(r"^  ([a-z_]+):$", line)
        if m and f"{section}.{m.group(1)}" in values:
            line = f"{line} {values[f'{section}.{m.group(1)}']}"
        out.append(line)
        if line in (f"{name}:" for name in values if "." not in name):
            out += values[line[:-1]].splitlines()
    return "\n".join(out) + "\n"


# The values of the kabupaten-kota round trip (worked out in its test).
KABUPATEN = {
    "budget.apbd_vulnerable_workers": "1.500",
    "budget.vulnerable_workers_target": "2.000",
    "villages.total": "66",
    "villages.enrolled": "56",
    "coverage.employed_population": "100.000",
    "coverage.active_members": "31.000",
    "coverage.active_members_previous": "25.000",
    "coverage.bpu_members": "6.200",
    "coverage.non_asn_share": "94,5",
    "coverage.village_officials_total": "2.000",
    "coverage.village_officials_registered": "1.500",
    "policy.nik_integration": "ya",
    "regulations": (
        '  - {type: qanun, number: "5", year: 2019, title: Kepesertaan, scope: [dedicated]}\n'
        '  - {type: perwal, number: "34", year: 2014, title: Layanan publik, scope: [ptsp]}'
    ),
    "innovations": "  - Aplikasi kepesertaan\n  - Gampong sadar jaminan sosial",
    "events": "  - FGD\n  - Sosialisasi pasar\n  - Monitoring",
}


def test_a_filled_skeleton_scores_as_computed_by_hand(here: Path) -> None:
    """kabupaten-kota, criteria/2022-pemda.yaml (weights; rules):

    regulasi_khusus 10, ordinal: a qanun scoped dedicated -> perda 100 -> 10
    ptsp 5, yesno: left empty, so taken from the perwal scoped ptsp -> yes -> 5
    regulasi_pendukung 5, count cap 5: 1 other regulation -> 20 -> 1
    apbd_pekerja_rentan 10, linear 0..100: 1.500 / 2.000 = 75% -> 7.5
    desa_mendanai 5, linear 0..100: 56 / 66 = 84.8485% -> 4.242424
    cakupan_rasio 12, linear 10..52: 31.000 / 100.000 = 31% -> 21/42 = 50 -> 6
    pertumbuhan_peserta 5, linear 0..20: 31.000 / 25.000 = +24% -> 100 -> 5
    non_asn 5, linear 0..100: counts empty, fallback share 94,5 -> 4.725
    aparatur_desa 4, linear 0..100: 1.500 / 2.000 = 75% -> 3
    porsi_bpu 4, linear 0..40: 6.200 / 31.000 = 20% -> 50 -> 2
    inovasi_terbukti 8, bands 1:40 2:70 3:100: 2 innovations -> 70 -> 5.6
    sosialisasi 4, count cap 12: 3 events -> 25 -> 1
    integrasi_nik 3, yesno: ya -> 3
    Pillars: 16; 11.742424; 20.725; 9.6. Total 58.067424 of 80 (stage
    dokumen; the interview, 20 points, pending): 58,07 to 78,07 of 100.
    """
    text = init("kabupaten-kota", "k.yaml")
    filled = _fill(text, KABUPATEN)
    path = here / "k.yaml"
    path.write_text(filled.replace('"ISI NAMA PESERTA"', "Kabupaten Contoh"), encoding="utf-8")
    result = run("validate", "k.yaml")
    assert result.exit_code == 0 and "0 warnings" in result.output, result.output
    _, row, _ = scored(path)
    points = {i.indicator.id: i.points for i in row.indicators}
    expected = {
        "regulasi_khusus": 10,
        "ptsp": 5,
        "regulasi_pendukung": 1,
        "apbd_pekerja_rentan": 7.5,
        "desa_mendanai": 5 * 56 / 66,
        "cakupan_rasio": 6,
        "pertumbuhan_peserta": 5,
        "non_asn": 4.725,
        "aparatur_desa": 3,
        "porsi_bpu": 2,
        "inovasi_terbukti": 5.6,
        "sosialisasi": 1,
        "integrasi_nik": 3,
    }
    for key, value in expected.items():
        assert points[key] == pytest.approx(value, abs=1e-9), key
    assert row.total == pytest.approx(16 + 7.5 + 5 * 56 / 66 + 20.725 + 9.6, abs=1e-9)
    assert row.max_total == 80 and row.missing_count == 0
    out = run("score", "k.yaml").output
    assert "Total: 58,07 / 80,00" in out
    assert "Semua pilar: 58,07 sampai 78,07 / 100,00" in out


def test_a_filled_business_skeleton_reads_rupiah(here: Path) -> None:
    """badan-usaha-besar: upah_dilaporkan 10, linear 50..100:
    Rp 450.000.000 / Rp 500.000.000 = 90% -> (90 - 50) / 50 = 80 -> 8 points;
    everything else left empty scores 0 (policy zero): total 8."""
    text = init("badan-usaha-besar", "b.yaml", "--lang", "en")
    filled = _fill(
        text,
        {
            "compliance.wages_reported": "Rp 450.000.000",
            "compliance.wages_actual": "Rp 500.000.000",
        },
    )
    path = here / "b.yaml"
    path.write_text(filled, encoding="utf-8")
    _, row, warnings = scored(path)
    assert {i.indicator.id: i.points for i in row.indicators}["upah_dilaporkan"] == 8
    assert row.total == 8
    assert [w.severity for w in warnings] == ["warning"]  # the missing inputs


# --------------------------------------------------------------------------
# init: never over a file
# --------------------------------------------------------------------------


def test_init_never_overwrites_a_file(here: Path) -> None:
    (here / "mine.yaml").write_text("id: mine\n", encoding="utf-8")
    result = run("init", "--category", "ukm", "-o", "mine.yaml")
    assert result.exit_code == 1
    assert "mine.yaml: exists; refusing to overwrite it" in result.output
    assert (here / "mine.yaml").read_text(encoding="utf-8") == "id: mine\n"


def test_init_never_writes_over_an_input(here: Path) -> None:
    crit = here / "crit.yaml"
    crit.write_bytes((ROOT / "criteria" / "2022-badan-usaha.yaml").read_bytes())
    before = crit.read_bytes()
    result = run("init", "--category", "ukm", "--criteria", "crit.yaml", "-o", "crit.yaml")
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.output
    assert crit.read_bytes() == before


def test_init_usage_errors(here: Path) -> None:
    result = run("init", "--category", "ukm", "-o", "x.txt")
    assert result.exit_code == 2 and "give -o FILE.yaml" in result.output
    result = run("init", "--category", "kabupaten", "-o", "x.yaml")
    assert result.exit_code == 2 and "unknown category 'kabupaten'" in result.output
    assert not (here / "x.yaml").exists()
    result = run("init", "--category", "ukm", "-o", "nowhere/x.yaml")
    assert result.exit_code == 1 and "does not exist" in result.output


# --------------------------------------------------------------------------
# init: text from the criteria cannot escape a comment
# --------------------------------------------------------------------------

HOSTILE = "Rasio\nevil: 1\r\u2028also: 2\u2029\x1b]0;x\x07\u202eend\x85more: 3"


def test_hostile_criteria_labels_stay_inside_comments() -> None:
    cat = CRITERIA.category("kabupaten-kota")
    assert cat is not None
    pillars = tuple(
        replace(
            p,
            indicators=tuple(
                replace(i, label=Text(HOSTILE, HOSTILE), id=i.id) for i in p.indicators
            ),
        )
        for p in cat.pillars
    )
    cat = replace(cat, pillars=pillars, label=Text(HOSTILE, HOSTILE))
    crit = replace(CRITERIA, title=Text(HOSTILE, HOSTILE), categories=(cat,))
    for lang in ("id", "en"):
        text = candidate_skeleton(crit, cat, candidate_id="k", file_name="k.yaml", lang=lang)
        assert RAW.search(text.replace("\n", "")) is None
        data = yaml.safe_load(text)
        assert not {"evil", "also", "more"} & set(data)
        for value in data.values():
            assert not isinstance(value, dict) or not {"evil", "also", "more"} & set(value)
        # The hostile text never leaves its comment: whatever line holds it,
        # a `#` comes first.
        for line in text.splitlines():
            if "evil" in line:
                assert "#" in line[: line.index("evil")], line


# --------------------------------------------------------------------------
# fields --category
# --------------------------------------------------------------------------


def test_fields_of_one_category_with_the_indicators_they_feed(here: Path) -> None:
    result = run("fields", "--category", "ukm")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Kolom yang dibaca kategori")
    assert "Kolom" in out and "Jenis" in out and "Dipakai oleh indikator" in out
    # ukm reads 6 fields (criteria/2022-badan-usaha.yaml) and nothing else.
    names = [line.split()[0] for line in out.splitlines()[4:] if re.match(r"^[a-z]+\.", line)]
    assert names == [
        "workforce.employed",
        "workforce.registered",
        "compliance.arrears_months",
        "compliance.programmes",
        "compliance.owner_registered",
        "care.promotes_peers",
    ]
    assert "coverage.active_members" not in out
    assert "[pekerja_terdaftar], penyebut, 25 poin" in out
    assert "turunan dari programmes:" in out
    en = run("fields", "--category", "ukm", "--lang", "en").output
    assert en.startswith("Fields read by category") and "Feeds the indicators" in en
    assert "[pekerja_terdaftar], denominator, 25 points" in en and "Kolom" not in en


def test_a_field_feeding_several_indicators_lists_each(here: Path) -> None:
    out = run("fields", "--category", "kabupaten-kota", "--lang", "en").output
    line = next(x for x in out.splitlines() if x.startswith("coverage.active_members "))
    at = out.splitlines().index(line)
    following = out.splitlines()[at : at + 3]
    assert "[cakupan_rasio], numerator, 12 points" in following[0]
    assert "[pertumbuhan_peserta], this year, 5 points" in following[1]
    assert "[porsi_bpu], denominator, 4 points" in following[2]


def test_fields_without_category_has_translated_headings(here: Path) -> None:
    id_out = run("fields").output
    en_out = run("fields", "--lang", "en").output
    assert id_out.splitlines()[0].split() == ["Kolom", "Jenis", "Keterangan"]
    assert en_out.splitlines()[0].split() == ["Field", "Type", "Label"]
    for name in FIELDS:  # every field, as before
        assert name in id_out and name in en_out
    assert "jumlah (orang)" in id_out and "count (people)" in en_out


def test_fields_unknown_category_is_a_usage_error(here: Path) -> None:
    result = run("fields", "--category", "ukn")
    assert result.exit_code == 2 and "unknown category 'ukn'" in result.output


# --------------------------------------------------------------------------
# score: the breakdown
# --------------------------------------------------------------------------


def _sample(*names: str):
    loaded = load_for(
        InputOptions(None, (), (), False), [str(ROOT / "candidates" / n) for n in names],
        purpose="assess",
    )  # fmt: skip
    return assess_each(loaded.inputs, loaded.selected)


def test_breakdown_wraps_labels_and_shows_the_keys() -> None:
    text = breakdown(_sample("kota-langsa.yaml"), "id")
    # 56 characters: before, cut at 44 with "…"; now wrapped whole.
    label = "Regulasi khusus jaminan sosial ketenagakerjaan (tingkat)"
    assert "\u2026" not in text
    lines = text.splitlines()
    at = next(n for n, x in enumerate(lines) if x.startswith("Regulasi khusus"))
    first, second = lines[at][:44].strip(), lines[at + 1][:44].strip()
    assert f"{first} {second}" == label
    assert "regulation.dedicated_level (dari regulations:)" in lines[at]
    # A ratio with a fallback: numerator, denominator, then the fallback.
    at = next(n for n, x in enumerate(lines) if x.startswith("Pegawai non-ASN"))
    keys = ["coverage.non_asn_registered", "coverage.non_asn_total", "atau coverage.non_asn_share"]
    for line, key in zip(lines[at : at + 3], keys):
        assert key in line, line
    assert "panel: pemahaman" in text
    en = breakdown(_sample("kota-langsa.yaml"), "en")
    assert "YAML key" in en and "or coverage.non_asn_share" in en


def test_pending_interview_shows_the_range_never_zero_of_zero() -> None:
    """kota-langsa (docs/samples.md), criteria/2022-pemda.yaml: regulasi
    10 + 5 + 2 = 17; anggaran 56 / 66 x 5 = 4.2424; inovasi 1 event of 12 x 4
    = 0.3333; total 21.5758 -> 21,58 of 80 (dokumen). The interview's four
    items of 5 points are pending: 0 to 20 of 20, the total 21,58 to 41,58
    of 100."""
    text = breakdown(_sample("kota-langsa.yaml"), "id")
    assert "0,00 / 0,00" not in text
    assert (
        "Wawancara: TERTUNDA (4 indikator panel belum dinilai): 0,00 sampai 20,00 / 20,00" in text
    )
    assert "Total: 21,58 / 80,00" in text
    assert (
        "Semua pilar: 21,58 sampai 41,58 / 100,00, bergantung pada 4 indikator panel "
        "yang tertunda (20 poin)"
    ) in text
    # Each pending item: its nominal weight, no points.
    line = next(x for x in text.splitlines() if x.startswith("Pemahaman kepala daerah"))
    assert re.search(r"\s5\s+\u2013\s+TERTUNDA", line), line
    en = breakdown(_sample("kota-langsa.yaml"), "en")
    assert "Interview: PENDING (4 panel indicators not yet scored): 0.00 to 20.00 / 20.00" in en
    assert "Every pillar: 21.58 to 41.58 / 100.00" in en


def test_partly_scored_interview_shows_the_rest_as_a_range(here: Path) -> None:
    """The filled kabupaten-kota file of the round trip above, with
    pemahaman [4, 4, 4] -> 4 -> (4 - 1) / 4 = 75 x 5 = 3.75 and komitmen
    [5, 5, 5] -> 100 x 5 = 5 (quorum 3 met); keberlanjutan and peta_jalan
    pending (10 points): the pillar 8,75 to 18,75 of 20; every pillar
    58.067424 + 8.75 = 66,82 to 76,82 of 100."""
    init("kabupaten-kota", "k.yaml")
    text = (here / "k.yaml").read_text(encoding="utf-8")
    filled = _fill(text, KABUPATEN)
    filled += "panel_scores: {pemahaman: [4, 4, 4], komitmen: [5, 5, 5]}\n"
    (here / "k.yaml").write_text(filled, encoding="utf-8")
    ranking, _, _ = scored(here / "k.yaml")
    text = breakdown(ranking, "id")
    assert (
        "Wawancara: TERTUNDA (2 indikator panel belum dinilai): 8,75 sampai 18,75 / 20,00" in text
    )
    assert "Semua pilar: 66,82 sampai 76,82 / 100,00" in text
    assert "0,00 / 0,00" not in text


_SAMPLE_VALUE = {"count": "10", "money": "Rp 10.000", "percent": "50", "months": "1", "bool": "ya"}


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_skeleton_filled_in_and_its_examples_uncommented_validates_clean(
    here: Path, category: str
) -> None:
    """Every field given (equal values, so no field exceeds its partner),
    the commented reports: and list examples uncommented as the comments
    say (remove the `# `): no warning at all, and no indicator missing."""
    text = init(category, "c.yaml")
    cat = CRITERIA.category(category)
    assert cat is not None
    values = {
        name: _SAMPLE_VALUE[FIELDS[name].type]
        for name in field_uses(cat)
        if not FIELDS[name].derived
    }
    lines = []
    for line in _fill(text, values).splitlines():
        if line.startswith(("# reports:", "#   -", "#   [", "#     ")):
            line = line[2:]
        lines.append(line)
    path = here / "c.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", "c.yaml")
    assert result.exit_code == 0 and "0 warnings" in result.output, result.output
    _, row, warnings = scored(path)
    assert not warnings and row.missing_count == 0
    assert all(i.status in ("ok", "pending") for i in row.indicators)


def test_breakdown_wraps_a_hostile_label_escaped() -> None:
    ranking = _sample("kota-langsa.yaml")
    result = ranking.results[0]
    cat = result.category
    long = "Kepesertaan \x1b[2J disyaratkan\u202e dalam layanan publik yang sangat panjang (PTSP)"
    pillars = tuple(
        replace(
            p,
            indicators=tuple(
                replace(i, label=Text(long, long)) if i.id == "ptsp" else i for i in p.indicators
            ),
        )
        for p in cat.pillars
    )
    # The result keeps its columns; only the label it prints changes.
    columns = tuple(
        replace(
            c, indicator=next(i for p in pillars for i in p.indicators if i.id == c.indicator.id)
        )
        for c in result.indicators
    )
    res = replace(result, category=replace(cat, pillars=pillars), indicators=columns)
    text = breakdown(replace(ranking, results=(res,)), "id")
    assert RAW.search(text.replace("\n", "")) is None
    for word in ("Kepesertaan", "\\x1b[2J", "disyaratkan\\u202e", "panjang", "(PTSP)"):
        assert word in text, word
    assert "\u2026" not in text
