"""The monthly evaluation reports: one PDF/A-3b per regency, plus a province summary.

A thin asset, partitioned by reporting month: it opens the database read-only, takes
the month from ``RunParams`` (the run's partition, else the data's as-of month) and
hands both to ``pipeline.report.render.render_all``, which does the work.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

import dataclasses
import datetime as dt

import dagster as dg

from pipeline.orchestration.assets.keys import asset_key, keys_read_by
from pipeline.orchestration.assets.metadata import markdown_table
from pipeline.orchestration.partitions import AREA_REPORT_PARTITIONS, MONTHLY_PARTITIONS, checked_month
from pipeline.orchestration.resources import DuckDBResource, RunParams
from pipeline.report.config import ReportConfig
from pipeline.report.render import RenderedReport, render_all
from pipeline.report.trend import coverage_trend

MONTHLY_REPORT = asset_key("reports.monthly_report")
AREA_REPORT = asset_key("reports.area_report")
#: The report reads the tables its SQL files (``sql/report/*.sql``) read.
REPORT_DEPS = keys_read_by("report")


@dg.asset(
    key=MONTHLY_REPORT,
    deps=REPORT_DEPS,
    group_name="reports",
    kinds={"pdf"},
    partitions_def=MONTHLY_PARTITIONS,
    description=(
        "Laporan Monitoring dan Evaluasi Pelaksanaan Jaminan Sosial Ketenagakerjaan: one "
        "PDF/A-3b per regency with data in the reporting month, plus a province summary "
        "where a province has more than one, at `reports/<YYYY-MM>/<code>-<name>.pdf`. "
        "Grain: regency (or province) × reporting month. The report's tables and a "
        "manifest (inputs with SHA-256, code version, parameters) are attached inside "
        "each PDF; the same inputs give byte-identical files. One partition per "
        "reporting month (YYYY-MM): materializing a partition renders that month's reports."
    ),
)
def monthly_report(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Render the month's reports from the marts and audit tables.

    A month outside the data's span (CONTRACT §6) fails the step with the refusal, before
    anything is written: the first step of a run that renders reports only (a backfill).
    """
    with duckdb.connect(read_only=True) as con:
        month = checked_month(con, run_params)
        config = ReportConfig.load(data_dir=duckdb.data_settings.data_dir)  # with reference/laporan.toml
        rendered = render_all(con, month, duckdb.output_dir("reports"), config)
        trend = coverage_trend(con, month)
    duckdb.finish(context)
    rendered = [dataclasses.replace(r, path=duckdb.published_path_of(r.path)) for r in rendered]
    for report in rendered:
        context.log.info(f"{report.path.name}: {report.pages} pages in {report.seconds} s")
    if not rendered:
        context.log.warning(f"no regency has rows in the marts for {month:%Y-%m}: no report written")
    metadata: dict[str, dg.MetadataValue] = {
        "reporting_month": dg.MetadataValue.text(f"{month:%Y-%m}"),
        "report_count": dg.MetadataValue.int(len(rendered)),
        "render_seconds_total": dg.MetadataValue.float(round(float(sum(r.seconds for r in rendered)), 2)),
        "reports": dg.MetadataValue.md(
            markdown_table(
                ["file", "pages", "seconds", "document id"],
                [(r.path.name, r.pages, r.seconds, r.document_id) for r in rendered],
            )
        ),
        "coverage_trend": dg.MetadataValue.md(trend),
    }
    if rendered:
        metadata["dagster/uri"] = dg.MetadataValue.path(str(rendered[0].path.parent))
    for report in rendered:
        stem = report.path.stem
        metadata[f"{stem}/path"] = dg.MetadataValue.path(str(report.path))
        metadata[f"{stem}/pages"] = dg.MetadataValue.int(report.pages)
        metadata[f"{stem}/render_seconds"] = dg.MetadataValue.float(report.seconds)
        metadata[f"{stem}/sha256"] = dg.MetadataValue.text(report.sha256)
    return dg.MaterializeResult(metadata=metadata)


def area_report_metadata(month: dt.date, area: str, report: RenderedReport) -> dict[str, dg.MetadataValue]:
    """What the UI shows of one area's report (a partition of ``reports/area_report``)."""
    return {
        "reporting_month": dg.MetadataValue.text(f"{month:%Y-%m}"),
        "area": dg.MetadataValue.text(area),
        "path": dg.MetadataValue.path(str(report.path)),
        "pages": dg.MetadataValue.int(report.pages),
        "render_seconds": dg.MetadataValue.float(report.seconds),
        "document_id": dg.MetadataValue.text(report.document_id),
        "sha256": dg.MetadataValue.text(report.sha256),
    }


#: One area's report per partition (reporting month × area: a regency code, or a province code
#: for the summary of its regencies). Materialized by the steps of ``pipeline.orchestration.fanout``'s jobs,
#: which record each partition as they render it: an asset Dagster observes, not one it runs
#: itself, so "Materialize all" still launches one run of one month (and a run holds one
#: partitions definition). ``reports/monthly_report`` writes the same files.
area_report = dg.AssetSpec(
    AREA_REPORT,
    deps=REPORT_DEPS,
    group_name="reports",
    kinds={"pdf"},
    partitions_def=AREA_REPORT_PARTITIONS,
    description=(
        "One area's monthly report, the same PDF/A-3b file (same name, same bytes) as "
        "`reports/monthly_report` writes for that area, partitioned by reporting month × area "
        "(a regency, or a province summary; the areas are registered from the data). Rendered by "
        "`render_reports_job` (multiprocess executor, one process per core) or "
        "`render_reports_celery_job` (Celery workers): one step per area, each reading the "
        "published database read-only. Rebuilds no table."
    ),
)


REPORT_ASSETS = [monthly_report, area_report]
