"""The one metadata source for every table the pipeline writes.

Per table and column: English name, Indonesian label, SQL type, unit and definition.
It feeds the DDL of the staging and audit tables, the Dagster asset descriptions and
column schemas, the export labels and ``docs/data_dictionary.md``.

By layer: ``inputs`` (staging, audit, identity: what ingestion writes), ``intermediate``
(the work the marts share), ``marts`` and ``meeting`` (the published tables of CONTRACT
§5; ``columns`` holds what they share) and ``indicators`` (what a meeting's directive is
followed up by); ``model`` has the records.
"""

from pipeline.catalog.columns import LEVELS_ID, TYPES_ID, UNITS_ID
from pipeline.catalog.indicators import INDICATORS, Indicator
from pipeline.catalog.inputs import (
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
from pipeline.catalog.insight import INSIGHT_TABLES, QUOTA_COST, RULES, TARGET_COST, VILLAGE_ANOMALIES
from pipeline.catalog.intermediate import (
    AREA_DENOMINATORS,
    CLAIM_PARTICIPANTS,
    COVERAGE_RANGES,
    COVERED_SPELLS,
    INTERMEDIATE_TABLES,
)
from pipeline.catalog.marts import (
    CLAIMS_BY_PROGRAM,
    COVERAGE_BY_AREA,
    COVERAGE_BY_FUNDING,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_VILLAGE,
    SOURCE_FRESHNESS,
)
from pipeline.catalog.marts import MARTS_TABLES as _CONTRACT_MARTS
from pipeline.catalog.meeting import COVERAGE_BY_SEX_AGE, CROSS_CHECKS, QUOTA_BY_FUNDING, RENEWALS_DUE
from pipeline.catalog.model import Column, Table

#: Every published mart: the contract's, then those that ask questions of them (``insight``).
MARTS_TABLES = (*_CONTRACT_MARTS, *INSIGHT_TABLES)

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
    "COVERAGE_RANGES",
    "COVERED_SPELLS",
    "CROSS_CHECKS",
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
