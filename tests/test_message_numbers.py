"""Numbers inside messages are written the reader's way (issue 9): in a
Bahasa Indonesia message 2.234, 0,94% and 1.200,5; in an English one 2,234,
0.94% and 1,200.5 (scoring/messages.py, `number`). A text quoted as the
user wrote it ('1234567.5', the 0.94 after "bernilai") stays exactly as
written, and so do places (line, row, column) and years.

Every expected text below is written by hand from the catalog's msgstr
(scoring/locale/id/LC_MESSAGES/paritrana.po) or the msgid, with the number
grouped by three (Indonesian: a dot; English: a comma) and the decimal
mark of the language (Indonesian: a comma; English: a dot).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring import messages
from paritrana.scoring.errors import ParitranaError
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.messages import decimal_text, number
from paritrana.scoring.model import Criteria
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.validate import validate_criteria
from paritrana.scoring.validate._common import read_value
from paritrana.scoring.validate.candidates import validate_candidates
from paritrana.scoring.validate.tables import read_table

pytestmark = pytest.mark.own_language


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    found, problems, _files = load_criteria(shipped_criteria())
    assert found is not None, problems
    return found


def in_language(lang: str, make):  # type: ignore[no-untyped-def]
    """What `make()` returns with the messages in `lang`."""
    messages.set_language(lang)
    try:
        return make()
    finally:
        messages.set_language("en")


def both(make) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {lang: in_language(lang, make) for lang in ("id", "en")}


# --------------------------------------------------------------------------
# The function
# --------------------------------------------------------------------------

NUMBERS = [
    # (value, Bahasa Indonesia, English)
    (2234, "2.234", "2,234"),
    (725356, "725.356", "725,356"),
    (10**15, "1.000.000.000.000.000", "1,000,000,000,000,000"),
    (0.94, "0,94", "0.94"),
    (1200.5, "1.200,5", "1,200.5"),
    (-1234567.25, "-1.234.567,25", "-1,234,567.25"),
    (95.0, "95", "95"),  # a whole float has no decimals
    (12.5, "12,5", "12.5"),
    (0.1, "0,1", "0.1"),  # the shortest decimal, not 0.1000000000000000055...
    (0.0, "0", "0"),
    (-0.0, "0", "0"),  # never "-0"
    (1e-9, "0,000000001", "0.000000001"),  # the smallest written without an exponent
    (1.5e-10, "1,5e-10", "1.5e-10"),  # below 1e-9: an exponent, as {:g} writes it
    (9999999999999998.0, "9.999.999.999.999.998", "9,999,999,999,999,998"),  # below 1e16
    (1e16, "1e+16", "1e+16"),  # from 1e16 up: an exponent
    (1.25e300, "1,25e+300", "1.25e+300"),
    (float("inf"), "inf", "inf"),
    (float("-inf"), "-inf", "-inf"),
]


@pytest.mark.parametrize(("value", "id_text", "en_text"), NUMBERS)
def test_number_in_each_language(value: float, id_text: str, en_text: str) -> None:
    assert number(value, lang="id") == id_text
    assert number(value, lang="en") == en_text
    assert in_language("id", lambda: number(value)) == id_text  # the current language
    assert in_language("en", lambda: number(value)) == en_text


def test_number_with_digits_rounds_half_up() -> None:
    # 84.845 is stored as 84.8449999...; rounded as printed (repr 84.845),
    # half-up to two decimals: 84.85; 0.125 -> 0.13; 2.5 -> 3 with none.
    assert number(84.845, 2, lang="id") == "84,85"
    assert number(0.125, 2, lang="en") == "0.13"
    assert number(2.5, 0, lang="id") == "3"
    assert number(1234.5, 2, lang="id") == "1.234,5"  # trailing zeros dropped


def test_decimal_text_keeps_the_places_asked_for() -> None:
    assert decimal_text(Decimal("1200.50"), "id") == "1.200,5"
    assert decimal_text(Decimal("1200.50"), "id", places=2) == "1.200,50"
    assert decimal_text(Decimal("100"), "en", places=2) == "100.00"
    assert decimal_text(Decimal("-0.00"), "en", places=2) == "0.00"
    assert decimal_text(Decimal("1E+26"), "id") == "100" + ".000" * 8


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**18), max_value=10**18
    ),
    st.sampled_from([("id", "id_ID"), ("en", "en_US")]),
)
def test_decimal_text_writes_what_babel_writes(value: Decimal, langs: tuple[str, str]) -> None:
    """The grouping and marks are CLDR's, as Babel applies them (the
    documents wrote their numbers with Babel before: nothing changes)."""
    lang, locale = langs
    if value.is_zero():
        value = abs(value)
    with localcontext() as ctx:
        ctx.prec = 100
        babel = format_decimal(value, format="#,##0.###", locale=locale)
    assert decimal_text(value, lang) == babel


# --------------------------------------------------------------------------
# Candidate files (YAML)
# --------------------------------------------------------------------------


def _candidate_messages(tmp_path: Path, criteria: Criteria, body: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(
        "id: kota-uji\nname: Kota Uji\ncategory: kabupaten-kota\nperiod: 2022\n"
        + textwrap.dedent(body),
        encoding="utf-8",
    )

    def run() -> list[str]:
        doc, problems = load_document(path, "c.yaml")
        assert doc is not None and not problems
        _, diags = validate_candidates([doc], criteria)
        return [str(d) for d in diags if "indicator inputs missing" not in d.message and
                "masukan indikator tidak ada" not in d.message]  # fmt: skip

    return run()  # type: ignore[no-any-return]


def test_bounds_exceeds_and_limit_in_a_candidate_file(tmp_path: Path, criteria: Criteria) -> None:
    body = """\
    coverage:
      village_officials_share: 120.5
      non_asn_total: 1200
      non_asn_registered: 2.234
      active_members: 2000000000
    """
    got = both(lambda: sorted(_candidate_messages(tmp_path, criteria, body)))
    # 120.5 above the percent's 100; 2.234 people (dot-grouped: 2234) above
    # the 1200 non-ASN staff; 2000000000 above the largest count, 10^9.
    assert got["id"] == [
        "c.yaml:6:28: coverage.village_officials_share harus antara 0 dan 100, bukan 120,5",
        "c.yaml:8:23: coverage.non_asn_registered (2.234) melebihi coverage.non_asn_total (1.200)",
        "c.yaml:9:19: coverage.active_members (2.000.000.000) lebih besar dari nilai terbesar "
        "yang diterima, 1.000.000.000",
    ]
    assert got["en"] == [
        "c.yaml:6:28: coverage.village_officials_share must be between 0 and 100, not 120.5",
        "c.yaml:8:23: coverage.non_asn_registered (2,234) exceeds coverage.non_asn_total (1,200)",
        "c.yaml:9:19: coverage.active_members (2,000,000,000) is larger than the largest "
        "accepted value, 1,000,000,000",
    ]


def test_a_fraction_warning_keeps_the_text_as_written(tmp_path: Path, criteria: Criteria) -> None:
    body = """\
    coverage:
      non_asn_share: 0.945
    """
    got = both(lambda: _candidate_messages(tmp_path, criteria, body))
    # The text as written (0.945) stays; the percent it may mean, 94.5, and
    # the value read, 0.945, are the tool's: written the reader's way.
    assert got["id"] == [
        "c.yaml:6:18: peringatan: coverage.non_asn_share bernilai 0.945, yang tampak seperti pecahan: "
        "maksud Anda 94,5%? (dibaca sebagai 0,945%)"
    ]
    assert got["en"] == [
        "c.yaml:6:18: warning: coverage.non_asn_share is 0.945, which looks like a fraction: "
        "did you mean 94.5%? (read as 0.945%)"
    ]


def test_a_quoted_value_stays_as_written(tmp_path: Path, criteria: Criteria) -> None:
    body = """\
    coverage:
      active_members: 1234567.5
    """
    got = both(lambda: _candidate_messages(tmp_path, criteria, body))
    # '1234567.5' is the user's text, quoted: not regrouped in either language.
    assert got["id"] == [
        "c.yaml:6:19: coverage.active_members harus bilangan bulat, bukan '1234567.5'; "
        "tulis 120000 atau 120.000 (titik memisahkan ribuan)"
    ]
    assert got["en"] == [
        "c.yaml:6:19: coverage.active_members must be a whole number, not '1234567.5'; "
        "write 120000 or 120.000 (a dot groups thousands)"
    ]


def test_lengths_and_counts_in_a_candidate_file(tmp_path: Path, criteria: Criteria) -> None:
    # A note of 2,001 characters, one over the 2,000 allowed.
    body = f"notes:\n  - {'n' * 2001}\n"
    got = both(lambda: _candidate_messages(tmp_path, criteria, body))
    assert got["id"] == [
        "c.yaml:6:5: isian notes panjangnya 2.001 karakter; paling banyak 2.000 yang diizinkan"
    ]
    assert got["en"] == [
        "c.yaml:6:5: notes entry is 2,001 characters long; at most 2,000 are allowed"
    ]


def test_yaml_reading_and_digit_counts(tmp_path: Path, criteria: Criteria) -> None:
    # 017777 is YAML 1.1's octal: 1*8^4 + 7*8^3 + 7*8^2 + 7*8 + 7 = 8191.
    cases = {
        "017777": (
            "coverage.active_members ditulis '017777', yang dibaca YAML sebagai 8.191 (oktal, "
            "heksadesimal atau basis 60); tulis bilangan dengan angka desimal biasa tanpa nol "
            "di depan",
            "coverage.active_members is written '017777', which YAML reads as 8,191 (octal, "
            "hexadecimal or base 60); write the number in plain decimal digits without a "
            "leading zero",
        ),
    }
    for text, (id_text, en_text) in cases.items():
        got = both(lambda text=text: read_value("coverage.active_members", text)[1])
        assert [d.message for d in got["id"]] == [id_text]  # type: ignore[attr-defined]
        assert [d.message for d in got["en"]] == [en_text]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# Criteria files
# --------------------------------------------------------------------------

CRITERIA = """\
edition: 2022
title: {id: Uji, en: Test}
status: proposal
categories:
  - id: a
    label: {id: K, en: C}
    pillars:
      - id: p
        label: {id: P, en: P}
        weight: 100
        indicators:
          - id: i
            label: {id: I, en: I}
            weight: 99.5
            field: outreach.events
            rule: {type: bands, bands: [[0, 0], [1200.25, 50], [2500.5, 100]]}
