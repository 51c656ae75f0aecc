"""Schedules: the monthly reports, on the 1st at 06:00 in Pontianak, for the month just ended."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from pipeline.jobs import PIPELINE_JOB
from pipeline.months import add_months
from pipeline.partitions import TIMEZONE, partition_key


def previous_month(when: dt.datetime) -> str:
    """The partition of the month before ``when``'s month in Pontianak (naive = Pontianak time)."""
    local = when.astimezone(ZoneInfo(TIMEZONE)) if when.tzinfo else when
    return partition_key(add_months(dt.date(local.year, local.month, 1), -1))


@dg.schedule(
    name="monthly_reports_schedule",
    cron_schedule="0 6 1 * *",
    execution_timezone=TIMEZONE,
    job=PIPELINE_JOB,
    description=(
        "On the 1st of every month at 06:00 WIB (Asia/Pontianak), ingest the inputs, rebuild "
        "the marts and render the reports of the month that has just ended."
    ),
)
def monthly_reports_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Request the previous month's partition of ``pipeline_job``."""
    key = previous_month(context.scheduled_execution_time)
    return dg.RunRequest(run_key=key, partition_key=key, tags={"pipeline/trigger": "schedule"})


SCHEDULES = [monthly_reports_schedule]
