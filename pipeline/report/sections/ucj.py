"""UCJ: the coverage rate month by month against the area's target.

With the scope of the figure (which files it rests on) and where its target and
denominator come from.
"""

from __future__ import annotations

from typing import Any

from pipeline.report import charts
from pipeline.report.request import Request


def scope_text(req: Request) -> dict[str, Any]:
    """Where the rate's parts come from: the target's source, the denominator's, the files."""
    t = req.t
    sources = req.rows("workforce_source") if req.has("staging.workforce") else []
    kinds = {r["kind"]: r["files"] for r in req.rows("input_kinds")} if req.has("audit.input_files") else {}
    denominator = (
        t("ucj.denominator", sources="; ".join(r["source_text"] for r in sources), year=sources[0]["year"])
        if sources
        else t("ucj.denominator_unknown")
    )
    return {
        "denominator": denominator,
        "scope": t(
            "ucj.scope",
            enrolment=req.fmt.number(kinds.get("enrolment", 0)),
            claims=req.fmt.number(kinds.get("claims", 0)),
        ),
    }


def build(req: Request, series: list[dict[str, Any]]) -> dict[str, Any]:
    """The trend chart and the last 13 months as a table."""
    t, fmt, target = req.t, req.fmt, req.config.ucj_target
    rows = series[-req.config.trend_months :]
    months = [r["month"] for r in rows]
    area = req.scope.display_name
    current = next((r for r in rows if r["month"] == req.month), None)
    target_text = fmt.target(target) if target is not None else t("ucj.no_target")
    if all(r["coverage_rate"] is None for r in rows):
        # no denominator in any month: no line to draw, and the text says why
        return {
            "table_rows": rows[-13:],
            "current": current,
            "target_text": target_text,
            "chart": None,
            "no_coverage": t("ucj.no_coverage"),
            **scope_text(req),
        }
    fig = charts.coverage_trend(
        months,
        [r["coverage_rate"] for r in rows],
        target,
        fmt,
        coverage_label=t("ucj.legend.coverage"),
        target_label=t("ucj.legend.target"),
    )
    first, last = (fmt.month(months[0]), fmt.month(months[-1])) if months else ("", "")
    return {
        "table_rows": rows[-13:],
        "current": current,
        "target_text": target_text,
        **scope_text(req),
        "chart": {
            "src": req.image("ucj_trend", fig),
            "caption": t("ucj.chart.caption", area=area, first=first, last=last, target=target_text)
            if target is not None
            else t("ucj.chart.caption_none", area=area, first=first, last=last),
            "alt": t(
                "ucj.chart.alt",
                area=area,
                first=first,
                last=last,
                rate=fmt.percent(current["coverage_rate"] if current else None),
                target=target_text,
            ),
        },
    }
