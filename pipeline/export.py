"""Export the marts for analysts: Parquet and CSV per mart, and one Excel workbook.

Files land in ``<processed>/exports/`` (CONTRACT §5): ``<mart>.parquet`` (DuckDB
``COPY``, types kept), ``<mart>.csv`` (UTF-8, header row, English column names),
``datapackage.json`` (a Frictionless Tabular Data Package: a Table Schema per CSV with
types, units, descriptions, code patterns and keys, so ``61.10`` loads as the text it
is and months as dates) and ``marts.xlsx`` for analysts, Indonesian throughout: a sheet
per mart under the catalog's Indonesian labels, level names in Indonesian, and a
``Kamus Data`` sheet with the catalog's Indonesian definitions.

Safety and reproducibility:

- every text cell passes the publication screen (``pipeline.screen``): NIK-like numbers,
  phone numbers and e-mail addresses masked in every format, and text starting with
  ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) prefixed with ``'`` in the CSV
  and Excel files, so a spreadsheet never evaluates it as a formula; numbers stay numbers;
- the same marts give byte-identical files: rows in a fixed order, and the workbook's
  document properties fixed, its ``created`` date being the data's reporting month;
- every file is written under a temporary name in the same folder and moved into place
  with ``os.replace``, so a reader never sees half a file;
- a column holding personal data (NIK, KPJ, names, birth dates) is refused outright.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import xlsxwriter

from pipeline import catalog
from pipeline.catalog import codes
from pipeline.files import atomic_path

# neutralise and FORMULA_PREFIXES live in the screen; imported here too for older callers
from pipeline.screen import FORMULA_PREFIXES, neutralise, publish_cell  # noqa: F401
from pipeline.sql import fetch, row_count, run, statement

WORKBOOK_NAME = "marts.xlsx"
DATAPACKAGE_NAME = "datapackage.json"
DICTIONARY_SHEET = "Kamus Data"
PERSONAL_COLUMNS = frozenset({"nik", "no_kpj", "kpj", "name", "nama", "birth_date", "tanggal_lahir"})
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
_FETCH_ROWS = 10_000
_INTEGER_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
)
_NUMBER_FORMATS = {
    "count": "#,##0",
    "idr": "[$Rp-421] #,##0",
    "fraction": "0.0%",
    "number": "#,##0.0",
    "date": "mmm yyyy",
    "text": "@",
}
_INVALID_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ExportedFile:
    """One file written: where, from which table(s), how many data rows and bytes."""

    path: Path
    source: str
    rows: int
    size_bytes: int


# --- pure helpers -------------------------------------------------------------------


def csv_value(value: Any) -> str:
    """One CSV field: empty for null, ISO dates, shortest round-trip floats, screened text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return publish_cell(value)
    return str(value)


def column_kind(column: catalog.Column) -> str:
    """How a column is shown in Excel: count, idr, fraction, number, date or text."""
    sql_type = column.type.upper()
    if sql_type == "DATE":
        return "date"
    if column.name.endswith("_idr") or column.unit == "IDR":
        return "idr"
    if column.unit == "fraction" or column.name.endswith(("_rate", "_share")) or column.name == "share":
        return "fraction"
    if sql_type in _INTEGER_TYPES:
        return "count"
    if sql_type in ("DOUBLE", "FLOAT", "REAL") or sql_type.startswith("DECIMAL"):
        return "number"
    return "text"


#: Excel's limit on a sheet name.
SHEET_NAME_MAX = 31
#: The workbook's sheet of each mart: a short Indonesian name declared here, within Excel's
#: 31 characters and free of the characters Excel refuses, never a label cut to fit
#: ("Cakupan per jenis kelamin dan u"). A new mart needs a line here
#: (tests/unit/test_report_names_and_numbers.py checks).
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


def check_no_personal_columns(table: str, columns: Sequence[str]) -> None:
    """Refuse to export a table with a column that holds personal data."""
    personal = sorted(set(columns) & PERSONAL_COLUMNS)
    if personal:
        raise ValueError(f"{table} has personal-data columns {personal}: it must never be exported")


