"""The renewal calendar: who is due in the next twelve months.

By funding source and due month, in persons and Rupiah, set against the contribution
budget where one is given.
"""

from __future__ import annotations

from typing import Any

from pipeline.core.months import add_months
from pipeline.report import iuran
from pipeline.report.request import Request, month_date


def build(req: Request, active: int) -> dict[str, Any] | None:
    """Rows per funding source (persons per due month, cost, budget), or ``None``.

    ``active`` is the area's active participants: those not due within the twelve months
    are counted apart, so the calendar reconciles with the active total.
    """
    if not req.has("marts.renewals_due"):
        return None
    rows = req.rows("renewals_calendar")
    if not rows:
        return None
    months = [add_months(req.month, i) for i in range(12)]
    grid = {(g["funding_source"], month_date(g["due_month"])): g for g in req.rows("renewals_grid")}
    budgets = (
        {b["funding_source"]: b for b in req.rows("renewals_budgets")} if req.has("staging.budgets") else {}
    )
    year = req.month.year
    for r in rows:
        r["label"] = req.label("funding", r["funding_source"])
        r["peak_month"] = month_date(r["peak_month"])
        r["by_month"] = [(grid.get((r["funding_source"], m)) or {}).get("persons") for m in months]
        b = budgets.get(r["funding_source"], {})
        budget = b.get("next_year_budget_idr") or b.get("this_year_budget_idr")
        r["budget_idr"] = budget
        r["budget_year"] = year + 1 if b.get("next_year_budget_idr") else year if budget else None
        r["cost_share"] = r["cost_idr"] / budget if budget else None
        # a cost of Rp0 for participants without an iuran is unknown, not nothing
        iuran.mark(req, r, "cost_idr", "renewals", r["funding_source"])
        if r["iuran"] == iuran.UNKNOWN:
            r["cost_share"] = None
    totals = {k: sum(r[k] or 0 for r in rows) for k in ("persons", "cost_idr")}
    iuran.mark(req, totals, "cost_idr", "renewals")
    totals["by_month"] = [sum(r["by_month"][i] or 0 for r in rows) for i in range(12)]
    req.attach(
        "renewals",
        [
            {
                "funding_source": g["funding_source"],
                "due_month": m,
                "persons": g["persons"],
                "renewal_cost_idr": g["cost_idr"],
            }
            for r in rows
            for m in months
            if (g := grid.get((r["funding_source"], m)))
        ],
    )
    has_budget = any(r["budget_idr"] for r in rows)
    if has_budget:
        req.attach(
            "renewal_budgets",
            [
                {
                    k: r[k]
                    for k in (
                        "funding_source",
                        "persons",
                        "cost_idr",
                        "budget_idr",
                        "budget_year",
                        "cost_share",
                    )
                }
                for r in rows
            ],
        )
    return {
        "rows": rows,
        "totals": totals,
        "months": months,
        "has_budget": has_budget,
        "iuran_note": iuran.note(req, rows),
        "later": max(0, (active or 0) - totals["persons"]),
    }
