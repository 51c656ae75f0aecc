"""Cross checks: the records an auditor looks at first, in persons and Rupiah."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline.report.sections import has_tables, query


def build(con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date
          ) -> dict[str, Any] | None:
    """One row per check (zeros included: a clean check is a finding too), or ``None``."""
    if not has_tables(con, "marts.cross_checks"):
        return None
    rows = query(con, "cross_checks_summary", month=month, regencies=regencies)
    if not rows:
        return None
    return {"rows": rows, "any": any((r["persons_12m"] or 0) > 0 for r in rows)}
