"""Ingestion: every input file under ``raw/`` into the staging, identity and audit tables."""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

import dagster as dg

from pipeline import catalog
from pipeline.audit import health
from pipeline.audit.archive import archive_inputs
from pipeline.core.months import data_span, long_date, parse_month, recorded_run_date
from pipeline.core.sql import fetch, row_count, select_failures
from pipeline.ingest.discover import discover
from pipeline.ingest.load import InputMissing, ingest
from pipeline.orchestration import outcomes
from pipeline.orchestration.assets.keys import asset_key
from pipeline.orchestration.assets.metadata import column_schema, describe, markdown_table, preview
from pipeline.orchestration.resources import PARTITION_TAG, STRICT_TAG, DuckDBResource, SettingsResource
from pipeline.publication import privacy
from pipeline.settings import Settings

RAW_ASSETS = [
    dg.AssetSpec(
        asset_key("raw.reference"),
        group_name="raw",
        description="Gazetteer (wilayah.csv), workforce denominators, targets and "
        "mapping tables in data/raw/reference/, as the analysts drop them.",
    ),
    dg.AssetSpec(
        asset_key("raw.enrolment"),
        group_name="raw",
        description="Enrolment (kepesertaan) spreadsheets in data/raw/enrolment/, exactly "
        "as village offices and BPJS branches send them.",
    ),
    dg.AssetSpec(
        asset_key("raw.claims"),
        group_name="raw",
        description="Claim (klaim) spreadsheets in data/raw/claims/.",
    ),
]

#: The tables ingestion writes (each asset's group is its schema).
_OUTPUTS = (*catalog.STAGING_TABLES, *catalog.IDENTITY_TABLES, *catalog.AUDIT_TABLES)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            asset_key(t),
            group_name=t.schema,
            description=describe(t),
            deps=[s.key for s in RAW_ASSETS],
            metadata={"dagster/column_schema": column_schema(t)},
        )
        for t in _OUTPUTS
    ],
    can_subset=False,
)
def ingestion(context: dg.AssetExecutionContext, duckdb: DuckDBResource, settings: SettingsResource):
    """Read every file under raw/, validate each row, and write staging and audit tables.

    Every data row read is either accepted into staging or rejected with one reason
    code in audit.rejected_rows; a file that cannot be read at all is listed with its
    error in audit.input_files and the others still load.

    The run's first step: it fails, with a message saying what to do, when there is no
    gazetteer, when no enrolment row is accepted, and when the run's reporting month
    (its partition) lies outside the data's months (CONTRACT §6).
    """
    paths = settings.get()
    with duckdb.connect(fresh=True) as con:
        try:
            log = ingest(con, paths)
        except InputMissing as exc:
            raise outcomes.expected(outcomes.NO_GAZETTEER, no_gazetteer_message(paths, exc)) from None
        except privacy.KeyProblem as exc:
            raise outcomes.expected(outcomes.KEY, str(exc)) from None
        archive_inputs(con, paths, duckdb.output_dir("archive"))
        check_data_span(con, paths, context.run.tags.get(PARTITION_TAG, ""))
        check_health(con, context.run.tags.get(STRICT_TAG) == "true")
        for f in log.files:
            if f["error"]:
                context.log.warning(f"{f['path']}: {f['error']}")
        counts = {t: row_count(con, t.qualified_name) for t in _OUTPUTS}
        by_reason = markdown_table(*fetch(con, "ingestion", "rejected_by_reason"))
        files = markdown_table(*fetch(con, "ingestion", "files_read"))
        for table in _OUTPUTS:
            meta = {"dagster/row_count": counts[table]}
            if table is catalog.REJECTED_ROWS:
                meta["rejected_by_reason"] = dg.MetadataValue.md(by_reason)
            elif table is catalog.INPUT_FILES:
                meta["files"] = dg.MetadataValue.md(files)
            elif table.schema != "identity":
                meta["preview"] = preview(con, table.qualified_name)
            yield dg.MaterializeResult(asset_key=asset_key(table), metadata=meta)
    duckdb.finish(context)


SAMPLE_HINT = "python -m pipeline sample-data writes the synthetic sample inputs there"
GAZETTEER_HINT = (
    "python -m pipeline gazetteer KODE (your regency's Kemendagri code, e.g. 64.09) writes it "
    "from the national list shipped in pipeline/data/wilayah_indonesia.csv.gz"
)


def no_gazetteer_message(settings: Settings, exc: Exception) -> str:
    """What to do without a gazetteer: how to make wilayah.csv from the national list, or get the sample."""
    if not discover(settings.raw_dir):
        return (
            f"no input files in {settings.raw_dir}: put the gazetteer in "
            f"{settings.reference_dir / 'wilayah.csv'} ({GAZETTEER_HINT}) and enrolment "
            f"spreadsheets in {settings.enrolment_dir}; or, in an empty data root, {SAMPLE_HINT} "
            "(PIPELINE_DATA_DIR moves the data root)"
        )
    return (
        f"{exc}. The Kemendagri region list must be at {settings.reference_dir / 'wilayah.csv'} "
        f"(one row per province, regency, district and village): {GAZETTEER_HINT}"
    )


