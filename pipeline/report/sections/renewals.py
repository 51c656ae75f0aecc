"""The renewal calendar: who is due in the next twelve months, by funding source, in Rupiah."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline.report.sections import has_tables, month_date, query


def build(con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date
          ) -> dict[str, Any] | None:
    """Rows per funding source (persons by when they fall due, cost, budget), or ``None``."""
    if not has_tables(con, "marts.renewals_due", "staging.budgets"):
        return None
    rows = query(con, "renewals_calendar", month=month, regencies=regencies)
    if not rows:
        return None
    for r in rows:
        r["peak_month"] = month_date(r["peak_month"])
        budget = r["next_year_budget_idr"] or r["this_year_budget_idr"]
        r["budget_idr"] = budget
        r["budget_year"] = (month.year + 1 if r["next_year_budget_idr"] else
                            month.year if r["this_year_budget_idr"] else None)
        r["cost_share"] = r["cost_idr"] / budget if budget else None
    totals = {k: sum(r[k] or 0 for r in rows)
              for k in ("due_now", "due_1_2", "due_3_5", "due_6_11", "persons", "cost_idr")}
    return {"rows": rows, "totals": totals}
