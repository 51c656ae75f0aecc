"""The 'Kemutakhiran data per sumber' table is left out cleanly when there is nothing to show.

The small synthetic report database (tests/fixtures/report_db.py) has marts.source_freshness;
without it (or with no row for the month) the report has no freshness table, no stale
sentence on the summary and no source_freshness attachment, and still renders.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.report.context import build_report, list_scopes
from pipeline.report.render import render_html
from tests.fixtures.report_db import SMALL, build_report_db_file


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    return build_report_db_file(tmp_path_factory.mktemp("freshness") / "coverage.duckdb", SMALL)


@pytest.fixture
def con(db_file, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_file, copy)
    connection = duckdb.connect(str(copy))
    yield connection
    connection.close()


def _report(con):
    month = SMALL.reporting_month
    scope = next(s for s in list_scopes(con, month) if s.level == "regency")
    return build_report(con, scope, month)


def test_the_table_is_there_when_the_mart_has_rows(con):
    content = _report(con)
    rows = content.context["freshness"]["rows"]
    assert rows and all(r["days_before_month_end"] >= 0 for r in rows)
    assert "Kemutakhiran data per sumber" in render_html(content)
    assert "source_freshness" in content.tables


@pytest.mark.parametrize(
    "emptied", ["drop table marts.source_freshness", "delete from marts.source_freshness"]
)
def test_without_freshness_rows_the_section_is_left_out_cleanly(con, emptied):
    con.execute(emptied)
    content = _report(con)
    assert content.context["freshness"] is None
    html = render_html(content)
    assert "Kemutakhiran data per sumber" not in html
    assert "terakhir bertanggal" not in html
    assert "source_freshness" not in content.tables
