"""Coverage and claims marts (CONTRACT §4–§5), built by the SQL files of ``sql/marts``.

Four intermediate tables carry the work the marts share: whose each claim is
(``claim_participants``), spells cut short by deaths (``covered_spells``), each person's
month ranges of being active, new, lapsed and ending soon with the attributed spell
(``coverage_ranges``) and the rolled-up denominators (``area_denominators``). Every mart
covers the months from that of the earliest spell start to the data's as-of month,
whatever month a run reports on (CONTRACT §5): the tables are not partitioned, and a
run for an earlier month never shrinks them.
"""

import datetime as dt
from typing import Any

import dagster as dg
import duckdb as duckdb_module

from pipeline import catalog, outcomes
from pipeline.assets.metadata import column_schema, markdown_table
from pipeline.months import as_of_month
from pipeline.resources import DuckDBResource, RunParams
from pipeline.sql import create_table

SPELLS = dg.AssetKey(["staging", "spells"])
CLAIMS = dg.AssetKey(["staging", "claims"])
REGIONS = dg.AssetKey(["staging", "regions"])
WORKFORCE = dg.AssetKey(["staging", "workforce"])
TARGETS = dg.AssetKey(["staging", "targets"])

CLAIM_PARTICIPANTS = dg.AssetKey(["intermediate", "claim_participants"])
COVERED_SPELLS = dg.AssetKey(["intermediate", "covered_spells"])
COVERAGE_RANGES = dg.AssetKey(["intermediate", "coverage_ranges"])
AREA_DENOMINATORS = dg.AssetKey(["intermediate", "area_denominators"])

COVERAGE_BY_VILLAGE = dg.AssetKey(["marts", "coverage_by_village"])
COVERAGE_BY_AREA = dg.AssetKey(["marts", "coverage_by_area"])
COVERAGE_BY_SECTOR = dg.AssetKey(["marts", "coverage_by_sector"])
COVERAGE_BY_FUNDING = dg.AssetKey(["marts", "coverage_by_funding"])
CLAIMS_BY_PROGRAM = dg.AssetKey(["marts", "claims_by_program"])
QUOTA_BY_FUNDING = dg.AssetKey(["marts", "quota_by_funding"])
RENEWALS_DUE = dg.AssetKey(["marts", "renewals_due"])
CROSS_CHECKS = dg.AssetKey(["marts", "cross_checks"])
COVERAGE_BY_SEX_AGE = dg.AssetKey(["marts", "coverage_by_sex_age"])
PERSONS = dg.AssetKey(["identity", "persons"])

# The order in which the tables can be built: each reads only those before it.
BUILD_ORDER: tuple[dg.AssetKey, ...] = (
    CLAIM_PARTICIPANTS,
    COVERED_SPELLS,
    COVERAGE_RANGES,
    AREA_DENOMINATORS,
    COVERAGE_BY_VILLAGE,
    COVERAGE_BY_AREA,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_FUNDING,
    CLAIMS_BY_PROGRAM,
    QUOTA_BY_FUNDING,
    RENEWALS_DUE,
    CROSS_CHECKS,
    COVERAGE_BY_SEX_AGE,
)

_MART_TABLES = {t.name: t for t in catalog.MARTS_TABLES}
_PREVIEW_ROWS = 10


def build_marts(con: duckdb_module.DuckDBPyConnection, month: dt.date) -> dict[str, int]:
    """Build every intermediate table and mart through ``month``; row count per table.

    The same SQL the assets run, in dependency order: for tests and one-off rebuilds.
    The assets pass the data's as-of month (``pipeline.months.as_of_month``).
    """
    counts = {}
    for key in BUILD_ORDER:
        layer, name = key.path
        counts[f"{layer}.{name}"] = create_table(con, layer, name, {"month": month})
    return counts


def _build(
    context: dg.AssetExecutionContext,
    duckdb: DuckDBResource,
    run_params: RunParams,
    key: dg.AssetKey,
) -> dg.MaterializeResult:
    """Create one table from its SQL file through the data's as-of month.

    Metadata: row count, the as-of month and (marts) a preview of that month's rows.
    ``run_params`` is not read: the tables span the data whatever month a run is for.
    """
    layer, name = key.path
    with duckdb.connect() as con:
        month = as_of_month(con)
        if month is None:
            raise outcomes.expected(outcomes.NO_DATA, "no accepted enrolment row: nothing to build "
                                    f"{layer}.{name} from; run the ingestion first")
        row_count = create_table(con, layer, name, {"month": month})
        metadata: dict[str, Any] = {
            "dagster/row_count": row_count,
            "as_of_month": month.strftime("%Y-%m"),
            "table": f"{layer}.{name}",
        }
        if layer == "marts":
            # marts only (published tables), rows of the as-of month
            metadata["preview"] = dg.MetadataValue.md(
                markdown_table(
                    con,
                    f"select * from {layer}.{name} where month = $month limit {_PREVIEW_ROWS}",
                    {"month": month},
                )
            )
            months = con.execute(f"select count(distinct month), min(month) from {layer}.{name}").fetchone()
            metadata["month_count"] = months[0]
            metadata["first_month"] = months[1].strftime("%Y-%m") if months[1] else ""
    context.log.info("%s.%s: %d rows through %s", layer, name, row_count, month)
    duckdb.finish(context)
    return dg.MaterializeResult(metadata=metadata)