def _declared_columns(table: catalog.Table, actual: Sequence[tuple[str, str]]) -> list[catalog.Column]:
    """The table's columns as built, described by the catalog where declared.

    A column the catalog does not declare (it should, ``tests/unit/test_dictionary.py``
    checks) is still exported, labelled with its own name.
    """
    declared = {c.name: c for c in table.columns}
    return [declared.get(name) or catalog.Column(name, sql_type, name, "") for name, sql_type in actual]


# --- writing ------------------------------------------------------------------------


def _table_columns(con: duckdb.DuckDBPyConnection, table: catalog.Table) -> list[tuple[str, str]]:
    rows = fetch(con, "tables", "columns", {"schema": table.schema, "name": table.name})[1]
    if not rows:
        raise ValueError(f"{table.qualified_name} does not exist: build the marts first")
    check_no_personal_columns(table.qualified_name, [r[0] for r in rows])
    return rows


def _ordered_query(table: catalog.Table) -> str:
    return statement("tables", "ordered_rows", {"table": table.qualified_name})


def _rows(con: duckdb.DuckDBPyConnection, table: catalog.Table) -> Iterator[tuple]:
    cursor = run(con, "tables", "ordered_rows", table=table.qualified_name)
    while batch := cursor.fetchmany(_FETCH_ROWS):
        yield from batch


def _needs_screen(
    con: duckdb.DuckDBPyConnection, table: catalog.Table, columns: Sequence[tuple[str, str]]
) -> list[str]:
    """The text columns of ``table`` holding a value the publication screen changes."""
    relation = con.table(table.qualified_name)
    changed = []
    for name, sql_type in columns:
        if sql_type.upper() != "VARCHAR":
            continue
        values = relation.select(duckdb.ColumnExpression(name)).distinct().fetchall()
        if any(publish_cell(v) != v for (v,) in values if v is not None):
            changed.append(name)
    return changed


def write_parquet(con: duckdb.DuckDBPyConnection, table: catalog.Table, path: Path) -> ExportedFile:
    """``<mart>.parquet`` written by DuckDB: types kept, rows in key order, text screened.

    A mart whose text needs the screen (rare: a gazetteer name like a formula or a number)
    is written from its screened rows instead, through Arrow (same types, same order).
    """
    columns = _table_columns(con, table)
    screened = _needs_screen(con, table, columns)
    with atomic_path(path) as tmp:
        if screened:
            data = con.sql(_ordered_query(table)).to_arrow_table()
            for name in screened:
                index = data.schema.get_field_index(name)
                values = [publish_cell(v) for v in data.column(index).to_pylist()]
                data = data.set_column(index, name, pa.array(values, type=pa.string()))
            con.from_arrow(data).write_parquet(str(tmp), compression="zstd")
        else:
            con.sql(_ordered_query(table)).write_parquet(str(tmp), compression="zstd")
    rows = row_count(con, table.qualified_name)
    return ExportedFile(path, table.qualified_name, rows, path.stat().st_size)


def write_csv(con: duckdb.DuckDBPyConnection, table: catalog.Table, path: Path) -> ExportedFile:
    """``<mart>.csv``: UTF-8, comma-separated, header of English column names, text neutralised."""
    columns = _table_columns(con, table)
    rows = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([name for name, _ in columns])
        for row in _rows(con, table):
            writer.writerow([csv_value(v) for v in row])
            rows += 1
    return ExportedFile(path, table.qualified_name, rows, path.stat().st_size)


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
    columns = _declared_columns(table, _table_columns(con, table))
    kinds = [column_kind(c) for c in columns]
    labels = [dict(c.values_id) for c in columns]
    sheet = workbook.add_worksheet(sheet_name(table))
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label_id, formats.header)
    longest = [0] * len(columns)
    rows = 0
    for rows, values in enumerate(_rows(con, table), start=1):
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


#: Patterns of the coded columns: Kemendagri codes with dots, KBLI letters, funding and programme codes.
CODE_PATTERNS = {
    "village_code": r"\d{2}\.\d{2}\.\d{2}\.\d{4}",
    "district_code": r"\d{2}\.\d{2}\.\d{2}",
    "regency_code": r"\d{2}\.\d{2}",
    "area_code": r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?",
    "sector_code": rf"([{codes.SECTOR_CODES[0]}-{codes.SECTOR_CODES[-1]}]|{codes.UNMAPPED})",
}
ENUMS = {
    "level": ["village", "district", "regency", "province"],
    "sex": ["L", "P"],
    "age_band": list(codes.AGE_BAND_LABELS),
    "check": ["covered_after_death", "double_public_funding", "kpj_shared"],
    "funding_source": list(codes.FUNDING_CODES),
    "program": list(codes.PROGRAMS),
}
_FIELD_TYPES = {
    "DATE": "date",
    "BOOLEAN": "boolean",
    "DOUBLE": "number",
    "FLOAT": "number",
    "REAL": "number",
    "VARCHAR": "string",
}


