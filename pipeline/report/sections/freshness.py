"""How fresh each source is: the latest date per funding source and claims file (issue 23 §4).

A funding source's latest date is the latest start (tgl_mulai) of its accepted spells, a
claims file's the latest submission or payment, both on or before the month's last day
(``marts.source_freshness``). A source whose data stop more than ``STALE_DAYS`` days before
the month's end is flagged; the summary names a flagged source carrying more than
``SUMMARY_SHARE`` of the active participants.
"""

from __future__ import annotations

from typing import Any

from pipeline.report.request import Request

#: Days before the month's end after which a source is stale (as in sql/marts/source_freshness.sql).
STALE_DAYS = 45
#: A stale source is named on the summary page when it carries more than this share of the active.
SUMMARY_SHARE = 0.05


def build(req: Request) -> dict[str, Any] | None:
    """Rows per funding source and claims file, and the stale sources that matter; or ``None``."""
    if not req.has("marts.source_freshness", "marts.coverage_by_funding"):
        return None
    rows = req.rows("freshness")
    if not rows:
        return None
    for r in rows:
        if r["source_kind"] == "claims":
            r["label"] = req.t("freshness.claims_file", file=r["files"])
            r["files"] = None
        else:
            r["label"] = req.label("funding", r["funding_source"])
    req.attach(
        "source_freshness",
        [
            {
                k: r[k]
                for k in (
                    "source_kind",
                    "funding_source",
                    "files",
                    "latest_date",
                    "days_before_month_end",
                    "stale",
                    "active_share",
                )
            }
            for r in rows
        ],
    )
    matters = sorted(
        (r for r in rows if r["stale"] and (r["active_share"] or 0) > SUMMARY_SHARE),
        key=lambda r: -r["active_share"],
    )
    return {"rows": rows, "matters": matters, "stale_days": STALE_DAYS}


def sentences(req: Request, freshness: dict[str, Any] | None) -> list[str]:
    """One sentence per stale source carrying more than ``SUMMARY_SHARE`` of the active."""
    if not freshness:
        return []
    fmt = req.fmt
    return [
        req.t(
            "summary.s.stale_source",
            source=r["label"],
            date=fmt.date(r["latest_date"]),
            days=fmt.number(r["days_before_month_end"]),
            share=fmt.percent(r["active_share"]),
        )
        for r in freshness["matters"]
    ]
