"""Funding: who pays for the active participants.

The trend by source, and the year's contributions to date against each source's budget (reference/anggaran).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.core.months import add_months
from pipeline.report import charts, iuran
from pipeline.report.request import Request, ratio


def series(req: Request) -> list[dict[str, Any]]:
    """Active, flows and contributions by source, month by month over the trend."""
    first = add_months(req.month, -(req.config.trend_months - 1))
    req.attach("funding", req.rows("funding_all", first=first))
    return req.rows("funding_series", first=first)


def build(req: Request, by_month: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Sources in the reporting month (largest first), the stacked trend and the budget rows."""
    t, fmt = req.t, req.fmt
    current = [r for r in by_month if r["month"] == req.month]
    if not current:
        return None
    total = sum(r["active"] for r in current)
    rows = sorted(current, key=lambda r: (-r["active"], r["funding_source"]))
    for r in rows:
        r["label"] = req.label("funding", r["funding_source"])
        r["share"] = ratio(r["active"], total)
        iuran.mark(req, r, "contributions_idr", "now", r["funding_source"])
    totals = {"contributions_idr": sum(r["contributions_idr"] or 0 for r in current)}
    iuran.mark(req, totals, "contributions_idr", "now")
    months = sorted({r["month"] for r in by_month})
    active = {(r["month"], r["funding_source"]): r["active"] for r in by_month}
    lines = [(r["label"], [active.get((m, r["funding_source"]), 0) for m in months]) for r in rows]
    fig = charts.stacked_area(months, lines, fmt)
    first, last = fmt.month(months[0]), fmt.month(req.month)
    budget = req.rows("contributions_ytd") if req.has("staging.budgets") else []
    if any(r["budget_idr"] for r in budget):
        req.attach("contributions_budget", budget)
    for r in budget:
        r["label"] = req.label("funding", r["funding_source"])
        iuran.mark(req, r, "ytd_idr", "ytd", r["funding_source"])
        if r["iuran"] == iuran.UNKNOWN:
            r["budget_used"] = None  # no share of the budget is known to be used
    budget_rows = [r for r in budget if r["budget_idr"]]
    return {
        "rows": rows,
        "total_active": total,
        "total_contributions": totals["contributions_idr"],
        "total_iuran": totals["iuran"],
        "iuran_note": iuran.note(req, rows),
        "budget_rows": budget_rows,
        "budget_iuran_note": iuran.note(req, budget_rows),
        "year_start": dt.date(req.month.year, 1, 1),
        "chart": {
            "src": req.image("funding", fig),
            "caption": t("funding.chart.caption", first=first, last=last),
            "alt": t("funding.chart.alt", first=first, last=last),
        },
    }


def contributions_by_month(by_month: list[dict[str, Any]]) -> dict[dt.date, int]:
    """Contributions of every source, month by month."""
    totals: dict[dt.date, int] = {}
    for r in by_month:
        totals[r["month"]] = totals.get(r["month"], 0) + (r["contributions_idr"] or 0)
    return totals
