"""Issue 23 §2: marts.village_anomalies (DHIS2's modified z-score) and the flow identity, by hand.

The anomaly mart reads only marts.coverage_by_village: each test writes that table with
counts chosen by hand and builds the anomaly mart from its SQL. Thirteen months,
September 2024 to September 2025; September 2025 is judged against the twelve before.

Village A, lapsed: history 0 1 0 2 1 0 3 1 0 2 1 0, sorted 0 0 0 0 0 1 1 1 1 2 2 3:
median (1 + 1) / 2 = 1; deviations from it sorted 0 0 0 0 1 1 1 1 1 1 1 2: MAD 1;
September 37: z = 0.6745 × 36 / 1 = 24.282, flagged. Usual range: quantile_disc 0.1 and
0.9 of twelve values are the 2nd and 11th smallest: 0–2.

Village B, new: history eleven 2s and one 9: median 2, MAD 0, mean absolute deviation
7 / 12; September 12: z = 10 / (1.253314 × 7 / 12) = 13.678, flagged.

Village D, new: history eleven 1s and one 0 (MAD 0, mean absolute deviation 1 / 12);
September 3: z = 2 / (1.253314 / 12) = 19.15 > 3.5, but 3 is only 2 away from the
median 1 (< 5): a village going from 1 to 3 is no alarm.

Village E, lapsed: history all 0 (no z: it never varied); September 5 is flagged (5
away), 4 would not be.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipeline import catalog
from pipeline.build.tables import sql_params
from pipeline.core.months import add_months
from pipeline.core.sql import create_table, select_failures
from tests.support.marts import NIK_A, X, Y, build, m, spell

FIRST = dt.date(2024, 9, 1)
MONTH = dt.date(2025, 9, 1)
HISTORY = {  # village: (measure, the twelve months before, September)
    "61.07.14.2001": ("lapsed", [0, 1, 0, 2, 1, 0, 3, 1, 0, 2, 1, 0], 37),
    "61.07.14.2002": ("new", [2] * 11 + [9], 12),
    "61.07.14.2004": ("new", [1] * 11 + [0], 3),
    "61.07.14.2005": ("lapsed", [0] * 12, 5),
    "61.07.14.2006": ("lapsed", [0] * 12, 4),
}


def village_rows(history: dict[str, tuple[str, list[int], int]], first: dt.date = FIRST) -> list[tuple]:
    rows = []
    for code, (measure, before, now) in history.items():
        for i, value in enumerate([*before, now]):
            new, lapsed = (value, 0) if measure == "new" else (0, value)
            rows.append((add_months(first, i), code, f"Desa {code[-4:]}", "61.07.14", "Kec", "61.07",
                         100, new, lapsed, 0))  # fmt: skip
    return rows


def anomalies(rows: list[tuple], month: dt.date = MONTH) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(catalog.COVERAGE_BY_VILLAGE.ddl())
    con.executemany(
        "insert into marts.coverage_by_village (month, village_code, village_name, district_code, "
        "district_name, regency_code, active, new, lapsed, ending_soon) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    create_table(con, "marts", "village_anomalies", sql_params(month))
    return con


def judged(con, code: str, measure: str, month: dt.date = MONTH) -> dict:
    cursor = con.execute(
        "select * from marts.village_anomalies where village_code = ? and measure = ? and month = ?",
        [code, measure, month],
    )
    names = [c[0] for c in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.fixture(scope="module")
def con():
    return anomalies(village_rows(HISTORY))


def test_a_month_far_above_its_village_history_is_flagged_with_the_hand_worked_z(con):
    row = judged(con, "61.07.14.2001", "lapsed")
    assert row["value"] == 37 and row["history_months"] == 12
    assert row["median_value"] == 1 and row["mad"] == 1
    assert row["modified_z"] == pytest.approx(0.6745 * 36)
    assert (row["usual_low"], row["usual_high"]) == (0, 2)
    assert row["flagged"] is True
    # the other measure of the same village is all zeros: nothing to flag
    assert judged(con, "61.07.14.2001", "new")["flagged"] is False


def test_with_a_mad_of_zero_the_mean_absolute_deviation_scales_the_z(con):
    row = judged(con, "61.07.14.2002", "new")
    assert row["mad"] == 0 and row["mean_abs_dev"] == pytest.approx(7 / 12)
    assert row["modified_z"] == pytest.approx(10 / (1.253314 * 7 / 12))
    assert row["modified_z"] == pytest.approx(13.678, abs=1e-3)
    assert row["flagged"] is True


def test_a_village_going_from_one_to_three_is_no_alarm(con):
    row = judged(con, "61.07.14.2004", "new")
    assert row["modified_z"] == pytest.approx(2 / (1.253314 / 12))  # far above 3.5
    assert row["flagged"] is False  # but only 2 away from the median, below the minimum 5


def test_a_history_that_never_varied_has_no_z_and_is_flagged_from_the_minimum_count(con):
    five, four = judged(con, "61.07.14.2005", "lapsed"), judged(con, "61.07.14.2006", "lapsed")
    assert five["modified_z"] is None and four["modified_z"] is None
    assert five["flagged"] is True and four["flagged"] is False
    assert catalog.RULES["anomaly_min_count"] == 5


def test_fewer_than_six_months_of_history_flags_nothing():
    # the data start five months before September: 0 0 1 0 0, then 37
    con = anomalies(village_rows({"61.07.14.2001": ("lapsed", [0, 0, 1, 0, 0], 37)}, add_months(MONTH, -5)))
    row = judged(con, "61.07.14.2001", "lapsed")
    assert row["history_months"] == 5 and row["modified_z"] is None and row["flagged"] is False
    # with one more month of the same history it is flagged
    six = {"61.07.14.2001": ("lapsed", [0, 0, 0, 1, 0, 0], 37)}
    con = anomalies(village_rows(six, add_months(MONTH, -6)))
    assert judged(con, "61.07.14.2001", "lapsed")["flagged"] is True


def test_the_flow_identity_holds_over_all_the_data_and_a_mover_cancels():
    """CONTRACT §4 worked example A: moves from X to Y in March, neither new nor lapsed."""
    con = build(
        "2025-06",
        spells=[
            spell(NIK_A, X, "2024-10-01", "2025-09-30", funding="APBD_KAB"),
            spell(NIK_A, Y, "2025-03-01", "2026-02-28", funding="MANDIRI"),
        ],
    )
    assert select_failures(con, "coverage_by_village_flows_add_up", {"month": m("2025-06")}) == []
    # per village the difference is the net movers in: X loses A, Y gains A in March
    march = con.execute(
        "select village_code, "
        "active - lag(active) over (partition by village_code order by month) - new + lapsed "
        "from marts.coverage_by_village "
        "where village_code in (?, ?) and month in ('2025-02-01', '2025-03-01') "
        "qualify month = '2025-03-01' order by village_code",
        [X, Y],
    ).fetchall()
    assert march == [(X, -1), (Y, 1)]
    # a doctored table fails: one more new participant in Y in April than the actives show
    con.execute(
        "update marts.coverage_by_village set new = new + 1 where village_code = ? and month = ?",
        [Y, m("2025-04")],
    )
    assert select_failures(con, "coverage_by_village_flows_add_up", {"month": m("2025-06")}) == [
        (m("2025-04"), 1, 1, 0, 1, -1)
    ]


def test_the_section_lists_large_movers_and_the_flow_identity_of_the_area():
    """Five workers move from X to Y in March 2025 (covered from September 2024: six months
    of history, September to February); X gains two new ones. Movers are neither new nor
    lapsed: X shows −5, Y +5, the regency 0. March: active 5 + 2 = 7 = February's 5 + 2 new
    − 0 lapsed."""
    from pipeline.report.config import Messages, ReportConfig
    from pipeline.report.context import list_scopes
    from pipeline.report.formatting import Formatter
    from pipeline.report.request import Request
    from pipeline.report.sections import anomalies

    niks = [f"61071401019{n:05d}" for n in range(7)]
    moved = [spell(n, X, "2024-09-01", "2025-02-28") for n in niks[:5]]
    moved += [spell(n, Y, "2025-03-01", "2025-12-31", funding="MANDIRI") for n in niks[:5]]
    new = [spell(n, X, "2025-03-01", "2025-12-31") for n in niks[5:]]
    con = build("2025-03", spells=moved + new)
    month = m("2025-03")
    scope = next(s for s in list_scopes(con, month) if s.level == "regency")
    req = Request(con, scope, month, ReportConfig(), Messages.load(), Formatter())
    series = con.execute(
        "select month, active, new, lapsed from marts.coverage_by_area where level = 'regency' order by month"
    ).fetchall()
    section = anomalies.build(
        req, [dict(zip(("month", "active", "new", "lapsed"), r, strict=True)) for r in series]
    )
    assert [(v["village_code"], v["net_movers_in"]) for v in section["movers"]] == [(X, -5), (Y, 5)]
    assert section["identity"] == {"before": 5, "new": 2, "lapsed": 0, "active": 7, "net_movers_in": 0}
    assert section["count"] == 0 and section["judged"] >= 2
