"""The checks of the marts: each ``sql/checks/<name>.sql`` selects the failing rows (none = pass).

Blocking checks guard invariants (counts add up, nobody counted twice, every village in
every month, rates not negative); a failure stops the downstream exports and reports.
Warnings (never blocking) count what an analyst should look at: claims outside coverage,
claims no mart row counts, coverage rates above 1 and spellings that no mapping table
knows. Declared here without Dagster: the asset checks
(``pipeline.orchestration.assets.mart_checks``) and the benchmarks both read this list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline import catalog
from pipeline.core.sql import run_check


@dataclass(frozen=True)
class MartCheck:
    """A check that passes when ``sql/checks/<name>.sql`` selects no row.

    ``table``: the table it guards; ``also_reads``: the other tables its SQL compares it
    with. ``total_column``: for a warning, the column summed into its total (e.g. the
    number of claims outside coverage over all failing rows).
    """

    name: str
    table: catalog.Table
    description: str
    blocking: bool
    also_reads: Sequence[catalog.Table] = ()
    total_column: str | None = None

    def failures(self, con: duckdb.DuckDBPyConnection, month: dt.date | None) -> tuple[list[str], list[Any]]:
        """The failing rows through ``month`` (the data's as-of month): column names and rows."""
        return run_check(con, self.name, {"month": month})

    def total(self, columns: list[str], failures: list[Any]) -> int | None:
        """The sum of ``total_column`` over the failing rows; None without one."""
        if self.total_column is None:
            return None
        i = columns.index(self.total_column)
        return int(sum(r[i] or 0 for r in failures))


CHECKS: tuple[MartCheck, ...] = (
    # --- blocking: invariants ----------------------------------------------------------
    MartCheck(
        "coverage_by_village_measures_valid",
        catalog.COVERAGE_BY_VILLAGE,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_village_grid_complete",
        catalog.COVERAGE_BY_VILLAGE,
        "Every village of every regency with data appears exactly once in every month from "
        "the earliest spell start to the data's as-of month.",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_village_counted_once",
        catalog.COVERAGE_BY_VILLAGE,
        "No person counted twice or missed: per month, the villages' active sum to the "
        "distinct persons covered on the month's last day (counted independently).",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_village_flows_add_up",
        catalog.COVERAGE_BY_VILLAGE,
        "Over all the data, active(M) = active(M−1) + new(M) − lapsed(M) in every month: "
        "movers are neither new nor lapsed and cancel in the total (CONTRACT §4).",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_area_measures_valid",
        catalog.COVERAGE_BY_AREA,
        "No negative count or rate; new and ending soon never exceed active.",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_area_rollup",
        catalog.COVERAGE_BY_AREA,
        "Active, new, lapsed and ending soon add up: villages to district, districts to "
        "regency, regencies to province.",
        blocking=True,
    ),
    MartCheck(
        "coverage_by_sector_totals",
        catalog.COVERAGE_BY_SECTOR,
        "Per month and regency, active summed over sectors equals the villages' active; no "
        "negative count or rate.",
        blocking=True,
        also_reads=(catalog.COVERAGE_BY_VILLAGE,),
    ),
    MartCheck(
        "coverage_by_funding_totals",
        catalog.COVERAGE_BY_FUNDING,
        "Per month and regency, active, new, lapsed and ending soon summed over funding "
        "sources equal the villages'; shares are fractions in [0, 1], null only when the "
        "regency has none.",
        blocking=True,
        also_reads=(catalog.COVERAGE_BY_VILLAGE,),
    ),
    MartCheck(
        "claims_by_program_counts_valid",
        catalog.CLAIMS_BY_PROGRAM,
        "Each placed claim counted once; no negative count or amount; claims outside "
        "coverage never exceed the claims counted.",
        blocking=True,
    ),
    MartCheck(
        "quota_by_funding_rollup",
        catalog.QUOTA_BY_FUNDING,
        "Quotas add up: open slots are max(target − active, 0) and never negative; a "
        "regency's active equals the funding mart's for that source; a quota an area does "
        "not set itself is the sum of the quotas one level below.",
        blocking=True,
        also_reads=(catalog.COVERAGE_BY_FUNDING,),
    ),
    MartCheck(
        "renewals_due_within_active",
        catalog.RENEWALS_DUE,
        "For each reporting month and regency, the renewals due never count more persons "
        "than are active; due months lie within the next twelve.",
        blocking=True,
        also_reads=(catalog.COVERAGE_BY_AREA,),
    ),
    MartCheck(
        "coverage_by_sex_age_totals",
        catalog.COVERAGE_BY_SEX_AGE,
        "Sex × age band adds up to the regency's active participants in every month.",
        blocking=True,
        also_reads=(catalog.COVERAGE_BY_AREA,),
    ),
    # --- warnings: for the analyst ----------------------------------------------------
    MartCheck(
        "cross_checks_found",
        catalog.CROSS_CHECKS,
        "Persons covered after a recorded death, funded by two public budgets at once, or "
        "sharing a KPJ with another NIK.",
        blocking=False,
        total_column="persons",
    ),
    MartCheck(
        "claims_outside_coverage",
        catalog.CLAIMS_BY_PROGRAM,
        "JKK/JKM claims whose event date no spell of that NIK with the programme covers.",
        blocking=False,
        total_column="outside_coverage_count",
    ),
    MartCheck(
        "claims_not_placed",
        catalog.CLAIMS_BY_PROGRAM,
        "Claims no mart row counts: no regency, no date, or a month outside the marts.",
        blocking=False,
    ),
    MartCheck(
        "coverage_rate_above_one",
        catalog.COVERAGE_BY_AREA,
        "More active participants than the workforce figure (village, area or sector): "
        "usually an outdated or misplaced denominator.",
        blocking=False,
        also_reads=(
            catalog.COVERAGE_BY_VILLAGE,
            catalog.COVERAGE_BY_SECTOR,
        ),
    ),
    MartCheck(
        "unmapped_occupations",
        catalog.COVERAGE_BY_SECTOR,
        "Occupation spellings no mapping knows, counted as sector LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
    MartCheck(
        "unmapped_funding",
        catalog.COVERAGE_BY_FUNDING,
        "Funding-source spellings mapped to LAINNYA.",
        blocking=False,
        total_column="spell_count",
    ),
)
