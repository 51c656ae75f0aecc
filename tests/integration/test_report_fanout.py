"""The reports fanned out by Dagster's multiprocess executor: the same files as ``render_all``.

``python -m benchmarks reports`` runs ``render_reports_job`` (one step per report, two
processes at once); every PDF must be byte-identical to the in-process render, and the
run must have recorded a ``reports/area_report`` partition per report.
"""

import datetime as dt

import duckdb

from benchmarks.reports import bench_reports
from pipeline.core.sql import define_macros
from pipeline.report.render import render_all
from tests.fixtures.report_db import FixtureSpec, build_report_db_file

MONTH = dt.date(2025, 9, 1)


def test_multiprocess_run_renders_every_area_like_render_all(tmp_path):
    db = build_report_db_file(tmp_path / "coverage.duckdb", FixtureSpec(regencies=("61.07", "61.08")))
    con = duckdb.connect(str(db), read_only=True)
    define_macros(con)
    try:
        expected = {r.path.name: r.path.read_bytes() for r in render_all(con, MONTH, tmp_path / "ref")}
    finally:
        con.close()

    result = bench_reports(db, tmp_path / "out", month=MONTH, workers=2, level="all")

    assert result["report_count"] == 3 and sorted(result["per_report_seconds"]) == ["61", "61.07", "61.08"]
    assert result["processes"] == 3  # a process per step, two at a time
    rendered = {p.name: p.read_bytes() for p in (tmp_path / "out" / "2025-09").glob("*.pdf")}
    assert rendered.keys() == expected.keys()
    assert all(rendered[name] == data for name, data in expected.items())
