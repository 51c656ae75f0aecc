"""``reports``: every regency report of a database in parallel; ``sample``: Bengkayang end to end."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.inputs import DATA_MONTH
from benchmarks.measure import load_average
from pipeline.settings import REPO_ROOT

#: Builds and renders one regency report twice in a fresh process: cold, then warm.
REPORT_PROBE = "benchmarks.report_probe"


def _render_one(db_path: str, scope_code: str, month: dt.date, out_dir: str) -> tuple[str, float, int]:
    """In a worker process: build and render one regency report from a read-only connection."""
    from pipeline.report.context import ReportConfig, build_report, list_scopes
    from pipeline.report.render import render_pdf

    started = time.perf_counter()
    with duckdb.connect(db_path, read_only=True, config={"threads": 1}) as con:
        scope = next(s for s in list_scopes(con, month) if s.code == scope_code)
        content = build_report(con, scope, month, ReportConfig.load())
    pdf, pages, _ = render_pdf(content)
    path = Path(out_dir) / content.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    return scope_code, round(time.perf_counter() - started, 2), pages


def bench_reports(
    db_path: Path, out_dir: Path, *, month: dt.date = DATA_MONTH, workers: int = 2, level: str = "regency"
) -> dict[str, Any]:
    """Render every report of ``level`` for ``month``, ``workers`` processes in parallel."""
    from pipeline.report.context import list_scopes

    with duckdb.connect(str(db_path), read_only=True) as con:
        scopes = [s.code for s in list_scopes(con, month) if s.level == level]
    result: dict[str, Any] = {
        "what": "reports",
        "db": str(db_path),
        "month": month.isoformat(),
        "workers": workers,
        "report_count": len(scopes),
        "load_average_before": load_average(),
    }
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = list(
            pool.map(
                _render_one,
                [str(db_path)] * len(scopes),
                scopes,
                [month] * len(scopes),
                [str(out_dir)] * len(scopes),
            )
        )
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["per_report_seconds"] = {code: s for code, s, _ in done}
    result["pages"] = {code: p for code, _, p in done}
    result["load_average_after"] = load_average()
    return result


def bench_sample(python: str = sys.executable) -> dict[str, Any]:
    """The Bengkayang sample end to end in a temporary data root, then one regency report."""
    result: dict[str, Any] = {"what": "sample", "load_average_before": load_average()}
    with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
        env = dict(
            os.environ,
            PIPELINE_DATA_DIR=str(Path(tmp) / "data"),
            DAGSTER_HOME=str(Path(tmp) / "dagster_home"),
            DAGSTER_DISABLE_TELEMETRY="1",
        )
        Path(env["DAGSTER_HOME"]).mkdir()
        subprocess.run(
            [python, "-m", "pipeline", "sample-data"], env=env, check=True, capture_output=True, cwd=REPO_ROOT
        )
        started = time.perf_counter()
        run = subprocess.run(
            [python, "-m", "pipeline", "run"], env=env, capture_output=True, text=True, cwd=REPO_ROOT
        )
        result["run_seconds"] = round(time.perf_counter() - started, 1)
        result["run_exit"] = run.returncode
        if run.returncode:
            result["run_stderr"] = run.stderr[-2000:]
        db = Path(env["PIPELINE_DATA_DIR"]) / "processed" / "coverage.duckdb"
        # one regency report, in a fresh process (cold: imports, fonts) and again warm
        probe = subprocess.run(
            [python, "-m", REPORT_PROBE, str(db), str(Path(tmp) / "one")],
            env=env,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
        )
        if probe.returncode == 0:
            result.update(json.loads(probe.stdout.strip().splitlines()[-1]))
        else:
            result["report_error"] = probe.stderr[-2000:]
    result["load_average_after"] = load_average()
    return result
