"""The DuckDB resource injected into every asset, and the parameters of a run.

DuckDB allows one writing process per database file; assets open a connection, do
their work and close it, the job runs in-process, and the resource holds a run lock
(``pipeline.core.locking``) from the start of a run to its end, so a second run (CLI or UI)
waits for the first instead of clashing with it.

A run never writes the published outputs directly: its database, exports, reports and
internal lists go to a workspace beside them (``pipeline.publication.publish``), and the last
writing step of the run moves them all into place once every writing step succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipeline.build.database import open_database
from pipeline.core.locking import LockTimeout, RunLock
from pipeline.orchestration import instance, outcomes
from pipeline.publication.publish import (
    NotWritable,
    Workspace,
    remove_stale_workspaces,
)
from pipeline.settings import Settings

#: The tag Dagster puts on a run of one partition.
PARTITION_TAG = "dagster/partition"
#: ``true``: the run keeps its workspace unpublished for a later run that names it (the CLI).
HOLD_TAG = "pipeline/hold_outputs"
#: ``run --strict``: incomplete inputs (``pipeline.audit.health``) fail the run instead of a draft report.
STRICT_TAG = "pipeline/strict"
#: The workspace a run continues (written by an earlier run tagged ``HOLD_TAG``).
WORKSPACE_TAG = "pipeline/workspace"
#: Set by a process that already holds the run lock (the CLI) to its pid: runs inside it skip it.
LOCK_HELD_ENV = "PIPELINE_RUN_LOCK_HELD_BY"
#: Seconds a run waits for another run's lock (default: an hour).
LOCK_TIMEOUT_ENV = "PIPELINE_LOCK_TIMEOUT_SECONDS"


def lock_path(db_path: Path) -> Path:
    """The run lock of a database: ``.pipeline-run.lock`` beside it."""
    return db_path.parent / ".pipeline-run.lock"


def lock_timeout(default: float = 3600) -> float:
    """``PIPELINE_LOCK_TIMEOUT_SECONDS`` or ``default``."""
    value = os.environ.get(LOCK_TIMEOUT_ENV)
    return float(value) if value else default


def lock_refusal(exc: LockTimeout) -> str:
    """The message of a run that gave up waiting for another run's lock."""
    return (
        f"another pipeline run is still writing this data root: {exc}. Wait for it to "
        f"finish (or stop it) and run again; {LOCK_TIMEOUT_ENV}=SECONDS waits longer"
    )


class SettingsResource(dg.ConfigurableResource):
    """The data root every path of a run comes from: raw inputs, the database, every output.

    An empty ``data_dir`` means ``PIPELINE_DATA_DIR`` (default ``./data``), read when a run
    uses it, so the variable set after import (a UI started elsewhere) is honoured. Tests
    hand in ``SettingsResource(data_dir=str(tmp_path))``.
    """

    data_dir: str = ""

    def get(self) -> Settings:
        """The paths of the data root."""
        return Settings.at(self.data_dir) if self.data_dir else Settings.from_env()


