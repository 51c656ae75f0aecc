"""The price of the target: what reaching the UCJ target and filling the programme quotas cost.

From ``marts.target_cost`` (the report's area: persons still needed, a year of their
contributions at the median iuran of its publicly funded participants, the month the last
six months' pace reaches the target, or that it does not before the settings' horizon)
and ``marts.quota_cost`` (each quota's open slots and their yearly cost against what is
left of its budget). Left out when the area has no UCJ target and no quota; the target's
lines are left out when the report's target is not the file's (``PIPELINE_UCJ_TARGET``).
"""

from __future__ import annotations

from typing import Any

from pipeline.core.months import add_months
from pipeline.report.request import Request

#: Rupiah amounts this large are written in words of the scale: "Rp11,6 miliar".
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def short_idr(req: Request, value: float | None) -> str:
    """Rupiah in words of the scale, one decimal: ``Rp11,6 miliar``, ``-Rp26,1 juta``.

    Signed as ``idr`` signs; below a million as ``idr`` writes it.
    """
    if value is None:
        return req.fmt.missing
    for size, word in _SCALES:
        if abs(value) >= size:
            sign = "-" if value < 0 else ""
            return f"{sign}Rp{req.fmt.decimal(abs(value) / size)} {req.t(f'unit.{word}')}"
    return req.fmt.idr(value)


def target_lines(req: Request) -> dict[str, Any] | None:
    """The price and the pace of the area's UCJ target; ``None`` without one."""
    if not req.has("marts.target_cost"):
        return None
    found = req.rows("target_cost")
    if not found:
        return None
    row = found[0]
    if req.config.ucj_target is not None and abs(req.config.ucj_target - row["target_rate"]) > 1e-9:
        return None  # another target for this run: the mart's price is not this report's
    t, fmt = req.t, req.fmt
    horizon = req.config.target_horizon_months
    if row["persons_needed"] == 0:
        return {
            "row": row,
            "price": t("target_cost.reached", target=fmt.target(row["target_rate"])),
            "pace": None,
        }
    if row["median_contribution_idr"] is None:
        price = t("target_cost.price_unknown", persons=fmt.number(row["persons_needed"]))
    else:
        price = t(
            "target_cost.price",
            persons=fmt.number(row["persons_needed"]),
            iuran=fmt.idr(row["median_contribution_idr"]),
            cost=short_idr(req, row["yearly_cost_idr"]),
        )
    growth = row["net_growth_6m"]
    # one decimal: an average of six months (6,5 a month is not 6)
    signed = None if growth is None else ("+" if growth > 0 else "") + fmt.decimal(growth)
    if growth is None:
        pace = t("target_cost.pace_unknown")
    elif row["months_to_target"] is not None and row["months_to_target"] <= horizon:
        pace = t("target_cost.pace", growth=signed, month=fmt.month(row["target_month"]))
    else:
        pace = t(
            "target_cost.pace_beyond",
            growth=signed,
            month=fmt.month(add_months(req.month, horizon)),
        )
    return {"row": row, "price": price, "pace": pace}


def build(req: Request) -> dict[str, Any] | None:
    """The target's price and pace, and the quotas' cost against budget; ``None`` without either."""
    target = target_lines(req)
    quotas = req.rows("quota_cost") if req.has("marts.quota_cost") else []
    for r in quotas:
        r["label"] = req.label("funding", r["funding_source"])
        cost, left = r["open_cost_idr"], r["remaining_idr"]
        if r["budget_idr"] is None:
            r["status"] = "no_budget"
        elif cost is None or left is None:
            r["status"] = "unknown"
        else:
            r["status"] = "covers" if left >= cost else "short"
        r["gap_idr"] = cost - left if r["status"] == "short" else None
        # amounts in words of their scale ("Rp500,8 juta"): the table has five columns
        r["open_cost_text"] = short_idr(req, cost)
        r["remaining_text"] = short_idr(req, left)
        r["gap_text"] = short_idr(req, r["gap_idr"])
    if target is None and not quotas:
        return None
    return {"target": target, "quotas": quotas}
