"""Sectors: active participants by KBLI section, with the sector's coverage where known."""

from __future__ import annotations

from typing import Any

from pipeline.catalog.codes import UNMAPPED
from pipeline.report import charts
from pipeline.report.request import Request, ratio

#: Sectors drawn one by one; the others share a bar.
CHARTED = 8


def build(req: Request) -> dict[str, Any] | None:
    """Rows by sector, largest first (unmapped occupations last), and their bar chart."""
    t, fmt = req.t, req.fmt
    req.attach("sectors", req.rows("sectors_all"))
    rows = req.rows("sectors")
    if not rows:
        return None
    for r in rows:
        r["name"] = req.label("kbli", r["sector_code"], r["sector_name"] or r["sector_code"])
        r["coverage_rate"] = ratio(r["active"], r["workforce"])
        r["code_label"] = "–" if r["sector_code"] == UNMAPPED else r["sector_code"]
    # the chart shows the largest sectors and the rest as one bar; the table lists them all
    top, rest = rows[:CHARTED], rows[CHARTED:]
    names = [fmt.shorten(r["name"], 38) for r in top]
    counts = [r["active"] for r in top]
    if rest:
        names.append(t("sector.others", count=len(rest)))
        counts.append(sum(r["active"] for r in rest))
    fig = charts.count_bars(names, counts, fmt)
    return {
        "rows": rows,
        "total": sum(r["active"] for r in rows),
        "chart": {
            "src": req.image("sectors", fig),
            "caption": t("sector.chart.caption", month=fmt.month(req.month)),
            "alt": t("sector.chart.alt", month=fmt.month(req.month)),
        },
    }
