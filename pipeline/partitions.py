"""The monthly partitions of the reports: one partition per reporting month, ``YYYY-MM``.

Only the reports are partitioned. Ingestion and the marts are whole tables: a mart's
values for month M do not depend on the reporting month, only which months exist, so
they are rebuilt through the run's month (see ``RunParams``) rather than per partition.

The first partition is fixed by configuration, not derived from the data: deriving it
would mean opening DuckDB whenever Dagster loads the definitions (the webserver, the
daemon and every run do), which races the single writer and would make the partition
set change under a running backfill. ``PIPELINE_FIRST_MONTH`` (default ``2024-01``, the
first month of the Bengkayang data) moves it for another regency's history.

The last partition is the month in progress (``end_offset=1``): data pulled on the 5th
has claims paid that month, so its as-of month, the CLI's default, is the current
month. The monthly schedule asks for the previous, complete month.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

from pipeline.months import parse_month

#: West Kalimantan's time zone (WIB): partition boundaries and the schedule use it.
TIMEZONE = "Asia/Pontianak"
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
    end_offset=1,
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
    raise ValueError(f"reporting month {key} is after the current month {keys[-1]} ({TIMEZONE})")
