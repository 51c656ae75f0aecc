"""Jobs: the whole pipeline, in-process so DuckDB has one writer at a time.

``pipeline_job`` is the one job behind every way of running the pipeline: the UI's
"Materialize all" (Definitions use the same in-process executor), the monthly
schedule, the raw-files sensor and ``python -m pipeline run``. Its reports are
partitioned by month; a run of one partition rebuilds the whole tables through that
month and renders that month's reports.
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


def partitioned_keys(defs: dg.Definitions) -> list[dg.AssetKey]:
    """The assets materialized per month (the reports)."""
    graph = defs.resolve_asset_graph()
    return sorted(k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is not None)


def whole_table_keys(defs: dg.Definitions) -> list[dg.AssetKey]:
    """The assets rebuilt whole by every run: ingestion, marts, exports."""
    graph = defs.resolve_asset_graph()
    return sorted(k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is None)
