"""Asset checks of the marts: each runs ``sql/checks/<name>.sql``, whose rows are failures.

Blocking checks guard invariants (counts add up, nobody counted twice, every village in
every month, rates not negative); a failure stops the downstream exports and reports.
Warnings (severity WARN, never blocking) count what an analyst should look at: claims
outside coverage, claims no mart row counts, coverage rates above 1 and spellings
that no mapping table knows.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

from collections.abc import Sequence

import dagster as dg

from pipeline import catalog
from pipeline.assets.keys import asset_key
from pipeline.assets.metadata import markdown_table
from pipeline.months import as_of_month
from pipeline.resources import DuckDBResource
from pipeline.sql import run_check

_PREVIEW_ROWS = 20

CLAIMS_BY_PROGRAM = asset_key(catalog.CLAIMS_BY_PROGRAM)
COVERAGE_BY_AREA = asset_key(catalog.COVERAGE_BY_AREA)
COVERAGE_BY_FUNDING = asset_key(catalog.COVERAGE_BY_FUNDING)
COVERAGE_BY_SECTOR = asset_key(catalog.COVERAGE_BY_SECTOR)
COVERAGE_BY_SEX_AGE = asset_key(catalog.COVERAGE_BY_SEX_AGE)
COVERAGE_BY_VILLAGE = asset_key(catalog.COVERAGE_BY_VILLAGE)
CROSS_CHECKS = asset_key(catalog.CROSS_CHECKS)
QUOTA_BY_FUNDING = asset_key(catalog.QUOTA_BY_FUNDING)
RENEWALS_DUE = asset_key(catalog.RENEWALS_DUE)


def run_check_sql(con, name: str, month) -> tuple[list[str], list[tuple]]:
    """``pipeline.sql.run_check`` through ``month``: only for ``pipeline/bench.py`` until it moves out."""
    return run_check(con, name, {"month": month})


def _sql_check(
    name: str,
    asset: dg.AssetKey,
    description: str,
    *,
    blocking: bool,
    additional_deps: Sequence[dg.AssetKey] = (),
    total_column: str | None = None,
) -> dg.AssetChecksDefinition:
    """An asset check that passes when ``sql/checks/<name>.sql`` selects no row.

    ``total_column``: for a warning, the column summed into the ``total`` metadata
    (e.g. the number of claims outside coverage over all failing rows).
    """

    @dg.asset_check(
        asset=asset,
        name=name,
        description=description,
        blocking=blocking,
        additional_deps=list(additional_deps),
    )
    def _check(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.connect(read_only=True) as con:
            month = as_of_month(con)
            columns, failures = run_check(con, name, {"month": month})
        if not (blocking and failures):
            duckdb.finish(context)
        metadata = {
            "failing_rows": len(failures),
            "as_of_month": month.strftime("%Y-%m") if month else "",
        }
        if total_column is not None:
            i = columns.index(total_column)
            metadata["total"] = int(sum(r[i] or 0 for r in failures))
        if failures:
            first = markdown_table(columns, failures[:_PREVIEW_ROWS])
            metadata["first_failures"] = dg.MetadataValue.md(first)
        return dg.AssetCheckResult(
            passed=not failures,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return _check


MART_CHECKS: list[dg.AssetChecksDefinition] = [
    # --- blocking: invariants ----------------------------------------------------------
    _sql_check(
        "coverage_by_village_measures_valid",
        COVERAGE_BY_VILLAGE,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    _sql_check(
        "coverage_by_village_grid_complete",
        COVERAGE_BY_VILLAGE,
        "Every village of every regency with data appears exactly once in every month from "
        "the earliest spell start to the data's as-of month.",
        blocking=True,
    ),
    _sql_check(
        "coverage_by_village_counted_once",
        COVERAGE_BY_VILLAGE,
        "No person counted twice or missed: per month, the villages' active sum to the "
        "distinct persons covered on the month's last day (counted independently).",
        blocking=True,
    ),
    _sql_check(
        "coverage_by_area_measures_valid",
        COVERAGE_BY_AREA,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    _sql_check(
        "coverage_by_area_rollup",
        COVERAGE_BY_AREA,
        "Active, new, lapsed and ending soon add up: villages to district, districts to "
        "regency, regencies to province.",
        blocking=True,
    ),
    _sql_check(
        "coverage_by_sector_totals",
        COVERAGE_BY_SECTOR,
        "Per month and regency, active summed over sectors equals the villages' active; no "
        "negative count or rate.",
        blocking=True,
        additional_deps=[COVERAGE_BY_VILLAGE],
    ),
    _sql_check(
        "coverage_by_funding_totals",
        COVERAGE_BY_FUNDING,
        "Per month and regency, active, new, lapsed and ending soon summed over funding "
        "sources equal the villages'; shares are fractions in [0, 1], null only when the "
        "regency has none.",
        blocking=True,
        additional_deps=[COVERAGE_BY_VILLAGE],
    ),
    _sql_check(
        "claims_by_program_counts_valid",
        CLAIMS_BY_PROGRAM,
        "Each placed claim counted once; no negative count or amount; claims outside "
        "coverage never exceed the claims counted.",
        blocking=True,
    ),
    _sql_check(
        "quota_by_funding_rollup",
        QUOTA_BY_FUNDING,
        "Quotas add up: open slots are max(target − active, 0) and never negative; a "
        "regency's active equals the funding mart's for that source; a quota an area does "
        "not set itself is the sum of the quotas one level below.",
        blocking=True,
        additional_deps=[COVERAGE_BY_FUNDING],
    ),
    _sql_check(
        "renewals_due_within_active",
        RENEWALS_DUE,
        "For each reporting month and regency, the renewals due never count more persons "
        "than are active; due months lie within the next twelve.",
        blocking=True,
        additional_deps=[COVERAGE_BY_AREA],
    ),
    _sql_check(
        "coverage_by_sex_age_totals",
        COVERAGE_BY_SEX_AGE,
        "Sex × age band adds up to the regency's active participants in every month.",
        blocking=True,
        additional_deps=[COVERAGE_BY_AREA],
    ),
    # --- warnings: for the analyst ----------------------------------------------------
    _sql_check(
        "cross_checks_found",
        CROSS_CHECKS,
        "Persons covered after a recorded death, funded by two public budgets at once, or "
        "sharing a KPJ with another NIK.",
        blocking=False,
        total_column="persons",
    ),
    _sql_check(
        "claims_outside_coverage",
        CLAIMS_BY_PROGRAM,
        "JKK/JKM claims whose event date no spell of that NIK with the programme covers.",
        blocking=False,
        total_column="outside_coverage_count",
    ),
    _sql_check(
        "claims_not_placed",
        CLAIMS_BY_PROGRAM,
        "Claims no mart row counts: no regency, no date, or a month outside the marts.",
        blocking=False,
    ),
    _sql_check(
        "coverage_rate_above_one",
        COVERAGE_BY_AREA,
        "More active participants than the workforce figure (village, area or sector): "
        "usually an outdated or misplaced denominator.",
        blocking=False,
        additional_deps=[COVERAGE_BY_VILLAGE, COVERAGE_BY_SECTOR],
    ),
    _sql_check(
        "unmapped_occupations",
        COVERAGE_BY_SECTOR,
        "Occupation spellings no mapping knows, counted as sector LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
    _sql_check(
        "unmapped_funding",
        COVERAGE_BY_FUNDING,
        "Funding-source spellings mapped to LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
]
