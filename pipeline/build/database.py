"""Opening the DuckDB database as every part of the pipeline opens it.

DuckDB's own memory limit and threads, a spill folder beside the file for a writing
connection, the file owner-only (it holds NIK, KPJ and names) and the shared SQL macros
every query file may use. The Dagster resources open it through here, and so do the
benchmarks, without Dagster.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.core.sql import define_macros
from pipeline.publication.publish import make_database_private

#: The spill folder of a writing connection, beside the database file.
SPILL_DIR = ".duckdb_tmp"


@contextlib.contextmanager
def open_database(
    path: Path, read_only: bool = False, memory_limit: str = "6GB", threads: int = 2
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to ``path`` with the pipeline's limits and macros, closed afterwards."""
    config: dict[str, str | int] = {"memory_limit": memory_limit, "threads": threads}
    if not read_only:
        config["temp_directory"] = str(path.parent / SPILL_DIR)
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    private = not read_only and path != Path(":memory:")
    if private:
        make_database_private(path)  # NIK, KPJ and names: owner-only whatever the umask
    define_macros(con)
    try:
        yield con
    finally:
        con.close()
        if private:
            make_database_private(path)
