"""``marts``: load the synthetic inputs into staging and build every mart, timed; the checks."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.inputs import DATA_MONTH
from benchmarks.measure import FolderPeak, load_average, peak_rss_mb, run_sql, timed
from pipeline import catalog


def mart_checks() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of the pipeline's mart checks: (blocking, warnings), as ``pipeline.build.checks`` lists them.

    Blocking checks must select no row; the others are warnings for analysts.
    """
    from pipeline.build.checks import CHECKS

    return (
        tuple(c.name for c in CHECKS if c.blocking),
        tuple(c.name for c in CHECKS if not c.blocking),
    )


BLOCKING_CHECKS, WARNING_CHECKS = mart_checks()


def load_staging(
    con: duckdb.DuckDBPyConnection, data_dir: Path, province: str | None = None
) -> dict[str, int]:
    """Fill ``staging.*`` from the Parquet inputs (one province only: Hive partition pruning).

    The tables take the catalog's DDL, as ingestion writes them. The inputs carry NIK and
    KPJ as offices send them; staging holds pseudonyms instead, as ingestion does. Here
    the pseudonym is ``md5`` of the identifier (32 hex characters, the width of the
    keyed HMAC ingestion writes): computed in SQL, it costs the marts the same and keeps
    the load of 45 million rows out of Python.
    """
    con.execute("create schema if not exists staging")
    for table in catalog.STAGING_TABLES:
        con.execute(table.ddl())
    params = {
        "province": province,
        "spells_glob": str(data_dir / "spells" / "**" / "*.parquet"),
        "claims_path": str(data_dir / "claims.parquet"),
        "regions_path": str(data_dir / "regions.parquet"),
        "workforce_path": str(data_dir / "workforce.parquet"),
        "targets_path": str(data_dir / "targets.parquet"),
    }
    run_sql(con, "load/spells", params)
    # identity.persons, which the sex-and-age mart reads (NIK only: no name or birth date)
    con.execute("create schema if not exists identity")
    con.execute(catalog.PERSONS.ddl())
    run_sql(con, "load/persons", params)
    run_sql(con, "load/claims_in_province" if province else "load/claims", params)
    for name in ("regions", "workforce", "targets", "ucj_targets"):
        run_sql(con, f"load/{name}", params)
    # audit.input_files, which marts.source_freshness names files by: one row per input
    # path, labelled as ingestion labels them (kind and number), counts left empty
    con.execute("create schema if not exists audit")
    con.execute(catalog.INPUT_FILES.ddl())
    con.execute("""
        insert into audit.input_files (path, kind, label)
        select path, kind, (case kind when 'enrolment' then 'kepesertaan' else 'klaim' end)
            || ' #' || row_number() over (partition by kind order by path)
        from (
            select distinct source_path as path, 'enrolment' as kind from staging.spells
            union select distinct source_path, 'claims' from staging.claims
        )""")
    # table names are identifiers, not values: they cannot be bind parameters
    return {
        t.name: con.execute(f"select count(*) from {t.qualified_name}").fetchall()[0][0]
        for t in catalog.STAGING_TABLES
    }


def run_checks(con: duckdb.DuckDBPyConnection, month: dt.date) -> dict[str, int]:
    """Failing rows per mart check (blocking and warnings)."""
    from pipeline.core.sql import select_failures

    return {
        name: len(select_failures(con, name, {"month": month})) for name in BLOCKING_CHECKS + WARNING_CHECKS
    }


def bench_marts(
    data_dir: Path,
    db_path: Path,
    *,
    province: str | None = None,
    month: dt.date = DATA_MONTH,
    memory_limit: str = "8GB",
    threads: int = 2,
    checks: bool = False,
    keep: bool = False,
) -> dict[str, Any]:
    """Load the staging tables and build every mart, timed.

    The database is opened as the pipeline opens it (``pipeline.build.database``: memory limit,
    threads, spill folder beside the database file).
    """
    from pipeline.build.database import open_database
    from pipeline.build.tables import SQL_TABLES, sql_params
    from pipeline.core.sql import create_table

    if db_path.exists():
        db_path.unlink()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "what": "marts",
        "data": str(data_dir),
        "province": province,
        "month": month.isoformat(),
        "memory_limit": memory_limit,
        "threads": threads,
        "load_average_before": load_average(),
    }
    times: dict[str, float] = {}
    rows: dict[str, int] = {}
    spill_dir = db_path.parent / ".duckdb_tmp"
    with (
        open_database(db_path, memory_limit=memory_limit, threads=threads) as con,
        FolderPeak(spill_dir) as spill,
    ):
        with timed(times, "load_staging"):
            staging_rows = load_staging(con, data_dir, province)
        rss_after_load = peak_rss_mb()
        started = time.perf_counter()
        for table in SQL_TABLES:
            layer, name = table.schema, table.name
            with timed(times, f"{layer}.{name}"):
                rows[f"{layer}.{name}"] = create_table(con, layer, name, sql_params(month))
        marts_seconds = time.perf_counter() - started
        result["load_average_after_marts"] = load_average()
        if checks:
            with timed(times, "checks"):
                result["checks"] = run_checks(con, month)
    result.update(
        {
            "staging_rows": staging_rows,
            "rows": rows,
            "seconds": times,
            "marts_seconds": round(marts_seconds, 1),
            "peak_rss_mb": round(peak_rss_mb()),
            "peak_rss_after_load_mb": round(rss_after_load),
            "peak_spill_mb": round(spill.peak_bytes / 1e6),
            "db_mb": round(db_path.stat().st_size / 1e6),
        }
    )
    if not keep:
        db_path.unlink(missing_ok=True)
        db_path.with_suffix(db_path.suffix + ".wal").unlink(missing_ok=True)
    return result
