"""A cluster on one machine: Redis, PostgreSQL, two Celery workers, reports through the Celery executor.

The test starts ``redis-server`` on 127.0.0.1 (the Celery broker and result backend), a
throwaway PostgreSQL cluster (``initdb``/``pg_ctl`` on a loopback port, as an unprivileged
user when run as root: initdb refuses root) holding the Dagster instance
(``dagster-postgres``, configured by the deployment's own ``deploy/dagster.yaml``), and
two Celery workers (``celery -A dagster_celery.app worker``, one task at a time each). It
renders the reports of two regencies and their province summary with
``render_reports_celery_job`` and checks that every PDF is byte-identical to an
in-process ``render_all`` of the same database, that both workers rendered, and that the
instance in Postgres recorded each ``reports/area_report`` partition.

The servers come from ``benchmarks.cluster`` (which ``python -m benchmarks reports
--executor celery`` uses too): every process runs in a process group of its own, and
the fixtures stop them on the way out (TERM, then KILL), whether the test passed or not.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from benchmarks import cluster
from benchmarks.reports import execute_job
from pipeline.core.sql import define_macros
from pipeline.orchestration import fanout
from pipeline.report.render import render_all
from tests.fixtures.report_db import FixtureSpec, build_report_db_file

pytestmark = pytest.mark.cluster

MONTH = dt.date(2025, 9, 1)
REGENCIES = ("61.07", "61.08")


@pytest.fixture(scope="module")
def work_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: its folders are private to root and PostgreSQL runs as another user.
    path = Path(tempfile.mkdtemp(prefix="cluster-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url(work_dir: Path) -> Iterator[str]:
    with cluster.redis_server(work_dir) as url:
        yield url


@pytest.fixture(scope="module")
def postgres_url(work_dir: Path) -> Iterator[str]:
    with cluster.postgres_cluster(work_dir) as url:
        yield url


@pytest.fixture(scope="module")
def dagster_home(work_dir: Path, postgres_url: str) -> Iterator[Path]:
    """The deployment's own instance config (``deploy/dagster.yaml``), its variables set for Postgres."""
    with cluster.cluster_instance(work_dir, postgres_url) as home:
        yield home


@pytest.fixture(scope="module")
def workers(work_dir: Path, redis_url: str, dagster_home: Path) -> Iterator[list[str]]:
    """Two Celery workers on the ``dagster`` queue, one task at a time each; their names."""
    with cluster.celery_workers(work_dir, redis_url, 2, host="cluster-test") as names:
        yield names


def test_reports_on_celery_workers_are_identical_to_in_process(
    work_dir: Path, redis_url: str, dagster_home: Path, workers: list[str]
) -> None:
    db = build_report_db_file(work_dir / "coverage.duckdb", FixtureSpec(regencies=REGENCIES))
    con = duckdb.connect(str(db), read_only=True)
    define_macros(con)
    try:
        expected = {r.path.name: r.path.read_bytes() for r in render_all(con, MONTH, work_dir / "in_process")}
    finally:
        con.close()
    assert len(expected) == 3  # two regencies and their province summary

    out = work_dir / "celery_reports"
    config = fanout.run_config(
        str(db), str(out), f"{MONTH:%Y-%m}", execution={"broker": redis_url, "backend": redis_url}
    )
    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        result = execute_job("render_reports_celery_job", instance, config)
        assert result["success"], f"the Celery run failed: see the worker logs in {work_dir}"
        rendered = {p.name: p.read_bytes() for p in (out / f"{MONTH:%Y-%m}").glob("*.pdf")}
        assert sorted(rendered) == sorted(expected)
        for name, data in expected.items():
            assert rendered[name] == data, f"{name} differs from the in-process render"
        # every step ran in a worker, and both workers took some
        assert len({r["pid"] for r in result["reports"]}) == 2
        records = instance.get_records_for_run(
            result["run_id"], of_type=dg.DagsterEventType.ENGINE_EVENT
        ).records
        hosts = {
            r.event_log_entry.dagster_event.event_specific_data.metadata["Celery worker"].value
            for r in records
            if "Celery worker" in (r.event_log_entry.dagster_event.event_specific_data.metadata or {})
        }
        assert hosts == set(workers)
        partitions = instance.get_materialized_partitions(dg.AssetKey(["reports", "area_report"]))
        assert partitions == {f"{area}|{MONTH:%Y-%m}" for area in (*REGENCIES, "61")}
    finally:
        instance.dispose()
