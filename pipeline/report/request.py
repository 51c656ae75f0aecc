"""``Request``: one report being built, what every section reads and where it puts its output.

A section (``pipeline.report.sections``) takes a ``Request`` and reads the connection,
the scope, the month, the settings, the message catalogue and the formatter through it;
charts go through ``req.image``, attached tables through ``req.attach``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from pipeline.core.months import add_months
from pipeline.report.config import Messages, ReportConfig
from pipeline.report.formatting import Formatter
from pipeline.report.queries import query, table_names
from pipeline.report.scope import ReportScope

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def month_date(value: Any) -> dt.date:
    """A DuckDB date or timestamp as a date."""
    return value.date() if isinstance(value, dt.datetime) else value


def month_end(month: dt.date) -> dt.date:
    """Last day of ``month``'s month."""
    return add_months(month.replace(day=1), 1) - dt.timedelta(days=1)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``; None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass
class Request:
    """One report being built: what every section reads, and where it puts charts and tables."""

    con: duckdb.DuckDBPyConnection
    scope: ReportScope
    month: dt.date
    config: ReportConfig
    t: Messages
    fmt: Formatter
    images: dict[str, bytes] = field(default_factory=dict)
    attached: dict[str, pd.DataFrame] = field(default_factory=dict)
    _tables: frozenset[str] | None = field(default=None, init=False, repr=False)
    #: Rows several sections read (``iuran.without``), queried once per report.
    cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def regencies(self) -> list[str]:
        return list(self.scope.regency_codes)

    @property
    def is_province(self) -> bool:
        return self.scope.is_province

    @property
    def child_level(self) -> str:
        return "regency" if self.is_province else "district"

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of ``sql/report/<name>.sql`` for this report (month, regencies, scope bound)."""
        base = {
            "month": self.month,
            "regencies": self.regencies,
            "code": self.scope.code,
            "level": self.scope.level,
            "prev_month": add_months(self.month, -1),
            "year_ago": add_months(self.month, -12),
        }
        return query(self.con, name, **{**base, **params})

    def has(self, *names: str) -> bool:
        """Whether every ``schema.table`` exists; the database is listed once per report."""
        if self._tables is None:
            self._tables = table_names(self.con)
        return all(n in self._tables for n in names)

    def attach(self, name: str, rows: list[dict[str, Any]] | pd.DataFrame) -> None:
        """Attach ``rows`` to the PDF as ``<name>.csv`` (screened again when written)."""
        self.attached[name] = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)

    def image(self, name: str, fig: Figure) -> str:
        """Keep the chart for the PDF; its ``src`` in the template."""
        from pipeline.report import charts

        self.images[f"{name}.{charts.FORMAT}"] = charts.encode(fig)
        return f"chart:{name}.{charts.FORMAT}"

    def label(self, prefix: str, code: str | None, default: str | None = None) -> str:
        """A code's label from the catalogue (``funding.APBD_KAB``), else ``default`` or the code."""
        return self.t.get(f"{prefix}.{code}", default if default is not None else (code or ""))
