"""Reporting-month arithmetic shared by the CLI, the marts and the reports."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date:
    """``'2025-09'`` -> ``date(2025, 9, 1)``; a clear ValueError otherwise."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"reporting month must look like 2025-09, got {text!r}")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def add_months(month: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after ``month``'s (negative: before)."""
    y, m = divmod(month.year * 12 + month.month - 1 + months, 12)
    return dt.date(y, m + 1, 1)


def as_of_month(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The data's as-of month: latest month in which a spell starts or a claim is submitted or paid."""
    row = con.execute(
        """
        select date_trunc('month', max(d))::date from (
            select max(start_date) as d from staging.spells
            union all select max(submitted_date) from staging.claims
            union all select max(paid_date) from staging.claims
        )
        """
    ).fetchone()
    return row[0] if row else None


def resolve_month(con: duckdb.DuckDBPyConnection, reporting_month: str) -> dt.date:
    """The month to report on: the one asked for, else the data's as-of month."""
    if reporting_month:
        return parse_month(reporting_month)
    month = as_of_month(con)
    if month is None:
        raise ValueError("no enrolment or claim dates in the data: cannot choose a reporting month")
    return month
