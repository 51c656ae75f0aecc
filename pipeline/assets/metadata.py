"""Metadata helpers shared by the assets: previews and tables an analyst reads in the UI."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipeline import catalog


def markdown_table(con: duckdb.DuckDBPyConnection, query: str, params: dict | None = None) -> str:
    """A query's result as a Markdown table (for ``MetadataValue.md``)."""
    cursor = con.execute(query, params or {})
    header = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 10) -> dg.MetadataValue:
    """The first rows of a table."""
    return dg.MetadataValue.md(markdown_table(con, f"select * from {table} limit {int(limit)}"))


def column_schema(table: catalog.Table) -> dg.TableSchema:
    """The table's declared columns, shown in the UI's column list."""
    return dg.TableSchema(columns=[
        dg.TableColumn(c.name, c.type, description=f"{c.label_id} — {c.definition}"
                       + (f" ({c.unit})" if c.unit else ""))
        for c in table.columns
    ])


def describe(table: catalog.Table) -> str:
    """An asset description from the catalog: grain, meaning and Indonesian label."""
    return f"{table.label_id}. {table.description}\n\nGrain: {table.grain}."
