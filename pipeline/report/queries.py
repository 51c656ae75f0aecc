"""The report's queries: ``sql/report/<name>.sql`` run with bind parameters, rows as plain values.

Text read from the database passes the publication screen
(``pipeline.publication.screen.redact``) here, before any section sees it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import duckdb
import pandas as pd

from pipeline.core.sql import sql_text
from pipeline.publication import screen


def _plain(value: Any) -> Any:
    """A database value as plain Python: None for nulls, dates as ``date``, text masked."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return screen.redact(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of ``sql/report/<name>.sql`` as dicts of plain values, with bind parameters.

    Only the parameters the file names (``$month``) are bound; text cells are masked.
    """
    text = sql_text("report", name)
    named = set(re.findall(r"\$([A-Za-z_]\w*)", text))
    bound = {k: v for k, v in params.items() if k in named}
    cursor = con.execute(text, bound)
    names = [c[0] for c in cursor.description]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def table_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Every ``schema.table`` of the database."""
    return frozenset(f"{r['schema_name']}.{r['table_name']}" for r in query(con, "tables"))


def has_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every ``schema.table`` exists (a database built before a mart existed has none)."""
    found = table_names(con)
    return all(n in found for n in names)
