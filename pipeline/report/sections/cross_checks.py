"""Cross checks: the records an auditor looks at first, in persons and Rupiah."""

from __future__ import annotations

from typing import Any

from pipeline.report.request import Request


def build(req: Request) -> dict[str, Any] | None:
    """One row per check (zeros included: a clean check is a finding too), or ``None``."""
    if not req.has("marts.cross_checks"):
        return None
    rows = req.rows("cross_checks_summary")
    if not rows:
        return None
    req.attach("cross_checks", rows)
    return {"rows": rows, "any": any((r["persons_12m"] or 0) > 0 for r in rows)}
