"""Ingestion: every input file under ``raw/`` into the staging, identity and audit tables."""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.


import dagster as dg

from pipeline import catalog
from pipeline.assets.metadata import column_schema, describe, markdown_table, preview
from pipeline.ingest.load import ingest
from pipeline.resources import DuckDBResource
from pipeline.settings import Settings
from pipeline.sql import select_failures

RAW_ASSETS = [
    dg.AssetSpec(["raw", "reference"], group_name="raw",
                 description="Gazetteer (wilayah.csv), workforce denominators, targets and "
                             "mapping tables in data/raw/reference/, as the analysts drop them."),
    dg.AssetSpec(["raw", "enrolment"], group_name="raw",
                 description="Enrolment (kepesertaan) spreadsheets in data/raw/enrolment/, exactly "
                             "as village offices and BPJS branches send them."),
    dg.AssetSpec(["raw", "claims"], group_name="raw",
                 description="Claim (klaim) spreadsheets in data/raw/claims/."),
]

_OUTPUTS = {
    catalog.REGIONS: "staging", catalog.WORKFORCE: "staging", catalog.TARGETS: "staging",
    catalog.UCJ_TARGETS: "staging", catalog.BUDGETS: "staging", catalog.DIRECTIVES: "staging",
    catalog.SPELLS: "staging", catalog.CLAIMS: "staging", catalog.PERSONS: "identity",
    catalog.INPUT_FILES: "audit", catalog.REJECTED_ROWS: "audit", catalog.NOTES: "audit",
    catalog.TYPED_VALUES: "identity",
}


def _key(table: catalog.Table) -> dg.AssetKey:
    return dg.AssetKey([table.schema, table.name])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(_key(t), group_name=group, description=describe(t),
                     deps=[s.key for s in RAW_ASSETS],
                     metadata={"dagster/column_schema": column_schema(t)})
        for t, group in _OUTPUTS.items()
    ],
    can_subset=False,
)
def ingestion(context: dg.AssetExecutionContext, duckdb: DuckDBResource):
    """Read every file under raw/, validate each row, and write staging and audit tables.

    Every data row read is either accepted into staging or rejected with one reason
    code in audit.rejected_rows; a file that cannot be read at all is listed with its
    error in audit.input_files and the others still load.
    """
    settings = Settings.from_env()
    with duckdb.connect() as con:
        log = ingest(con, settings)
        for f in log.files:
            if f["error"]:
                context.log.warning(f"{f['path']}: {f['error']}")
        counts = {t: con.execute(f"select count(*) from {t.qualified_name}").fetchone()[0]
                  for t in _OUTPUTS}
        by_reason = markdown_table(con, """
            select kind, reason, count(*) as rows from audit.rejected_rows
            group by all order by kind, rows desc, reason""")
        files = markdown_table(con, """
            select path, rows_read, rows_accepted, rows_rejected, coalesce(error, '') as error
            from audit.input_files order by kind, path""")
        for table in _OUTPUTS:
            meta = {"dagster/row_count": counts[table]}
            if table is catalog.REJECTED_ROWS:
                meta["rejected_by_reason"] = dg.MetadataValue.md(by_reason)
            elif table is catalog.INPUT_FILES:
                meta["files"] = dg.MetadataValue.md(files)
            elif table.schema != "identity":
                meta["preview"] = preview(con, table.qualified_name)
            yield dg.MaterializeResult(asset_key=_key(table), metadata=meta)


@dg.asset_check(asset=_key(catalog.INPUT_FILES), blocking=True,
                description="Every input row is accounted for: per file, rows read = accepted + "
                            "rejected, and the accepted rows are the ones in staging.")
def every_input_row_accounted(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Fail with the files whose rows do not add up."""
    with duckdb.connect(read_only=True) as con:
        failures = select_failures(con, "input_rows_accounted")
    return dg.AssetCheckResult(
        passed=not failures,
        metadata={"files_failing": len(failures),
                  "details": dg.MetadataValue.json([list(map(str, r)) for r in failures[:20]])},
    )


STAGING_ASSETS = [*RAW_ASSETS, ingestion]
STAGING_CHECKS = [every_input_row_accounted]
