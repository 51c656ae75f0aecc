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

from typing import TYPE_CHECKING

import dagster as dg

from pipeline.orchestration.assets.internal import RENEWAL_LIST
from pipeline.orchestration.assets.reports import MONTHLY_REPORT
from pipeline.orchestration.partitions import MONTHLY_PARTITIONS

if TYPE_CHECKING:  # the graph a Definitions or a code location resolves (not exported by dagster)
    from dagster._core.definitions.assets.graph.base_asset_graph import BaseAssetGraph

#: On every run that writes the database: the deployment's run queue lets one such run at a time
#: (``deploy/dagster.yaml``, ``tag_concurrency_limits``), whatever else runs beside it.
WRITER_TAGS = {"pipeline/writer": "duckdb"}
#: The assets of one reporting month (partitioned by month): the reports and the renewal lists.
PER_MONTH = dg.AssetSelection.assets(RENEWAL_LIST, MONTHLY_REPORT)
#: The assets every run rebuilds whole: ingestion, intermediates, marts, exports, the fix list.
WHOLE_TABLES = dg.AssetSelection.all() - PER_MONTH

PIPELINE_JOB = dg.define_asset_job(
    "pipeline_job",
    selection=dg.AssetSelection.all(),
    partitions_def=MONTHLY_PARTITIONS,
    description=(
        "Ingest every input, rebuild the marts and exports, and render the reports of one "
        "reporting month (the partition). Runs in one process: DuckDB allows one writer."
    ),
    executor_def=dg.in_process_executor,
    tags=WRITER_TAGS,
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
    tags=WRITER_TAGS,
)


def selected_keys(selection: dg.AssetSelection, graph: BaseAssetGraph) -> list[dg.AssetKey]:
    """The materializable assets of ``selection`` in ``graph`` (a run's ``asset_selection``)."""
    return sorted(k for k in selection.resolve(graph) if graph.get(k).is_materializable)


def partitioned_keys(graph: BaseAssetGraph) -> list[dg.AssetKey]:
    """The assets materialized per month (the reports)."""
    return selected_keys(PER_MONTH, graph)


def whole_table_keys(graph: BaseAssetGraph) -> list[dg.AssetKey]:
    """The assets rebuilt whole by every run: ingestion, marts, exports."""
    return selected_keys(WHOLE_TABLES, graph)
