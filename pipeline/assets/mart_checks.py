"""Asset checks of the marts: each runs ``sql/checks/<name>.sql``, whose rows are failures.

All of them are evaluated by one step (``mart_checks``, on one read-only connection).

Blocking checks guard invariants (counts add up, nobody counted twice, every village in
every month, rates not negative); a failure stops the downstream exports and reports.
Warnings (severity WARN, never blocking) count what an analyst should look at: claims
outside coverage, claims no mart row counts, coverage rates above 1 and spellings
that no mapping table knows.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class SqlCheck:
    """A check that passes when ``sql/checks/<name>.sql`` selects no row.

    ``total_column``: for a warning, the column summed into the ``total`` metadata
    (e.g. the number of claims outside coverage over all failing rows).
    """

    name: str
    asset: dg.AssetKey
    description: str
    blocking: bool
    additional_deps: Sequence[dg.AssetKey] = ()
    total_column: str | None = None

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name,
            asset=self.asset,
            description=self.description,
            blocking=self.blocking,
            additional_deps=list(self.additional_deps),
        )

    def evaluate(self, con, month) -> dg.AssetCheckResult:
        """Run the check's SQL through ``month``; its result with the failing rows as metadata."""
        columns, failures = run_check(con, self.name, {"month": month})
        metadata = {
            "failing_rows": len(failures),
            "as_of_month": month.strftime("%Y-%m") if month else "",
        }
        if self.total_column is not None:
            i = columns.index(self.total_column)
            metadata["total"] = int(sum(r[i] or 0 for r in failures))
        if failures:
            first = markdown_table(columns, failures[:_PREVIEW_ROWS])
            metadata["first_failures"] = dg.MetadataValue.md(first)
        return dg.AssetCheckResult(
            asset_key=self.asset,
            check_name=self.name,
            passed=not failures,
            severity=dg.AssetCheckSeverity.ERROR if self.blocking else dg.AssetCheckSeverity.WARN,
            metadata=metadata,
        )


SQL_CHECKS: tuple[SqlCheck, ...] = (
    # --- blocking: invariants ----------------------------------------------------------
    SqlCheck(
        "coverage_by_village_measures_valid",
        COVERAGE_BY_VILLAGE,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_village_grid_complete",
        COVERAGE_BY_VILLAGE,
        "Every village of every regency with data appears exactly once in every month from "
        "the earliest spell start to the data's as-of month.",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_village_counted_once",
        COVERAGE_BY_VILLAGE,
        "No person counted twice or missed: per month, the villages' active sum to the "
        "distinct persons covered on the month's last day (counted independently).",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_village_flows_add_up",
        COVERAGE_BY_VILLAGE,
        "Over all the data, active(M) = active(M−1) + new(M) − lapsed(M) in every month: "
        "movers are neither new nor lapsed and cancel in the total (CONTRACT §4).",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_area_measures_valid",
        COVERAGE_BY_AREA,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_area_rollup",
        COVERAGE_BY_AREA,
        "Active, new, lapsed and ending soon add up: villages to district, districts to "
        "regency, regencies to province.",
        blocking=True,
    ),
    SqlCheck(
        "coverage_by_sector_totals",
        COVERAGE_BY_SECTOR,
        "Per month and regency, active summed over sectors equals the villages' active; no "
        "negative count or rate.",
        blocking=True,
        additional_deps=[COVERAGE_BY_VILLAGE],
    ),
    SqlCheck(
        "coverage_by_funding_totals",
        COVERAGE_BY_FUNDING,
        "Per month and regency, active, new, lapsed and ending soon summed over funding "
        "sources equal the villages'; shares are fractions in [0, 1], null only when the "
        "regency has none.",
        blocking=True,
        additional_deps=[COVERAGE_BY_VILLAGE],
    ),
    SqlCheck(
        "claims_by_program_counts_valid",
        CLAIMS_BY_PROGRAM,
        "Each placed claim counted once; no negative count or amount; claims outside "
        "coverage never exceed the claims counted.",
        blocking=True,
    ),
    SqlCheck(
        "quota_by_funding_rollup",
        QUOTA_BY_FUNDING,
        "Quotas add up: open slots are max(target − active, 0) and never negative; a "
        "regency's active equals the funding mart's for that source; a quota an area does "
        "not set itself is the sum of the quotas one level below.",
        blocking=True,
        additional_deps=[COVERAGE_BY_FUNDING],
    ),
    SqlCheck(
        "renewals_due_within_active",
        RENEWALS_DUE,
        "For each reporting month and regency, the renewals due never count more persons "
        "than are active; due months lie within the next twelve.",
        blocking=True,
        additional_deps=[COVERAGE_BY_AREA],
    ),
    SqlCheck(
        "coverage_by_sex_age_totals",
        COVERAGE_BY_SEX_AGE,
        "Sex × age band adds up to the regency's active participants in every month.",
        blocking=True,
        additional_deps=[COVERAGE_BY_AREA],
    ),
    # --- warnings: for the analyst ----------------------------------------------------
    SqlCheck(
        "cross_checks_found",
        CROSS_CHECKS,
        "Persons covered after a recorded death, funded by two public budgets at once, or "
        "sharing a KPJ with another NIK.",
        blocking=False,
        total_column="persons",
    ),
    SqlCheck(
        "claims_outside_coverage",
        CLAIMS_BY_PROGRAM,
        "JKK/JKM claims whose event date no spell of that NIK with the programme covers.",
        blocking=False,
        total_column="outside_coverage_count",
    ),
    SqlCheck(
        "claims_not_placed",
        CLAIMS_BY_PROGRAM,
        "Claims no mart row counts: no regency, no date, or a month outside the marts.",
        blocking=False,
    ),
    SqlCheck(
        "coverage_rate_above_one",
        COVERAGE_BY_AREA,
        "More active participants than the workforce figure (village, area or sector): "
        "usually an outdated or misplaced denominator.",
        blocking=False,
        additional_deps=[COVERAGE_BY_VILLAGE, COVERAGE_BY_SECTOR],
    ),
    SqlCheck(
        "unmapped_occupations",
        COVERAGE_BY_SECTOR,
        "Occupation spellings no mapping knows, counted as sector LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
    SqlCheck(
        "unmapped_funding",
        COVERAGE_BY_FUNDING,
        "Funding-source spellings mapped to LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
)


@dg.multi_asset_check(
    name="mart_checks",
    specs=[c.spec() for c in SQL_CHECKS],
    can_subset=True,
    description="Every check of the marts, in one step on one read-only connection.",
)
def mart_checks(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
) -> Iterator[dg.AssetCheckResult]:
    """Evaluate the selected checks; a failing blocking check fails the step after all are reported.

    Dagster raises once every result is out, so the downstream exports and reports do not
    run, and the run's outputs are never published (``finish`` is not reached).
    """
    selected = context.op_execution_context.selected_asset_check_keys
    blocking_failed = False
    with duckdb.connect(read_only=True) as con:
        month = as_of_month(con)
        for check in SQL_CHECKS:
            if dg.AssetCheckKey(check.asset, check.name) not in selected:
                continue
            result = check.evaluate(con, month)
            blocking_failed |= check.blocking and not result.passed
            yield result
    if not blocking_failed:
        duckdb.finish(context)


MART_CHECKS: list[dg.AssetChecksDefinition] = [mart_checks]
