"""Issue 23 §2–3 in the PDF: the anomaly section and the price of the target render, and are left out cleanly.

The city fixture (kelurahan only, 18 months, no quota) with a UCJ target of 30 % for the
test, and one kelurahan doctored to 37 lapsed participants in September 2025: the price
of the target and the flagged kelurahan with its plain sentence are printed. The SMALL
fixture has no UCJ target and no programme quota: no price section. A month with fewer
than six months of history before it gets no anomaly section.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from types import SimpleNamespace

import duckdb
import pytest
from pypdf import PdfReader

from pipeline.build.tables import sql_params
from pipeline.core.months import add_months
from pipeline.core.sql import create_table
from pipeline.report.config import Messages, ReportConfig
from pipeline.report.context import build_report, list_scopes
from pipeline.report.formatting import Formatter
from pipeline.report.render import render_pdf
from pipeline.report.request import Request
from pipeline.report.sections import anomalies, target_cost
from tests.fixtures.report_db import CITY, SMALL, build_report_db_file

MONTH = dt.date(2025, 9, 1)


def text_of(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    path = build_report_db_file(
        tmp_path_factory.mktemp("city") / "coverage.duckdb", dataclasses.replace(CITY, ucj_target_rate=0.30)
    )
    with duckdb.connect(str(path)) as con:
        [(code,)] = con.execute(
            "select village_code from marts.coverage_by_village where month = ? and active > 0 "
            "order by village_code limit 1",
            [MONTH],
        ).fetchall()
        con.execute(
            "update marts.coverage_by_village set lapsed = 37 where village_code = ? and month = ?",
            [code, MONTH],
        )
        create_table(con, "marts", "village_anomalies", sql_params(MONTH))
        row = con.execute(
            "select village_name, usual_low, usual_high, flagged from marts.village_anomalies "
            "where village_code = ? and month = ? and measure = 'lapsed'",
            [code, MONTH],
        ).fetchone()
        price = con.execute(
            "select persons_needed, median_contribution_idr, yearly_cost_idr from marts.target_cost "
            "where month = ? and level = 'regency'",
            [MONTH],
        ).fetchone()
    with duckdb.connect(str(path), read_only=True) as con:
        (scope,) = [s for s in list_scopes(con, MONTH) if s.level == "regency"]
        content = build_report(con, scope, MONTH, ReportConfig())
    pdf, pages, _ = render_pdf(content)
    return {"content": content, "text": text_of(pdf), "pages": pages, "row": row, "price": price, "pdf": pdf}


def test_the_city_gets_the_price_of_its_target(city):
    persons, median, cost = city["price"]
    fmt = Formatter()
    words = target_cost.short_idr(SimpleNamespace(fmt=fmt, t=Messages.load()), cost)
    assert persons > 0 and median is not None
    assert f": {words} setahun." in city["text"]
    assert "Harga Target" in city["text"]
    assert (
        f"masih dibutuhkan {fmt.number(persons)} peserta lagi; dengan iuran {fmt.idr(median)} per bulan"
        in (city["text"])
    )
    # no quota in the city: no quota table
    assert city["content"].context["target_cost"]["quotas"] == []
    assert "Kuota program: biaya setahun" not in city["text"]


def test_the_doctored_kelurahan_is_flagged_with_a_plain_sentence(city):
    name, low, high, flagged = city["row"]
    assert flagged
    usual = str(low) if low == high else f"{low}–{high}"
    assert "Anomali yang Perlu Ditanyakan" in city["text"]
    assert f"{name}: 37 peserta berhenti bulan ini, biasanya {usual}." in city["text"]
    assert city["pages"] <= 15


def test_the_sample_fixture_without_a_target_or_quota_has_no_price_section(tmp_path):
    path = build_report_db_file(tmp_path / "small.duckdb", SMALL)
    with duckdb.connect(str(path), read_only=True) as con:
        (scope,) = [s for s in list_scopes(con, MONTH) if s.level == "regency"]
        content = build_report(con, scope, MONTH, ReportConfig())
        assert content.context["target_cost"] is None
        # eighteen months of data: September is judged, whether or not a village is flagged
        assert content.context["anomalies"] is not None
        # the fixture's third month: two months of history, no anomaly section
        first = con.execute("select min(month) from marts.coverage_by_village").fetchone()[0]
        req = Request(
            con, scope, add_months(first, 2), content.context["config"], Messages.load(), Formatter()
        )
        assert anomalies.build(req, []) is None
