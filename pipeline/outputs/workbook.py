"""The analysts' workbook ``marts.xlsx``, and what every workbook the pipeline writes shares.

A sheet per mart under the catalog's Indonesian labels (level names in Indonesian, number
formats, a frozen header row, an autofilter) and a ``Kamus Data`` sheet with the catalog's
Indonesian definitions. Every text cell passes the publication screen; the document
properties are fixed by the data, so the same marts give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter

from pipeline import catalog
from pipeline.core.files import atomic_path
from pipeline.core.sql import fetch
from pipeline.outputs.marts import INTEGER_TYPES, ExportedFile, declared_columns, ordered_rows, table_columns
from pipeline.publication.screen import publish_cell

WORKBOOK_NAME = "marts.xlsx"
DICTIONARY_SHEET = "Kamus Data"
EXCEL_MAX_ROWS = 1_048_576
#: Every workbook the pipeline writes: text stays text (never a formula, number or link),
#: and it is built in memory, so no temporary file (with personal data, for the fix list)
#: lands outside its folder and every zip entry gets xlsxwriter's fixed 1980 timestamp.
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_NUMBER_FORMATS = {
    "count": "#,##0",
    "idr": "[$Rp-421] #,##0",
    "fraction": "0.0%",
    "number": "#,##0.0",
    "date": "mmm yyyy",
    "text": "@",
}
_INVALID_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


def column_kind(column: catalog.Column) -> str:
    """How a column is shown in Excel: count, idr, fraction, number, date or text."""
    sql_type = column.type.upper()
    if sql_type == "DATE":
        return "date"
    if column.name.endswith("_idr") or column.unit == "IDR":
        return "idr"
    if column.unit == "fraction" or column.name.endswith(("_rate", "_share")) or column.name == "share":
        return "fraction"
    if sql_type in INTEGER_TYPES:
        return "count"
    if sql_type in ("DOUBLE", "FLOAT", "REAL") or sql_type.startswith("DECIMAL"):
        return "number"
    return "text"


#: Excel's limit on a sheet name.
SHEET_NAME_MAX = 31
#: The workbook's sheet of each mart: a short Indonesian name declared here, within Excel's
#: 31 characters and free of the characters Excel refuses, never a label cut to fit
#: ("Cakupan per jenis kelamin dan u"). A new mart needs a line here
#: (tests/unit/report/test_report_names_and_numbers.py checks).
SHEET_NAMES = {
    "marts.coverage_by_village": "Cakupan per desa-kelurahan",
    "marts.coverage_by_area": "Cakupan per wilayah",
    "marts.coverage_by_sector": "Cakupan per sektor",
    "marts.coverage_by_funding": "Cakupan per sumber dana",
    "marts.claims_by_program": "Klaim per program",
    "marts.quota_by_funding": "Kuota program per sumber dana",
    "marts.renewals_due": "Perpanjangan jatuh tempo",
    "marts.cross_checks": "Pemeriksaan silang",
    "marts.coverage_by_sex_age": "Cakupan per kelamin dan umur",
    "marts.source_freshness": "Kemutakhiran per sumber",
    "marts.village_anomalies": "Anomali per desa-kelurahan",
    "marts.target_cost": "Harga target UCJ",
    "marts.quota_cost": "Biaya kuota program",
    "audit.input_files": "Berkas masukan",
    "audit.rejected_rows": "Baris ditolak",
    "audit.notes": "Catatan pembacaan",
    "audit.ingestion_run": "Pengolahan",
}
_too_long = {
    k: v for k, v in SHEET_NAMES.items() if len(v) > SHEET_NAME_MAX or v != v.translate(_INVALID_SHEET_CHARS)
}
if _too_long:
    raise ValueError(
        f"sheet names Excel refuses (over {SHEET_NAME_MAX} characters or a character []:*?/\\): {_too_long}"
    )


def sheet_name(table: catalog.Table) -> str:
    """The table's sheet in the workbook: its name in ``SHEET_NAMES``.

    A table not declared there (a test fails for every mart without one) falls back to its
    English table name, an identifier that fits, never to a label cut at 31 characters.
    """
    return (
        SHEET_NAMES.get(table.qualified_name) or table.name.translate(_INVALID_SHEET_CHARS)[:SHEET_NAME_MAX]
    )


def workbook_created(month: dt.date | None) -> dt.datetime:
    """The workbook's fixed ``created`` date: midnight on the first day of the reporting month.

    Empty marts have no month; 1 January 1980 (the zip epoch) keeps the file reproducible.
    """
    if month is None:
        return dt.datetime(1980, 1, 1)
    return dt.datetime(month.year, month.month, 1)


class _Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "bottom": 1}
        )
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.top = workbook.add_format({"valign": "top"})
        self.by_kind = {k: workbook.add_format({"num_format": f}) for k, f in _NUMBER_FORMATS.items()}
        self.by_kind["date"].set_align("center")


def _write_cell(sheet: Any, row: int, col: int, value: Any, cell_format: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float, decimal.Decimal)):
        sheet.write_number(
            row, col, float(value) if isinstance(value, decimal.Decimal) else value, cell_format
        )
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, publish_cell(str(value)), cell_format)


def _column_width(label: str, kind: str, longest_value: int) -> float:
    header = min(len(label), 24) + 2
    body = {"date": 12, "fraction": 8, "idr": 16, "count": 10}.get(kind, longest_value + 2)
    return float(min(max(header, body, 8), 48))


def _print_setup(sheet: Any) -> None:
    """A4 landscape, one page wide, header row repeated: a printout an analyst can read."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _write_mart_sheet(
    con: duckdb.DuckDBPyConnection, workbook: xlsxwriter.Workbook, formats: _Formats, table: catalog.Table
) -> int:
    columns = declared_columns(table, table_columns(con, table))
    kinds = [column_kind(c) for c in columns]
    labels = [dict(c.values_id) for c in columns]
    sheet = workbook.add_worksheet(sheet_name(table))
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label_id, formats.header)
    longest = [0] * len(columns)
    rows = 0
    for rows, values in enumerate(ordered_rows(con, table), start=1):
        if rows >= EXCEL_MAX_ROWS:
            raise ValueError(f"{table.qualified_name} has more rows than an Excel sheet holds")
        for col, value in enumerate(values):
            value = labels[col].get(value, value) if labels[col] else value
            _write_cell(sheet, rows, col, value, formats.by_kind[kinds[col]])
            if kinds[col] == "text" and value is not None:
                longest[col] = max(longest[col], len(str(value)))
    for col, column in enumerate(columns):
        sheet.set_column(col, col, _column_width(column.label_id, kinds[col], longest[col]))
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, len(columns) - 1)
    _print_setup(sheet)
    return rows


