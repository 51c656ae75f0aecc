"""Table of contents of the Dagster deployment: assets, checks, jobs, schedules, sensors and resources."""

from __future__ import annotations

import dagster as dg

from pipeline.orchestration.assets.exports import EXPORT_ASSETS
from pipeline.orchestration.assets.internal import INTERNAL_ASSETS
from pipeline.orchestration.assets.mart_checks import MART_CHECKS
from pipeline.orchestration.assets.reports import REPORT_ASSETS
from pipeline.orchestration.assets.staging import STAGING_ASSETS, STAGING_CHECKS
from pipeline.orchestration.assets.tables import MART_ASSETS
from pipeline.orchestration.fanout import FANOUT_JOBS
from pipeline.orchestration.jobs import PIPELINE_JOB, REPORTS_JOB
from pipeline.orchestration.resources import DuckDBResource, ReportDatabase, RunParams, SettingsResource
from pipeline.orchestration.schedules import SCHEDULES
from pipeline.orchestration.sensors import SENSORS

# The data root: PIPELINE_DATA_DIR, else ./data (pipeline.settings reads it, nothing else).
settings = SettingsResource()

defs = dg.Definitions(
    assets=[*STAGING_ASSETS, *MART_ASSETS, *EXPORT_ASSETS, *REPORT_ASSETS, *INTERNAL_ASSETS],
    asset_checks=[*STAGING_CHECKS, *MART_CHECKS],
    jobs=[PIPELINE_JOB, REPORTS_JOB, *FANOUT_JOBS],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources={
        "settings": settings,
        "duckdb": DuckDBResource(settings=settings),
        "run_params": RunParams(),
        # read-only, without the run lock: the fanned-out report steps (pipeline.orchestration.fanout)
        "report_db": ReportDatabase(settings=settings),
    },
    # The UI's "Materialize" runs the implicit asset job: in-process too, one DuckDB writer.
    executor=dg.in_process_executor,
)
