"""Flows: new and lapsed participants month by month, and by funding source this month."""

from __future__ import annotations

from typing import Any

from pipeline.report import charts
from pipeline.report.request import Request


def build(req: Request, series: list[dict[str, Any]], by_month: list[dict[str, Any]]) -> dict[str, Any]:
    """The chart of the last 12 months, and the reporting month's flows per source."""
    t, fmt = req.t, req.fmt
    rows = series[-12:]
    months = [r["month"] for r in rows]
    fig = charts.flows(
        months,
        [r["new"] for r in rows],
        [r["lapsed"] for r in rows],
        fmt,
        new_label=t("col.new"),
        lapsed_label=t("col.lapsed"),
    )
    by_funding = [
        dict(r, label=req.label("funding", r["funding_source"])) for r in by_month if r["month"] == req.month
    ]
    by_funding.sort(key=lambda r: (-r["ending_soon"], r["funding_source"]))
    req.attach(
        "funding_flows",
        [{k: r[k] for k in ("funding_source", "active", "new", "lapsed", "ending_soon")} for r in by_funding],
    )
    first = fmt.month(months[0]) if months else ""
    return {
        "by_funding": by_funding,
        "chart": {
            "src": req.image("flows", fig),
            "caption": t("flows.chart.caption", first=first, last=fmt.month(req.month)),
            "alt": t("flows.chart.alt", first=first, last=fmt.month(req.month)),
        },
    }
