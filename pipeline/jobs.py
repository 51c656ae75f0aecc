"""Jobs: the whole pipeline, in-process so DuckDB has one writer at a time."""

from __future__ import annotations

import dagster as dg

PIPELINE_JOB = dg.define_asset_job(
    "pipeline_job",
    selection=dg.AssetSelection.all(),
    description="Ingest every input, rebuild the marts and exports, and render the reports.",
    executor_def=dg.in_process_executor,
)
