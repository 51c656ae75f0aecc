"""The monthly evaluation reports: one PDF/A-3b per regency, plus a province summary.

A thin asset, partitioned by reporting month: it opens the database read-only, takes
the month from ``RunParams`` (the run's partition, else the data's as-of month) and
hands both to ``pipeline.report.render.render_all``, which does the work.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

import dataclasses
import datetime as dt
import hashlib
import time
from pathlib import Path

import dagster as dg
import duckdb

from pipeline import outcomes
from pipeline.assets.keys import asset_key, keys_read_by
from pipeline.assets.metadata import markdown_table
from pipeline.files import atomic_path
from pipeline.months import add_months, data_span, resolve_month
from pipeline.partitions import AREA_REPORT_PARTITIONS, MONTHLY_PARTITIONS
from pipeline.report.context import ReportConfig, build_report, list_scopes
from pipeline.report.render import RenderedReport, render_all, render_pdf
from pipeline.resources import DuckDBResource, RunParams
from pipeline.sql import fetch

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


def checked_month(con: duckdb.DuckDBPyConnection, run_params: RunParams) -> dt.date:
    """The run's reporting month, or a refusal when the data does not cover it."""
    span = data_span(con)
    if span is None:
        raise outcomes.expected(
            outcomes.NO_DATA,
            "the database holds no accepted enrolment row: "
            "run the whole pipeline (python -m pipeline run) first",
        )
    month = resolve_month(con, run_params.reporting_month)
    refusal = span.refusal(month)
    if refusal:
        raise outcomes.expected(outcomes.REFUSED, refusal)
    return month


_TREND_MONTHS = 12
_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """``▁▃▅█``: each value's place between the series' minimum and maximum (not from zero)."""
    low, high = min(values), max(values)
    if high == low:
        return _SPARKS[len(_SPARKS) // 2] * len(values)
    return "".join(_SPARKS[round((v - low) / (high - low) * (len(_SPARKS) - 1))] for v in values)


def coverage_trend(con: duckdb.DuckDBPyConnection, month: dt.date) -> str:
    """Insured workers of each regency over the 12 months up to ``month``, as Markdown.

    Per regency a sparkline (the UI's metadata panel runs no chart library) and a small
    table: active, change from the month before, coverage rate.
    """
    rows = fetch(
        con, "report", "coverage_trend", {"first": add_months(month, 1 - _TREND_MONTHS), "month": month}
    )[1]
    if not rows:
        return f"No regency has rows in marts.coverage_by_area up to {month:%Y-%m}."
    blocks = []
    for code in dict.fromkeys(r[0] for r in rows):
        regency = [r for r in rows if r[0] == code]
        active = [r[3] or 0 for r in regency]
        table = [
            (
                f"{m:%Y-%m}",
                f"{active[i]:,}",
                f"{active[i] - active[i - 1]:+,}" if i else "",
                "" if rate is None else f"{rate:.1%}",
            )
            for i, (_, _, m, _, rate) in enumerate(regency)
        ]
        blocks.append(
            f"**{code} {regency[0][1]}** `{sparkline(active)}` {active[0]:,} → {active[-1]:,} insured\n\n"
            + markdown_table(["month", "active", "change", "coverage"], table, align="lrrr")
        )
    return "\n\n".join(blocks)


def render_area(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    area: str,
    reports_dir: Path,
    config: ReportConfig | None = None,
) -> RenderedReport | None:
    """Write one area's report of ``month`` as ``render_all`` writes it (the same bytes); None without data.

    ``area`` is a regency code, or a province code for the summary of its regencies.
    """
    scope = next((s for s in list_scopes(con, month) if s.code == area), None)
    if scope is None:
        return None
    started = time.perf_counter()
    content = build_report(con, scope, month, config or ReportConfig.load())
    pdf, pages, _ = render_pdf(content)
    path = Path(reports_dir) / f"{month:%Y-%m}" / content.filename
    with atomic_path(path) as tmp:
        tmp.write_bytes(pdf)
    return RenderedReport(
        path=path,
        pages=pages,
        seconds=round(time.perf_counter() - started, 2),
        document_id=content.manifest["document_id"],
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


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
#: for the summary of its regencies). Materialized by the steps of ``pipeline.fanout``'s jobs,
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
