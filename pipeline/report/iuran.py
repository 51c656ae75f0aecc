"""Active participants whose attributed spell has no iuran_bulanan: contributions not recorded.

marts.coverage_by_funding sums the iuran that are recorded (CONTRACT §4); when none of the
active participants of a source carries one, that sum is 0 while the contributions are
unknown. The report then prints "tidak tercatat" instead of Rp0 (contributions, renewal
costs, budget use, the claim ratio), and where only some carry one it says how many
active participants the figure leaves out. Never an unknown shown as zero.
"""

from __future__ import annotations

from typing import Any

from pipeline.core.months import add_months
from pipeline.report.request import Request

#: The key of the row for all funding sources together (a person counted once).
ALL = "*"
UNKNOWN, PARTIAL = "unknown", "partial"


def without(req: Request) -> dict[str, dict[str, Any]]:
    """Per funding source (and ``ALL``): active participants without an iuran, per period.

    Periods: ``now`` (the reporting month), ``ytd`` (January to it), ``year`` (its twelve
    months), ``renewals`` (active now and due within twelve months). Queried once per report.
    """
    if "iuran" not in req.cache:
        rows = (
            req.rows("contributions_missing", first12=add_months(req.month, -11))
            if req.has("intermediate.coverage_ranges")
            else []
        )
        req.cache["iuran"] = {r["funding_source"]: r for r in rows}
    return req.cache["iuran"]


def count(req: Request, period: str, source: str = ALL) -> int:
    """Active participants of ``source`` in ``period`` whose iuran is not recorded."""
    row = without(req).get(source)
    return (row[f"{period}_without"] or 0) if row else 0


def status(amount: float | None, missing: int) -> str | None:
    """Whether an amount summing ``missing`` participants without an iuran is known.

    ``unknown`` when none had an iuran (the sum is not Rp0 but unknown), ``partial`` when
    some had none, else ``None``.
    """
    if not missing:
        return None
    return UNKNOWN if not amount else PARTIAL


def mark(req: Request, row: dict[str, Any], amount_key: str, period: str, source: str = ALL) -> None:
    """Set ``row['iuran']`` (status) and ``row['without_iuran']`` (count) for ``row[amount_key]``."""
    missing = count(req, period, source)
    row["without_iuran"] = missing
    row["iuran"] = status(row.get(amount_key), missing)


def note(req: Request, rows: list[dict[str, Any]]) -> str | None:
    """One sentence naming, per row (``label``), the participants without an iuran; or None."""
    items = [
        req.t(
            "iuran.item_unknown" if r["iuran"] == UNKNOWN else "iuran.item_partial",
            source=r["label"],
            count=req.fmt.number(r["without_iuran"]),
        )
        for r in rows
        if r.get("iuran")
    ]
    return req.t("iuran.note", items="; ".join(items)) if items else None
