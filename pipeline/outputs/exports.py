"""Export the marts for analysts: Parquet and CSV per mart, and one Excel workbook.

Files land in ``<processed>/exports/`` (CONTRACT §5): ``<mart>.parquet`` (DuckDB
``COPY``, types kept), ``<mart>.csv`` (UTF-8, header row, English column names),
``datapackage.json`` (a Frictionless Tabular Data Package: a Table Schema per CSV with
types, units, descriptions, code patterns and keys, so ``61.10`` loads as the text it
is and months as dates) and ``marts.xlsx`` for analysts, Indonesian throughout: a sheet
per mart under the catalog's Indonesian labels, level names in Indonesian, and a
``Kamus Data`` sheet with the catalog's Indonesian definitions.

Safety and reproducibility:

- every text cell passes the publication screen (``pipeline.publication.screen``): NIK-like numbers,
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline import catalog
from pipeline.core.files import atomic_path
from pipeline.core.sql import row_count
from pipeline.outputs.datapackage import DATAPACKAGE_NAME, write_datapackage
from pipeline.outputs.marts import ExportedFile, ordered_query, ordered_rows, table_columns
from pipeline.outputs.workbook import WORKBOOK_NAME, write_workbook
from pipeline.publication.screen import publish_cell


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
    columns = table_columns(con, table)
    screened = _needs_screen(con, table, columns)
    with atomic_path(path) as tmp:
        if screened:
            data = con.sql(ordered_query(table)).to_arrow_table()
            for name in screened:
                index = data.schema.get_field_index(name)
                values = [publish_cell(v) for v in data.column(index).to_pylist()]
                data = data.set_column(index, name, pa.array(values, type=pa.string()))
            con.from_arrow(data).write_parquet(str(tmp), compression="zstd")
        else:
            con.sql(ordered_query(table)).write_parquet(str(tmp), compression="zstd")
    rows = row_count(con, table.qualified_name)
    return ExportedFile(path, table.qualified_name, rows, path.stat().st_size)


def write_csv(con: duckdb.DuckDBPyConnection, table: catalog.Table, path: Path) -> ExportedFile:
    """``<mart>.csv``: UTF-8, comma-separated, header of English column names, text neutralised."""
    columns = table_columns(con, table)
    rows = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([name for name, _ in columns])
        for row in ordered_rows(con, table):
            writer.writerow([csv_value(v) for v in row])
            rows += 1
    return ExportedFile(path, table.qualified_name, rows, path.stat().st_size)


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
