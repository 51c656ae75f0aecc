"""Claims by programme, their ratio to contributions, and how long they take.

By programme this month and over twelve months; the insurance benefits (JKK and
JKM) set against the contributions, JHT (a savings withdrawal) apart; pending claims by
age and the days from the event to the payment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.core.months import add_months
from pipeline.report import iuran
from pipeline.report.request import Request, month_end, ratio

#: The insurance programmes whose benefits are set against the contributions.
INSURANCE = ("JKK", "JKM")


def _totals(rows: list[dict[str, Any]], programs: tuple[str, ...] | None, key: str) -> int:
    return sum(r[key] or 0 for r in rows if programs is None or r["program"] in programs)


def build(req: Request, contributions: dict[dt.date, int]) -> dict[str, Any] | None:
    """The section's tables, or ``None`` when the scope has no claim at all."""
    first12 = add_months(req.month, -11)
    one = len(req.regencies) == 1
    req.attach("claims", req.rows("claims_all", first=first12))
    month_rows = req.rows("claims_period", first=req.month, one_median=one)
    year_rows = req.rows("claims_period", first=first12, one_median=False)
    if not any(r["paid_count"] or r["pending_count"] or r["rejected_count"] for r in year_rows):
        return None
    for r in month_rows + year_rows:
        r["label"] = req.label("program", r["program"])
    timing = req.rows("claims_timing", first=first12, month_end=month_end(req.month))
    for r in timing:
        r["label"] = req.label("program", r["program"])
    req.attach("claims_timing", [{k: v for k, v in r.items() if k != "label"} for r in timing])
    contrib_month = contributions.get(req.month, 0)
    contrib_year = sum(v for m, v in contributions.items() if m >= first12)
    insured_month = _totals(month_rows, INSURANCE, "paid_amount_idr")
    insured_year = _totals(year_rows, INSURANCE, "paid_amount_idr")
    apart = [r for r in year_rows if r["program"] not in INSURANCE and r["paid_count"]]
    jkm = next((r for r in month_rows if r["program"] == "JKM"), None)
    # contributions not recorded are unknown, not Rp0: no ratio is computed against them
    missing_month, missing_year = iuran.count(req, "now"), iuran.count(req, "year")
    return {
        "month_rows": month_rows,
        "year_rows": year_rows,
        "timing": [
            r
            for r in timing
            if r["pending_0_30"] or r["pending_31_60"] or r["pending_over_60"] or r["paid_with_dates"]
        ],
        "first12": first12,
        "paid_count_month": _totals(month_rows, None, "paid_count"),
        "paid_month": _totals(month_rows, None, "paid_amount_idr"),
        "insured_month": insured_month,
        "insured_year": insured_year,
        "contrib_month": contrib_month,
        "contrib_year": contrib_year,
        "contrib_month_iuran": iuran.status(contrib_month, missing_month),
        "contrib_year_iuran": iuran.status(contrib_year, missing_year),
        "without_iuran_month": missing_month,
        "without_iuran_year": missing_year,
        "ratio_month": ratio(insured_month, contrib_month),
        "ratio_year": ratio(insured_year, contrib_year),
        "apart": apart,
        "jkm_count": jkm["paid_count"] if jkm else 0,
        "jkm_amount": jkm["paid_amount_idr"] if jkm else 0,
    }
