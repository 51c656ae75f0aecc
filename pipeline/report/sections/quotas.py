"""Programme quotas: filled and open slots by funding source, the desa below quota named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline.report.sections import has_tables, query

#: Villages below quota printed per funding source; the rest are in the attachment.
LISTED = 30


def build(con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date
          ) -> dict[str, Any] | None:
    """The quota section's rows, or ``None`` when no funding source has a quota."""
    if not has_tables(con, "marts.quota_by_funding"):
        return None
    rows = query(con, "quota_rows", month=month, regencies=regencies)
    if not rows:
        return None
    below = query(con, "quota_villages_below", month=month, regencies=regencies)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for r in below:
        by_source.setdefault(r["funding_source"], []).append(r)
    for r in rows:
        listed = by_source.get(r["funding_source"], [])
        r["below"] = listed[:LISTED]
        r["below_more"] = max(0, len(listed) - LISTED)
    return {"rows": rows, "below": below}
