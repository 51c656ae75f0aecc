"""The executive summary: figure cards and the findings in sentences.

Each card shows its change from the month before and from the same month a year before.
"""

from __future__ import annotations

import math
from typing import Any

from pipeline.core.months import add_months
from pipeline.report.request import Request
from pipeline.report.sections import freshness

#: Cards: (key, message key of the label, unit key or None, kind of change).
CARDS = (
    ("active", "summary.fig.active", "summary.unit.persons", "number"),
    ("coverage_rate", "summary.fig.coverage", None, "points"),
    ("open_slots", "summary.fig.open_slots", "summary.unit.slots", "number"),
    ("villages_empty", "summary.fig.villages_empty", "summary.unit.villages", "number"),
    ("ending_soon", "summary.fig.ending_soon", "summary.unit.persons", "number"),
    ("claims_paid", "summary.fig.claims_paid", "summary.unit.claims", "number"),
)


def _change(now: Any, then: Any) -> float | None:
    return None if now is None or then is None else now - then


def is_partial(row: dict[str, Any]) -> bool:
    """Whether an area row has fewer regencies with data than the area has (CONTRACT §5).

    Its figures are those regencies', never the area's.
    """
    with_data, total = row.get("regencies_with_data"), row.get("regencies_total")
    return with_data is not None and total is not None and with_data < total


def cards(req: Request, now: dict[str, Any], prev: dict | None, year: dict | None) -> list[dict]:
    """The cards whose figure the data hold, each with its two changes."""
    out = []
    partial = is_partial(now)

    def change(key: str, other: dict | None) -> float | None:
        # open slots compare only under the same quotas: a quota set since is no loss of slots
        if other is None or (key == "open_slots" and other.get("quota") != now.get("quota")):
            return None
        return _change(now[key], other.get(key))

    for key, label, unit, kind in CARDS:
        if now.get(key) is None:
            continue
        out.append(
            {
                "key": key,
                "label": req.t(label),
                "value": now[key],
                "unit": (
                    req.t(
                        "summary.unit.persons_partial",
                        with_data=req.fmt.number(now["regencies_with_data"]),
                        total=req.fmt.number(now["regencies_total"]),
                    )
                    if partial and key == "active"
                    else req.t(unit)
                    if unit
                    else ""
                ),
                "kind": kind,
                "change_month": change(key, prev),
                "change_year": change(key, year),
            }
        )
    return out


