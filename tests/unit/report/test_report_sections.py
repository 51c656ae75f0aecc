"""The report's sections, each against an independent computation or a hand-worked case.

The small synthetic database (tests/fixtures/report_db.py) supplies the marts; a few
tests add what a case needs (a contribution budget, claims of known dates) to a copy.
"""

import datetime as dt
import io
import shutil

import duckdb
import pandas as pd
import pytest
from matplotlib.ticker import FuncFormatter
from pypdf import PdfReader

from pipeline.core.months import add_months
from pipeline.report import charts
from pipeline.report.config import Messages, ReportConfig
from pipeline.report.context import build_report, list_scopes
from pipeline.report.formatting import Formatter
from pipeline.report.render import render_pdf
from pipeline.report.request import Request
from pipeline.report.sections import areas, claims, funding, summary
from tests.fixtures.report_db import CITY, SMALL, build_report_db_file

MONTH = dt.date(2025, 9, 1)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    return build_report_db_file(tmp_path_factory.mktemp("sections") / "coverage.duckdb", SMALL)


@pytest.fixture
def con(db_file, tmp_path):
    """A writable copy: a test may add the rows its case needs."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_file, copy)
    connection = duckdb.connect(str(copy))
    yield connection
    connection.close()


def _request(con) -> Request:
    scope = next(s for s in list_scopes(con, MONTH) if s.level == "regency")
    config = ReportConfig().for_area(con, scope.code, MONTH)
    return Request(con, scope, MONTH, config, Messages.load(), Formatter())


def test_districts_are_ranked_by_coverage_with_their_band(con):
    rows = areas.build(_request(con))["rows"]
    rates = [r["coverage_rate"] for r in rows if r["coverage_rate"] is not None]
    assert rates == sorted(rates, reverse=True)
    assert [r["coverage_rank"] for r in rows][:2] == [1, 2]
    assert {r["band"] for r in rows} <= {"high", "mid", "low", "very_low", "none"}


@pytest.mark.parametrize(
    ("rate", "band"),
    [
        (None, "none"),
        (0.0, "very_low"),
        (0.0999, "very_low"),
        (0.1, "low"),
        (0.2, "mid"),
        (0.4999, "mid"),
        (0.5, "high"),
    ],
)
def test_coverage_bands_are_half_open_at_10_20_and_50_percent(rate, band):
    assert areas.band(rate) == band


def test_each_summary_card_shows_its_change_from_last_month_and_a_year_before(con):
    req = _request(con)
    cards = {c["key"]: c for c in summary.build(req, None, None, None)["cards"]}
    by_month = dict(
        con.execute(
            "select month, active from marts.coverage_by_area where level = 'regency' and area_code = '61.07'"
        ).fetchall()
    )
    now, prev, year = (by_month[m] for m in (MONTH, add_months(MONTH, -1), add_months(MONTH, -12)))
    assert cards["active"]["value"] == now
    assert cards["active"]["change_month"] == now - prev
    assert cards["active"]["change_year"] == now - year
    paid = dict(
        con.execute("select month, sum(paid_count) from marts.claims_by_program group by month").fetchall()
    )
    assert cards["claims_paid"]["change_month"] == paid.get(MONTH, 0) - paid.get(add_months(MONTH, -1), 0)


def test_contributions_to_date_are_set_against_the_years_budget(con):
    """January to September of the mart's contributions by source, over the budget given."""
    con.execute(
        "create or replace table staging.budgets (area_code varchar, year integer, funding_source varchar, "
        "budget_idr bigint)"
    )
    con.execute(
        "insert into staging.budgets values ('61.07', 2025, 'PEMBERI_KERJA', 1000000000), "
        "('61.07.01', 2025, 'PEMBERI_KERJA', 500000000), ('61.07', 2024, 'PEMBERI_KERJA', 1)"
    )
    req = _request(con)
    section = funding.build(req, funding.series(req))
    row = next(r for r in section["budget_rows"] if r["funding_source"] == "PEMBERI_KERJA")
    paid = con.execute(
        "select sum(contributions_idr) from marts.coverage_by_funding where funding_source = 'PEMBERI_KERJA' "
        "and month between '2025-01-01' and '2025-09-01'"
    ).fetchone()[0]
    assert row["ytd_idr"] == paid
    assert row["budget_idr"] == 1_500_000_000  # the regency's and its district's; not 2024's
    assert row["budget_used"] == pytest.approx(paid / 1_500_000_000)


