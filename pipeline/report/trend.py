"""The coverage trend the Dagster UI shows beside the monthly report: Markdown, no chart library."""

from __future__ import annotations

import datetime as dt

import duckdb

from pipeline.core.markdown import markdown_table
from pipeline.core.months import add_months
from pipeline.core.sql import fetch

_TREND_MONTHS = 12
_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """``▁▃▅█``: each value's place between the series' minimum and maximum (not from zero)."""
    low, high = min(values), max(values)
    if high == low:
        return _SPARKS[len(_SPARKS) // 2] * len(values)
    return "".join(_SPARKS[round((v - low) / (high - low) * (len(_SPARKS) - 1))] for v in values)


def coverage_trend(con: duckdb.DuckDBPyConnection, month: dt.date) -> str:
    """Insured workers of each regency over the 12 months up to ``month``, as Markdown.

    Per regency a sparkline (the UI's metadata panel runs no chart library) and a small
    table: active, change from the month before, coverage rate.
    """
    rows = fetch(
        con, "report", "coverage_trend", {"first": add_months(month, 1 - _TREND_MONTHS), "month": month}
    )[1]
    if not rows:
        return f"No regency has rows in marts.coverage_by_area up to {month:%Y-%m}."
    blocks = []
    for code in dict.fromkeys(r[0] for r in rows):
        regency = [r for r in rows if r[0] == code]
        active = [r[3] or 0 for r in regency]
        table = [
            (
                f"{m:%Y-%m}",
                f"{active[i]:,}",
                f"{active[i] - active[i - 1]:+,}" if i else "",
                "" if rate is None else f"{rate:.1%}",
            )
            for i, (_, _, m, _, rate) in enumerate(regency)
        ]
        blocks.append(
            f"**{code} {regency[0][1]}** `{sparkline(active)}` {active[0]:,} → {active[-1]:,} insured\n\n"
            + markdown_table(["month", "active", "change", "coverage"], table, align="lrrr")
        )
    return "\n\n".join(blocks)