def _mart_metadata(name: str) -> dict[str, Any]:
    return {"dagster/column_schema": column_schema(_MART_TABLES[name])}


# --- intermediate ------------------------------------------------------------------


@dg.asset(
    key=CLAIM_PARTICIPANTS,
    deps=[CLAIMS, SPELLS],
    group_name="intermediate",
    kinds={"duckdb", "sql"},
)
def claim_participants(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Whose each claim is and which regency it belongs to.

    Grain: one claim. Key: claim_id. People are ``person_id``, the keyed pseudonym of
    the NIK. A claim with only a KPJ takes the person of the enrolment rows with that
    KPJ; the regency is that of the participant's latest spell, else the one the claim's
    NIK was issued in (``61.07`` from ``6107...``). ``is_death`` marks a JKM claim not
    rejected. Internal, never exported.
    """
    return _build(context, duckdb, run_params, CLAIM_PARTICIPANTS)


@dg.asset(
    key=COVERED_SPELLS,
    deps=[SPELLS, CLAIMS, CLAIM_PARTICIPANTS],
    group_name="intermediate",
    kinds={"duckdb", "sql"},
)
def covered_spells(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Spells as they really cover: a death ends every spell of that person on its date.

    Grain: one spell that covers at least one day. Key: spell_id. Dates are days;
    ``first_month_index``/``last_month_index`` (year × 12 + month − 1) bound the
    month-ends the spell covers; ``is_only_spell`` marks a person's only spell;
    ``attribution_rank`` orders the spells of a person with several for attribution.
    Carries the spell's village, sector, funding source and contribution (IDR per
    month) for the coverage marts. Internal, never exported.
    """
    return _build(context, duckdb, run_params, COVERED_SPELLS)


@dg.asset(
    key=COVERAGE_RANGES,
    deps=[COVERED_SPELLS, SPELLS],
    group_name="intermediate",
    kinds={"duckdb", "sql"},
)
def coverage_ranges(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Each person's month ranges of being active or ending soon, new and lapsed as flags.

    Grain: person × measure (``active``, ``ending_soon``) × range of months with one
    attributed spell. Key: spell_id, measure, from_month_index (spell_id leads back to
    the person). Months are indexes (year × 12 + month − 1), ranges inclusive; an active
    range says whether the person is new in its first month (``is_new``) and lapses in
    the month after its last (``is_lapsed_after``); the attributed spell gives village,
    sector, funding source and contribution (IDR per month). People with one spell take
    a row-by-row path; only those with several go through the per-person windows.
    """
    return _build(context, duckdb, run_params, COVERAGE_RANGES)


@dg.asset(
    key=AREA_DENOMINATORS,
    deps=[WORKFORCE, TARGETS, REGIONS, SPELLS],
    group_name="intermediate",
    kinds={"duckdb", "sql"},
)
def area_denominators(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Workforce and target per area and year after the carry-forward and roll-up rules.

    Grain: area × year × sector (null = all sectors). Key: area_code, year, sector_code.
    Units: persons. Workforce rolls up only when every child has a figure; a target
    rolls up as the sum of the targets set below.
    """
    return _build(context, duckdb, run_params, AREA_DENOMINATORS)


# --- marts ---------------------------------------------------------------------------


@dg.asset(
    key=COVERAGE_BY_VILLAGE,
    deps=[COVERAGE_RANGES, AREA_DENOMINATORS, SPELLS, REGIONS, WORKFORCE, TARGETS],
    group_name="marts",
    kinds={"duckdb", "sql"},
    metadata=_mart_metadata("coverage_by_village"),
)
def coverage_by_village(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Insured workers per village and month: active, new, lapsed, ending soon, rates.

    Grain: month × village. Key: month, village_code. Units: persons; coverage_rate and
    target_attainment are fractions. Every village of a regency with data appears in
    every month, with zeros where nobody is active.
    """
    return _build(context, duckdb, run_params, COVERAGE_BY_VILLAGE)


@dg.asset(
    key=COVERAGE_BY_AREA,
    deps=[COVERAGE_BY_VILLAGE, AREA_DENOMINATORS, REGIONS],
    group_name="marts",
    kinds={"duckdb", "sql"},
    metadata=_mart_metadata("coverage_by_area"),
)
def coverage_by_area(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Insured workers per district, regency and province and month.

    Grain: month × area. Key: month, level, area_code. Units: persons; rates are
    fractions. Counts are the sums of the village counts; workforce and target are the
    area's own or rolled up from below.
    """
    return _build(context, duckdb, run_params, COVERAGE_BY_AREA)


@dg.asset(
    key=COVERAGE_BY_SECTOR,
    deps=[COVERAGE_RANGES, AREA_DENOMINATORS, SPELLS],
    group_name="marts",
    kinds={"duckdb", "sql"},
    metadata=_mart_metadata("coverage_by_sector"),
)
def coverage_by_sector(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Insured workers per regency, KBLI 2020 sector and month, with sector workforce.

    Grain: month × regency × sector. Key: month, regency_code, sector_code. Units:
    persons; coverage_rate is a fraction.
    """
    return _build(context, duckdb, run_params, COVERAGE_BY_SECTOR)


@dg.asset(
    key=COVERAGE_BY_FUNDING,
    deps=[COVERAGE_RANGES, SPELLS],
    group_name="marts",
    kinds={"duckdb", "sql"},
    metadata=_mart_metadata("coverage_by_funding"),
)
def coverage_by_funding(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Insured workers and contributions per regency, funding source and month.

    Grain: month × regency × funding source. Key: month, regency_code, funding_source.
    Units: persons; share is a fraction of the regency's active; contributions_idr in
    Rupiah per month.
    """
    return _build(context, duckdb, run_params, COVERAGE_BY_FUNDING)


@dg.asset(
    key=CLAIMS_BY_PROGRAM,
    deps=[CLAIMS, CLAIM_PARTICIPANTS, COVERED_SPELLS, SPELLS],
    group_name="marts",
    kinds={"duckdb", "sql"},
    metadata=_mart_metadata("claims_by_program"),
)
def claims_by_program(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Claims paid, pending, rejected and outside coverage per regency, programme and month.

    Grain: month × regency × programme. Key: month, regency_code, program. Units: claims;
    paid_amount_idr in Rupiah; median_days_to_pay in days.
    """
    return _build(context, duckdb, run_params, CLAIMS_BY_PROGRAM)


def _sql_mart(key: dg.AssetKey, deps: list[dg.AssetKey], doc: str) -> dg.AssetsDefinition:
    """The asset of a mart built by ``sql/marts/<name>.sql`` from the tables in ``deps``."""
    name = key.path[-1]

    @dg.asset(key=key, deps=deps, group_name="marts", kinds={"duckdb", "sql"},
              metadata=_mart_metadata(name), description=doc)
    def _mart(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
              run_params: RunParams) -> dg.MaterializeResult:
        return _build(context, duckdb, run_params, key)

    return _mart


quota_by_funding = _sql_mart(
    QUOTA_BY_FUNDING, [TARGETS, REGIONS, SPELLS, COVERAGE_RANGES],
    "Programme quotas against the participants attributed to their funding source.\n\n"
    "Grain: month × area (village, district, regency) × funding source with a quota. Key: "
    "month, level, area_code, funding_source. Units: persons; attainment a fraction.")
renewals_due = _sql_mart(
    RENEWALS_DUE, [SPELLS, COVERED_SPELLS, COVERAGE_RANGES],
    "Renewals coming due: persons active in the month by the month their unbroken cover "
    "ends, with a year's contribution.\n\nGrain: reporting month × regency × funding source × "
    "due month (the next twelve). Key: month, regency_code, funding_source, due_month. Units: "
    "persons; renewal_cost_idr in Rupiah.")
cross_checks = _sql_mart(
    CROSS_CHECKS, [SPELLS, CLAIMS, CLAIM_PARTICIPANTS, COVERED_SPELLS, COVERAGE_RANGES],
    "Cross-record checks: covered after a recorded death, funded by two public budgets at "
    "once, KPJ shared between NIKs.\n\nGrain: month × regency × check. Key: month, "
    "regency_code, check. Units: persons; contributions_after_death_idr in Rupiah.")
coverage_by_sex_age = _sql_mart(
    COVERAGE_BY_SEX_AGE, [SPELLS, PERSONS, COVERED_SPELLS, COVERAGE_RANGES],
    "Active participants by sex and age band.\n\nGrain: month × regency × sex × age band. "
    "Key: month, regency_code, sex, age_band. Units: persons.")


MART_ASSETS: list[dg.AssetsDefinition] = [
    claim_participants,
    covered_spells,
    coverage_ranges,
    area_denominators,
    coverage_by_village,
    coverage_by_area,
    coverage_by_sector,
    coverage_by_funding,
    claims_by_program,
    quota_by_funding,
    renewals_due,
    cross_checks,
    coverage_by_sex_age,
]
