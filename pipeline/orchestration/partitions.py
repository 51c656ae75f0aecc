"""The monthly partitions of the reports: one partition per reporting month, ``YYYY-MM``.

Only the reports (and the internal renewal lists) are partitioned. Ingestion and the
marts are whole tables spanning the data, from the month of the earliest spell start
to the data's as-of month, whatever month a run reports on (CONTRACT §5).

The first partition is fixed by configuration, not derived from the data: deriving it
would mean opening DuckDB whenever Dagster loads the definitions (the webserver, the
daemon and every run do), which races the single writer and would make the partition
set change under a running backfill. ``PIPELINE_FIRST_MONTH`` (default ``2024-01``, the
first month of the sample data) moves it for a data root with a longer history.

The partitions are therefore calendar months, and the data decides at run time: the
run's first step (ingestion, or the report itself in a run of reports only) refuses a
month before the data's first month or after its as-of month, with the reason, the
as-of date and the row it comes from (``pipeline.core.months.DataSpan.refusal``). The last
partition lies four months after the current one (``end_offset=5``): a spell may be
entered to start up to 92 days ahead, so the as-of month can be that late; partitions
beyond the data are refused, never reported on (``checked_month``, the first thing each
partitioned asset does). The monthly schedule asks for the
previous, complete month.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg
import duckdb

from pipeline.core.months import data_span, parse_month, resolve_month
from pipeline.orchestration import outcomes
from pipeline.orchestration.resources import RunParams

#: The partitions' time zone (WIB, UTC+7; no regency's own). It only places the boundary hour
#: of the calendar months, whose last partition lies months ahead (``end_offset``): it never
#: decides a reporting month.
#: The monthly schedule runs in the data's own time zone (``pipeline.orchestration.schedules``).
TIMEZONE = "Asia/Jakarta"
#: The first reporting month unless ``PIPELINE_FIRST_MONTH`` says otherwise.
DEFAULT_FIRST_MONTH = "2024-01"
#: Partition keys look like reporting months: ``2025-09``.
KEY_FORMAT = "%Y-%m"


def first_month() -> dt.date:
    """The first partition's month: ``PIPELINE_FIRST_MONTH`` or ``2024-01``."""
    return parse_month(os.environ.get("PIPELINE_FIRST_MONTH") or DEFAULT_FIRST_MONTH)


MONTHLY_PARTITIONS = dg.MonthlyPartitionsDefinition(
    start_date=f"{first_month():%Y-%m}",
    fmt=KEY_FORMAT,
    timezone=TIMEZONE,
    end_offset=5,
)


def partition_key(month: dt.date) -> str:
    """``date(2025, 9, 1)`` -> ``'2025-09'``."""
    return month.strftime(KEY_FORMAT)


def check_partition(month: dt.date) -> str:
    """The partition key of ``month``; a ValueError saying why when there is none."""
    key = partition_key(month)
    keys = MONTHLY_PARTITIONS.get_partition_keys()
    if key in keys:
        return key
    if key < keys[0]:
        raise ValueError(
            f"reporting month {key} is before the first partition {keys[0]}; "
            "set PIPELINE_FIRST_MONTH=YYYY-MM to report on earlier months"
        )
    raise ValueError(f"reporting month {key} is after the last partition {keys[-1]} ({TIMEZONE})")


#: The areas that get a report: regency codes (``61.07``) and the province codes (``61``) of
#: the province summaries. Dynamic: the areas come from the data (``render_reports_job``
#: registers those of the month it renders), never from opening DuckDB at load time.
REPORT_AREAS = dg.DynamicPartitionsDefinition(name="report_area")
#: One report per reporting month × area (keys ``61.07|2025-09``: dimensions in name order).
AREA_REPORT_PARTITIONS = dg.MultiPartitionsDefinition({"month": MONTHLY_PARTITIONS, "area": REPORT_AREAS})


def area_partition_key(month: dt.date, area: str) -> dg.MultiPartitionKey:
    """The ``reports/area_report`` partition of one area's report for ``month``."""
    return dg.MultiPartitionKey({"month": partition_key(month), "area": area})


def checked_month(con: duckdb.DuckDBPyConnection, run_params: RunParams) -> dt.date:
    """The run's reporting month, or a refusal when the data does not cover it."""
    span = data_span(con)
    if span is None:
        raise outcomes.expected(
            outcomes.NO_DATA,
            "the database holds no accepted enrolment row: "
            "run the whole pipeline (python -m pipeline run) first",
        )
    month = resolve_month(con, run_params.reporting_month)
    refusal = span.refusal(month)
    if refusal:
        raise outcomes.expected(outcomes.REFUSED, refusal)
    return month
