"""One month's reports fanned out by Dagster's executor: one step per area.

Dagster runs one partition per run, and an executor spreads the steps of one run, never
partitions: one run per ``reports/area_report`` partition would parallelise only as
concurrent runs, each paying a run's start. ``render_reports_job`` renders a whole month
in one run instead: ``report_areas`` lists the month's areas (every regency with data,
then the summary of each province with several) and registers them as ``report_area``
partitions; ``render_area_report`` is mapped over them (dynamic outputs), so the
executor runs one step per area — in processes of its own on one machine
(``multiprocess_executor``, as many at once as the machine has cores) or on Celery
workers (``render_reports_celery_job``, ``dagster-celery`` with Redis as broker). Each
step opens the published database read-only (``ReportDatabase``), writes the same file
``python -m pipeline run`` writes, and records the materialization of its
``reports/area_report`` partition. Nothing here writes to DuckDB: the writing steps
(ingestion, marts, exports) stay in ``pipeline_job``, one at a time.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

import os
import re

import dagster as dg
from dagster_celery import celery_executor

from pipeline.core.months import parse_month
from pipeline.orchestration.assets.reports import AREA_REPORT, area_report_metadata
from pipeline.orchestration.partitions import REPORT_AREAS, area_partition_key, checked_month
from pipeline.orchestration.resources import ReportDatabase, RunParams, SettingsResource
from pipeline.report.config import ReportConfig
from pipeline.report.context import list_scopes
from pipeline.report.render import render_all


class ReportMonth(dg.Config):
    """The reporting month (``YYYY-MM``; empty: the data's as-of month) and, optionally, some areas."""

    month: str = ""
    #: Only these area codes (regencies ``61.07``, provinces ``61``); empty: every area of the month.
    areas: list[str] = []  # noqa: RUF012 (pydantic copies the default)


def _mapping_key(area: str) -> str:
    """A dynamic output's key (letters, digits, underscores): ``61.07`` -> ``a61_07``."""
    return "a" + re.sub(r"[^0-9A-Za-z]", "_", area)


@dg.op(out=dg.DynamicOut(str))
def report_areas(context: dg.OpExecutionContext, config: ReportMonth, report_db: ReportDatabase):
    """The month's areas, regencies first, each registered as a ``report_area`` partition."""
    with report_db.connect() as con:
        month = checked_month(con, RunParams(reporting_month=config.month))
        areas = [s.code for s in list_scopes(con, month)]
    if config.areas:
        unknown = sorted(set(config.areas) - set(areas))
        if unknown:
            raise dg.Failure(f"no report for {', '.join(unknown)} in {month:%Y-%m}: no rows in the marts")
        areas = [a for a in areas if a in config.areas]
    context.instance.add_dynamic_partitions(REPORT_AREAS.name, areas)
    context.log.info(f"{len(areas)} reports for {month:%Y-%m}: {', '.join(areas)}")
    for area in areas:
        yield dg.DynamicOutput(f"{month:%Y-%m}|{area}", mapping_key=_mapping_key(area))


@dg.op
def render_area_report(context: dg.OpExecutionContext, report_db: ReportDatabase, job: str) -> dict:
    """Render one area's report (``YYYY-MM|code``); records its ``reports/area_report`` partition."""
    month_key, area = job.split("|")
    month = parse_month(month_key)
    with report_db.connect() as con:
        config = ReportConfig.load(data_dir=(report_db.settings or SettingsResource()).get().data_dir)
        report = next(iter(render_all(con, month, report_db.reports_path, config, area=area)), None)
    if report is None:
        raise dg.Failure(f"area {area} has no rows in the marts for {month_key}")
    context.log_event(
        dg.AssetMaterialization(
            asset_key=AREA_REPORT,
            partition=area_partition_key(month, area),
            metadata=area_report_metadata(month, area, report),
        )
    )
    return {
        "area": area,
        "file": report.path.name,
        "pages": report.pages,
        "seconds": report.seconds,
        "sha256": report.sha256,
        "pid": os.getpid(),
    }


@dg.op
def reports_rendered(context: dg.OpExecutionContext, rendered: list[dict]) -> dg.Output[list[dict]]:
    """All of the month's reports: files, pages and render seconds (the run's summary)."""
    total = sum(r["seconds"] for r in rendered)
    processes = len({r["pid"] for r in rendered})
    context.log.info(f"{len(rendered)} reports, {total:.1f} s of rendering in {processes} processes")
    return dg.Output(
        rendered, metadata={"report_count": len(rendered), "render_seconds_total": round(total, 2)}
    )


def _graph():
    reports_rendered(report_areas().map(render_area_report).collect())


_DESCRIPTION = (
    "Render one month's reports (config `ops.report_areas.config.month`, empty: the data's "
    "as-of month) from the published database, one step per regency and province summary: "
    "{where}. Each step reads the database read-only and records its reports/area_report "
    "partition; nothing is rebuilt."
)

#: Imported once by the forkserver; every step process forks from it with Dagster, WeasyPrint,
#: matplotlib and the report code loaded (spawning a fresh interpreter per step cost ~3 s more
#: per report on 2 cores, docs/scaling.md).
PRELOAD_MODULES = ["pipeline.orchestration.fanout"]


def _multiprocess_config(config: dict) -> dict:
    return {
        "max_concurrent": config["max_concurrent"],
        "start_method": {"forkserver": {"preload_modules": PRELOAD_MODULES}},
    }


#: Dagster's multiprocess executor started by a forkserver that preloads the report code.
#: ``max_concurrent`` 0 (the default) is one process per core (``multiprocessing.cpu_count``).
multiprocess_preloaded = dg.multiprocess_executor.configured(
    _multiprocess_config,
    config_schema={
        "max_concurrent": dg.Field(
            int, default_value=0, description=("Steps (reports) at once; 0: one per core.")
        )
    },
)

#: One machine: as many processes at once as the machine has cores (run config
#: ``execution.config.max_concurrent`` sets another number).
render_reports_job = dg.job(
    name="render_reports_job",
    description=_DESCRIPTION.format(where="the multiprocess executor, one process per core"),
    executor_def=multiprocess_preloaded,
    tags={"pipeline/stage": "reports"},
)(_graph)

#: A cluster: every step a task on the ``dagster`` queue of the Celery workers (broker in the run config).
render_reports_celery_job = dg.job(
    name="render_reports_celery_job",
    description=_DESCRIPTION.format(where="the Celery executor, each step a task for the workers"),
    executor_def=celery_executor,
    tags={"pipeline/stage": "reports"},
)(_graph)

FANOUT_JOBS = [render_reports_job, render_reports_celery_job]


def run_config(
    database: str,
    reports_dir: str,
    month: str = "",
    areas: list[str] | None = None,
    execution: dict | None = None,
) -> dict:
    """The run config of a render job: the database read, the folder written, the month and areas."""
    config: dict = {
        "resources": {"report_db": {"config": {"database": database, "reports_dir": reports_dir}}},
        "ops": {"report_areas": {"config": {"month": month, "areas": list(areas or [])}}},
    }
    if execution is not None:
        config["execution"] = {"config": execution}
    return config
