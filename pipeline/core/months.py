"""Reporting-month arithmetic and the data's own span, shared by the CLI, the marts and the reports.

The data spans the months from that of its earliest accepted date (a spell's ``tgl_mulai``,
a claim's event, submission or payment) to its as-of month
(CONTRACT §5, §6). ``data_span`` reads both from staging, with the file, sheet and row
each date comes from, so a refusal can say why and where.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from pipeline.core.sql import fetch, row_count

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


def long_date(day: dt.date) -> str:
    """``15 October 2025``: unambiguous in a message, whatever the reader's date order."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class DatedRow:
    """A date of the data and the accepted input row it comes from."""

    date: dt.date
    field: str
    path: str
    sheet: str
    row: int

    @property
    def month(self) -> dt.date:
        return self.date.replace(day=1)

    def source(self) -> str:
        """``tgl_mulai in enrolment/desa.xlsx, sheet 'Juni', row 41``."""
        sheet = f", sheet {self.sheet!r}" if self.sheet else ""
        return f"{self.field} in {self.path}{sheet}, row {self.row}"


def _dated_row(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> DatedRow | None:
    row = fetch(con, "months", name, params)[1]
    if not row:
        return None
    date, field, path, sheet, source_row = row[0]
    return DatedRow(date, field, path, sheet or "", int(source_row) if source_row is not None else 0)


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(fetch(con, "tables", "table_exists", {"schema": schema, "name": name})[1][0][0])


def recorded_run_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The day the ingestion ran (``audit.ingestion_run``), None where it is not recorded."""
    if not _has_table(con, "audit", "ingestion_run"):
        return None
    return fetch(con, "months", "run_date")[1][0][0]


def as_of(con: duckdb.DuckDBPyConnection) -> DatedRow | None:
    """The data's as-of date (CONTRACT §6).

    The latest accepted spell start, claim submission or payment that is not after the
    day the pipeline ran (the run date ingestion recorded, so ``verify`` re-derives it):
    a spell entered ahead of its start is kept but does not choose the month.
    """
    return _dated_row(con, "as_of", {"run_date": recorded_run_date(con)})


def first_start(con: duckdb.DuckDBPyConnection) -> DatedRow | None:
    """The earliest accepted date of any kind: the marts begin in its month (CONTRACT §5).

    A spell's start, a claim's event, submission or payment.
    """
    return _dated_row(con, "first_start")


@dataclass(frozen=True)
class DataSpan:
    """The months the data covers: from the earliest accepted date's to the as-of month."""

    first: DatedRow
    as_of: DatedRow

    @property
    def first_month(self) -> dt.date:
        return self.first.month

    @property
    def as_of_month(self) -> dt.date:
        # A claim paid before any spell started still leaves the span at least one month long.
        return max(self.as_of.month, self.first.month)

    def as_of_text(self) -> str:
        """``as of 15 October 2025 (tgl_mulai in enrolment/desa.csv, row 41)``."""
        return f"as of {long_date(self.as_of.date)} ({self.as_of.source()})"

    def refusal(self, month: dt.date) -> str | None:
        """Why ``month`` cannot be reported on, in one line; None when it can."""
        choose = f"choose a month from {self.first_month:%Y-%m} to {self.as_of_month:%Y-%m}"
        if month < self.first_month:
            return (
                f"refused: {month:%Y-%m} is before the data's first month "
                f"{self.first_month:%Y-%m} (its earliest {self.first.source()}); the data is "
                f"{self.as_of_text()}; {choose}"
            )
        if month > self.as_of_month:
            return (
                f"refused: {month:%Y-%m} is after the data's as-of month "
                f"{self.as_of_month:%Y-%m}: the data is {self.as_of_text()}, so later months "
                f"would count only spells that have not ended yet; {choose}"
            )
        return None


def data_span(con: duckdb.DuckDBPyConnection) -> DataSpan | None:
    """The data's span, or None when no accepted spell has a start date."""
    if row_count(con, "staging.spells") == 0:
        return None
    first, latest = first_start(con), as_of(con)
    if first is None or latest is None:
        return None
    return DataSpan(first, latest)


def as_of_month(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The data's as-of month (the month of ``as_of``), or None without dated rows."""
    span = data_span(con)
    return span.as_of_month if span else None


def resolve_month(con: duckdb.DuckDBPyConnection, reporting_month: str) -> dt.date:
    """The month to report on: the one asked for, else the data's as-of month."""
    if reporting_month:
        return parse_month(reporting_month)
    month = as_of_month(con)
    if month is None:
        raise ValueError("no enrolment or claim dates in the data: cannot choose a reporting month")
    return month