def check_data_span(con, settings: Settings, partition: str) -> None:
    """Fail the step when there is nothing to report on, or the run's month lies outside the data."""
    span = data_span(con)
    if span is None:
        files = fetch(con, "ingestion", "enrolment_files_read")[1][0]
        if files[0] == 0:
            message = (
                f"no enrolment data: {settings.enrolment_dir} holds no spreadsheet. Put the "
                f"enrolment (kepesertaan) files there, or run python -m pipeline sample-data with "
                "PIPELINE_DATA_DIR naming an empty folder for the synthetic sample"
            )
        elif (after := fetch(con, "ingestion", "enrolment_after_run_day")[1][0])[0]:
            message = _after_run_day_message(con, settings, files, *after)
        else:
            reasons = fetch(con, "ingestion", "enrolment_rejection_reasons")[1]
            message = (
                f"no enrolment row was accepted: {files[1]} rows read from {files[0]} files in "
                f"{settings.enrolment_dir}, {files[2]} rejected ("
                + ", ".join(f"{r} {n}" for r, n in reasons)
                + "). Correct the rows (CONTRACT §3.5 lists the columns) and run again"
            )
        raise outcomes.expected(outcomes.NO_DATA, message)
    if partition:
        refusal = span.refusal(parse_month(partition))
        if refusal:
            raise outcomes.expected(outcomes.REFUSED, refusal)
    dg.get_dagster_logger().info(
        f"data from {span.first_month:%Y-%m} to {span.as_of_month:%Y-%m}, as of {long_date(span.as_of.date)}"
        f" ({span.as_of.source()})"
    )


def _after_run_day_message(con, settings: Settings, files: tuple, spells: int, earliest) -> str:
    """No date on or before the run day, yet spells were accepted: they all start after it (CONTRACT §6).

    A spell starting up to 92 days after the run day is kept, but no month can be reported
    before the data's first start: the run day (``PIPELINE_RUN_DATE``) or the wait decides.
    """
    run_day = recorded_run_date(con)
    day = f"the run day {long_date(run_day)}" if run_day else "the run day"
    rejected = f", {files[2]} rejected" if files[2] else ""
    return (
        f"nothing to report yet: every accepted enrolment spell starts after {day} ({spells} "
        f"accepted of {files[1]} rows read from {files[0]} files in "
        f"{settings.enrolment_dir}{rejected}); the earliest starts on {long_date(earliest)} "
        f"({earliest:%Y-%m-%d}). A spell entered up to 92 days ahead is kept, but a month is reported "
        f"only once its data has begun: run again on or after {long_date(earliest)}, or set "
        f"PIPELINE_RUN_DATE={earliest:%Y-%m-%d} (or later) to run as of that day. Nothing was "
        "published; the previous outputs are unchanged"
    )


def check_health(con, strict: bool) -> None:
    """Under ``run --strict``, fail the step (nothing is published) when the report would be a draft."""
    found = health.from_database(con)
    if not found.is_draft:
        return
    logger = dg.get_dagster_logger()
    for line in found.lines():
        logger.warning(line)
    if strict:
        raise outcomes.expected(
            outcomes.INCOMPLETE,
            "the inputs are incomplete (--strict): "
            + found.summary()
            + ". Nothing was published; the previous outputs are unchanged. "
            + " ".join(dict.fromkeys(p.fix() for p in found.problems))
            + "\n"
            + "\n".join(found.lines()),
        )


@dg.asset_check(
    asset=asset_key(catalog.INPUT_FILES),
    blocking=False,
    description="The inputs are complete enough for a final report (pipeline.audit.health): no sheet "
    "unread for a missing column, no file in the wrong place, rejections at most 20 % of the "
    "enrolment or claim rows (or of a file's rows, from 50 rows). A warning: the report is "
    "then marked DRAF — BELUM UNTUK RAPAT.",
)
def input_health(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Warn with the problems that make the month's reports drafts."""
    with duckdb.connect(read_only=True) as con:
        found = health.from_database(con)
    duckdb.finish(context)
    return dg.AssetCheckResult(
        passed=not found.is_draft,
        severity=dg.AssetCheckSeverity.WARN,
        description=found.summary() if found.is_draft else "inputs complete: reports are final",
        metadata={
            "problems": len(found.problems),
            "report_status": "DRAF — BELUM UNTUK RAPAT" if found.is_draft else "final",
            "details": dg.MetadataValue.md("\n".join(f"- {line}" for line in found.lines()) or "none"),
        },
    )


@dg.asset_check(
    asset=asset_key(catalog.INPUT_FILES),
    blocking=True,
    description="Every input row is accounted for: per file, rows read = accepted + "
    "rejected, and the accepted rows are the ones in staging.",
)
def every_input_row_accounted(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
) -> dg.AssetCheckResult:
    """Fail with the files whose rows do not add up."""
    with duckdb.connect(read_only=True) as con:
        failures = select_failures(con, "input_rows_accounted")
    if not failures:
        duckdb.finish(context)
    return dg.AssetCheckResult(
        passed=not failures,
        metadata={
            "files_failing": len(failures),
            "details": dg.MetadataValue.json([list(map(str, r)) for r in failures[:20]]),
        },
    )


STAGING_ASSETS = [*RAW_ASSETS, ingestion]
STAGING_CHECKS = [every_input_row_accounted, input_health]
