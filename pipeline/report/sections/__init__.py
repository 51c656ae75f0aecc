"""Report sections: one module each, ``build(con, scope, month) -> dict | None``.

A section returns ``None`` when it has no data, and the template then leaves it out:
never an empty section. Queries are SQL files under ``sql/report/``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline.sql import sql_text


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of ``sql/report/<name>.sql`` as dicts, with bind parameters."""
    text = sql_text("report", name)
    bound = {k: v for k, v in params.items() if f"${k}" in text}
    cursor = con.execute(text, bound)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def has_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every ``schema.table`` exists (a database built before a mart existed has none)."""
    found = {f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables()").fetchall()}
    return all(n in found for n in names)


def month_date(value: Any) -> dt.date:
    """A DuckDB date or timestamp as a date."""
    return value.date() if isinstance(value, dt.datetime) else value
