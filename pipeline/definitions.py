"""Table of contents of the Dagster deployment: assets, checks, jobs and resources."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.staging import STAGING_ASSETS, STAGING_CHECKS
from pipeline.jobs import PIPELINE_JOB
from pipeline.resources import DuckDBResource, RunParams
from pipeline.settings import Settings

defs = dg.Definitions(
    assets=[*STAGING_ASSETS],
    asset_checks=[*STAGING_CHECKS],
    jobs=[PIPELINE_JOB],
    resources={
        "duckdb": DuckDBResource(database=str(Settings.from_env().db_path)),
        "run_params": RunParams(),
    },
)