def test_pending_claims_are_aged_and_days_from_event_to_payment_are_a_median(con):
    """Hand-worked: claims of one person with known dates at the end of September 2025."""
    person = con.execute("select person_id, kpj_id from staging.spells limit 1").fetchone()
    con.execute("delete from staging.claims")
    rows = [  # claim, program, event, submitted, paid, status
        ("P1", "JKK", "2025-09-01", "2025-09-20", None, "PROSES"),  # 10 days: 0–30
        ("P2", "JKK", "2025-07-01", "2025-08-01", None, "PROSES"),  # 60 days: 31–60
        ("P3", "JKK", "2025-05-01", "2025-06-01", None, "PROSES"),  # 121 days: > 60
        ("P4", "JKK", "2025-01-01", None, None, "PROSES"),  # from the event: > 60
        ("P5", "JKK", "2025-10-01", "2025-10-02", None, "PROSES"),  # after the month: not pending yet
        ("D1", "JKK", "2025-03-01", "2025-03-05", "2025-03-11", "DIBAYAR"),  # 10 days
        ("D2", "JKK", "2025-04-01", "2025-04-05", "2025-05-01", "DIBAYAR"),  # 30 days
        ("D3", "JKM", "2025-01-01", "2025-02-01", "2025-05-05", "DIBAYAR"),  # 124 days
        ("D4", "JKK", "2024-01-01", "2024-01-02", "2024-02-01", "DIBAYAR"),  # before the 12 months
    ]
    for claim_id, program, event, submitted, paid, status in rows:
        con.execute(
            "insert into staging.claims (claim_id, person_id, kpj_id, nik_regency_code, program, event_date, "
            "submitted_date, paid_date, status, amount_idr) values (?, ?, ?, '61.07', ?, ?, ?, ?, ?, ?)",
            [
                claim_id,
                person[0],
                person[1],
                program,
                event,
                submitted,
                paid,
                status,
                1_000_000 if status == "DIBAYAR" else None,
            ],
        )
    from pipeline.build.tables import build_tables

    build_tables(con, MONTH)
    req = _request(con)
    contributions = funding.contributions_by_month(funding.series(req))
    timing = {r["program"]: r for r in claims.build(req, contributions)["timing"]}
    jkk, jkm = timing["JKK"], timing["JKM"]
    assert (jkk["pending_0_30"], jkk["pending_31_60"], jkk["pending_over_60"]) == (1, 1, 2)
    assert jkk["median_days_event_to_paid"] == 20  # (10 + 30) / 2; D4 is outside the 12 months
    assert jkk["max_days_event_to_paid"] == 30
    assert jkm["median_days_event_to_paid"] == 124 and jkm["max_days_event_to_paid"] == 124


def test_the_claim_ratio_counts_jkk_and_jkm_and_shows_jht_apart(con):
    person = con.execute("select person_id, kpj_id from staging.spells limit 1").fetchone()
    con.execute("delete from staging.claims")
    for claim_id, program, amount in (
        ("A", "JKK", 3_000_000),
        ("B", "JKM", 42_000_000),
        ("C", "JHT", 9_000_000),
    ):
        con.execute(
            "insert into staging.claims (claim_id, person_id, kpj_id, nik_regency_code, program, event_date, "
            "submitted_date, paid_date, status, amount_idr) values (?, ?, ?, '61.07', ?, '2025-09-01', "
            "'2025-09-02', '2025-09-10', 'DIBAYAR', ?)",
            [claim_id, person[0], person[1], program, amount],
        )
    from pipeline.build.tables import build_tables

    build_tables(con, MONTH)
    req = _request(con)
    contributions = funding.contributions_by_month(funding.series(req))
    section = claims.build(req, contributions)
    assert section["insured_month"] == 45_000_000
    assert section["ratio_month"] == pytest.approx(45_000_000 / contributions[MONTH])
    assert [(r["program"], r["paid_amount_idr"]) for r in section["apart"]] == [("JHT", 9_000_000)]


def test_lapsed_participants_are_drawn_below_zero_with_a_minus_sign():
    fig = charts.flows(
        [dt.date(2025, m, 1) for m in (7, 8, 9)],
        [5, 0, 3],
        [4, 8, 0],
        Formatter(),
        new_label="Baru",
        lapsed_label="Berhenti",
    )
    formatter = fig.axes[0].yaxis.get_major_formatter()
    assert isinstance(formatter, FuncFormatter)
    assert formatter(-4, 0).startswith("-") and formatter(4, 0) == "+4" and formatter(0, 0) == "0"


def test_a_kelurahan_only_city_with_low_coverage_gets_no_quota_and_no_borrowed_text(tmp_path):
    """Like Kota Singkawang: no quota, no target, low coverage; nothing of Bengkayang's."""
    path = build_report_db_file(tmp_path / "city.duckdb", CITY)
    with duckdb.connect(str(path), read_only=True) as con:
        scope = list_scopes(con, MONTH)[0]
        content = build_report(con, scope, MONTH, ReportConfig())
        pdf, pages, _ = render_pdf(content)
        empty = con.execute(
            "select village_code from marts.coverage_by_village where month = $m and active = 0", {"m": MONTH}
        ).fetchall()
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Kota Singkawang" in text and pages <= 14
    assert content.context["quotas"] is None
    # renewals are shown without budget columns when no budget is given
    assert content.context["renewals"]["has_budget"] is False and "Pagu" not in text
    for borrowed in ("Bengkayang", "1 desa 100", "52,15", "Korpri", "Kuota Program"):
        assert borrowed not in text, borrowed
    assert empty and all(code in text for (code,) in empty)
    attached = pd.read_csv(io.BytesIO(PdfReader(io.BytesIO(pdf)).attachments["villages.csv"][0]), dtype=str)
    assert len(attached) == 25 and attached.status.isin(["empty", "none"]).all()
