"""Directives of a meeting (reference/arahan), followed up by their indicators.

Nothing here is written for one regency: the directives, who acts and by when come from
the regency's own file; an indicator named by its key (catalog.INDICATORS, listed in
the data dictionary) is shown at the meeting's month and now. Without a file the
section is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipeline import catalog
from pipeline.report.queries import query
from pipeline.report.request import Request, month_date, month_end

_LABELS = {i.key: i for i in catalog.INDICATORS}


def indicator_values(
    con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date, patterns: dict[str, str]
) -> dict[str, Any]:
    """Every indicator of catalog.INDICATORS for the regencies in ``month``."""
    values = query(con, "indicator_values", month=month, regencies=regencies)[0]
    eom = month_end(month)
    counts = query(con, "occupation_counts", regencies=regencies, eom=eom, prev_eom=eom, **patterns)
    row = counts[0] if counts else {}
    values["peserta_aktif_rt_rw"] = row.get("rt_rw_now")
    values["peserta_aktif_korpri"] = row.get("civil_now")
    return values


def build(req: Request) -> dict[str, Any] | None:
    """Rows of the directives with their indicator then and now, or ``None`` without any."""
    if not req.has("staging.directives"):
        return None
    con, regencies, month, patterns = req.con, req.regencies, req.month, req.config.patterns
    provinces = sorted({code.split(".")[0] for code in regencies})
    rows = req.rows("directives", provinces=provinces)
    if not rows:
        return None
    first = req.rows("first_month")[0]["first_month"]
    cache: dict[dt.date, dict[str, Any]] = {}

    def values_at(m: dt.date) -> dict[str, Any] | None:
        if first is None or m < month_date(first) or m > month:
            return None
        if m not in cache:
            cache[m] = indicator_values(con, regencies, m, patterns)
        return cache[m]

    for r in rows:
        r["meeting_date"] = month_date(r["meeting_date"])
        r["deadline_date"] = month_date(r["deadline_date"]) if r["deadline_date"] else None
        indicator = _LABELS.get(r["indicator"] or "")
        r["indicator_label"] = indicator.label_id if indicator else None
        r["unit"] = indicator.unit if indicator else None
        r["unknown_indicator"] = bool(r["indicator"]) and indicator is None
        meeting_month = r["meeting_date"].replace(day=1)
        then, now = values_at(meeting_month), values_at(month)
        r["at_meeting"] = then.get(r["indicator"]) if then and indicator else None
        r["now"] = now.get(r["indicator"]) if now and indicator else None
        r["is_overdue"] = bool(r["deadline_date"] and r["deadline_date"] < month_end(month))
    req.attach(
        "directives",
        [
            {
                "meeting_date": r["meeting_date"],
                "directive": r["directive"],
                "responsible": r["responsible"],
                "deadline_date": r["deadline_date"],
                "indicator": r["indicator"],
                "at_meeting": r["at_meeting"],
                "month": month,
                "now": r["now"],
            }
            for r in rows
        ],
    )
    return {"rows": rows}
