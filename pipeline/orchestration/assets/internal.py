"""The assets of the outputs with personal data for the regency's own staff: never published.

They go to ``processed/internal/`` (beside, not inside, ``exports/`` and ``reports/``),
with a notice in the folder, and nothing here is attached to a PDF or exported. They keep
the values as typed (names, NIK), but no cell is a live formula: text that a spreadsheet
would evaluate (``=HYPERLINK(...)`` as a name) is neutralised like in the exports.
"""

import dagster as dg

from pipeline.core.months import as_of_month
from pipeline.orchestration.assets.keys import asset_key, keys_read_by
from pipeline.orchestration.assets.metadata import markdown_table
from pipeline.orchestration.partitions import MONTHLY_PARTITIONS, checked_month
from pipeline.orchestration.resources import DuckDBResource, RunParams
from pipeline.outputs.fix_list import fix_list_folder, write_fix_lists
from pipeline.outputs.renewal_list import write_renewal_lists

RENEWAL_LIST = asset_key("internal.renewal_list")
FIX_LIST = asset_key("internal.fix_list")


@dg.asset(
    key=RENEWAL_LIST,
    deps=keys_read_by("internal", "renewal_list"),
    group_name="internal",
    kinds={"csv", "excel"},
    partitions_def=MONTHLY_PARTITIONS,
)
def renewal_list(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Renewals due: workers active in the reporting month whose cover ends within 3 months.

    Grain: one worker (the attributed spell) per row, grouped by regency, district and
    village, with name, NIK and KPJ so the village office can renew them. PERSONAL DATA:
    written to processed/internal/ only, never exported or attached to a report. The
    metadata shows counts per regency, never a name. One partition per reporting month,
    like the reports.
    """
    with duckdb.connect(read_only=True) as con:
        month = checked_month(con, run_params)
        counts = write_renewal_lists(con, month, duckdb.output_dir("internal"))
    duckdb.finish(context)
    internal_dir = duckdb.published_dir("internal")
    summary = markdown_table(["regency", "workers"], counts.items())
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(internal_dir / f"{month:%Y-%m}")),
            "workers_by_regency": dg.MetadataValue.md(summary),
            "dagster/row_count": sum(counts.values()),
        }
    )


@dg.asset(
    key=FIX_LIST,
    deps=keys_read_by("internal", "fix_list"),
    group_name="internal",
    kinds={"excel"},
)
def fix_list(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The fix list for village offices: what to correct in each input file they sent.

    Grain: one Excel workbook per input file with rejected rows or notes, one line per
    rejected row or note (sheet, row as Excel shows it, column, value as typed, the
    reason in Indonesian with what to do), in processed/internal/<as-of month>/perbaikan/.
    PERSONAL DATA: values are shown as typed; the metadata shows line counts per file,
    never a value.
    """
    internal_dir = duckdb.output_dir("internal")
    with duckdb.connect(read_only=True) as con:
        counts = write_fix_lists(con, internal_dir)
        folder = fix_list_folder(internal_dir, as_of_month(con))
    summary = markdown_table(["file", "lines"], counts.items())
    duckdb.finish(context)
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(duckdb.published_path_of(folder))),
            "files": len(counts),
            "lines_by_file": dg.MetadataValue.md(summary),
            "dagster/row_count": sum(counts.values()),
        }
    )


INTERNAL_ASSETS = [renewal_list, fix_list]