"""
CRITERIA_CASES = [
    # The indicators of the pillar weighing 100 sum to 99.5.
    (
        {},
        "k.yaml:10:17: bobot pilar 'p' adalah 100 tetapi jumlah bobot indikatornya 99,5",
        "k.yaml:10:17: weight of pillar 'p' is 100 but its indicators' weights sum to 99.5",
    ),
    # The band starting at 1200.25 comes after the one at 2500.5.
    (
        {"[1200.25, 50], [2500.5, 100]": "[2500.5, 50], [1200.25, 100]", "99.5": "100"},
        "k.yaml:16:64: awal rentang harus naik tegas: 1.200,25 muncul sesudah 2.500,5",
        "k.yaml:16:64: band starts must be strictly ascending: 1,200.25 comes after 2,500.5",
    ),
    # A weight of 1200.5, above 100.
    (
        {"weight: 100\n": "weight: 1200.5\n", "99.5": "1200.5"},
        "k.yaml:10:17: weight harus <= 100, bukan 1.200,5",
        "k.yaml:10:17: weight must be <= 100, not 1,200.5",
    ),
]


@pytest.mark.parametrize(("changes", "id_text", "en_text"), CRITERIA_CASES)
def test_criteria_weights_and_bands(
    tmp_path: Path, changes: dict[str, str], id_text: str, en_text: str
) -> None:
    text = CRITERIA
    for old, new in changes.items():
        text = text.replace(old, new)
    path = tmp_path / "k.yaml"
    path.write_text(text, encoding="utf-8")

    def run() -> list[str]:
        doc, problems = load_document(path, "k.yaml")
        assert doc is not None and not problems
        _, diags = validate_criteria([doc])
        return [str(d) for d in diags if d.severity == "error"]

    got = both(run)
    assert id_text in got["id"]  # type: ignore[operator]
    assert en_text in got["en"]  # type: ignore[operator]


# --------------------------------------------------------------------------
# Tables (CSV): the capped report
# --------------------------------------------------------------------------


def test_capped_report_counts_the_readers_way(tmp_path: Path, criteria: Criteria) -> None:
    # 1,100 rows with a bad count: 10 shown, 1,090 counted; row numbers
    # (places: rows 12 to 1101) are not regrouped.
    rows = [f"pt-{i},PT {i},ukm,2022,abc" for i in range(1100)]
    path = tmp_path / "t.csv"
    path.write_text("id,name,category,period,workforce.employed\n" + "\n".join(rows) + "\n")

    def run() -> str:
        read = read_table(path, criteria)
        return [str(d) for d in read.diagnostics if d.line == 0 and d.severity == "error"][0]

    got = both(run)
    assert got["id"] == (
        f"{path}: ... dan 1.090 masalah lain sejenis di kolom 'workforce.employed' (baris 12 "
        "sampai 1101); --rejects FILE.csv mencantumkan setiap baris yang ditolak"
    )
    assert got["en"] == (
        f"{path}: ... and 1,090 more problems of this kind in column 'workforce.employed' "
        "(rows 12 to 1101); --rejects FILE.csv lists every rejected row"
    )


def test_table_exceeds(tmp_path: Path, criteria: Criteria) -> None:
    # 1.500 (dot-grouped: 1500) registered of 1.200 employed.
    path = tmp_path / "t.csv"
    path.write_text(
        "id,name,category,period,workforce.employed,workforce.registered\n"
        "pt-a,PT A,ukm,2022,1.200,1.500\n"
    )

    def run() -> list[str]:
        read = read_table(path, criteria)
        return [d.message for d in read.diagnostics if d.severity == "error"]

    got = both(run)
    assert any(
        "workforce.registered (1.500) melebihi workforce.employed (1.200)" in m
        for m in got["id"]  # type: ignore[attr-defined]
    ), got
    assert any(
        "workforce.registered (1,500) exceeds workforce.employed (1,200)" in m
        for m in got["en"]  # type: ignore[attr-defined]
    ), got


# --------------------------------------------------------------------------
# Loading, --set, the synthetic generator's checks, the language itself
# --------------------------------------------------------------------------


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: b\n" + b"#" * (1024 * 1024))

    def run() -> list[str]:
        doc, problems = load_document(path, "big.yaml")
        return [p.message for p in problems]

    got = both(run)
    # The limit is 1 MiB: 1048576 bytes, 1024 KiB.
    assert got["id"] == ["berkas lebih besar dari 1.048.576 bita (batas 1.024 KiB)"]
    assert got["en"] == ["file is larger than 1,048,576 bytes (limit 1,024 KiB)"]


def test_set_exceeding_its_partner(criteria: Criteria) -> None:
    from paritrana.scoring.errors import UsageError
    from paritrana.scoring.model import Candidate
    from paritrana.scoring.pipeline import what_if_changes

    category = criteria.category("kabupaten-kota")
    assert category is not None
    candidate = Candidate(id="uji", name="Uji", category="kabupaten-kota", period=2022, values={})

    def run() -> str:
        with pytest.raises(UsageError) as caught:
            what_if_changes(
                candidate,
                category,
                ["coverage.non_asn_total=1.200", "coverage.non_asn_registered=2.234"],
            )
        return str(caught.value)

    got = both(run)
    assert got["id"] == (
        "--set: coverage.non_asn_registered (2.234) akan melebihi coverage.non_asn_total "
        "(1.200), padahal merupakan bagian darinya"
    )
    assert got["en"] == (
        "--set: coverage.non_asn_registered (2,234) would exceed coverage.non_asn_total "
        "(1,200), which it counts part of"
    )


def test_synthetic_generator_checks_in_both_languages(criteria: Criteria) -> None:
    from paritrana.scoring.synthetic import generate

    def unknown() -> str:
        with pytest.raises(ParitranaError) as caught:
            generate(criteria, "nope", 1, seed=1)
        return str(caught.value)

    def rate() -> str:
        with pytest.raises(ParitranaError) as caught:
            generate(criteria, "ukm", 1, seed=1, missing_rate=1.5)
        return str(caught.value)

    def count() -> str:
        with pytest.raises(ParitranaError) as caught:
            generate(criteria, "ukm", -1200, seed=1)
        return str(caught.value)

    names = ", ".join(c.id for c in criteria.categories)
    assert both(unknown) == {
        "id": f"kategori 'nope' tidak dikenal; kategori: {names}",
        "en": f"unknown category 'nope'; categories: {names}",
    }
    assert both(rate) == {
        "id": "missing_rate harus antara 0 dan 1, bukan 1,5",
        "en": "missing_rate must be between 0 and 1, not 1.5",
    }
    assert both(count) == {
        "id": "jumlah peserta harus paling sedikit 0, bukan -1.200",
        "en": "the number of candidates must be at least 0, not -1,200",
    }


def test_unknown_language_in_the_current_language() -> None:
    def run() -> str:
        with pytest.raises(ValueError) as caught:
            messages.set_language("fr")
        return str(caught.value)

    assert both(run) == {
        "id": "bahasa 'fr' tidak dikenal; bahasa: id, en",
        "en": "unknown language 'fr'; languages: id, en",
    }


def test_rejected_rows_counted(tmp_path: Path, criteria: Criteria) -> None:
    from paritrana.scoring.pipeline import read_candidate_tables, write_rejects

    # 1,100 rows, each with a bad count: all 1,100 rejected.
    rows = [f"pt-{i},PT {i},ukm,2022,abc" for i in range(1100)]
    path = tmp_path / "t.csv"
    path.write_text("id,name,category,period,workforce.employed\n" + "\n".join(rows) + "\n")

    def run() -> tuple[str, str]:
        _tables, problems, rejected = read_candidate_tables([path], criteria)
        summary = [d.message for d in problems if "--rejects FILE.csv to set" in d.message
                   or "untuk menyisihkan" in d.message]  # fmt: skip
        written = write_rejects(tmp_path / "rejects.csv", rejected, [path])
        return summary[0], written[0].message

    got = both(run)
    assert got["id"] == (
        "1.100 baris berisi kesalahan; perbaiki, atau berikan --rejects FILE.csv untuk "
        "menyisihkan baris tersebut (beserta alasannya) dan melanjutkan dengan baris lainnya",
        "1.100 baris tabel disisihkan, ditulis beserta alasannya ke berkas ini",
    )
    assert got["en"] == (
        "1,100 rows have errors; fix them, or give --rejects FILE.csv to set such rows aside "
        "(with their reasons) and go on with the others",
        "1,100 table rows set aside, written with their reasons to this file",
    )


# --------------------------------------------------------------------------
# The command line's own counts
# --------------------------------------------------------------------------


def test_cli_counts_the_readers_way(tmp_path: Path) -> None:
    """`validate` over a table of 1,234 rows: the summary's candidate count
    is 1.234 in Bahasa Indonesia ("1.234 peserta", the msgstr of "{n}
    candidate(s)"), 1,234 in English ("1,234 candidates"). The table is
    SYNTHETIC: one row per candidate, only the identity columns (every
    catalogue value left missing, which is a warning, not an error)."""
    from click.testing import CliRunner
    from paritrana.cli import main

    rows = ["id,name,category,period"] + [f"c{i:04d},Perusahaan {i},ukm,2022" for i in range(1234)]
    table = tmp_path / "pool.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = {}
    for lang in ("id", "en"):
        result = CliRunner().invoke(main, ["validate", "--candidates", str(table), "--lang", lang])
        assert result.exit_code == 0, result.output
        out[lang] = result.stdout
    assert "1.234 peserta" in out["id"]
    assert "1,234 candidates" in out["en"]
