"""Run the SQL files of ``sql/``: one statement per file, the file stem is the table name.

Every query of the package is a file here. ``run`` and ``fetch`` execute one with bind
parameters (``$month``), never through string formatting; the modules that execute the
text themselves (the report's ``query``, ingestion's inserts, ``health``) take it from
``sql_text`` or ``statement`` and bind their values the same way. A file that works on a table named at
run time (``sql/tables/``) names it ``{table}``; only a checked identifier
(``schema.name``) replaces it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from pipeline.catalog import codes
from pipeline.settings import SQL_DIR

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$")


def sql_text(layer: str, name: str) -> str:
    """The text of ``sql/<layer>/<name>.sql``."""
    return (SQL_DIR / layer / f"{name}.sql").read_text(encoding="utf-8")


def statement(layer: str, name: str, identifiers: Mapping[str, str] | None = None) -> str:
    """``sql/<layer>/<name>.sql`` as one statement, ``{name}`` placeholders replaced by identifiers."""
    text = sql_text(layer, name).strip().rstrip(";")
    for key, identifier in (identifiers or {}).items():
        if not _IDENTIFIER.match(identifier):
            raise ValueError(f"not a table name: {identifier!r}")
        text = text.replace("{" + key + "}", identifier)
    return text


def run(
    con: duckdb.DuckDBPyConnection,
    layer: str,
    name: str,
    params: Mapping[str, Any] | None = None,
    **identifiers: str,
) -> duckdb.DuckDBPyConnection:
    """Execute ``sql/<layer>/<name>.sql`` with the parameters it names; fetch from the result.

    Parameters the file does not use are left out, so callers may pass a common set.
    """
    text = statement(layer, name, identifiers)
    return con.execute(text, _bound(text, params))


def fetch(
    con: duckdb.DuckDBPyConnection,
    layer: str,
    name: str,
    params: Mapping[str, Any] | None = None,
    **identifiers: str,
) -> tuple[list[str], list[tuple]]:
    """Column names and rows of ``sql/<layer>/<name>.sql``."""
    # fetchall, not fetchone: DuckDB 2.0 keeps a partly fetched result open on the
    # connection and a later ``con.sql`` would raise ResourceInUse.
    cursor = run(con, layer, name, params, **identifiers)
    columns = [d[0] for d in cursor.description]
    return columns, cursor.fetchall()


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """The number of rows of ``schema.table``."""
    return fetch(con, "tables", "row_count", table=table)[1][0][0]


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
    run(con, "tables", "create_schema", schema=schema)
    define_macros(con)
    query = statement(layer, name)
    con.execute(f"create or replace table {schema}.{name} as\n{query}", _bound(query, params))
    return row_count(con, f"{schema}.{name}")


def _bound(query: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters ``query`` uses (``$name`` outside comments and string literals)."""
    code = _NOISE.sub(" ", query)
    return {k: v for k, v in (params or {}).items() if re.search(rf"\${k}\b", code)}


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The shared SQL functions (temporary: defined per connection).

    Those of ``sql/macros``, then those that bring the catalog's codes into SQL
    (``pipeline.catalog.codes``: ``unmapped_code()``, ``age_band(age)``, ...).
    """
    for path in sql_files("macros"):
        con.execute(path.read_text(encoding="utf-8"))
    for text in codes.sql_macros():
        con.execute(text)


def run_check(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> tuple[list[str], list[tuple]]:
    """Column names and rows selected by ``sql/checks/<name>.sql``: no row means it passes."""
    define_macros(con)
    return fetch(con, "checks", name, params)


def select_failures(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple]:
    """The rows ``sql/checks/<name>.sql`` selects: empty means the check passes."""
    return run_check(con, name, params)[1]


def sql_files(layer: str) -> list[Path]:
    """Every SQL file of a layer, sorted by name."""
    return sorted((SQL_DIR / layer).glob("*.sql"))


#: The schemas the pipeline writes: a ``schema.table`` reference names one of them.
SCHEMAS = ("staging", "identity", "audit", "intermediate", "marts")
_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
_REFERENCE = re.compile(r"\b(?:from|join)\s+(" + "|".join(SCHEMAS) + r")\.(\w+)", re.IGNORECASE)


def tables_read(query: str, *, strip_strings: bool = True) -> set[str]:
    """The ``schema.table`` names after ``from`` and ``join`` in a query.

    Comments and string literals are left out (``strip_strings=False`` keeps the literals:
    for SQL still held in Python strings); CTE names are never qualified, so never read.
    """
    text = _NOISE.sub(" ", query) if strip_strings else query
    return {f"{schema}.{table}".lower() for schema, table in _REFERENCE.findall(text)}


def tables_read_by(layer: str, name: str) -> set[str]:
    """The tables ``sql/<layer>/<name>.sql`` reads."""
    return tables_read(sql_text(layer, name))
