"""The DuckDB resource injected into every asset.

DuckDB allows one writing process per database file; assets open a connection, do
their work and close it, the job runs in-process, and the resource holds a run lock
(``pipeline.locking``) from the start of a run to its end, so a second run (CLI or UI)
waits for the first instead of clashing with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipeline.locking import RunLock
from pipeline.settings import Settings

#: The tag Dagster puts on a run of one partition.
PARTITION_TAG = "dagster/partition"


class DuckDBResource(dg.ConfigurableResource):
    """A DuckDB database file; ``connect()`` yields a connection and closes it.

    An empty ``database`` means the settings' path, resolved when connecting, so
    ``PIPELINE_DATA_DIR`` set after import (tests, a UI started elsewhere) is honoured.
    """

    database: str = ""
    # DuckDB's own limit; process RSS runs ~0.5-1.5 GB above it (docs/benchmarks.md §5),
    # so 6GB keeps a national build under an 8 GB memory budget.
    memory_limit: str = "6GB"
    threads: int = 2
    lock_timeout_seconds: int = 3600
    _run_lock: RunLock | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.database) if self.database else Settings.from_env().db_path

    def output_dir(self, name: str) -> Path:
        """``<processed>/<name>`` beside the database (``exports``, ``reports``, ``internal``)."""
        return self.path.resolve().parent / name

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Hold the writer lock for the whole run, so concurrent runs queue instead of clashing."""
        self._run_lock = RunLock(self.path.parent / ".pipeline-run.lock")
        say = context.log.warning if context.log else print
        self._run_lock.acquire(self.lock_timeout_seconds, say)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Release the writer lock."""
        if self._run_lock is not None:
            self._run_lock.release()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the database (creating its folder) and close it afterwards."""
        path = self.path
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        temp_dir = path.parent / ".duckdb_tmp"
        config = {"memory_limit": self.memory_limit, "threads": self.threads}
        if not read_only:
            config["temp_directory"] = str(temp_dir)
        con = duckdb.connect(str(path), read_only=read_only, config=config)
        try:
            yield con
        finally:
            con.close()


class RunParams(dg.ConfigurableResource):
    """Parameters of a run: the reporting month (``YYYY-MM``).

    The month comes from, in order: this resource's config (the launchpad, tests),
    else the run's partition (``dagster/partition``: the UI's "Materialize" for a
    month, the monthly schedule, ``python -m pipeline run --month``), else it stays
    empty, which means the data's own as-of month (CONTRACT §6): the latest month in
    which a spell starts or a claim is submitted or paid, never the wall clock.

    Every asset and check reads ``reporting_month`` from here, so the marts of a run are
    built through the same month its reports are rendered for.
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