class DuckDBResource(dg.ConfigurableResource):
    """A DuckDB database file; ``connect()`` yields a connection and closes it.

    The database is the settings' (``<data root>/processed/coverage.duckdb``) unless
    ``database`` names a file of its own (a test's, the benchmark's); the output folders
    lie beside it. Inside a run, connections and ``output_dir`` point into the run's
    workspace.
    """

    settings: SettingsResource | None = None
    database: str = ""
    # DuckDB's own limit; process RSS runs ~0.5-1.5 GB above it (docs/benchmarks.md §5),
    # so 6GB keeps a national build under an 8 GB memory budget.
    memory_limit: str = "6GB"
    threads: int = 2
    lock_timeout_seconds: int = 3600
    _run_lock: RunLock | None = PrivateAttr(default=None)
    _workspace: Workspace | None = PrivateAttr(default=None)
    _hold: bool = PrivateAttr(default=False)
    _planned: frozenset | None = PrivateAttr(default=None)
    _done: set = PrivateAttr(default_factory=set)

    @property
    def data_settings(self) -> Settings:
        """The settings this database draws from (the default data root without any)."""
        return (self.settings or SettingsResource()).get()

    @property
    def published_path(self) -> Path:
        """The published database file."""
        path = Path(self.database) if self.database else self.data_settings.db_path
        return path.resolve() if self.database != ":memory:" else path

    @property
    def path(self) -> Path:
        """The database this run reads: its workspace's once it has written one."""
        if self._workspace is not None and self._workspace.has_db():
            return self._workspace.db_path
        return self.published_path

    def published_dir(self, name: str) -> Path:
        """``<processed>/<name>``: where ``exports``, ``reports`` and ``internal`` are published."""
        return self.published_path.parent / name

    def output_dir(self, name: str) -> Path:
        """Where this run writes ``name``: in its workspace, published at the end of the run."""
        if self._workspace is not None:
            return self._workspace.output_dir(name)
        return self.published_dir(name)

    def published_path_of(self, path: Path) -> Path:
        """The published path of a file written under ``output_dir``."""
        if self._workspace is not None and path.is_relative_to(self._workspace.dir):
            return self.published_path.parent / path.relative_to(self._workspace.dir)
        return path

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Hold the writer lock for the whole run and open its workspace."""
        processed = self.published_path.parent
        if os.environ.get(LOCK_HELD_ENV) != str(os.getpid()):
            self._run_lock = RunLock(lock_path(self.published_path))
            say = context.log.warning if context.log else print
            try:
                self._run_lock.acquire(lock_timeout(self.lock_timeout_seconds), say)
            except LockTimeout as exc:
                raise outcomes.expected(outcomes.LOCKED, lock_refusal(exc)) from None
        run = context.dagster_run
        tags = run.tags if run is not None else {}
        if run is not None and context.instance is not None:
            if instance.PID_TAG not in tags:
                context.instance.add_run_tags(run.run_id, instance.process_tags())
            instance.fail_dead_runs(context.instance, run.run_id)
        name = tags.get(WORKSPACE_TAG) or (run.run_id[:8] if run is not None else f"{os.getpid()}")
        self._workspace = Workspace(processed, name, self.published_path.name)
        self._hold = tags.get(HOLD_TAG) == "true"
        self._planned, self._done = None, set()
        remove_stale_workspaces(processed, keep=self._workspace.dir)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Drop an unpublished workspace (unless held for a later run) and release the lock."""
        if self._workspace is not None and not self._hold:
            self._workspace.discard()
        self._workspace = None
        if self._run_lock is not None:
            self._run_lock.release()
            self._run_lock = None

    @contextmanager
    def connect(self, read_only: bool = False, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the database and close it afterwards.

        Inside a run, a writing connection opens the workspace's database: ``fresh`` starts
        it empty (ingestion rewrites every table), else it starts as a copy of the published.
        """
        if read_only:
            path = self.path
        elif self._workspace is not None:
            path = self._workspace.start_db(fresh)
        else:
            path = self.published_path
            path.parent.mkdir(parents=True, exist_ok=True)
        with open_database(path, read_only, self.memory_limit, self.threads) as con:
            yield con

    def finish(self, context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> list[Path]:
        """Mark this step's assets (or checks) done; the run's last such step publishes the workspace.

        Every asset and asset check calls it at its end, so the outputs are published only
        once every asset of the run was written and every check of them passed (a failing
        blocking check fails its step). Returns the published paths (empty until the last
        step). A destination that cannot be written fails this step with nothing moved.
        """
        if self._workspace is None:
            return []
        if isinstance(context, dg.AssetCheckExecutionContext):
            context = context.op_execution_context
        keys = {*context.selected_asset_keys, *context.selected_asset_check_keys}
        if self._planned is None:
            self._planned = _planned_steps(context)
        self._done |= keys
        if self._planned - self._done or self._hold:
            return []
        try:
            published = self._workspace.publish()
        except NotWritable as exc:
            raise outcomes.expected(outcomes.NOT_WRITABLE, str(exc)) from None
        context.log.info(f"published {len(published)} files into {self.published_path.parent}")
        return published


def _planned_steps(context: dg.OpExecutionContext) -> frozenset:
    """The materializable assets this run writes and the checks it runs on them."""
    graph = context.job_def.asset_layer.asset_graph
    selection = context.run.asset_selection
    keys = selection if selection is not None else context.job_def.asset_layer.selected_asset_keys
    assets = {k for k in keys if graph.has(k) and graph.get(k).is_materializable}
    checks = context.run.asset_check_selection
    if checks is None:
        checks = {c for c in graph.asset_check_keys if c.asset_key in assets}
    return frozenset({*assets, *(c for c in checks if c.asset_key in assets)})


class RunParams(dg.ConfigurableResource):
    """Parameters of a run: the reporting month (``YYYY-MM``).

    The month comes from, in order: this resource's config (the launchpad, tests),
    else the run's partition (``dagster/partition``: the UI's "Materialize" for a
    month, the monthly schedule, ``python -m pipeline run --month``), else it stays
    empty, which means the data's own as-of month (CONTRACT §6): the latest month in
    which a spell starts or a claim is submitted or paid, never the wall clock.

    Only the reports and the internal lists read it: the marts always span the data,
    from the first month to the as-of month, whatever month a run reports on.
    """

    reporting_month: str = ""

    def create_resource(self, context: dg.InitResourceContext) -> RunParams:
        """Hand assets a copy whose month is the run's partition when config leaves it empty."""
        run = context.run
        partition = run.tags.get(PARTITION_TAG, "") if run is not None else ""
        if not partition:
            return self
        if self.reporting_month and self.reporting_month != partition:
            raise ValueError(
                f"run_params.reporting_month {self.reporting_month!r} contradicts the run's "
                f"partition {partition!r}: leave reporting_month empty in a partitioned run"
            )
        return RunParams(reporting_month=partition)


class ReportDatabase(dg.ConfigurableResource):
    """The published database, opened read-only by steps that only read it: the fanned-out reports.

    Unlike ``DuckDBResource`` it takes no run lock and opens no workspace, so any number of
    report steps (processes of the multiprocess executor, Celery workers) read the file at
    once, beside the one writer. Publication replaces the file with ``os.replace``: a reader
    keeps the version it opened. On a remote worker ``database`` names its copy of the file
    (a shared volume or a read-only copy, ``docs/scaling.md``); the PDFs go beside it, under
    ``reports/``, unless ``reports_dir`` names another folder.
    """

    settings: SettingsResource | None = None
    database: str = ""
    reports_dir: str = ""
    # one report is one thread's work; the executor runs one process per core
    threads: int = 1
    memory_limit: str = "2GB"

    @property
    def path(self) -> Path:
        """The database file read."""
        if self.database:
            return Path(self.database).resolve()
        return (self.settings or SettingsResource()).get().db_path

    @property
    def reports_path(self) -> Path:
        """Where the PDFs are written: ``<reports_dir>/<YYYY-MM>/<code>-<name>.pdf``."""
        return Path(self.reports_dir) if self.reports_dir else self.path.parent / "reports"

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection with the shared macros, closed afterwards."""
        with open_database(self.path, True, self.memory_limit, self.threads) as con:
            yield con
