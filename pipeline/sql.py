"""Run the SQL files of ``sql/``: one statement per file, the file stem is the table name."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from pipeline.settings import SQL_DIR


def sql_text(layer: str, name: str) -> str:
    """The text of ``sql/<layer>/<name>.sql``."""
    return (SQL_DIR / layer / f"{name}.sql").read_text(encoding="utf-8")


def create_table(
    con: duckdb.DuckDBPyConnection,
    layer: str,
    name: str,
    params: Mapping[str, Any] | None = None,
    schema: str | None = None,
) -> int:
    """``create or replace table <schema>.<name> as <sql/layer/name.sql>``; returns row count.

    Values go in as bind parameters (``$month``), never through string formatting.
    """
    schema = schema or layer
    con.execute(f"create schema if not exists {schema}")
    define_macros(con)
    query = sql_text(layer, name).strip().rstrip(";")
    bound = {k: v for k, v in (params or {}).items() if f"${k}" in query}
    con.execute(f"create or replace table {schema}.{name} as\n{query}", bound)
    # fetchall, not fetchone: DuckDB 2.0 keeps a partly fetched result open on the
    # connection and a later ``con.sql`` would raise ResourceInUse.
    return con.execute(f"select count(*) from {schema}.{name}").fetchall()[0][0]


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The shared SQL functions of ``sql/macros`` (temporary: defined per connection)."""
    for path in sql_files("macros"):
        con.execute(path.read_text(encoding="utf-8"))


def select_failures(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple]:
    """Rows selected by ``sql/checks/<name>.sql``: empty means the check passes."""
    define_macros(con)
    query = sql_text("checks", name).strip().rstrip(";")
    bound = {k: v for k, v in (params or {}).items() if f"${k}" in query}
    return con.execute(query, bound).fetchall()


def sql_files(layer: str) -> list[Path]:
    """Every SQL file of a layer, sorted by name."""
    return sorted((SQL_DIR / layer).glob("*.sql"))
