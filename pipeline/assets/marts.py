"""Every SQL-built table: the intermediates and the marts (CONTRACT §4–§5), one factory.

Four intermediate tables carry the work the marts share: whose each claim is
(``claim_participants``), spells cut short by deaths (``covered_spells``), each person's
month ranges of being active, new, lapsed and ending soon with the attributed spell
(``coverage_ranges``) and the rolled-up denominators (``area_denominators``). Every mart
covers the months from that of the earliest spell start to the data's as-of month,
whatever month a run reports on (CONTRACT §5): the tables are not partitioned, and a
run for an earlier month never shrinks them.

An asset is made from the table's catalog entry (``pipeline.catalog``: its description,
grain, key and columns) and its SQL file ``sql/<schema>/<name>.sql``, and depends on
exactly the tables that file reads.
"""

import datetime as dt
from typing import Any

import dagster as dg
import duckdb as duckdb_module

from pipeline import catalog, outcomes
from pipeline.assets.keys import asset_key, keys_read_by
from pipeline.assets.metadata import column_schema, markdown_table
from pipeline.months import as_of_month
from pipeline.resources import DuckDBResource, RunParams
from pipeline.sql import create_table, fetch

#: The tables built from SQL, in an order in which each reads only those before it.
SQL_TABLES: tuple[catalog.Table, ...] = (*catalog.INTERMEDIATE_TABLES, *catalog.MARTS_TABLES)
BUILD_ORDER: tuple[dg.AssetKey, ...] = tuple(asset_key(t) for t in SQL_TABLES)

_PREVIEW_ROWS = 10


def build_marts(con: duckdb_module.DuckDBPyConnection, month: dt.date) -> dict[str, int]:
    """Build every intermediate table and mart through ``month``; row count per table.

    The same SQL the assets run, in dependency order: for tests and one-off rebuilds.
    The assets pass the data's as-of month (``pipeline.months.as_of_month``).
    """
    return {t.qualified_name: create_table(con, t.schema, t.name, {"month": month}) for t in SQL_TABLES}


def _build(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, table: catalog.Table
) -> dg.MaterializeResult:
    """Create one table from its SQL file through the data's as-of month.

    Metadata: row count, the as-of month and (marts) a preview of that month's rows.
    """
    layer, name = table.schema, table.name
    with duckdb.connect() as con:
        month = as_of_month(con)
        if month is None:
            raise outcomes.expected(
                outcomes.NO_DATA,
                f"no accepted enrolment row: nothing to build {layer}.{name} from; run the ingestion first",
            )
        row_count = create_table(con, layer, name, {"month": month})
        metadata: dict[str, Any] = {
            "dagster/row_count": row_count,
            "as_of_month": month.strftime("%Y-%m"),
            "table": f"{layer}.{name}",
        }
        if layer == "marts":
            # marts only (published tables), rows of the as-of month
            preview = fetch(
                con,
                "tables",
                "month_preview",
                {"month": month, "limit": _PREVIEW_ROWS},
                table=table.qualified_name,
            )
            metadata["preview"] = dg.MetadataValue.md(markdown_table(*preview))
            month_count, first_month = fetch(con, "tables", "month_span", table=table.qualified_name)[1][0]
            metadata["month_count"] = month_count
            metadata["first_month"] = first_month.strftime("%Y-%m") if first_month else ""
    context.log.info("%s.%s: %d rows through %s", layer, name, row_count, month)
    duckdb.finish(context)
    return dg.MaterializeResult(metadata=metadata)


def describe_sql_table(table: catalog.Table) -> str:
    """The asset description: what the table holds, its grain, key and units."""
    units = sorted({c.unit for c in table.columns if c.unit})
    text = f"{table.label_id}. {table.description}\n\nGrain: {table.grain}. Key: {', '.join(table.key)}."
    if units:
        text += f" Units: {', '.join(units)} (per column in the column schema)."
    internal = "" if table.schema == "marts" else " Internal, never exported."
    return text + internal + f"\n\nBuilt by sql/{table.schema}/{table.name}.sql."


def sql_table_asset(table: catalog.Table) -> dg.AssetsDefinition:
    """The asset of a table built by ``sql/<schema>/<name>.sql`` from the tables that file reads.

    ``run_params`` is not read: the tables span the data whatever month a run is for.
    """
    metadata = {"dagster/column_schema": column_schema(table)} if table.schema == "marts" else None

    @dg.asset(
        key=asset_key(table),
        deps=keys_read_by(table.schema, table.name),
        group_name=table.schema,
        kinds={"duckdb", "sql"},
        metadata=metadata,
        description=describe_sql_table(table),
    )
    def _asset(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
    ) -> dg.MaterializeResult:
        return _build(context, duckdb, table)

    return _asset


MART_ASSETS: list[dg.AssetsDefinition] = [sql_table_asset(t) for t in SQL_TABLES]
