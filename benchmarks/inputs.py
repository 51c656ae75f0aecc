"""``generate``: deterministic national-scale synthetic inputs in staging shape, as Parquet."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.measure import bench_sql, load_average, run_sql, timed
from pipeline.settings import PACKAGE_DATA_DIR

GAZETTEER_PATH = PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz"
DEFAULT_WORK_DIR = Path(tempfile.gettempdir()) / "pipeline-bench"

#: National scale: 45 million spells of about 40 million workers, 4 million claims.
NATIONAL_SPELLS = 45_000_000
WORKERS_PER_SPELL = 40 / 45
CLAIMS_PER_SPELL = 4 / 45
#: The month the synthetic data runs to (spells start and claims are paid by then).
DATA_MONTH = dt.date(2025, 12, 1)
SPELLS_HIVE = {"province_code": "varchar"}


def _copy_parquet(
    con: duckdb.DuckDBPyConnection, name: str, target: Path, params: dict, partition_by: str | None = None
) -> None:
    """``copy (<benchmarks/sql/name.sql>) to target``, Parquet with zstd."""
    options = "format parquet, compression zstd, row_group_size 1000000"
    if partition_by:
        options += f", partition_by ({partition_by}), overwrite_or_ignore true"
    query = bench_sql(name)
    bound = {k: v for k, v in params.items() if f"${k}" in query}
    con.execute(f"copy ({query}) to $copy_target ({options})", {**bound, "copy_target": str(target)})


def generate(
    out_dir: Path, spell_count: int, *, threads: int = 2, memory_limit: str = "8GB", force: bool = False
) -> dict[str, Any]:
    """Write the synthetic inputs of one size into ``out_dir``; skip if already complete.

    ``out_dir/spells/province_code=XX/*.parquet`` (Hive), ``claims.parquet``,
    ``regions.parquet``, ``workforce.parquet``, ``targets.parquet`` and ``manifest.json``.
    """
    manifest_path = out_dir / "manifest.json"
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("spell_count") == spell_count:
            return manifest
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    worker_count = max(1, round(spell_count * WORKERS_PER_SPELL))
    claim_count = max(1, round(spell_count * CLAIMS_PER_SPELL))
    params = {
        "gazetteer_path": str(GAZETTEER_PATH),
        "regions_path": str(out_dir / "regions.parquet"),
        "spells_glob": str(out_dir / "spells" / "**" / "*.parquet"),
        "spell_count": spell_count,
        "worker_count": worker_count,
        "claim_count": claim_count,
    }
    times: dict[str, float] = {}
    tmp = out_dir / ".duckdb_tmp"
    con = duckdb.connect(
        config={
            "threads": threads,
            "memory_limit": memory_limit,
            "temp_directory": str(tmp),
        }
    )
    try:
        with timed(times, "regions"):
            _copy_parquet(con, "regions", out_dir / "regions.parquet", params)
        with timed(times, "spells"):
            _copy_parquet(con, "spells", out_dir / "spells", params, partition_by="province_code")
        with timed(times, "claims"):
            _copy_parquet(con, "claims", out_dir / "claims.parquet", params)
        with timed(times, "workforce"):
            _copy_parquet(con, "workforce", out_dir / "workforce.parquet", params)
        with timed(times, "targets"):
            _copy_parquet(con, "targets", out_dir / "targets.parquet", params)
        counts = _counts(con, out_dir, params["spells_glob"])
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
    size = sum(p.stat().st_size for p in out_dir.rglob("*.parquet"))
    manifest = {
        "spell_count": spell_count,
        "worker_count": worker_count,
        "claim_count_requested": claim_count,
        "rows": counts,
        "parquet_mb": round(size / 1e6, 1),
        "seconds": times,
        "load_average": load_average(),
        "duckdb": duckdb.__version__,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def _counts(con: duckdb.DuckDBPyConnection, out_dir: Path, spells_glob: str) -> dict[str, int]:
    """Rows written per input, and the distinct workers."""
    counts = {"spells": run_sql(con, "count/spell_rows", {"spells_glob": spells_glob}).fetchall()[0][0]}
    for name in ("claims", "regions", "workforce", "targets"):
        path = str(out_dir / f"{name}.parquet")
        counts[name] = run_sql(con, "count/parquet_rows", {"path": path}).fetchall()[0][0]
    counts["workers"] = run_sql(con, "count/workers", {"spells_glob": spells_glob}).fetchall()[0][0]
    return counts
