"""Jobs: the whole pipeline, in-process so DuckDB has one writer at a time.

``pipeline_job`` is the one job behind every way of running the pipeline: the UI's
"Materialize all" (Definitions use the same in-process executor), the monthly
schedule, the raw-files sensor and ``python -m pipeline run``. Its reports are
partitioned by month; a run of one partition rebuilds the whole tables (through the
data's as-of month, whatever the partition) and renders that month's reports.

``monthly_reports_job`` renders reports only, from the tables as they are: a backfill
of old months with it neither rebuilds nor shrinks the tables.
"""

from __future__ import annotations

import dagster as dg

from pipeline.partitions import MONTHLY_PARTITIONS

PIPELINE_JOB = dg.define_asset_job(
    "pipeline_job",
    selection=dg.AssetSelection.all(),
    partitions_def=MONTHLY_PARTITIONS,
    description=(
        "Ingest every input, rebuild the marts and exports, and render the reports of one "
        "reporting month (the partition). Runs in one process: DuckDB allows one writer."
    ),
    executor_def=dg.in_process_executor,
)

REPORTS_JOB = dg.define_asset_job(
    "monthly_reports_job",
    selection=dg.AssetSelection.groups("reports", "internal"),
    partitions_def=MONTHLY_PARTITIONS,
    description=(
        "Render the reports (and internal renewal lists) of the chosen months from the tables "
        "as they are: for backfills of earlier months. Nothing else is rebuilt."
    ),
    executor_def=dg.in_process_executor,
)


def partitioned_keys(defs: dg.Definitions) -> list[dg.AssetKey]:
    """The assets materialized per month (the reports)."""
    graph = defs.resolve_asset_graph()
    return sorted(k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is not None)


def whole_table_keys(defs: dg.Definitions) -> list[dg.AssetKey]:
    """The assets rebuilt whole by every run: ingestion, marts, exports."""
    graph = defs.resolve_asset_graph()
    return sorted(k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is None)
