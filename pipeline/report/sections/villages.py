"""Villages: the exceptions only (no participant, below quota or target, lowest coverage).

Every village is in the attachment ``villages.csv``; the page lists the ones a meeting
acts on, and a chart counts the villages of each district by status.
"""

from __future__ import annotations

from typing import Any

from pipeline.report import charts
from pipeline.report.sections import Request

#: Villages of lowest coverage rate listed besides those without participants or below quota.
LOWEST = 10
#: Rows printed at most; the rest are counted under the table and are in the attachment.
PRINTED = 40
STATUSES = ("empty", "below", "met", "none")
_COLOURS = {
    "empty": charts.BAND_COLOURS["empty"],
    "below": charts.BAND_COLOURS["low"],
    "met": charts.BAND_COLOURS["met"],
    "none": charts.BAND_COLOURS["none"],
}


def build(req: Request) -> dict[str, Any] | None:
    """Exception rows, per-status counts and the chart; ``None`` for a province summary."""
    if req.is_province:
        return None
    t, fmt = req.t, req.fmt
    rows = req.rows("village_status", lowest=LOWEST)
    req.attach("villages", rows)
    if not rows:
        return None
    exceptions = [
        r for r in rows if r["is_empty"] or r["is_below_quota"] or r["is_below_target"] or r["is_lowest"]
    ]
    exceptions.sort(
        key=lambda r: (
            not r["is_empty"],
            not (r["is_below_quota"] or r["is_below_target"]),
            r["coverage_rate"] if r["coverage_rate"] is not None else 9,
            r["village_code"],
        )
    )
    for r in exceptions:
        # a village without any participant is below every quota and target: one flag says it
        flags = (
            (("empty", True),)
            if r["is_empty"]
            else (
                ("below_quota", r["is_below_quota"]),
                ("below", r["is_below_target"]),
                ("lowest", r["is_lowest"]),
            )
        )
        r["flags"] = [t(f"village.flag.{k}") for k, on in flags if on]
    districts: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = districts.setdefault(
            r["district_code"], {"name": r["district_name"], **dict.fromkeys(STATUSES, 0)}
        )
        d[r["status"]] += 1
    bands = [
        (t(f"village.band.{s}"), [d[s] for d in districts.values()], _COLOURS[s])
        for s in STATUSES
        if any(d[s] for d in districts.values())
    ]
    fig = charts.stacked_bands([fmt.shorten(d["name"], 30) for d in districts.values()], bands, fmt)
    with_people = sum(not r["is_empty"] for r in rows)
    counts = {
        "empty": sum(r["is_empty"] for r in rows),
        "below_quota": sum(r["is_below_quota"] for r in rows),
        "with_quota": sum(r["quota"] is not None for r in rows),
        "below_target": sum(r["is_below_target"] for r in rows),
        "with_target": sum(r["target"] is not None for r in rows),
        "lowest": min(LOWEST, with_people),
    }
    parts = [t("village.part.empty", empty=fmt.number(counts["empty"]))]
    if counts["with_quota"]:
        parts.append(
            t(
                "village.part.quota",
                below=fmt.number(counts["below_quota"]),
                with_quota=fmt.number(counts["with_quota"]),
            )
        )
    if counts["with_target"]:
        parts.append(
            t(
                "village.part.target",
                below=fmt.number(counts["below_target"]),
                with_target=fmt.number(counts["with_target"]),
            )
        )
    if counts["lowest"]:
        parts.append(t("village.part.lowest", lowest=fmt.number(counts["lowest"])))
    return {
        "intro": t("village.intro", count=fmt.number(len(rows)), parts=", ".join(parts)),
        "has_goal": bool(counts["with_quota"] or counts["with_target"]),
        "printed": PRINTED,
        "rows": exceptions[:PRINTED],
        "more": max(0, len(exceptions) - PRINTED),
        "count": len(rows),
        **counts,
        "chart": {
            "src": req.image("village_bands", fig),
            "caption": t("village.chart.caption", month=fmt.month(req.month)),
            "alt": t("village.chart.alt"),
        },
    }