_DICTIONARY_HEADER = ("Lembar", "Tabel", "Kolom", "Label", "Tipe", "Satuan", "Definisi")
_DICTIONARY_WIDTHS = (26, 26, 24, 26, 10, 10, 80)


def dictionary_rows(tables: Sequence[catalog.Table]) -> list[tuple[str, ...]]:
    """One row per exported column, in Indonesian: sheet, table, column, label, type, unit, definition.

    Type, unit and definition come from the catalog's Indonesian fields (``TYPES_ID``,
    ``UNITS_ID``, ``Column.definition_id``); a column without an Indonesian definition
    keeps the English one rather than none.
    """
    return [
        (
            sheet_name(t),
            t.qualified_name,
            c.name,
            c.label_id,
            catalog.TYPES_ID.get(c.type, c.type),
            catalog.UNITS_ID.get(c.unit, c.unit),
            c.definition_id or c.definition,
        )
        for t in tables
        for c in t.columns
    ]


def _write_dictionary_sheet(
    workbook: xlsxwriter.Workbook, formats: _Formats, tables: Sequence[catalog.Table]
) -> int:
    sheet = workbook.add_worksheet(DICTIONARY_SHEET)
    for col, title in enumerate(_DICTIONARY_HEADER):
        sheet.write_string(0, col, title, formats.header)
        sheet.set_column(col, col, _DICTIONARY_WIDTHS[col])
    rows = dictionary_rows(tables)
    for r, values in enumerate(rows, start=1):
        # LibreOffice does not grow a wrapped row on opening: set the height it needs
        lines = max(1, math.ceil(len(values[6]) / (_DICTIONARY_WIDTHS[6] - 8)))
        sheet.set_row(r, 15 * lines)
        for col, value in enumerate(values):
            sheet.write_string(r, col, publish_cell(value), formats.wrap if col == 6 else formats.top)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(_DICTIONARY_HEADER) - 1)
    _print_setup(sheet)
    return len(rows)


def reporting_month(con: duckdb.DuckDBPyConnection, tables: Sequence[catalog.Table]) -> dt.date | None:
    """The latest month in the marts: the data's reporting month."""
    months = [fetch(con, "tables", "latest_month", table=t.qualified_name)[1][0][0] for t in tables]
    return max((m for m in months if m is not None), default=None)


def write_workbook(
    con: duckdb.DuckDBPyConnection, tables: Sequence[catalog.Table], path: Path
) -> ExportedFile:
    """The analysts' workbook: a sheet per mart and the ``Kamus Data`` sheet.

    Mart sheets have Indonesian column labels, a frozen header row, an autofilter and
    number formats; the document properties are fixed by the data.
    """
    month = reporting_month(con, tables)
    rows = 0
    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(
            str(tmp),
            {
                **WORKBOOK_OPTIONS,
                # an infinite rate shows as #DIV/0!, never silently as a number
                "nan_inf_to_errors": True,
            },
        )
        month_text = month.strftime("%Y-%m") if month else "-"
        workbook.set_properties(
            {
                "title": "Cakupan Jaminan Sosial Ketenagakerjaan pekerja rentan",
                "subject": f"Data mart sampai bulan {month_text}",
                "author": "pipeline",
                "company": "",
                "comments": "Dibuat oleh python -m pipeline run; arti setiap kolom di lembar Kamus Data.",
                "created": workbook_created(month),
            }
        )
        formats = _Formats(workbook)
        for table in tables:
            rows += _write_mart_sheet(con, workbook, formats, table)
        _write_dictionary_sheet(workbook, formats, tables)
        workbook.close()
    return ExportedFile(path, ", ".join(t.qualified_name for t in tables), rows, path.stat().st_size)
