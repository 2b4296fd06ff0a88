"""The same candidates as YAML files, as one CSV, as one XLSX and typed
into `paritrana template` workbooks (one per category) give identical
rankings (issue 10, acceptance): the ids in ranked order, ranks, totals,
maxima, and every indicator's derived value, points, score and status,
float for float.

Property test over random SYNTHETIC candidates of the shipped categories
(hypothesis): every field a category reads is missing or given, each
given value written in one of the forms a person types (`2.234`,
`Rp 484.646.400`, `Rp 1.000,00`, `94,5`, `94,5%`, `ya`, `TIDAK`, `Perda`)
or as a real number (XLSX number and boolean cells), the same text in all
files; the CSV with `,` or `;` and with or without a byte-order
mark. How a table gives the derived fields, and the lists a YAML file
gives instead: tests/table_helpers.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paritrana.scoring.fields import FIELDS, LEVELS, PROGRAMMES
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.render.skeleton import field_uses
from paritrana.scoring.render.workbook_template import template_workbook
from table_helpers import fill_template, ranked, summary, write_csv, write_xlsx, write_yaml

CRITERIA, _, _ = load_criteria(shipped_criteria())
assert CRITERIA is not None
CATEGORIES = [c.id for c in CRITERIA.categories]
READS = {c.id: list(field_uses(c)) for c in CRITERIA.categories}
# Most a derived count is drawn up to (the YAML side lists that many items).
DERIVED_MOST = {
    "regulation.supporting_count": 6,
    "innovation.count": 5,
    "outreach.events": 14,
    "compliance.programmes": len(PROGRAMMES),
}
PROVINCES = (None, "Aceh", "Jawa Barat", "Nusa Tenggara Timur")
# Names with the CSV's delimiters and quotes in them, and letters beyond ASCII.
NAMES = (
    "Kandidat sintetis {n} (SYNTHETIC)",
    'PT "Maju; Jaya", Tbk {n} (SYNTHETIC)',
    "Kabupaten Ñusa Āceh {n} (SYNTHETIC)",
)
ZONES = (None, "Sumatera", "Jawa")


def grouped(n: int) -> str:
    """`1234567` -> `1.234.567` (the dot groups thousands)."""
    return f"{n:,}".replace(",", ".")


def whole(draw: Any, most: int) -> int:
    return draw(
        st.one_of(
            st.sampled_from([0, 1, 2, 3, 5, 10, 52, 100, 1000]).filter(lambda n: n <= most),
            st.integers(0, most),
        )
    )


def canonical(draw: Any, name: str) -> Any:
    """A value of field `name` as a number, bool or level name."""
    fld = FIELDS[name]
    if name in DERIVED_MOST:
        return whole(draw, DERIVED_MOST[name])
    if fld.type == "count":
        return whole(draw, 10**7)
    if fld.type == "months":
        return whole(draw, 30)
    if fld.type == "money":
        return whole(draw, 10**12)
    if fld.type == "percent":
        return draw(st.integers(0, 10_000)) / 100  # two decimals at most, 0-100
    if fld.type == "bool":
        return draw(st.booleans())
    return draw(st.sampled_from(LEVELS))


def written(draw: Any, name: str, value: Any) -> Any:
    """`value` as a person may write it: the number itself or a text form."""
    kind = FIELDS[name].type
    if kind == "bool":
        return draw(
            st.sampled_from(
                [
                    value,
                    "ya" if value else "tidak",
                    "YA" if value else "Tidak",
                    "yes" if value else "no",
                ]
            )
        )
    if kind == "level":
        return draw(st.sampled_from([value, value.capitalize(), value.upper()]))
    if kind == "percent":
        comma = repr(value).replace(".", ",")
        return draw(st.sampled_from([value, comma, comma + "%", repr(value)]))
    forms: list[Any] = [value, str(value), grouped(value)]
    if kind == "money":
        forms += [f"Rp {grouped(value)}", f"Rp{grouped(value)}", f"Rp {grouped(value)},00"]
    return draw(st.sampled_from(forms))


@st.composite
def candidate(draw: Any, category: str, n: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    reads = READS[category]
    regulations = draw(st.booleans())  # one list gives both regulation fields
    for name in reads:
        if name in ("regulation.dedicated_level", "regulation.supporting_count"):
            values[name] = canonical(draw, name) if regulations else None
        elif draw(st.integers(0, 4)) == 0:
            values[name] = None  # missing
        else:
            values[name] = canonical(draw, name)
    if regulations and "policy.ptsp_required" in values and values["policy.ptsp_required"] is None:
        # A YAML file would derive it from its regulations; a table gives it.
        values["policy.ptsp_required"] = draw(st.booleans())
    # A part may not exceed its whole (`error` partners): clamp, partners first.
    for _ in range(3):
        for name in reads:
            partner = FIELDS[name].at_most
            if FIELDS[name].over != "error" or partner not in values:
                continue
            if values[name] is not None and values[partner] is not None:
                values[name] = min(values[name], values[partner])
    row: dict[str, Any] = {
        "id": f"{category}-{n}",
        "name": draw(st.sampled_from(NAMES)).format(n=n),
        "category": category,
        "period": draw(st.sampled_from([2022, "2022"])),
        "province": draw(st.sampled_from(PROVINCES)),
        "zone": draw(st.sampled_from(ZONES)),
        "synthetic": True,
    }
    for name, value in values.items():
        row[name] = None if value is None else written(draw, name, value)
    return row


@st.composite
def candidates(draw: Any) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True))
    rows = []
    for category in chosen:
        for n in range(1, draw(st.integers(1, 6)) + 1):
            rows.append(draw(candidate(category, n)))
    return draw(st.permutations(rows))


def filled_templates(here: Path, rows: list[dict[str, Any]]) -> list[Path]:
    """One `paritrana template` workbook per category, its rows filled in."""
    paths = []
    for category in dict.fromkeys(r["category"] for r in rows):
        cat = CRITERIA.category(category)
        assert cat is not None
        blank = here / f"template-{category}.xlsx"
        blank.write_bytes(template_workbook(CRITERIA, cat, file_name=blank.name))
        mine = [r for r in rows if r["category"] == category]
        paths.append(fill_template(blank, mine, here / f"terisi-{category}.xlsx"))
    return paths


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=candidates(), delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_yaml_csv_and_xlsx_rank_identically(
    rows: list[dict[str, Any]], delimiter: str, bom: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        from_yaml = summary(ranked(write_yaml(here / "yaml", rows), here))
        csv_path = write_csv(here / "kandidat.csv", rows, delimiter=delimiter, bom=bom)
        from_csv = summary(ranked([csv_path], here))
        from_xlsx = summary(ranked([write_xlsx(here / "kandidat.xlsx", rows)], here))
        from_template = summary(ranked(filled_templates(here, rows), here))
    assert from_csv == from_yaml
    assert from_xlsx == from_yaml
    assert from_template == from_yaml
    # Every candidate is ranked somewhere: nothing was dropped on the way.
    assert sorted(i for result in from_yaml for i in result[2]) == sorted(r["id"] for r in rows)
