"""Every SQL-built table, intermediates then marts (CONTRACT §4–§5), in the order they are built.

Six intermediate tables carry the work the marts share: the months they cover
(``data_span``), whose each claim is (``claim_participants``), spells cut short by deaths
(``covered_spells``), each person's month ranges of being active, new, lapsed and ending
soon with the attributed spell (``coverage_ranges``), their monthly changes per village,
sector and funding source (``coverage_deltas``) and the rolled-up denominators
(``area_denominators``). Every mart covers the months of ``data_span``: from that of the
earliest accepted date (a spell start, a claim event, submission or payment) to the data's
as-of month, whatever month a run reports on (CONTRACT §5): the tables are not
partitioned, and a run for an earlier month never shrinks them.

No Dagster here: the assets (``pipeline.orchestration.assets.tables``), ``verify``, the
tests and the benchmarks all build the tables through this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline import catalog
from pipeline.core.sql import create_table

#: The tables built from SQL, in an order in which each reads only those before it.
SQL_TABLES: tuple[catalog.Table, ...] = (*catalog.INTERMEDIATE_TABLES, *catalog.MARTS_TABLES)


def build_table(con: duckdb.DuckDBPyConnection, table: catalog.Table, month: dt.date) -> int:
    """Create ``table`` from ``sql/<schema>/<name>.sql`` through ``month``; its row count."""
    return create_table(con, table.schema, table.name, sql_params(month))


def sql_params(month: dt.date) -> dict[str, Any]:
    """The bind parameters of the tables' SQL: the as-of month and the anomaly rule's thresholds."""
    return {"month": month, **catalog.RULES}


def build_tables(con: duckdb.DuckDBPyConnection, month: dt.date) -> dict[str, int]:
    """Build every intermediate table and mart through ``month``; row count per table.

    The same SQL the assets run, in dependency order. The assets pass the data's as-of
    month (``pipeline.core.months.as_of_month``).
    """
    return {t.qualified_name: build_table(con, t, month) for t in SQL_TABLES}
