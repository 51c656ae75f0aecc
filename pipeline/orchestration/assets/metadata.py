"""Metadata helpers shared by the assets: previews and tables an analyst reads in the UI."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipeline import catalog
from pipeline.core.markdown import markdown_table
from pipeline.core.sql import fetch


def preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 10) -> dg.MetadataValue:
    """The first rows of a table."""
    return dg.MetadataValue.md(
        markdown_table(*fetch(con, "tables", "preview", {"limit": limit}, table=table))
    )


def column_schema(table: catalog.Table) -> dg.TableSchema:
    """The table's declared columns, shown in the UI's column list."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                c.type,
                description=f"{c.label_id} — {c.definition}" + (f" ({c.unit})" if c.unit else ""),
            )
            for c in table.columns
        ]
    )


def describe(table: catalog.Table) -> str:
    """An asset description from the catalog: grain, meaning and Indonesian label."""
    return f"{table.label_id}. {table.description}\n\nGrain: {table.grain}."
