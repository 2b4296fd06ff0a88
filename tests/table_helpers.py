"""The same candidates as YAML files, as one CSV and as one XLSX, and their
rankings side by side (tests/test_template_roundtrip.py,
tests/test_table_equivalence.py).

A candidate here is a plain mapping: the identity keys (`id`, `name`,
`category`, `period`, optionally `province`, `zone`, `synthetic`) and
catalogue fields (`section.key`) with the value as a number, a bool, a
level name, or the text a person would type (`"Rp 484.646.400"`,
`"94,5"`). A table gives a derived field directly (docs/formats.md,
"Candidate tables"); a YAML file gives it as the list it is counted from,
built here:

- `regulation.dedicated_level` L and `regulation.supporting_count` n: one
  regulation of level L with scope `dedicated` (none when L is `none`),
  then n supporting regulations (scope `desa`). The two come from one
  list, so a candidate gives both or neither (a YAML file cannot give one
  without the other); `policy.ptsp_required` is written whenever the list
  is, since a YAML file without it derives it from the list.
- `innovation.count` n, `outreach.events` n: n items each.
- `compliance.programmes` n: the first n programmes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from paritrana.scoring.fields import PROGRAMMES
from paritrana.scoring.model import Ranking
from paritrana.scoring.pipeline import load_inputs, rank_inputs

Row = Mapping[str, Any]
IDENTITY = ("id", "name", "category", "period", "province", "zone", "synthetic")
# A regulation type of each level (scoring/fields.py, REGULATION_LEVEL).
TYPE_OF_LEVEL = {"perda": "perda", "perkada": "perbup", "instruksi": "instruksi"}
LIST_FIELDS = {
    "innovation.count": "innovations",
    "outreach.events": "events",
    "compliance.programmes": "programmes",
}
REGULATION_FIELDS = ("regulation.dedicated_level", "regulation.supporting_count")


def _whole(value: Any) -> int:
    """A derived count as the whole number it is (a table may give `3`,
    `3.0` or `"3"`)."""
    return int(float(str(value).replace(".", "")) if isinstance(value, str) else value)


def yaml_document(row: Row) -> dict[str, Any]:
    """The candidate file of `row`: identity keys, the lists derived
    fields come from, then the value sections."""
    doc: dict[str, Any] = {k: row[k] for k in IDENTITY if row.get(k) is not None}
    period = int(row["period"])
    level = row.get("regulation.dedicated_level")
    supporting = row.get("regulation.supporting_count")
    if level is not None or supporting is not None:
        regulations = []
        level = str(level).strip().lower() if level is not None else "none"
        if level != "none":
            regulations.append(
                {
                    "type": TYPE_OF_LEVEL[level],
                    "number": "1",
                    "year": period,
                    "title": "Regulasi khusus (SYNTHETIC)",
                    "scope": ["dedicated"],
                }
            )
        for n in range(_whole(supporting) if supporting is not None else 0):
            regulations.append(
                {
                    "type": "perda",
                    "number": str(n + 2),
                    "year": period,
                    "title": f"Regulasi pendukung {n + 1} (SYNTHETIC)",
                    "scope": ["desa"],
                }
            )
        doc["regulations"] = regulations
    sections: dict[str, dict[str, Any]] = {}
    for name, value in row.items():
        if name in IDENTITY or name in REGULATION_FIELDS or value is None:
            continue
        if name in LIST_FIELDS:
            n = _whole(value)
            key = LIST_FIELDS[name]
            if key == "programmes":
                doc[key] = list(PROGRAMMES[:n])
            else:
                doc[key] = [
                    {"title": f"{key} {k + 1} (SYNTHETIC)", "year": period} for k in range(n)
                ]
            continue
        section, key = name.split(".", 1)
        sections.setdefault(section, {})[key] = value
    doc.update(sections)
    return doc


def write_yaml(folder: Path, rows: Sequence[Row]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for row in rows:
        path = folder / f"{row['id']}.yaml"
        text = yaml.safe_dump(yaml_document(row), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def columns_of(rows: Sequence[Row]) -> list[str]:
    """Identity columns first, then every field any row gives, in first-seen order."""
    seen = [k for k in IDENTITY if any(k in r for r in rows)]
    for row in rows:
        seen += [k for k in row if k not in seen]
    return seen


def cell_text(value: Any) -> str:
    """A value as a CSV cell: empty for missing; a bool as `true`/`false`;
    a number in plain digits (whole numbers without `.0`); text as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(path: Path, rows: Sequence[Row], *, delimiter: str = ",", bom: bool = False) -> Path:
    names = columns_of(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell_text(row.get(k)) for k in names])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: Sequence[Row], sheet: str = "Isian") -> Path:
    """One sheet, header in row 1; numbers and bools as Excel numbers and
    booleans, text as string cells (never formulas)."""
    from openpyxl import Workbook

    names = columns_of(rows)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(names)
    for row in rows:
        ws.append([row.get(k) for k in names])
    for line in ws.iter_rows(min_row=1):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    wb.save(path)
    return path


def fill_template(path: Path, rows: Sequence[Row], out: Path) -> Path:
    """Type `rows` into a `paritrana template` workbook's entries sheet, as a
    person would: each value into the column of its name (header row 3,
    candidates from row 4; a column the template lacks, such as
    `synthetic`, added after the last), text as text cells."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[3]]  # rows 1 and 2: each column's label and type
    for r, row in enumerate(rows, start=4):
        for key, value in row.items():
            if key not in header:
                header.append(key)
                ws.cell(row=3, column=len(header), value=key)
            cell = ws.cell(row=r, column=header.index(key) + 1, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    wb.save(out)
    return out


def ranked(paths: Sequence[Path], cwd: Path) -> Ranking:
    """The ranking of these candidate files with the shipped criteria (no panel)."""
    inputs = load_inputs(None, list(paths), cwd=cwd)
    return rank_inputs(inputs)


def summary(ranking: Ranking) -> list[tuple[Any, ...]]:
    """Per category: the stage, the ids in ranked order (with name,
    province, zone and the synthetic mark), their ranks, totals and
    maxima, and every indicator's derived value, points, score and
    status, as plain values (so two rankings compare exactly, float for
    float)."""
    out: list[tuple[Any, ...]] = []
    for result in ranking.results:
        out.append(
            (
                result.category.id,
                result.stage.id if result.stage is not None else None,
                tuple(c.id for c in result.candidates),
                tuple((c.name, c.province, c.zone, c.synthetic) for c in result.candidates),
                tuple(int(r) for r in result.rank),
                tuple(float(t) for t in result.total),
                tuple(float(t) for t in result.max_total),
                tuple(
                    (
                        col.indicator.id,
                        tuple(repr(float(d)) for d in col.derived),
                        tuple(float(p) for p in col.points),
                        tuple(repr(float(s)) for s in col.score),
                        tuple(int(s) for s in col.status),
                    )
                    for col in result.indicators
                ),
            )
        )
    return out


def points_of(ranking: Ranking, candidate_id: str) -> dict[str, float]:
    """One candidate's points per indicator, and `total`."""
    for result in ranking.results:
        ids = [c.id for c in result.candidates]
        if candidate_id in ids:
            i = ids.index(candidate_id)
            got = {col.indicator.id: float(col.points[i]) for col in result.indicators}
            got["total"] = float(result.total[i])
            return got
    raise KeyError(candidate_id)
