"""The analysts' exports: the marts as Parquet, CSV and one Excel workbook (CONTRACT §5).

A thin asset: it opens the database read-only and hands it to
``pipeline.outputs.exports.export_marts``, which does the work.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

import dataclasses

import dagster as dg

from pipeline import catalog
from pipeline.orchestration.assets.keys import asset_key, asset_keys
from pipeline.orchestration.assets.metadata import markdown_table
from pipeline.orchestration.resources import DuckDBResource
from pipeline.outputs.exports import export_marts
from pipeline.outputs.workbook import WORKBOOK_NAME

EXPORTS = asset_key("exports.marts")
#: The exports read every mart (``pipeline.outputs.exports.export_marts``), nothing else.
EXPORT_DEPS = asset_keys(catalog.MARTS_TABLES)


@dg.asset(
    key=EXPORTS,
    deps=EXPORT_DEPS,
    group_name="exports",
    kinds={"parquet", "csv", "excel"},
)
def export_marts_asset(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The five marts for analysts in ``processed/exports/``.

    Per mart ``<mart>.parquet`` (types kept) and ``<mart>.csv`` (UTF-8, header of English
    column names), plus ``marts.xlsx``: a sheet per mart under the Indonesian column
    labels (counts with thousands separators, Rupiah, percentages, months as
    ``mmm yyyy``) and a ``Kamus Data`` sheet explaining every column. Grain: as each
    mart (every month, every row). Text that a spreadsheet would read as a formula is
    prefixed with ``'``. The same marts give byte-identical files; no NIK, KPJ or name
    is ever exported. Written beside the published files and moved into place with the
    run's other outputs once all of them succeeded.
    """
    with duckdb.connect(read_only=True) as con:
        written = export_marts(con, duckdb.output_dir("exports"))
    duckdb.finish(context)
    exports_dir = duckdb.published_dir("exports")
    written = [dataclasses.replace(f, path=duckdb.published_path_of(f.path)) for f in written]
    for f in written:
        context.log.info(f"{f.path.name}: {f.rows} rows, {f.size_bytes} bytes")
    workbook = next(f for f in written if f.path.name == WORKBOOK_NAME)
    metadata: dict[str, dg.MetadataValue] = {
        "exports_dir": dg.MetadataValue.path(str(exports_dir)),
        "file_count": dg.MetadataValue.int(len(written)),
        "total_bytes": dg.MetadataValue.int(sum(f.size_bytes for f in written)),
        "workbook": dg.MetadataValue.path(str(workbook.path)),
        "workbook_rows": dg.MetadataValue.int(workbook.rows),
        "files": dg.MetadataValue.md(
            markdown_table(
                ["file", "table", "rows", "bytes"],
                [(f.path.name, f.source, f.rows, f.size_bytes) for f in written],
            )
        ),
    }
    for f in written:
        metadata[f"{f.path.name}/rows"] = dg.MetadataValue.int(f.rows)
        metadata[f"{f.path.name}/bytes"] = dg.MetadataValue.int(f.size_bytes)
    return dg.MaterializeResult(metadata=metadata)


EXPORT_ASSETS = [export_marts_asset]
