"""The Dagster instance of a data root, and runs whose process died.

Every data root has its own instance, ``<data root>/.dagster`` (``DAGSTER_HOME`` set in
the environment wins), so the runs, report paths and sensor cursors of one regency's
data never show in the UI serving another's. ``scripts/ui.sh`` serves the same one.

A run records the process that executes it (tags ``pipeline/pid``, ``pipeline/host``,
``pipeline/pid_start``). A run still STARTED whose process no longer exists (killed
with SIGKILL, the machine rebooted) is marked failed by the next run on that instance;
the daemon's run monitoring (``PipelineRunLauncher`` gives it the process check it
needs) marks such runs failed while the UI runs, whoever started them.

The instance's event log is Dagster's SQLite one with its connections kept open
(``PooledSqliteEventLogStorage``): the stock storage opens and closes a database
connection for every event, which cost more than the sample's SQL.
"""

from __future__ import annotations

import json
import os
import socket
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._config import Field, StringSource
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.launcher.base import CheckRunHealthResult, WorkerStatus
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.sql import create_engine

from pipeline.settings import PACKAGE_DATA_DIR, Settings

INSTANCE_DIR = ".dagster"
_EVENT_LOG_CLASS = "  class: PooledSqliteEventLogStorage\n"
PID_TAG = "pipeline/pid"
HOST_TAG = "pipeline/host"
PID_START_TAG = "pipeline/pid_start"


def dagster_home(settings: Settings) -> Path:
    """``DAGSTER_HOME`` if set, else ``<data root>/.dagster``."""
    home = os.environ.get("DAGSTER_HOME")
    return Path(home) if home else settings.data_dir / INSTANCE_DIR


def use_instance(settings: Settings) -> Path:
    """Point ``DAGSTER_HOME`` at the data root's instance, with its dagster.yaml; telemetry off."""
    home = dagster_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or _names_the_old_module(config):
        write_instance_config(home)
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    return home


def _names_the_old_module(config: Path) -> bool:
    """Whether ``config`` was written before this module moved (``pipeline.instance``): rewrite it."""
    return "module: pipeline.instance\n" in config.read_text(encoding="utf-8")


def write_instance_config(home: Path) -> Path:
    """``home/dagster.yaml``: the shipped instance config, the event log's folder written out.

    With the folder in the file, the instance opens without ``DAGSTER_HOME`` too.
    """
    text = (PACKAGE_DATA_DIR / "dagster.yaml").read_text(encoding="utf-8")
    runs = json.dumps(str(Path(home).resolve() / "history" / "runs"))
    text = text.replace(_EVENT_LOG_CLASS, f"{_EVENT_LOG_CLASS}  config:\n    base_dir: {runs}\n", 1)
    config = Path(home) / "dagster.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def _start_time(pid: int) -> str | None:
    """The kernel's start time of process ``pid`` (clock ticks since boot), None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def process_tags() -> dict[str, str]:
    """Tags naming this process, so a later run can tell whether it still lives."""
    pid = os.getpid()
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), PID_START_TAG: _start_time(pid) or ""}


def is_alive(run: dg.DagsterRun) -> bool | None:
    """Whether the process of a run lives; None when the run names none on this host."""
    pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
    if not pid or host != socket.gethostname():
        return None
    started = _start_time(int(pid))
    return started is not None and started == run.tags.get(PID_START_TAG, started)


def fail_dead_runs(instance: dg.DagsterInstance, current_run_id: str | None = None) -> list[str]:
    """Mark failed every STARTED or STARTING run whose process is gone; their ids."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    )
    failed = []
    for run in runs:
        if run.run_id == current_run_id or is_alive(run) is not False:
            continue
        instance.report_run_failed(
            run,
            message=f"the process running it (pid {run.tags[PID_TAG]}) has died: marked failed "
            "by a later run; its outputs were never published",
        )
        failed.append(run.run_id)
    return failed


class PipelineRunLauncher(DefaultRunLauncher):
    """Dagster's default launcher, plus a health check by process: run monitoring can use it.

    The default launcher cannot tell whether a run's process still lives, so the daemon's
    run monitoring would leave a killed run STARTED for ever. A run names its process in
    its tags (``process_tags``); a run whose process is gone is reported FAILED and the
    daemon marks it failed. A run that names no process (not yet started, or another host)
    counts as running.
    """

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: dg.DagsterRun) -> CheckRunHealthResult:
        if is_alive(run) is False:
            return CheckRunHealthResult(
                WorkerStatus.FAILED, f"the process running it (pid {run.tags[PID_TAG]}) has died"
            )
        return CheckRunHealthResult(WorkerStatus.RUNNING)


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's run-sharded SQLite event log, reusing one open connection per database file.

    The stock storage builds an engine, connects, writes and disconnects for every event
    (``NullPool``); closing the last connection of a WAL database checkpoints it, so every
    event paid a connection and a checkpoint: ~6 ms against ~2–3 ms here, on ~270 events a
    run of the sample. The files, tables and queries are Dagster's own: the UI, the daemon
    and a stock instance read them unchanged.

    After each transaction a passive checkpoint writes the events into the ``<run>.db`` file
    itself: the UI's live run view watches that file (not the WAL) for changes. At most
    ``MAX_OPEN`` files stay open (least recently used closed first: the UI reads many runs),
    and a forked process never reuses its parent's connections. ``base_dir`` defaults to
    ``$DAGSTER_HOME/history/runs``, where the default storage keeps the same files.
    """

    MAX_OPEN = 8

    def __init__(self, base_dir: str | None = None, inst_data=None):
        self._engines: OrderedDict[str, object] = OrderedDict()
        self._engines_pid = os.getpid()
        if base_dir is None:
            home = os.environ.get("DAGSTER_HOME")
            if not home:
                raise ValueError("PooledSqliteEventLogStorage needs base_dir or DAGSTER_HOME")
            base_dir = os.path.join(home, "history", "runs")
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str):
        if self._engines_pid != os.getpid():  # forked: the parent's connections are not ours
            self._engines = OrderedDict()
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard), connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        )
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > self.MAX_OPEN:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator:
        with self._db_lock, self._engine(shard).connect() as conn:
            with conn.begin():
                yield conn
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _close_all(self) -> None:
        with self._db_lock:
            engines, self._engines = self._engines, OrderedDict()
            if self._engines_pid == os.getpid():
                for engine in engines.values():
                    engine.dispose()

    def wipe(self) -> None:
        self._close_all()
        super().wipe()

    def delete_events(self, run_id: str) -> None:
        super().delete_events(run_id)
        self._close_all()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()
