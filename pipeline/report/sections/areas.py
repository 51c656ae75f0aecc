"""Districts of a regency (regencies of a province), ranked by coverage, in coverage bands."""

from __future__ import annotations

from typing import Any

from pipeline.report import charts
from pipeline.report.request import Request
from pipeline.report.scope import display_area_name

#: Coverage bands (lower bound of the rate); an area without a denominator has none.
BANDS = (("high", 0.5), ("mid", 0.2), ("low", 0.1), ("very_low", 0.0))


def band(rate: float | None) -> str:
    """The band key of a coverage rate: ``high`` (≥ 50 %) down to ``very_low`` (< 10 %)."""
    if rate is None:
        return "none"
    return next(key for key, floor in BANDS if rate >= floor)


def build(req: Request) -> dict[str, Any]:
    """The ranked rows with their band, and the bar chart in the same order."""
    t, fmt, target = req.t, req.fmt, req.config.ucj_target
    rows = req.rows("children", child_level=req.child_level)
    for r in rows:
        if req.is_province:
            r["area_name"] = display_area_name(r["area_name"], "regency")
        r["band"] = band(r["coverage_rate"])
        r["band_label"] = t(f"district.band.{r['band']}")
    counts = {key: sum(r["band"] == key for r in rows) for key, _ in (*BANDS, ("none", None))}
    unit = t("district.unit_province" if req.is_province else "district.unit")
    target_text = fmt.target(target) if target is not None else t("ucj.no_target")
    fig = charts.coverage_bars(
        [fmt.shorten(r["area_name"], 30) for r in rows],
        [r["coverage_rate"] for r in rows],
        target,
        fmt,
        target_label=t("ucj.legend.target"),
    )
    month = fmt.month(req.month)
    has_rate = any(r["coverage_rate"] is not None for r in rows)
    levels = req.rows("goal_levels")[0] if req.has("marts.quota_by_funding") else {}
    # targets shown here when this is the lowest level they are set at (else the village
    # section shows them, and these are only their sums)
    has_target = any(r.get("target") is not None for r in rows) and not (
        levels.get("village_target") or levels.get("village_quota")
    )
    notes = []
    if not has_rate:
        # no child has a denominator: one line says which level has one, no empty chart
        parent = levels
        above = t("district.unit_regency") if parent.get("regency_workforce") else None
        notes.append(
            t("district.no_rate", unit=unit, level=above) if above else t("district.no_rate_any", unit=unit)
        )
    return {
        "has_rate": has_rate,
        "has_target": has_target,
        "notes": notes,
        "rows": rows,
        "unit": unit,
        "bands": [{"key": k, "label": t(f"district.band.{k}"), "count": n} for k, n in counts.items() if n],
        "chart": {
            "src": req.image("coverage_by_area", fig),
            "caption": t("district.chart.caption", unit=unit, month=month, target=target_text)
            if target is not None
            else t("district.chart.caption_none", unit=unit, month=month),
            "alt": t("district.chart.alt", count=len(rows), unit=unit, month=month, target=target_text),
        },
    }