def _sentences(req: Request, now, prev, year, villages, renewals_top, claims) -> list[str]:
    t, fmt, target = req.t, req.fmt, req.config.ucj_target
    area, month = req.scope.display_name, fmt.month(req.month)
    partial = is_partial(now)
    regencies = (
        {"with_data": fmt.number(now["regencies_with_data"]), "total": fmt.number(now["regencies_total"])}
        if partial
        else {}
    )
    out = [
        t("summary.s.coverage_partial", month=month, area=area, active=fmt.number(now["active"]), **regencies)
        if partial
        else t(
            "summary.s.coverage",
            month=month,
            area=area,
            active=fmt.number(now["active"]),
            workforce=fmt.number(now["workforce"]),
            rate=fmt.percent(now["coverage_rate"]),
        )
        if now["coverage_rate"] is not None
        else t("summary.s.coverage_no_workforce", month=month, area=area, active=fmt.number(now["active"]))
    ]
    for other, key, when in (
        (prev, "month", add_months(req.month, -1)),
        (year, "year", add_months(req.month, -12)),
    ):
        params = {"prev_month": fmt.month(when), "year_month": fmt.month(when)}
        if other is None:
            out.append(t(f"summary.s.change_{key}_none", **params))
            continue
        change = now["active"] - other["active"]
        word = "up" if change > 0 else "down" if change < 0 else "same"
        out.append(
            t(
                f"summary.s.change_{key}_{word}",
                **params,
                abs_change=fmt.number(abs(change)),
                points=fmt.points(_change(now["coverage_rate"], other["coverage_rate"])),
            )
        )
    if target is None:
        out.append(t("summary.s.target_none"))
    elif partial:
        out.append(t("summary.s.target_partial", target=fmt.target(target), area=area, **regencies))
    elif now["workforce"] and now["coverage_rate"] is not None:
        gap = max(0, math.ceil(target * now["workforce"] - now["active"]))
        out.append(
            t(
                "summary.s.target_below",
                target=fmt.target(target),
                gap=fmt.number(gap),
                points=fmt.decimal((target - now["coverage_rate"]) * 100),
            )
            if gap
            else t("summary.s.target_met", target=fmt.target(target))
        )
    else:
        out.append(t("summary.s.target_unknown", target=fmt.target(target)))
    if now.get("quota"):
        # "0 desa below quota" only says something when villages have quotas of their own
        key = (
            "summary.s.quota_total"  # a province summary: its regencies' quotas, no village count
            if villages is None
            else ("summary.s.quota" if villages.get("with_quota") else "summary.s.quota_above")
        )
        out.append(
            t(
                key,
                quota=fmt.number(now["quota"]),
                filled=fmt.number(now["quota"] - now["open_slots"]),
                open=fmt.number(now["open_slots"]),
                below=fmt.number(villages["below_quota"] if villages else 0),
            )
        )
    if villages is not None:
        out.append(
            t(
                "summary.s.villages_empty",
                empty=fmt.number(villages["empty"]),
                count=fmt.number(villages["count"]),
            )
        )
    else:
        out.append(t("summary.s.regencies", count=fmt.number(len(req.regencies))))
    if renewals_top:
        # a cost of participants without an iuran is unknown, never Rp0 (pipeline.report.iuran)
        state = renewals_top.get("iuran")
        sentence = t(
            "summary.s.renewal_peak_no_iuran" if state == "unknown" else "summary.s.renewal_peak",
            persons=fmt.number(renewals_top["peak_persons"]),
            source=req.label("funding", renewals_top["funding_source"]),
            month=fmt.month(renewals_top["peak_month"]),
            cost=fmt.idr(renewals_top["cost_idr"]),
        )
        out.append(_partial(req, sentence, state, renewals_top.get("without_iuran")))
    elif now["ending_soon"]:
        out.append(t("summary.s.renewals", ending=fmt.number(now["ending_soon"])))
    else:
        out.append(t("summary.s.renewals_none"))
    if claims:
        state = claims.get("contrib_year_iuran")
        key = "summary.s.claims" if claims["paid_count_month"] else "summary.s.claims_none"
        sentence = t(
            key + ("_no_iuran" if state == "unknown" else ""),
            count=fmt.number(claims["paid_count_month"]),
            amount=fmt.idr(claims["paid_month"]),
            ratio=fmt.percent(claims["ratio_year"]),
        )
        out.append(_partial(req, sentence, state, claims.get("without_iuran_year")))
    return out


def _partial(req: Request, sentence: str, state: str | None, without: int | None) -> str:
    """``sentence`` told how many participants its Rupiah figure leaves out (no iuran recorded)."""
    if state != "partial":
        return sentence
    return sentence.rstrip(".") + req.t("iuran.partial_tail", count=req.fmt.number(without))


def build(req: Request, villages, renewals, claims, fresh=None) -> dict[str, Any]:
    """Cards, sentences and the figures the manifest records."""
    history = {r["month"]: r for r in req.rows("summary_history")}
    now = history[req.month]
    prev = history.get(add_months(req.month, -1))
    year = history.get(add_months(req.month, -12))
    top = max(renewals["rows"], key=lambda r: r["cost_idr"] or 0) if renewals and renewals["rows"] else None
    target = req.config.ucj_target
    gap = (
        max(0, math.ceil(target * now["workforce"] - now["active"]))
        if target is not None and now["workforce"] and not is_partial(now)
        else None
    )
    figures = {
        "active": now["active"],
        "workforce": now["workforce"],
        "coverage_rate": now["coverage_rate"],
        "regencies_with_data": now.get("regencies_with_data"),
        "regencies_total": now.get("regencies_total"),
        "ucj_target": target,
        "gap_to_target": gap,
        "active_change_month": _change(now["active"], prev["active"]) if prev else None,
        "active_change_year": _change(now["active"], year["active"]) if year else None,
        "quota": now.get("quota"),
        "quota_open_slots": now.get("open_slots"),
        "villages_below_quota": villages["below_quota"] if villages else None,
        "villages_without_participant": villages["empty"] if villages else None,
        "ending_soon": now["ending_soon"],
        "claims_paid_count": claims["paid_count_month"] if claims else 0,
        "claims_paid_idr": claims["paid_month"] if claims else 0,
        "claim_ratio_12_months": claims["ratio_year"] if claims else None,
    }
    return {
        "cards": cards(req, now, prev, year),
        "sentences": _sentences(req, now, prev, year, villages, top, claims)
        + freshness.sentences(req, fresh),
        "figures": figures,
        "prev_month": add_months(req.month, -1),
        "year_ago": add_months(req.month, -12),
    }
