"""The submission workbook (`paritrana template`): one sheet to send out to
regions or companies and read back as a candidate table (docs/formats.md,
"Candidate tables"), and a notes sheet saying how to fill it in.

The first sheet (`Kandidat`, in English `Candidates`: the name the table
reader looks for) holds one row per candidate, from row 4 on. Row 3 is the
header the reader reads: the identity columns (`id`, `name`, `category`,
`period`, `province`, `zone`), then every field the category's criteria
read, as catalogue names (`coverage.active_members`) in catalogue order,
derived fields included (a table gives their counts and levels directly,
since lists do not fit a cell). Above it, for people, row 1 gives each
column's label and row 2 its type and unit; the reader starts at the first
row with a cell `id`, so these are not read. Every header cell carries a
note with the field's label, unit and how to write it, and every column an
input prompt saying the same when a cell is selected, in the workbook's
language (Bahasa Indonesia, or English).

Data validation stops what cannot be read: levels and yes/no as drop-down
lists, counts and money whole and at least 0, months 0-1200, percent
0-100, the category its one id, the period a year. Identity and text
columns are formatted as Text, so that Excel keeps `0012` and a 16-digit
identifier as typed instead of turning them into `12` and `3.2E+15` (and
`1-2` stays text, not a date). No percent column uses Excel's percent
format: there, typing 94 would store 0.94.

The notes sheet repeats, per column, what `paritrana init` says in its
comments (scoring/render/skeleton.py): the label, type and unit, how to
write a value, the field it may not exceed, and every indicator it feeds
with its role and points.

Text from the criteria (labels, titles) goes through `cells.xlsx_text` and
is stored as string cells, quote-prefixed when it looks like a formula,
as in the ranking workbook (scoring/render/xlsx.py). openpyxl is imported
here only, when `paritrana template` runs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from ..fields import FIELDS, LEVELS, MAXIMUM, PROGRAMMES, Field
from ..model import Category, Criteria, Lang
from . import i18n
from .cells import XLSX_CELL_MAX, looks_like_formula, xlsx_text
from .skeleton import DERIVED_FROM, Use, field_uses, how_to_write, points_text, type_text, use_text

# The identity columns, in the order the sheet gives them. `synthetic` is
# left out: a workbook people fill in holds real candidates.
IDENTITY: tuple[str, ...] = ("id", "name", "category", "period", "province", "zone")
# Rows the validations and formats cover: the whole sheet below the header
# (Excel's last row), so a pasted block of 725,356 rows is covered too.
LAST_ROW = 1_048_576
# The entries sheet's rows: a label and a type row for people, the header
# the reader reads (the first row with a cell `id`: rows above it are not
# read, scoring/load/tables.py), then one row per candidate.
LABEL_ROW, UNIT_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
TEXT_FORMAT = "@"
ID_MAX = 100  # characters of an id, province or zone (docs/formats.md, "Limits")
NAME_MAX = 2000  # characters of a name (MAX_TEXT of the validator)
NOTE_LINE = 200  # characters of a notes line across the table's width, roughly

# Labels of this document, (Bahasa Indonesia, English). Catalogue labels,
# types, units and the ways to write values come from the field catalogue
# and scoring/render/i18n.py, shared with `paritrana init`.
LABELS: dict[str, tuple[str, str]] = {
    "sheet_data": ("Kandidat", "Candidates"),
    "sheet_notes": ("Petunjuk", "Notes"),
    "title": (
        "Templat isian Paritrana Award, kategori {label} ({id}), dibuat oleh paritrana template.",
        "Paritrana Award submission workbook, category {label} ({id}), written by "
        "paritrana template.",
    ),
    "criteria": (
        "Kriteria: {title}, edisi {edition} ({status}).",
        "Criteria: {title}, edition {edition} ({status}).",
    ),
    "rows": (
        "Lembar {sheet}: satu baris per peserta, mulai baris {first}. Baris 1 memberi keterangan "
        "dan baris 2 jenis setiap kolom; baris {header} berisi nama kolom yang dibaca paritrana: "
        "jangan diubah, dipindah atau dihapus. Kolom yang tidak diperlukan boleh dibiarkan kosong.",
        "Sheet {sheet}: one row per candidate, from row {first} on. Row 1 gives each column's "
        "label and row 2 its type; row {header} holds the column names paritrana reads: do not "
        "change, move or delete them. A column not needed may be left empty.",
    ),
    "missing": (
        "Sel yang dibiarkan kosong berarti data tidak tersedia (bukan nol) dan dinilai "
        "menurut kebijakan data kosong: {policy}. Tulis 0 hanya bila nilainya memang nol.",
        "A cell left empty means the data is not available (missing, not zero) and is scored "
        "by the missing-value policy: {policy}. Write 0 only when the value is zero.",
    ),
    "numbers": (
        "Cara menulis angka: bilangan bulat 2.234 atau 2234 (titik memisahkan ribuan, "
        "bukan 2,234); uang Rp 484.646.400 atau 484646400; persen 0-100 dengan koma desimal, "
        "mis. 94,5 (bukan 0,945). Kolom ya/tidak dan tingkat dipilih dari daftar.",
        "Writing numbers: whole numbers 2.234 or 2234 (the dot groups thousands; never "
        "2,234); money Rp 484.646.400 or 484646400; percent 0-100 with a decimal comma, "
        "e.g. 94,5 (not 0,945). Yes/no and level columns are chosen from a list.",
    ),
    "checks": (
        "Setiap sel diperiksa saat diisi: tingkat dan ya/tidak dipilih dari daftar, jumlah "
        "dan uang bilangan bulat 0 atau lebih, persen 0 sampai 100. Bila Excel menolak "
        "isian, tulis angkanya saja menurut pengaturan angka Excel Anda (mis. 2234, "
        "484646400, 94,5).",
        "Each cell is checked as it is filled in: levels and yes/no are chosen from a list, "
        "counts and money are whole numbers of 0 or more, percent 0 to 100. When Excel refuses "
        "a value, type the plain number as your Excel writes numbers (e.g. 2234, 484646400, "
        "94.5).",
    ),
    "text": (
        "Kolom id, nama, kategori, provinsi dan zona berformat Teks, agar Excel tidak "
        "mengubah kode (angka nol di depan, nomor panjang, tanggal). Saat menempel data, "
        "gunakan Tempel Khusus > Nilai agar format Teks tetap.",
        "The id, name, category, province and zone columns are formatted as Text, so that "
        "Excel does not change codes (leading zeros, long numbers, dates). When pasting, use "
        "Paste Special > Values so the Text format stays.",
    ),
    "lists": (
        "Daftar (regulasi, inovasi, kegiatan, program) tidak muat dalam satu sel: kolom "
        "turunan memberi hasilnya langsung (tingkat regulasi khusus, jumlah regulasi "
        "pendukung, jumlah inovasi, jumlah kegiatan, jumlah program). Berkas YAML per "
        "peserta (paritrana init) dapat memuat daftar lengkap beserta buktinya.",
        "Lists (regulations, innovations, events, programmes) do not fit a cell: the derived "
        "columns give their result directly (the dedicated regulation's level, the number of "
        "supporting regulations, of innovations, of events, of programmes). A YAML file per "
        "candidate (paritrana init) can hold the full lists with their evidence.",
    ),
    "check": (
        "Periksa berkas dengan: paritrana validate --candidates {file}; lihat nilainya: "
        "paritrana rank --candidates {file}.",
        "Check the file: paritrana validate --candidates {file}; see what it scores: "
        "paritrana rank --candidates {file}.",
    ),
    "panel": (
        "Dinilai panel saat wawancara, tidak diisi di templat ini: {items} ({points}).",
        "Scored by the panel at the interview, not written in this workbook: {items} ({points}).",
    ),
    "col_letter": ("Kolom", "Column"),
    "col_key": ("Nama kolom", "Column name"),
    "col_label": ("Keterangan", "Label"),
    "col_type": ("Jenis", "Type"),
    "col_write": ("Cara menulis", "How to write it"),
    "col_bound": ("Batas", "Bound"),
    "col_feeds": ("Dipakai oleh indikator", "Feeds the indicators"),
    "type_text": ("teks", "text"),
    "type_year": ("tahun", "year"),
    "id_label": ("Id peserta", "Candidate id"),
    "id_write": (
        "huruf kecil, angka dan '-', unik di antara peserta, mis. kota-langsa",
        "lower-case letters, digits and '-', unique among the candidates, e.g. kota-langsa",
    ),
    "name_label": ("Nama resmi peserta", "The candidate's official name"),
    "name_write": ("teks, wajib diisi", "text, required"),
    "category_label": ("Kategori", "Category"),
    "category_write": (
        "tulis {id} ({label}; pilih dari daftar)",
        "write {id} ({label}; choose from the list)",
    ),
    "period_label": ("Tahun penilaian", "Assessment year"),
    "period_write": ("tahun edisi kriteria: {edition}", "the criteria's edition: {edition}"),
    "province_label": ("Provinsi", "Province"),
    "zone_label": ("Zona (mis. Sumatera)", "Zone (e.g. Sumatera)"),
    "optional_write": ("teks, boleh kosong", "text, may be left empty"),
    "required": ("wajib", "required"),
    "at_most_chars": ("paling banyak {n} karakter", "at most {n} characters"),
    "derived": (
        "dalam berkas YAML dihitung dari {list}:; di tabel ditulis langsung",
        "counted from {list}: in a YAML file; written directly in a table",
    ),
    "derived_level": (
        "tingkat terbaik regulasi khusus (cakupan dedicated); none = ada regulasi tetapi "
        "tidak ada yang khusus",
        "the best level of a dedicated regulation (scope dedicated); none = regulations "
        "exist but none is dedicated",
    ),
    "derived_supporting": (
        "regulasi selain yang memberi tingkat regulasi khusus",
        "regulations other than the one that gave the dedicated level",
    ),
    "derived_programmes": (
        "jumlah program yang diikuti di antara {programmes}",
        "the number of programmes held among {programmes}",
    ),
    "derived_ptsp": (
        "ya bila suatu regulasi bercakupan ptsp",
        "yes when a regulation has scope ptsp",
    ),
    "prompt_error": ("Nilai tidak dapat dibaca", "Value cannot be read"),
    "error_list": ("Pilih salah satu dari daftar: {values}", "Choose one of the list: {values}"),
    "error_whole": (
        "Tulis bilangan bulat {low} atau lebih",
        "Write a whole number of {low} or more",
    ),
    "error_between": (
        "Tulis bilangan bulat {low} sampai {high}",
        "Write a whole number from {low} to {high}",
    ),
    "error_percent": (
        "Tulis persen 0 sampai 100, mis. 94,5",
        "Write a percent from 0 to 100, e.g. 94.5",
    ),
    "error_length": (
        "Paling banyak {n} karakter",
        "At most {n} characters",
    ),
    "bool_values": ("ya,tidak", "yes,no"),
}


def labels(lang: Lang) -> dict[str, str]:
    return i18n.pick(LABELS, lang)


@dataclass(frozen=True)
class Check:
    """One column's data validation, as openpyxl's DataValidation takes it."""

    type: Literal["list", "whole", "decimal", "textLength"]
    operator: Literal["between", "greaterThanOrEqual", "lessThanOrEqual"] | None = None
    formula1: str | None = None
    formula2: str | None = None
    error: str = ""


@dataclass(frozen=True)
class Column:
    """One column of the entries sheet."""

    key: str  # the header the reader reads: an identity key or a catalogue field
    label: str
    type: str  # the type in words, with the unit: `jumlah (orang)`
    write: str  # how a value is written
    bound: str = ""  # the partner it may not exceed, a length limit
    number_format: str = "General"  # `@`: formatted as Text
    check: Check | None = None
    uses: Sequence[Use] = field(default_factory=tuple)
    required: bool = False


def _quoted_list(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _field_check(fld: Field, t: dict[str, str]) -> Check | None:
    kind = fld.type
    if fld.name == "compliance.programmes":
        n = len(PROGRAMMES)
        return Check("whole", "between", "0", str(n), t["error_between"].format(low=0, high=n))
    if kind in ("count", "money"):
        return Check("whole", "greaterThanOrEqual", "0", None, t["error_whole"].format(low=0))
    if kind == "months":
        high = int(MAXIMUM["months"])
        return Check(
            "whole", "between", "0", str(high), t["error_between"].format(low=0, high=high)
        )
    if kind == "percent":
        return Check("decimal", "between", "0", "100", t["error_percent"])
    if kind == "bool":
        words = t["bool_values"]
        return Check(
            "list", None, _quoted_list(words.split(",")), None, t["error_list"].format(values=words)
        )
    if kind == "level":
        return Check(
            "list",
            None,
            _quoted_list(LEVELS),
            None,
            t["error_list"].format(values=", ".join(LEVELS)),
        )
    return None


def _number_format(fld: Field) -> str:
    """The Excel number format of a field's column. Counts and money are shown
    grouped (Excel groups by the reader's locale: 2.234 in Indonesian);
    percent stays General, never Excel's `0%`, which would store 94 typed
    as 0.94; levels and yes/no are text."""
    if fld.type in ("count", "months"):
        return "#,##0"
    if fld.type == "money":
        return '"Rp "#,##0'
    if fld.type in ("bool", "level"):
        return TEXT_FORMAT
    return "General"


def _derived_note(fld: Field, t: dict[str, str]) -> str:
    if fld.name == "regulation.dedicated_level":
        return t["derived_level"]
    if fld.name == "regulation.supporting_count":
        return t["derived_supporting"]
    if fld.name == "compliance.programmes":
        return t["derived_programmes"].format(programmes=", ".join(PROGRAMMES))
    return ""


def _identity_columns(criteria: Criteria, category: Category, lang: Lang) -> list[Column]:
    t = labels(lang)
    text, year = t["type_text"], t["type_year"]
    chars = t["at_most_chars"]
    short = Check(
        "textLength", "lessThanOrEqual", str(ID_MAX), None, t["error_length"].format(n=ID_MAX)
    )
    return [
        Column(
            "id",
            t["id_label"],
            text,
            t["id_write"],
            chars.format(n=ID_MAX),
            number_format=TEXT_FORMAT,
            check=short,
            required=True,
        ),
        Column(
            "name",
            t["name_label"],
            text,
            t["name_write"],
            chars.format(n=NAME_MAX),
            number_format=TEXT_FORMAT,
            check=Check(
                "textLength",
                "lessThanOrEqual",
                str(NAME_MAX),
                None,
                t["error_length"].format(n=NAME_MAX),
            ),
            required=True,
        ),
        Column(
            "category",
            t["category_label"],
            text,
            t["category_write"].format(id=category.id, label=category.label.get(lang)),
            number_format=TEXT_FORMAT,
            check=Check(
                "list",
                None,
                _quoted_list([category.id]),
                None,
                t["error_list"].format(values=category.id),
            ),
            required=True,
        ),
        Column(
            "period",
            t["period_label"],
            year,
            t["period_write"].format(edition=criteria.edition),
            number_format="0",
            check=Check(
                "whole", "between", "1900", "2100", t["error_between"].format(low=1900, high=2100)
            ),
            required=True,
        ),
        Column(
            "province",
            t["province_label"],
            text,
            t["optional_write"],
            chars.format(n=ID_MAX),
            number_format=TEXT_FORMAT,
            check=short,
        ),
        Column(
            "zone",
            t["zone_label"],
            text,
            t["optional_write"],
            chars.format(n=ID_MAX),
            number_format=TEXT_FORMAT,
            check=short,
        ),
    ]


def template_columns(criteria: Criteria, category: Category, lang: Lang = "id") -> list[Column]:
    """The entries sheet's columns, left to right: the identity columns,
    then every field the category reads (skeleton.field_uses: catalogue
    order), derived ones included."""
    t = labels(lang)
    shared = i18n.labels(lang)
    columns = _identity_columns(criteria, category, lang)
    for name, uses in field_uses(category).items():
        fld = FIELDS[name]
        write = how_to_write(fld, lang)
        if fld.derived:
            write += "; " + t["derived"].format(list=DERIVED_FROM[name])
            note = _derived_note(fld, t)
            if note:
                write += "; " + note
        elif name == "policy.ptsp_required":
            write += "; " + t["derived_ptsp"]
        columns.append(
            Column(
                name,
                fld.label.get(lang),
                type_text(fld, lang),
                write,
                shared["at_most_field"].format(field=fld.at_most) if fld.at_most else "",
                number_format=_number_format(fld),
                check=_field_check(fld, t),
                uses=tuple(uses),
            )
        )
    return columns


def _put(ws: Any, row: int, col: int, value: object, lang: Lang) -> Any:
    """One cell; text is escaped, cut to a cell's size and stored as a
    string cell that is never a formula. A list of texts is shown one per
    line, each escaped (so only the breaks put here are line breaks)."""
    if isinstance(value, list):
        value = "\n".join(xlsx_text(str(part), lang) for part in value)[:XLSX_CELL_MAX]
    elif isinstance(value, str):
        value = xlsx_text(value, lang)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def _cut(text: str, most: int) -> str:
    """Excel's limits on validation prompts (title 32, text 255 characters)."""
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def _entries_sheet(ws: Any, columns: Sequence[Column], lang: Lang) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = labels(lang)
    bold = Font(bold=True)
    grey = Font(italic=True, color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    for n, col in enumerate(columns, start=1):
        letter = get_column_letter(n)
        required = f" ({t['required']})" if col.required else ""
        # Rows above the header: the label and the type, for people; the
        # reader starts at the row holding `id` (docs/formats.md).
        _put(ws, LABEL_ROW, n, col.label + required, lang).alignment = wrap
        _put(ws, UNIT_ROW, n, col.type, lang).font = grey
        cell = _put(ws, HEADER_ROW, n, col.key, lang)
        cell.font = bold
        cell.fill = required_fill if col.required else head_fill
        # The label, type and how to write it, shown on hovering the header.
        note = "\n".join(
            xlsx_text(part, lang)
            for part in (col.label + required, col.type, col.write, col.bound)
            if part
        )
        comment = Comment(note, "paritrana")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        dim = ws.column_dimensions[letter]
        dim.width = max(16, min(40, len(col.key) + 4))
        dim.number_format = col.number_format
        check = col.check
        dv = DataValidation(
            type=check.type if check else None,
            operator=check.operator if check else None,
            formula1=check.formula1 if check else None,
            formula2=check.formula2 if check else None,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=check is not None,
            errorStyle="stop",
            promptTitle=_cut(xlsx_text(col.key, lang), 32),
            prompt=_cut(xlsx_text(f"{col.label}: {col.write}", lang), 255),
            errorTitle=_cut(t["prompt_error"], 32) if check else None,
            error=_cut(check.error, 255) if check else None,
        )
        dv.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
        ws.add_data_validation(dv)
    # The header rows and the id and name columns stay in view.
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.row_dimensions[LABEL_ROW].height = 45


def _lines(value: object, width: int) -> int:
    """Lines a wrapped cell of `width` characters takes, roughly."""
    if not isinstance(value, str) or not value:
        return 1
    return sum(max(1, -(-len(part) // max(1, width - 2))) for part in value.split("\n"))


def _notes_sheet(
    ws: Any,
    criteria: Criteria,
    category: Category,
    columns: Sequence[Column],
    file_name: str,
    lang: Lang,
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    t = labels(lang)
    shared = i18n.labels(lang)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    status = (
        shared["status_official"] if criteria.status == "official" else shared["status_proposal"]
    )
    lines = [
        t["title"].format(label=category.label.get(lang), id=category.id),
        t["criteria"].format(
            title=criteria.title.get(lang), edition=criteria.edition, status=status
        ),
        t["rows"].format(sheet=t["sheet_data"], first=FIRST_ROW, header=HEADER_ROW),
        t["missing"].format(policy=shared[f"cli_policy_{category.missing}"]),
        t["numbers"],
        t["checks"],
        t["text"],
        t["lists"],
        t["check"].format(file=file_name),
    ]
    panel = [i for i in category.indicators if i.input.kind == "panel"]
    if panel:
        items = ", ".join(f"{i.label.get(lang)} [{i.id}]" for i in panel)
        lines.append(
            t["panel"].format(items=items, points=points_text(sum(i.weight for i in panel), lang))
        )
    row = 1
    for n, line in enumerate(lines):
        cell = _put(ws, row, 1, line, lang)
        cell.alignment = wrap
        if n == 0:
            cell.font = bold
        # Across the table's width, as tall as its wrapped lines (a merged
        # cell does not grow by itself).
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.row_dimensions[row].height = 15 * max(1, -(-len(str(cell.value)) // NOTE_LINE))
        row += 1
    row += 1
    head = ["col_letter", "col_key", "col_label", "col_type", "col_write", "col_bound", "col_feeds"]
    for n, key in enumerate(head, start=1):
        _put(ws, row, n, t[key], lang).font = bold
    header_row = row
    widths = (8, 36, 40, 18, 50, 30, 70)
    for n, col in enumerate(columns, start=1):
        row += 1
        label = col.label + (f" ({t['required']})" if col.required else "")
        values = [get_column_letter(n), col.key, label, col.type, col.write, col.bound]
        cells = [_put(ws, row, m, value, lang) for m, value in enumerate(values, start=1)]
        cells.append(_put(ws, row, len(values) + 1, [use_text(u, lang) for u in col.uses], lang))
        for cell in cells:
            cell.alignment = wrap
        # As tall as its most wrapped cell: spreadsheets do not size a row
        # written without a height.
        tall = max(_lines(c.value, w) for c, w in zip(cells, widths))
        ws.row_dimensions[row].height = 15 * tall
    for letter, width in zip("ABCDEFG", widths):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    # Printed: landscape, one page wide, the table's header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def template_workbook(
    criteria: Criteria,
    category: Category,
    *,
    file_name: str,
    lang: Lang = "id",
    generated: date | None = None,
) -> bytes:
    """The workbook's bytes: the entries sheet first (the one the table
    reader reads), then the notes."""
    from openpyxl import Workbook

    t = labels(lang)
    columns = template_columns(criteria, category, lang)
    wb = Workbook()
    for sheet in list(wb.worksheets):  # the empty default sheet
        wb.remove(sheet)
    entries = wb.create_sheet(t["sheet_data"])
    _entries_sheet(entries, columns, lang)
    notes = wb.create_sheet(t["sheet_notes"])
    _notes_sheet(notes, criteria, category, columns, file_name, lang)
    wb.active = 0
    if generated is not None:
        stamp = datetime(generated.year, generated.month, generated.day)
        wb.properties.created = stamp
        wb.properties.modified = stamp
    wb.properties.title = xlsx_text(
        t["title"].format(label=category.label.get(lang), id=category.id), lang
    )
    wb.properties.creator = "paritrana"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["IDENTITY", "Check", "Column", "template_columns", "template_workbook"]
