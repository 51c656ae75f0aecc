"""``datapackage.json``: a Frictionless Tabular Data Package describing the CSV exports.

A Table Schema per CSV with types, units, descriptions, code patterns and keys, so
``61.10`` loads as the text it is and months as dates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import catalog
from pipeline.catalog import codes
from pipeline.core.files import atomic_path
from pipeline.outputs.marts import INTEGER_TYPES, ExportedFile
from pipeline.outputs.workbook import WORKBOOK_NAME, sheet_name

DATAPACKAGE_NAME = "datapackage.json"

#: Patterns of the coded columns: Kemendagri codes with dots, KBLI letters, funding and programme codes.
CODE_PATTERNS = {
    "village_code": r"\d{2}\.\d{2}\.\d{2}\.\d{4}",
    "district_code": r"\d{2}\.\d{2}\.\d{2}",
    "regency_code": r"\d{2}\.\d{2}",
    "area_code": r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?",
    "sector_code": rf"([{codes.SECTOR_CODES[0]}-{codes.SECTOR_CODES[-1]}]|{codes.UNMAPPED})",
}
ENUMS = {
    "level": ["village", "district", "regency", "province"],
    "sex": ["L", "P"],
    "age_band": list(codes.AGE_BAND_LABELS),
    "check": ["covered_after_death", "double_public_funding", "kpj_shared"],
    "funding_source": list(codes.FUNDING_CODES),
    "program": list(codes.PROGRAMS),
}
_FIELD_TYPES = {
    "DATE": "date",
    "BOOLEAN": "boolean",
    "DOUBLE": "number",
    "FLOAT": "number",
    "REAL": "number",
    "VARCHAR": "string",
}


def table_schema_field(column: catalog.Column) -> dict[str, Any]:
    """A Frictionless Table Schema field: type, description, unit and constraints of one column."""
    sql_type = column.type.upper()
    kind = "integer" if sql_type in INTEGER_TYPES else _FIELD_TYPES.get(sql_type, "string")
    field: dict[str, Any] = {
        "name": column.name,
        "title": column.label_id,
        "type": kind,
        "description": column.definition,
    }
    if kind == "date":
        field["format"] = "default"  # ISO 8601, 2025-09-01: the first day of the month
    if column.unit:
        field["unit"] = column.unit
    constraints: dict[str, Any] = {}
    if column.name in CODE_PATTERNS:
        constraints["pattern"] = CODE_PATTERNS[column.name]
    if column.name in ENUMS:
        constraints["enum"] = ENUMS[column.name]
    if column.unit in ("persons", "claims", "days") or column.name.endswith("_count"):
        constraints["minimum"] = 0
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage(tables: Sequence[catalog.Table], files: dict[str, ExportedFile]) -> dict[str, Any]:
    """The Frictionless Data Package describing the CSV exports (their bytes and hashes too)."""
    resources = []
    for table in tables:
        f = files[f"{table.name}.csv"]
        keys = [k for k in table.key if k in table.column_names]
        schema: dict[str, Any] = {
            "fields": [table_schema_field(c) for c in table.columns],
            "missingValues": [""],
        }
        if keys:
            schema["primaryKey"] = keys
        resources.append(
            {
                "name": table.name.replace("_", "-"),
                "path": f.path.name,
                "title": table.label_id,
                "description": f"{table.description} Grain: {table.grain}. The same rows are in "
                f"{table.name}.parquet and on sheet {sheet_name(table)!r} of {WORKBOOK_NAME}.",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": f.size_bytes,
                "hash": f"sha256:{hashlib.sha256(f.path.read_bytes()).hexdigest()}",
                "dialect": {"delimiter": ",", "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "bpjs-ketenagakerjaan-coverage-marts",
        "title": "Cakupan Jaminan Sosial Ketenagakerjaan pekerja rentan",
        "description": "Coverage marts of the BPJS Ketenagakerjaan monitoring pipeline, every month "
        "from the first month of the data to its as-of month (CONTRACT §5). Codes are "
        "text with dots (PP.KK.CC.DDDD: province, regency, district, village), not numbers, "
        "which would drop a final zero; months are dates (the first day of the month); "
        "rates are fractions. Read a CSV with this schema (frictionless, or "
        "pandas.read_csv(dtype=str) for the codes) to keep codes as written.",
        "resources": resources,
    }


def write_datapackage(
    tables: Sequence[catalog.Table], written: Sequence[ExportedFile], path: Path
) -> ExportedFile:
    """``datapackage.json`` beside the CSV files it describes."""
    package = datapackage(tables, {f.path.name: f for f in written})
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportedFile(path, "schema of the CSV exports", len(package["resources"]), path.stat().st_size)
