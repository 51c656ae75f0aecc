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

Every process it starts runs in a process group of its own; the fixtures stop them in
``finally`` blocks (TERM, then KILL), whether the test passed or not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import dagster as dg
import duckdb
import pytest

from benchmarks.reports import execute_job
from pipeline import fanout
from pipeline.report.render import render_all
from pipeline.settings import REPO_ROOT
from pipeline.sql import define_macros
from tests.fixtures.report_db import FixtureSpec, build_report_db_file

pytestmark = pytest.mark.cluster

MONTH = dt.date(2025, 9, 1)
REGENCIES = ("61.07", "61.08")
START_SECONDS = 60
#: An unprivileged user for PostgreSQL when the tests run as root.
PG_USER = "nobody"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    assert found, f"{name} not found: scripts/setup.sh installs it (scripts/apt-packages.txt)"
    return found


def _wait(ready, what: str, log: Path | None = None, seconds: float = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
    raise AssertionError(f"{what} not ready after {seconds} s\n{tail}")


def _stop_group(proc: subprocess.Popen) -> None:
    """TERM the process group, KILL what is left after 10 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # children that outlived their leader


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
    port = _free_port()
    log = work_dir / "redis.log"
    proc = subprocess.Popen(
        [
            _binary("redis-server"),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(work_dir),
            "--logfile",
            str(log),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:

        def ready() -> bool:
            assert proc.poll() is None, f"redis-server exited: {log.read_text(errors='replace')[-2000:]}"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
            return False

        _wait(ready, "redis-server", log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop_group(proc)


def _as_pg_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", PG_USER, "--", *args]


@pytest.fixture(scope="module")
def postgres_url(work_dir: Path) -> Iterator[str]:
    data = work_dir / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam(PG_USER)
        os.chown(data, user.pw_uid, user.pw_gid)
    port = _free_port()
    subprocess.run(
        _as_pg_user(
            [
                _binary("initdb"),
                "-D",
                str(data),
                "-U",
                "dagster",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ]
        ),
        check=True,
        capture_output=True,
        text=True,
    )
    log = data / "server.log"
    options = f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c full_page_writes=off"
    try:
        subprocess.run(
            _as_pg_user(
                [
                    _binary("pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    str(START_SECONDS),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        yield f"postgresql://dagster@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_pg_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        pid_file = data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: kill the postmaster's group
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.killpg(os.getpgid(int(pid_file.read_text().split()[0])), signal.SIGKILL)


@pytest.fixture(scope="module")
def dagster_home(work_dir: Path, postgres_url: str) -> Iterator[Path]:
    """The deployment's own instance config (``deploy/dagster.yaml``), its variables set for Postgres."""
    home = work_dir / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    url = urlsplit(postgres_url)
    variables = {
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": url.hostname,
        "DAGSTER_PG_PORT": str(url.port),
        "DAGSTER_PG_DB": url.path.lstrip("/"),
        "DAGSTER_PG_USER": url.username,
        "DAGSTER_PG_PASSWORD": "",  # trust authentication on the loopback address
        "DAGSTER_SHARED_DIR": str(work_dir / "shared"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    before = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield home
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def workers(work_dir: Path, redis_url: str, dagster_home: Path) -> Iterator[list[str]]:
    """Two Celery workers on the ``dagster`` queue, one task at a time each; their names."""
    config_dir = work_dir / "celery_config"
    config_dir.mkdir()
    (config_dir / "dagster_celery_config.py").write_text(
        f"broker_url = {redis_url!r}\nresult_backend = {redis_url!r}\n", encoding="utf-8"
    )
    # the instance's variables are in os.environ (the dagster_home fixture)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(config_dir), str(REPO_ROOT)]))
    names = [f"worker{i}@cluster-test" for i in (1, 2)]
    procs = []
    try:
        for name in names:
            log = work_dir / f"{name.split('@')[0]}.log"
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "dagster_celery.app",
                        "worker",
                        "-n",
                        name,
                        "-Q",
                        "dagster",
                        "--pool",
                        "solo",
                        "--prefetch-multiplier",
                        "1",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel",
                        "INFO",
                        "--logfile",
                        str(log),
                    ],
                    cwd=REPO_ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            )

        from celery import Celery

        app = Celery(broker=redis_url, backend=redis_url)

        def ready() -> bool:
            for proc in procs:
                assert proc.poll() is None, f"a Celery worker exited ({proc.returncode}): see {work_dir}"
            replies = app.control.ping(timeout=1) or []
            return {n for reply in replies for n in reply} >= set(names)

        _wait(ready, "two Celery workers", work_dir / "worker1.log", seconds=START_SECONDS * 2)
        yield names
    finally:
        for proc in procs:
            _stop_group(proc)


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
