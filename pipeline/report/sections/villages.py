"""Villages: the exceptions only (no participant, below quota or target, lowest coverage).

Every village is in the attachment ``villages.csv``; the page lists the ones a meeting
acts on, and a chart counts the villages of each district by status.
"""

from __future__ import annotations

from typing import Any

from pipeline.report import charts
from pipeline.report.request import Request

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
    levels = _levels(req)
    has_goal = any(r["quota"] is not None or r["target"] is not None for r in rows)
    notes = _notes(req, rows, levels, has_goal)
    districts: dict[str, dict[str, Any]] = {}
    for r in rows:
        d = districts.setdefault(
            r["district_code"], {"name": r["district_name"], **dict.fromkeys(STATUSES, 0)}
        )
        d[r["status"]] += 1
    # without any village goal, "none" is every village with participants: say that
    band_label = {"none": "village.band.active"} if not has_goal else {}
    bands = [
        (t(band_label.get(s, f"village.band.{s}")), [d[s] for d in districts.values()], _COLOURS[s])
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
        # only villages with a coverage rate can be among the lowest (none without denominators)
        "lowest": min(LOWEST, sum(not r["is_empty"] and r["coverage_rate"] is not None for r in rows)),
    }
    del with_people
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
    intro = (
        t("village.intro", count=fmt.number(len(rows)), parts=", ".join(parts))
        if exceptions
        else t("village.intro_none", count=fmt.number(len(rows)))
    )
    return {
        "intro": intro,
        "notes": notes,
        "has_goal": bool(counts["with_quota"] or counts["with_target"]),
        "has_rate": any(r["workforce"] is not None for r in rows),
        "printed": PRINTED,
        "rows": exceptions[:PRINTED],
        "more": max(0, len(exceptions) - PRINTED),
        "count": len(rows),
        **counts,
        "chart": {
            "src": req.image("village_bands", fig),
            "caption": t(
                "village.chart.caption" if has_goal else "village.chart.caption_people",
                month=fmt.month(req.month),
            ),
            "alt": t("village.chart.alt"),
        },
    }


def _levels(req: Request) -> dict[str, Any]:
    """Where workforce figures, targets and quotas are set for this report (``goal_levels.sql``)."""
    if req.has("marts.quota_by_funding"):
        return req.rows("goal_levels")[0]
    return {"village_quota": 0, "district_quota": 0, "regency_quota": 0}


def _level_words(req: Request, levels: dict[str, Any], *kinds: str) -> list[str]:
    """The levels above the village (``kecamatan``, ``kabupaten/kota``) that have one of ``kinds``."""
    return [
        req.t(f"village.level.{level}")
        for level in ("district", "regency")
        if any(levels.get(f"{level}_{kind}") for kind in kinds)
    ]


def _notes(req: Request, rows: list[dict[str, Any]], levels: dict[str, Any], has_goal: bool) -> list[str]:
    """One line for each measure the villages lack while a higher level has it."""
    t, fmt = req.t, req.fmt
    notes = []
    if not any(r["workforce"] is not None for r in rows):
        above = _level_words(req, levels, "workforce")
        if above:
            section = t("district.title") if levels.get("district_workforce") else t("ucj.title")
            notes.append(t("village.no_rate", level=above[0], section=section))
        else:
            notes.append(t("village.no_rate_any"))
    if not has_goal:
        above = _level_words(req, levels, "target", "quota")
        if above:
            details = []
            if levels.get("regency_target") and levels.get("regency_target_value"):
                details.append(
                    t(
                        "village.goal_above.target",
                        target=fmt.number(levels["regency_target_value"]),
                        attainment=fmt.percent(levels.get("regency_target_attainment")),
                    )
                )
            if levels.get("district_quota") or levels.get("regency_quota"):
                details.append(t("village.goal_above.quota", section=t("quota.title")))
            notes.append(
                t(
                    "village.goal_above",
                    level=t("village.level.and").join(above),
                    details="".join(f"; {d}" for d in details),
                )
            )
    return notes
