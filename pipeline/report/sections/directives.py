"""Directives of a meeting (reference/arahan), followed up by their indicators.

Nothing here is written for one regency: the directives, who acts and by when come from
the regency's own file; an indicator named by its key (catalog.INDICATORS, listed in
the data dictionary) is shown at the meeting's month and now. Without a file the
section is left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from pipeline import catalog
from pipeline.report.sections import has_tables, month_date, query

_OCCUPATION_SQL = Path(__file__).resolve().parents[1] / "sql" / "occupation_counts.sql"
_LABELS = {i.key: i for i in catalog.INDICATORS}


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def indicator_values(con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date,
                     patterns: dict[str, str]) -> dict[str, Any]:
    """Every indicator of catalog.INDICATORS for the regencies in ``month``."""
    values = query(con, "indicator_values", month=month, regencies=regencies)[0]
    eom = _month_end(month)
    counts = con.execute(_OCCUPATION_SQL.read_text(encoding="utf-8"), {
        "regencies": regencies, "eom": eom, "prev_eom": eom, **patterns}).fetchall()
    names = [c[0] for c in con.description]
    row = dict(zip(names, counts[0], strict=True)) if counts else {}
    values["peserta_aktif_rt_rw"] = row.get("rt_rw_now")
    values["peserta_aktif_korpri"] = row.get("civil_now")
    return values


def build(con: duckdb.DuckDBPyConnection, regencies: list[str], month: dt.date,
          patterns: dict[str, str]) -> dict[str, Any] | None:
    """Rows of the directives with their indicator then and now, or ``None`` without any."""
    if not has_tables(con, "staging.directives"):
        return None
    provinces = sorted({code.split(".")[0] for code in regencies})
    rows = query(con, "directives", month=month, regencies=regencies, provinces=provinces)
    if not rows:
        return None
    first = con.execute("select min(month) from marts.coverage_by_area").fetchone()[0]
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
        r["is_overdue"] = bool(r["deadline_date"] and r["deadline_date"] < _month_end(month))
    return {"rows": rows}
