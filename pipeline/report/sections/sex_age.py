"""Sex and age of the active participants (marts.coverage_by_sex_age)."""

from __future__ import annotations

from typing import Any

from pipeline.report.request import Request


def build(req: Request) -> dict[str, Any] | None:
    """Rows per age band (men, women, total, share), or ``None`` with nobody active."""
    if not req.has("marts.coverage_by_sex_age"):
        return None
    rows = req.rows("sex_age")
    total = sum(r["active"] or 0 for r in rows)
    if not total:
        return None
    for r in rows:
        r["share"] = r["active"] / total
    totals = {
        "men": sum(r["men"] or 0 for r in rows),
        "women": sum(r["women"] or 0 for r in rows),
        "active": total,
    }
    totals["women_share"] = totals["women"] / total
    req.attach("sex_age", rows)
    return {"rows": rows, "totals": totals}
