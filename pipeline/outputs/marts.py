"""What every export of a mart shares: its columns as built, its rows in key order, the file record.

A column holding personal data (NIK, KPJ, names, birth dates) is refused outright here,
before any writer (CSV, Parquet, workbook) sees a row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import catalog
from pipeline.core.sql import fetch, run, statement

PERSONAL_COLUMNS = frozenset({"nik", "no_kpj", "kpj", "name", "nama", "birth_date", "tanggal_lahir"})
_FETCH_ROWS = 10_000
INTEGER_TYPES = (
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


@dataclass(frozen=True)
class ExportedFile:
    """One file written: where, from which table(s), how many data rows and bytes."""

    path: Path
    source: str
    rows: int
    size_bytes: int


def check_no_personal_columns(table: str, columns: Sequence[str]) -> None:
    """Refuse to export a table with a column that holds personal data."""
    personal = sorted(set(columns) & PERSONAL_COLUMNS)
    if personal:
        raise ValueError(f"{table} has personal-data columns {personal}: it must never be exported")


def declared_columns(table: catalog.Table, actual: Sequence[tuple[str, str]]) -> list[catalog.Column]:
    """The table's columns as built, described by the catalog where declared.

    A column the catalog does not declare (it should, ``tests/unit/outputs/test_dictionary.py``
    checks) is still exported, labelled with its own name.
    """
    declared = {c.name: c for c in table.columns}
    return [declared.get(name) or catalog.Column(name, sql_type, name, "") for name, sql_type in actual]


def table_columns(con: duckdb.DuckDBPyConnection, table: catalog.Table) -> list[tuple[str, str]]:
    """``(name, type)`` of each column as built; refused when one holds personal data."""
    rows = fetch(con, "tables", "columns", {"schema": table.schema, "name": table.name})[1]
    if not rows:
        raise ValueError(f"{table.qualified_name} does not exist: build the marts first")
    check_no_personal_columns(table.qualified_name, [r[0] for r in rows])
    return rows


def ordered_query(table: catalog.Table) -> str:
    """The query of the table's rows in key order (``sql/tables/ordered_rows.sql``)."""
    return statement("tables", "ordered_rows", {"table": table.qualified_name})


def ordered_rows(con: duckdb.DuckDBPyConnection, table: catalog.Table) -> Iterator[tuple]:
    """The table's rows in key order, fetched in batches."""
    cursor = run(con, "tables", "ordered_rows", table=table.qualified_name)
    while batch := cursor.fetchmany(_FETCH_ROWS):
        yield from batch
