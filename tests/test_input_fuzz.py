"""Property tests of the number reader: whatever a person types into a
count, money or percent field, the file loads and validates without an
exception, every problem names file:line:column, and an accepted value is
the number the text says (docs/formats.md, "How values may be written")."""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.load.safeyaml import load_document
from paritrana.scoring.validate import validate_candidates
from validate_helpers import ok_criteria

HEAD = "id: kota-a\nname: Kota A\ncategory: kabupaten-kota\nperiod: 2022\n"
CRITERIA = ok_criteria()
PIECES = [
    "0",
    "1",
    "2",
    "5",
    "9",
    "00",
    "000",
    "123",
    ".",
    ",",
    "%",
    " ",
    "-",
    "+",
    "e",
    "E",
    "_",
    ":",
    "Rp",
    "Rp ",
    ",00",
    ",-",
    "x",
    "1.000",
    "2.500",
    "0.",
]
FIELDS = {
    "coverage.active_members": 1e9,  # count
    "budget.apbd_vulnerable_amount": 1e15,  # money
    "coverage.non_asn_share": 100.0,  # percent
}
GROUPED = re.compile(r"\+?\d{1,3}(\.\d{3})+")
WHERE = re.compile(r"^c\.yaml:\d+:\d+: ")


def _validate(field: str, written: str):
    section, key = field.split(".")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.yaml"
        path.write_text(f"{HEAD}{section}:\n  {key}: {written}\n", encoding="utf-8")
        document, problems = load_document(path, "c.yaml")
    if document is None:
        return None, problems
    candidates, problems = validate_candidates([document], CRITERIA)
    return (candidates[0].values.get(field) if candidates else None), problems


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(FIELDS)),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
    st.sampled_from(["{}", "'{}'", '"{}"']),
)
def test_any_typed_number_is_read_or_refused_with_its_place(
    field: str, pieces: list[str], quote: str
) -> None:
    text = "".join(pieces).strip() or "0"
    value, problems = _validate(field, quote.format(text))
    for problem in problems:
        assert WHERE.match(str(problem)), str(problem)
    if value is None:
        return
    assert isinstance(value, float) and math.isfinite(value)
    assert 0 <= value <= FIELDS[field]
    if field != "coverage.non_asn_share" and GROUPED.fullmatch(text):
        # Dot-grouped thousands: the dots only separate the digits.
        assert value == float(text.replace(".", "").lstrip("+"))
    if field == "coverage.active_members":
        assert value.is_integer()


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_and_plain_digits_read_the_same(number: int) -> None:
    grouped = f"{number:,}".replace(",", ".")  # 1234567 -> 1.234.567
    plain_value, _ = _validate("budget.apbd_vulnerable_amount", str(number))
    grouped_value, _ = _validate("budget.apbd_vulnerable_amount", grouped)
    rupiah_value, _ = _validate("budget.apbd_vulnerable_amount", f"Rp {grouped},00")
    assert plain_value == grouped_value == rupiah_value == float(number)
