"""The renewal calendar: who is due in the next twelve months.

By funding source and due month, in persons and Rupiah, set against the contribution
budget where one is given.
"""

from __future__ import annotations

from typing import Any

from pipeline.months import add_months
from pipeline.report.sections import Request, month_date


def build(req: Request) -> dict[str, Any] | None:
    """Rows per funding source (persons per due month, cost, budget), or ``None``."""
    if not req.has("marts.renewals_due", "staging.budgets"):
        return None
    rows = req.rows("renewals_calendar")
    if not rows:
        return None
    months = [add_months(req.month, i) for i in range(12)]
    grid: dict[tuple[str, Any], int] = {}
    for g in req.rows("renewals_grid"):
        grid[(g["funding_source"], month_date(g["due_month"]))] = g["persons"]
    year = req.month.year
    for r in rows:
        r["label"] = req.label("funding", r["funding_source"])
        r["peak_month"] = month_date(r["peak_month"])
        r["by_month"] = [grid.get((r["funding_source"], m)) for m in months]
        budget = r["next_year_budget_idr"] or r["this_year_budget_idr"]
        r["budget_idr"] = budget
        r["budget_year"] = (
            year + 1 if r["next_year_budget_idr"] else year if r["this_year_budget_idr"] else None
        )
        r["cost_share"] = r["cost_idr"] / budget if budget else None
    totals = {k: sum(r[k] or 0 for r in rows) for k in ("persons", "cost_idr")}
    totals["by_month"] = [sum(r["by_month"][i] or 0 for r in rows) for i in range(12)]
    req.attach(
        "renewals",
        [
            {"funding_source": r["funding_source"], "due_month": m, "persons": grid[(r["funding_source"], m)]}
            for r in rows
            for m in months
            if grid.get((r["funding_source"], m))
        ],
    )
    return {"rows": rows, "totals": totals, "months": months}
