"""The one metadata source for every table the pipeline writes.

Per table and column: English name, Indonesian label, SQL type, unit and definition.
It feeds the DDL of the staging and audit tables, the Dagster asset descriptions and
column schemas, the export labels and ``docs/data_dictionary.md``.

By layer: ``staging`` (staging, audit, identity: what ingestion writes), ``intermediate``
(the work the marts share), the marts of CONTRACT §5 by what they are: ``coverage`` (who
is covered, by area, sector, funding source, sex and age), ``programmes`` (claims, quotas,
renewals) and ``quality`` (cross checks, freshness), with ``columns`` for what they share,
and ``indicators`` (what a meeting's directive is followed up by); ``codes`` holds the coded
values every layer shares (funding sources, sectors, age bands, LAINNYA), once; ``model``
has the records. ``MARTS_TABLES`` below lists the marts in build order.
"""

from pipeline.catalog.columns import LEVELS_ID, TYPES_ID, UNITS_ID
from pipeline.catalog.coverage import (
    COVERAGE_BY_AREA,
    COVERAGE_BY_FUNDING,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_SEX_AGE,
    COVERAGE_BY_VILLAGE,
)
from pipeline.catalog.indicators import INDICATORS, Indicator
from pipeline.catalog.insight import INSIGHT_TABLES, QUOTA_COST, RULES, TARGET_COST, VILLAGE_ANOMALIES
from pipeline.catalog.intermediate import (
    AREA_DENOMINATORS,
    CLAIM_PARTICIPANTS,
    COVERAGE_DELTAS,
    COVERAGE_RANGES,
    COVERED_SPELLS,
    DATA_SPAN,
    INTERMEDIATE_TABLES,
)
from pipeline.catalog.model import Column, Table
from pipeline.catalog.programmes import CLAIMS_BY_PROGRAM, QUOTA_BY_FUNDING, RENEWALS_DUE
from pipeline.catalog.quality import CROSS_CHECKS, SOURCE_FRESHNESS
from pipeline.catalog.staging import (
    AREA_SHAPES,
    AUDIT_TABLES,
    BUDGETS,
    CLAIMS,
    DIRECTIVES,
    IDENTITY_TABLES,
    INGESTION_RUN,
    INPUT_FILES,
    NOTES,
    PERSONS,
    REGIONS,
    REJECTED_ROWS,
    SPELLS,
    STAGING_TABLES,
    TARGETS,
    TYPED_VALUES,
    UCJ_TARGETS,
    WORKFORCE,
)

#: The marts, in an order in which each reads only those before it (the build order).
MARTS_TABLES = (
    COVERAGE_BY_VILLAGE,
    COVERAGE_BY_AREA,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_FUNDING,
    CLAIMS_BY_PROGRAM,
    QUOTA_BY_FUNDING,
    RENEWALS_DUE,
    CROSS_CHECKS,
    COVERAGE_BY_SEX_AGE,
    SOURCE_FRESHNESS,
    *INSIGHT_TABLES,
)

__all__ = [
    "AREA_DENOMINATORS",
    "AREA_SHAPES",
    "AUDIT_TABLES",
    "BUDGETS",
    "CLAIMS",
    "CLAIMS_BY_PROGRAM",
    "CLAIM_PARTICIPANTS",
    "COVERAGE_BY_AREA",
    "COVERAGE_BY_FUNDING",
    "COVERAGE_BY_SECTOR",
    "COVERAGE_BY_SEX_AGE",
    "COVERAGE_BY_VILLAGE",
    "COVERAGE_DELTAS",
    "COVERAGE_RANGES",
    "COVERED_SPELLS",
    "CROSS_CHECKS",
    "DATA_SPAN",
    "DIRECTIVES",
    "IDENTITY_TABLES",
    "INDICATORS",
    "INGESTION_RUN",
    "INPUT_FILES",
    "INSIGHT_TABLES",
    "INTERMEDIATE_TABLES",
    "LEVELS_ID",
    "MARTS_TABLES",
    "NOTES",
    "PERSONS",
    "QUOTA_BY_FUNDING",
    "QUOTA_COST",
    "REGIONS",
    "REJECTED_ROWS",
    "RENEWALS_DUE",
    "RULES",
    "SOURCE_FRESHNESS",
    "SPELLS",
    "STAGING_TABLES",
    "TARGETS",
    "TARGET_COST",
    "TYPED_VALUES",
    "TYPES_ID",
    "UCJ_TARGETS",
    "UNITS_ID",
    "VILLAGE_ANOMALIES",
    "WORKFORCE",
    "Column",
    "Indicator",
    "Table",
]
