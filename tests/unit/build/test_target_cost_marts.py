"""Issue 23 §3: the price of the target (marts.target_cost, marts.quota_cost) and its section, by hand.

Regency 61.07, workforce 100 in 2025, UCJ target 52.15 %: ceil(52.15) = 53 persons.
Reporting month June 2025. Spells (all to 31 December 2025):

==========  ======  ==========  ==========  =====================================
persons     source  iuran       from        note
==========  ======  ==========  ==========  =====================================
6           APBD_KAB  16.800    2025-01-01  public
6           DANA_DESA 20.000    2025-04-01  public
1           MANDIRI   36.800    2024-12-01  not public: not in the median
1           APBD_PROV  (none)   2025-06-01  public without an iuran: not in the median
==========  ======  ==========  ==========  =====================================

June: 14 active, 53 − 14 = 39 still needed. Public with an iuran: 12, six at 16.800 and
six at 20.000: an even count, the median is (16.800 + 20.000) / 2 = 18.400; a year of the
39: 39 × 12 × 18.400 = Rp8.611.200. December 2024 had 1 active: net growth (14 − 1) / 6
= 13/6 a month; 39 / (13/6) = 18 months exactly: December 2026.

Quota APBD_KAB of 10 for the regency: 6 active, 4 open; 4 × 12 × 16.800 = Rp806.400.
Budget 1.500.000 for the regency + 200.000 for its district 61.07.14 = 1.700.000; spent
January–June 6 × 16.800 × 6 = 604.800; committed July–December 100.800 × 6 = 604.800;
remaining 1.700.000 − 604.800 − 604.800 = 490.400 < 806.400: not covered (short 316.000).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest

from pipeline.build.tables import build_tables
from pipeline.report.config import Messages, ReportConfig
from pipeline.report.context import list_scopes
from pipeline.report.formatting import Formatter
from pipeline.report.request import Request
from pipeline.report.sections import target_cost
from tests.support.marts import REGENCY, X, Y, create_staging, m, spell

MONTH = m("2025-06")


def nik(n: int) -> str:
    return f"61071401019{n:05d}"


def spells() -> list[dict]:
    end = "2025-12-31"
    rows = [spell(nik(i), X, "2025-01-01", end, funding="APBD_KAB", contribution=16800) for i in range(6)]
    rows += [
        spell(nik(10 + i), Y, "2025-04-01", end, funding="DANA_DESA", contribution=20000) for i in range(6)
    ]
    rows.append(spell(nik(20), X, "2024-12-01", "2025-12-31", funding="MANDIRI", contribution=36800))
    rows.append(spell(nik(21), X, "2025-06-01", "2025-12-31", funding="APBD_PROV", contribution=None))
    return rows


def built(target_rate: float = 0.5215, workforce: int = 100) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_staging(
        con,
        spells=spells(),
        workforce=[(REGENCY, 2025, workforce)],
        targets=[(REGENCY, 2025, 10, "APBD_KAB")],
    )
    con.execute("insert into staging.ucj_targets values (?, 2025, ?, 'Target uji')", [REGENCY, target_rate])
    con.executemany(
        "insert into staging.budgets values (?, 2025, 'APBD_KAB', ?)",
        [(REGENCY, 1_500_000), ("61.07.14", 200_000)],
    )
    build_tables(con, MONTH)
    return con


def one(con, query: str, *params) -> dict:
    cursor = con.execute(query, list(params))
    names = [c[0] for c in cursor.description]
    [row] = cursor.fetchall()
    return dict(zip(names, row, strict=True))


@pytest.fixture(scope="module")
def con():
    return built()


def test_the_price_of_the_target_by_hand(con):
    row = one(con, "select * from marts.target_cost where month = ? and level = 'regency'", MONTH)
    assert (row["area_code"], row["target_rate"]) == (REGENCY, 0.5215)
    assert (row["workforce"], row["active"]) == (100, 14)
    assert row["persons_needed"] == 39
    assert row["public_participants"] == 12
    assert row["median_contribution_idr"] == 18_400
    assert row["yearly_cost_idr"] == 8_611_200
    assert row["net_growth_6m"] == pytest.approx(13 / 6)
    assert row["months_to_target"] == 18  # exactly 18, not 19 from a rounding error
    assert row["target_month"] == dt.date(2026, 12, 1)
    # the district has no workforce figure of its own, the province is partial: no rows
    levels = con.execute("select distinct level from marts.target_cost").fetchall()
    assert levels == [("regency",)]


def test_without_six_months_before_there_is_no_pace(con):
    row = one(con, "select * from marts.target_cost where month = ? and level = 'regency'", m("2025-05"))
    assert row["net_growth_6m"] is None and row["months_to_target"] is None


def test_a_reached_target_costs_nothing():
    con = built(target_rate=0.10)  # ceil(10) = 10 ≤ 14 active
    row = one(con, "select * from marts.target_cost where month = ? and level = 'regency'", MONTH)
    assert (row["persons_needed"], row["yearly_cost_idr"], row["months_to_target"]) == (0, 0, 0)
    assert row["target_month"] == MONTH


def test_a_pace_that_would_take_over_a_century_names_no_month():
    con = built(workforce=1_000_000)  # 521.500 − 14 = 521.486 needed at 13/6 a month: 240.686 months
    row = one(con, "select * from marts.target_cost where month = ? and level = 'regency'", MONTH)
    assert row["persons_needed"] == 521_486
    assert row["months_to_target"] is None and row["target_month"] is None
    section = target_cost.build(request(con))
    assert section["target"]["pace"].endswith("target tidak tercapai sebelum Juni 2028.")


def test_the_quota_cost_against_the_remaining_budget(con):
    row = one(con, "select * from marts.quota_cost where month = ?", MONTH)
    assert (row["regency_code"], row["funding_source"], row["target"], row["active"], row["open_slots"]) == (
        REGENCY,
        "APBD_KAB",
        10,
        6,
        4,
    )
    assert row["median_contribution_idr"] == 16_800
    assert row["open_cost_idr"] == 806_400
    assert row["budget_idr"] == 1_700_000
    assert row["spent_idr"] == 604_800
    assert row["committed_idr"] == 604_800
    assert row["remaining_idr"] == 490_400
    assert row["covered"] is False


def request(con, **config) -> Request:
    scope = next(s for s in list_scopes(con, MONTH) if s.level == "regency")
    settings = dataclasses.replace(ReportConfig().for_area(con, scope.code, MONTH), **config)
    return Request(con, scope, MONTH, settings, Messages.load(), Formatter())


def test_the_section_says_the_price_and_the_month_the_pace_reaches_the_target(con):
    section = target_cost.build(request(con))
    assert section["target"]["price"] == (
        "Untuk mencapai target UCJ masih dibutuhkan 39 peserta lagi; dengan iuran Rp18.400 per bulan: "
        "Rp8,6 juta setahun."
    )
    assert section["target"]["pace"] == (
        "Dengan pertumbuhan bersih rata-rata +2,2 peserta per bulan (6 bulan terakhir), target tercapai pada "
        "Desember 2026."
    )
    [quota] = section["quotas"]
    assert (quota["status"], quota["gap_idr"], quota["gap_text"]) == ("short", 316_000, "Rp316.000")
    assert (quota["open_cost_text"], quota["remaining_text"]) == ("Rp806.400", "Rp490.400")


def test_beyond_the_horizon_the_section_says_not_before(con):
    section = target_cost.build(request(con, target_horizon_months=12))
    assert section["target"]["pace"].endswith("target tidak tercapai sebelum Juni 2026.")


def test_the_section_is_left_out_without_a_target_and_without_a_quota():
    con = duckdb.connect()
    create_staging(con, spells=spells(), workforce=[(REGENCY, 2025, 100)])
    build_tables(con, MONTH)
    assert target_cost.build(request(con)) is None


def test_large_amounts_are_written_in_words_of_their_scale(con):
    req = request(con)
    assert target_cost.short_idr(req, 11_604_297_600) == "Rp11,6 miliar"
    assert target_cost.short_idr(req, -26_059_200) == "-Rp26,1 juta"
    assert target_cost.short_idr(req, 806_400) == "Rp806.400"
