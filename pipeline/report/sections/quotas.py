"""Programme quotas: filled and open slots by funding source, the desa below quota named."""

from __future__ import annotations

from typing import Any

from pipeline.report.request import Request

#: Villages below quota printed per funding source; the rest are in the attachment.
LISTED = 30


def build(req: Request) -> dict[str, Any] | None:
    """The quota section's rows, or ``None`` when no funding source has a quota."""
    if not req.has("marts.quota_by_funding"):
        return None
    rows = req.rows("quota_rows")
    if not rows:
        return None
    below = req.rows("quota_villages_below")
    by_source: dict[str, list[dict[str, Any]]] = {}
    for r in below:
        by_source.setdefault(r["funding_source"], []).append(r)
    for r in rows:
        listed = by_source.get(r["funding_source"], [])
        r["below"] = listed[:LISTED]
        r["below_more"] = max(0, len(listed) - LISTED)
    if below:
        req.attach("quota_villages_below", below)
    return {"rows": rows, "below": below}
