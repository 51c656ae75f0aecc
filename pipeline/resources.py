"""The DuckDB resource injected into every asset.

DuckDB allows one writing process per database file; assets open a connection, do
their work and close it, and the job runs in-process so only one writer exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipeline.settings import Settings


class DuckDBResource(dg.ConfigurableResource):
    """A DuckDB database file; ``connect()`` yields a connection and closes it.

    An empty ``database`` means the settings' path, resolved when connecting, so
    ``PIPELINE_DATA_DIR`` set after import (tests, a UI started elsewhere) is honoured.
    """

    database: str = ""
    memory_limit: str = "8GB"
    threads: int = 2

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the database (creating its folder) and close it afterwards."""
        path = Path(self.database) if self.database else Settings.from_env().db_path
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

    Empty means the data's own as-of month (CONTRACT §6): the latest month in which a
    spell starts or a claim is submitted or paid, never the wall clock.
    """

    reporting_month: str = ""