def table_schema_field(column: catalog.Column) -> dict[str, Any]:
    """A Frictionless Table Schema field: type, description, unit and constraints of one column."""
    sql_type = column.type.upper()
    kind = "integer" if sql_type in _INTEGER_TYPES else _FIELD_TYPES.get(sql_type, "string")
    field: dict[str, Any] = {
        "name": column.name,
        "title": column.label_id,
        "type": kind,
        "description": column.definition,
    }
    if kind == "date":
        field["format"] = "default"  # ISO 8601, 2025-09-01: the first day of the month
    if column.unit:
        field["unit"] = column.unit
    constraints: dict[str, Any] = {}
    if column.name in CODE_PATTERNS:
        constraints["pattern"] = CODE_PATTERNS[column.name]
    if column.name in ENUMS:
        constraints["enum"] = ENUMS[column.name]
    if column.unit in ("persons", "claims", "days") or column.name.endswith("_count"):
        constraints["minimum"] = 0
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage(tables: Sequence[catalog.Table], files: dict[str, ExportedFile]) -> dict[str, Any]:
    """The Frictionless Data Package describing the CSV exports (their bytes and hashes too)."""
    resources = []
    for table in tables:
        f = files[f"{table.name}.csv"]
        keys = [k for k in table.key if k in table.column_names]
        schema: dict[str, Any] = {
            "fields": [table_schema_field(c) for c in table.columns],
            "missingValues": [""],
        }
        if keys:
            schema["primaryKey"] = keys
        resources.append(
            {
                "name": table.name.replace("_", "-"),
                "path": f.path.name,
                "title": table.label_id,
                "description": f"{table.description} Grain: {table.grain}. The same rows are in "
                f"{table.name}.parquet and on sheet {sheet_name(table)!r} of {WORKBOOK_NAME}.",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": f.size_bytes,
                "hash": f"sha256:{hashlib.sha256(f.path.read_bytes()).hexdigest()}",
                "dialect": {"delimiter": ",", "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "bpjs-ketenagakerjaan-coverage-marts",
        "title": "Cakupan Jaminan Sosial Ketenagakerjaan pekerja rentan",
        "description": "Coverage marts of the BPJS Ketenagakerjaan monitoring pipeline, every month "
        "from the first month of the data to its as-of month (CONTRACT §5). Codes are "
        "text with dots (PP.KK.CC.DDDD: province, regency, district, village), not numbers, "
        "which would drop a final zero; months are dates (the first day of the month); "
        "rates are fractions. Read a CSV with this schema (frictionless, or "
        "pandas.read_csv(dtype=str) for the codes) to keep codes as written.",
        "resources": resources,
    }


def write_datapackage(
    tables: Sequence[catalog.Table], written: Sequence[ExportedFile], path: Path
) -> ExportedFile:
    """``datapackage.json`` beside the CSV files it describes."""
    package = datapackage(tables, {f.path.name: f for f in written})
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportedFile(path, "schema of the CSV exports", len(package["resources"]), path.stat().st_size)


def export_marts(
    con: duckdb.DuckDBPyConnection,
    exports_dir: Path,
    tables: Sequence[catalog.Table] = catalog.MARTS_TABLES,
) -> list[ExportedFile]:
    """Write every mart as Parquet and CSV, their data package, then the workbook; the files written."""
    exports_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        written.append(write_parquet(con, table, exports_dir / f"{table.name}.parquet"))
        written.append(write_csv(con, table, exports_dir / f"{table.name}.csv"))
    written.append(write_datapackage(tables, written, exports_dir / DATAPACKAGE_NAME))
    written.append(write_workbook(con, tables, exports_dir / WORKBOOK_NAME))
    return written
