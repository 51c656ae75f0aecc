"""Every SQL-built table: the intermediates and the marts (CONTRACT §4–§5), one factory.

Six intermediate tables carry the work the marts share: the months they cover
(``data_span``), whose each claim is (``claim_participants``), spells cut short by deaths
(``covered_spells``), each person's month ranges of being active, new, lapsed and ending
soon with the attributed spell (``coverage_ranges``), their monthly changes per village,
sector and funding source (``coverage_deltas``) and the rolled-up denominators
(``area_denominators``). Every mart covers the months of ``data_span``: from that of the
earliest accepted date (a spell start, a claim event, submission or payment) to the data's
as-of month, whatever month a run reports on (CONTRACT §5): the tables are not
partitioned, and a run for an earlier month never shrinks them.

Each table is an asset of its own, made from the table's catalog entry
(``pipeline.catalog``: its description, grain, key and columns) and its SQL file
``sql/<schema>/<name>.sql``, and depends on exactly the tables that file reads. All of
them are built by one step (``sql_tables``, a subsettable multi-asset): materializing one
table, or a few, builds only those.
"""

import datetime as dt
from collections.abc import Iterator
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
    con: duckdb_module.DuckDBPyConnection, table: catalog.Table, month: dt.date
) -> dg.MaterializeResult:
    """Create one table from its SQL file through ``month`` (the data's as-of month).

    Metadata: row count, the as-of month and (marts) a preview of that month's rows.
    """
    layer, name = table.schema, table.name
    row_count = create_table(con, layer, name, {"month": month})
    metadata: dict[str, Any] = {
        "dagster/row_count": row_count,
        "as_of_month": month.strftime("%Y-%m"),
        "table": f"{layer}.{name}",
    }
    if layer == "marts":
        # marts only (published tables), rows of the as-of month
        params = {"month": month, "limit": _PREVIEW_ROWS}
        preview = fetch(con, "tables", "month_preview", params, table=table.qualified_name)
        metadata["preview"] = dg.MetadataValue.md(markdown_table(*preview))
        month_count, first_month = fetch(con, "tables", "month_span", table=table.qualified_name)[1][0]
        metadata["month_count"] = month_count
        metadata["first_month"] = first_month.strftime("%Y-%m") if first_month else ""
    return dg.MaterializeResult(asset_key=asset_key(table), metadata=metadata)


def describe_sql_table(table: catalog.Table) -> str:
    """The asset description: what the table holds, its grain, key and units."""
    units = sorted({c.unit for c in table.columns if c.unit})
    text = f"{table.label_id}. {table.description}\n\nGrain: {table.grain}. Key: {', '.join(table.key)}."
    if units:
        text += f" Units: {', '.join(units)} (per column in docs/data_dictionary.md)."
    internal = "" if table.schema == "marts" else " Internal, never exported."
    return text + internal + f"\n\nBuilt by sql/{table.schema}/{table.name}.sql."


def sql_table_spec(table: catalog.Table) -> dg.AssetSpec:
    """The asset of a table built by ``sql/<schema>/<name>.sql``, depending on the tables that file reads."""
    return dg.AssetSpec(
        key=asset_key(table),
        deps=keys_read_by(table.schema, table.name),
        group_name=table.schema,
        kinds={"duckdb", "sql"},
        metadata={"dagster/column_schema": column_schema(table)} if table.schema == "marts" else None,
        description=describe_sql_table(table),
        skippable=True,
    )


@dg.multi_asset(
    name="sql_tables",
    specs=[sql_table_spec(t) for t in SQL_TABLES],
    can_subset=True,
    description=(
        "Every SQL-built table (the intermediates and the marts), in one step: the selected "
        "tables are built in dependency order on one connection, each from its SQL file."
    ),
)
def sql_tables(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> Iterator[dg.MaterializeResult]:
    """Build the selected tables through the data's as-of month, in ``BUILD_ORDER``.

    One step and one connection for all of them: a step of its own per table cost more in
    Dagster's bookkeeping and in opening the database than the sample's SQL itself.
    ``run_params`` is not read: the tables span the data whatever month a run is for.
    """
    selected = context.selected_asset_keys
    with duckdb.connect() as con:
        month = as_of_month(con)
        if month is None:
            raise outcomes.expected(
                outcomes.NO_DATA,
                "no accepted enrolment row: nothing to build the marts from; run the ingestion first",
            )
        for table in SQL_TABLES:
            if asset_key(table) not in selected:
                continue
            try:
                result = _build(con, table, month)
            except dg.Failure:
                raise
            except Exception as exc:  # unexpected: say which table, keep the error as the cause
                raise outcomes.StepContext(f"building {table.qualified_name}") from exc
            context.log.info(
                "%s: %d rows through %s", table.qualified_name, result.metadata["dagster/row_count"], month
            )
            yield result
    duckdb.finish(context)


MART_ASSETS: list[dg.AssetsDefinition] = [sql_tables]
