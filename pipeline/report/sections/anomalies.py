"""Anomalies worth a question: villages whose new or lapsed count this month departs from their own past.

From ``marts.village_anomalies`` (DHIS2's modified z-score rule, thresholds in
``pipeline.catalog.RULES``): the flagged villages, the largest departure first, at most
``LISTED`` in the table and all of them attached; the flow identity of the report's area
(active last month + new − lapsed = active), which a blocking check guarantees over all
the data; and the villages where participants who moved in or out make a large difference.
Left out when no village has enough months of history to be judged. The full list is
attached when the table cannot show every flagged village (the exports carry them all).
"""

from __future__ import annotations

from typing import Any

from pipeline import catalog
from pipeline.core.months import add_months
from pipeline.report.request import Request

#: Flagged villages printed; the rest are in the attachment.
LISTED = 8
#: Villages with many movers printed.
MOVERS_LISTED = 5


def sentence(req: Request, row: dict[str, Any]) -> str:
    """The plain sentence of a flagged row (``Desa X: 37 peserta berhenti bulan ini, biasanya 0–3.``)."""
    fmt = req.fmt
    low, high = row["usual_low"], row["usual_high"]
    usual = fmt.number(low) if low == high else f"{fmt.number(low)}–{fmt.number(high)}"
    return req.t(
        f"anomaly.sentence.{row['measure']}",
        village=row["village_name"],
        count=fmt.number(row["value"]),
        usual=usual,
    )


def build(req: Request, series: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The flagged villages, the identity line and the large movers; ``None`` without history."""
    if not req.has("marts.village_anomalies"):
        return None
    rules = catalog.RULES
    [history] = req.rows("anomaly_history", min_history=rules["anomaly_min_history"])
    if not history["judged_villages"]:
        return None
    flagged = req.rows("anomalies")
    for r in flagged:
        r["sentence"] = sentence(req, r)
        r["label"] = req.t(f"anomaly.measure.{r['measure']}")
    if len(flagged) > LISTED:
        req.attach("village_anomalies", [{k: v for k, v in r.items() if k != "label"} for r in flagged])
    movers = req.rows("movers", min_count=rules["anomaly_min_count"])
    by_month = {r["month"]: r for r in series}
    now, before = by_month.get(req.month), by_month.get(add_months(req.month, -1))
    identity = None
    if now and before:
        # the area's movers in: zero over all the data (a blocking check), not for one regency
        net = now["active"] - before["active"] - now["new"] + now["lapsed"]
        identity = {
            "before": before["active"],
            "new": now["new"],
            "lapsed": now["lapsed"],
            "active": now["active"],
            "net_movers_in": net,
        }
    return {
        "rows": flagged[:LISTED],
        "more": max(0, len(flagged) - LISTED),
        "count": len(flagged),
        "judged": history["judged_villages"],
        "rules": rules,
        "movers": movers[:MOVERS_LISTED],
        "movers_more": max(0, len(movers) - MOVERS_LISTED),
        "identity": identity,
    }
