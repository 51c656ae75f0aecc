"""Schedules: the monthly reports, on the 1st at 06:00 local time, for the month just ended.

Local time is the data's (CONTRACT §6): the timezone named in the data root's
``reference/laporan.toml`` (``timezone = "Asia/Makassar"``), else the one of the
province the gazetteer's villages lie in: ``Asia/Pontianak`` for 61–62, ``Asia/Jakarta``
for the other WIB provinces (11–36), ``Asia/Makassar`` (WITA) for 51–53, 63–65 and 71–76,
``Asia/Jayapura`` (WIT) for 81–82 and 91–96. It is decided when the definitions load
(a restart of ``dagster dev`` picks up a changed data root), from the gazetteer's text
alone: no database is opened.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections import Counter
from zoneinfo import ZoneInfo

import dagster as dg

from pipeline.core import laporan
from pipeline.core.months import add_months
from pipeline.orchestration.jobs import PIPELINE_JOB
from pipeline.orchestration.partitions import partition_key
from pipeline.settings import Settings

#: Without a gazetteer (or a province this table lacks): Western Indonesia Time.
DEFAULT_TIMEZONE = "Asia/Jakarta"
_ZONES = (
    (range(61, 63), "Asia/Pontianak"),
    (range(11, 37), "Asia/Jakarta"),
    (range(51, 54), "Asia/Makassar"),
    (range(63, 66), "Asia/Makassar"),
    (range(71, 77), "Asia/Makassar"),
    (range(81, 83), "Asia/Jayapura"),
    (range(91, 97), "Asia/Jayapura"),
)
_ZONE_NAMES = {
    "Asia/Pontianak": "WIB",
    "Asia/Jakarta": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def province_timezone(province: str) -> str | None:
    """The timezone of a Kemendagri province code (``64`` -> ``Asia/Makassar``); None if unknown."""
    try:
        code = int(province[:2])
    except ValueError:
        return None
    return next((zone for codes, zone in _ZONES if code in codes), None)


def gazetteer_province(settings: Settings) -> str | None:
    """The province most of the gazetteer's villages lie in (``reference/wilayah.csv``); None without one."""
    try:  # the name in any case (Wilayah.csv), as ingestion finds it
        path = next(
            (p for p in sorted(settings.reference_dir.iterdir()) if p.name.lower() == "wilayah.csv"), None
        )
    except OSError:
        return None
    if path is None or not path.is_file():
        return None
    counts: Counter[str] = Counter()
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            for row in csv.reader(fh, delimiter=";" if ";" in fh.readline() else ","):
                code = row[0].strip() if row else ""
                if code.count(".") == 3 or (code.isdigit() and len(code) == 10):
                    counts[code[:2]] += 1
    except OSError:
        return None
    return counts.most_common(1)[0][0] if counts else None


def schedule_timezone(settings: Settings) -> tuple[str, str]:
    """The schedule's timezone and why: ``laporan.toml``'s, else the data's province's, else WIB.

    A timezone ``laporan.toml`` gives that is not one (``pipeline.core.laporan``) is left out:
    ingestion notes it (the CLI and the UI show the note); here it is only logged.
    """
    found = laporan.load(settings.reference_dir)
    for problem in found.problems:  # noted by ingestion, which the CLI shows: not repeated here
        if problem.key == "timezone" or problem.key is None:
            logging.getLogger(__name__).info(
                "reference/%s: %s", found.path.name if found.path else laporan.NAME, problem.text()
            )
    named = found.values.get("timezone", "")
    if named:
        return named, f"reference/{found.path.name if found.path else laporan.NAME}"
    province = gazetteer_province(settings)
    zone = province_timezone(province) if province else None
    if zone:
        return zone, f"province {province} of the gazetteer"
    return DEFAULT_TIMEZONE, "no gazetteer: Western Indonesia Time"


def previous_month(when: dt.datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    """The partition of the month before ``when``'s month in ``timezone`` (naive = that local time)."""
    local = when.astimezone(ZoneInfo(timezone)) if when.tzinfo else when
    return partition_key(add_months(dt.date(local.year, local.month, 1), -1))


def build_monthly_schedule(settings: Settings) -> dg.ScheduleDefinition:
    """The monthly schedule in the data root's timezone (``schedule_timezone``)."""
    timezone, why = schedule_timezone(settings)

    @dg.schedule(
        name="monthly_reports_schedule",
        cron_schedule="0 6 1 * *",
        execution_timezone=timezone,
        job=PIPELINE_JOB,
        description=(
            f"On the 1st of every month at 06:00 {_ZONE_NAMES.get(timezone, '')} ({timezone}: {why}), "
            "ingest the inputs, rebuild the marts and render the reports of the month that has just "
            "ended."
        ),
    )
    def monthly_reports_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        """Request the previous month's partition of ``pipeline_job``."""
        key = previous_month(context.scheduled_execution_time, timezone)
        return dg.RunRequest(run_key=key, partition_key=key, tags={"pipeline/trigger": "schedule"})

    return monthly_reports_schedule


monthly_reports_schedule = build_monthly_schedule(Settings.from_env())
SCHEDULES = [monthly_reports_schedule]
