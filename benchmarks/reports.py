"""``reports``: reports through Dagster (multiprocess or Celery); ``sample``: the sample end to end."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.inputs import DATA_MONTH
from benchmarks.measure import load_average
from pipeline.settings import REPO_ROOT

#: Builds and renders one regency report twice in a fresh process: cold, then warm.
REPORT_PROBE = "benchmarks.report_probe"


def execute_job(job_name: str, instance: Any, config: dict, tags: dict | None = None) -> dict:
    """Run ``job_name`` of the code location (``pipeline.definitions``) on ``instance``.

    Returns ``{"run_id", "success", "reports"}``: ``reports`` lists what each step rendered
    (area, file, pages, seconds, sha256, pid), empty when the run failed.

    The job is reconstructable (loaded by module name, as ``dagster`` loads the location), so
    the executor can run its steps in other processes: the multiprocess executor's children,
    Celery workers. The instance must be persistent (a ``DAGSTER_HOME``, or Postgres).
    """
    import dagster as dg
    from dagster._core.definitions.reconstruct import ReconstructableRepository

    job = ReconstructableRepository.for_module(
        "pipeline.definitions", "defs", working_directory=str(REPO_ROOT)
    ).get_reconstructable_job(job_name)
    with dg.execute_job(job, instance=instance, run_config=config, tags=tags, raise_on_error=False) as result:
        reports = result.output_for_node("reports_rendered") if result.success else []
        return {"run_id": result.run_id, "success": result.success, "reports": reports}


def bench_reports(
    db_path: Path,
    out_dir: Path,
    *,
    month: dt.date = DATA_MONTH,
    workers: int = 2,
    level: str = "regency",
    executor: str = "multiprocess",
) -> dict[str, Any]:
    """Render every report of ``level`` for ``month`` in one Dagster run, one step per report.

    ``executor`` ``multiprocess``: ``render_reports_job`` on a temporary instance, its
    multiprocess executor running ``workers`` step processes at a time, each with a
    read-only connection. ``celery``: ``render_reports_celery_job`` on a cluster started for
    the measurement on this machine (``benchmarks.cluster``: Redis, PostgreSQL as the
    instance, ``workers`` Celery workers, already up before the clock starts, as in a
    cluster). ``seconds`` is the run's wall time; ``per_report_seconds`` is each step's own
    building and rendering.
    """
    from pipeline.core.sql import define_macros
    from pipeline.orchestration import fanout
    from pipeline.report.context import list_scopes

    with duckdb.connect(str(db_path), read_only=True) as con:
        define_macros(con)
        scopes = [s.code for s in list_scopes(con, month) if level == "all" or s.level == level]
    job = {"multiprocess": "render_reports_job", "celery": "render_reports_celery_job"}[executor]
    result: dict[str, Any] = {
        "what": "reports",
        "db": str(db_path),
        "month": month.isoformat(),
        "level": level,
        "workers": workers,
        "executor": f"dagster {executor} ({job})",
        "report_count": len(scopes),
        "load_average_before": load_average(),
    }
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    with contextlib.ExitStack() as stack:
        if executor == "celery":
            instance, execution = stack.enter_context(_celery_cluster(workers))
        else:
            instance, execution = stack.enter_context(_temporary_instance()), {"max_concurrent": workers}
        config = fanout.run_config(str(db_path), str(out_dir), f"{month:%Y-%m}", scopes, execution=execution)
        result["load_average_start"] = load_average()
        started = time.perf_counter()
        run = execute_job(job, instance, config)
        result["seconds"] = round(time.perf_counter() - started, 1)
    if not run["success"]:
        raise RuntimeError(f"{job} failed (run {run['run_id']})")
    per_report = {r["area"]: r["seconds"] for r in run["reports"]}
    result["per_report_seconds"] = per_report
    result["pages"] = {r["area"]: r["pages"] for r in run["reports"]}
    result["processes"] = len({r["pid"] for r in run["reports"]})
    if per_report:
        values = sorted(per_report.values())
        result["per_report_distribution"] = {
            "min": values[0],
            "median": round(statistics.median(values), 2),
            "p90": values[min(len(values) - 1, int(0.9 * len(values)))],
            "max": values[-1],
            "sum": round(sum(values), 1),
        }
    result["load_average_after"] = load_average()
    return result


@contextlib.contextmanager
def _temporary_instance() -> Iterator[Any]:
    """A throwaway Dagster instance (SQLite) in a temporary folder."""
    import dagster as dg

    with tempfile.TemporaryDirectory(prefix="bench-dagster-") as home:
        Path(home, "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        with dg.DagsterInstance.from_config(home) as instance:
            yield instance


@contextlib.contextmanager
def _celery_cluster(workers: int) -> Iterator[tuple[Any, dict]]:
    """Redis, PostgreSQL and ``workers`` Celery workers on this machine; the instance and executor config."""
    import dagster as dg

    from benchmarks import cluster

    work_dir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    work_dir.chmod(0o755)  # PostgreSQL runs as another user
    try:
        with (
            cluster.redis_server(work_dir) as redis_url,
            cluster.postgres_cluster(work_dir) as postgres_url,
            cluster.cluster_instance(work_dir, postgres_url) as home,
            cluster.celery_workers(work_dir, redis_url, workers, host="bench"),
        ):
            instance = dg.DagsterInstance.from_config(str(home))
            try:
                yield instance, {"broker": redis_url, "backend": redis_url}
            finally:
                instance.dispose()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _sample_run(python: str, code_dir: Path, tmp: Path) -> tuple[float, int, str, Path]:
    """``sample-data`` then a timed ``python -m pipeline run`` of the code in ``code_dir``.

    Returns the run's wall seconds, exit status, the tail of its stderr and the database.
    """
    env = dict(
        os.environ,
        PIPELINE_DATA_DIR=str(tmp / "data"),
        DAGSTER_HOME=str(tmp / "dagster_home"),
        DAGSTER_DISABLE_TELEMETRY="1",
    )
    env.pop("PYTHONPATH", None)
    Path(env["DAGSTER_HOME"]).mkdir(parents=True)
    subprocess.run(
        [python, "-m", "pipeline", "sample-data"], env=env, check=True, capture_output=True, cwd=code_dir
    )
    started = time.perf_counter()
    run = subprocess.run(
        [python, "-m", "pipeline", "run"], env=env, capture_output=True, text=True, cwd=code_dir
    )
    seconds = round(time.perf_counter() - started, 2)
    return (
        seconds,
        run.returncode,
        run.stderr[-2000:],
        Path(env["PIPELINE_DATA_DIR"]) / "processed" / "coverage.duckdb",
    )


@contextlib.contextmanager
def _checkout(rev: str) -> Iterator[Path]:
    """The repository at ``rev`` in a temporary folder (``git worktree``), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bench-baseline-")) / "repo"
    subprocess.run(
        ["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(folder), rev],
        check=True,
        capture_output=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(folder)], capture_output=True
        )
        shutil.rmtree(folder.parent, ignore_errors=True)


def bench_sample(
    python: str = sys.executable, baseline: str | None = None, repeat: int = 1
) -> dict[str, Any]:
    """The Bengkayang sample end to end in a temporary data root, then one regency report.

    ``baseline`` (a git revision): the same, alternating with that revision's code checked
    out beside (same interpreter and packages: the code is imported from the checkout),
    ``repeat`` times each, so both see the same load; medians and their ratio are reported.
    """
    result: dict[str, Any] = {"what": "sample", "load_average_before": load_average(), "repeat": repeat}
    with contextlib.ExitStack() as stack:
        codes = {"current": REPO_ROOT}
        if baseline:
            codes["baseline"] = stack.enter_context(_checkout(baseline))
            result["baseline_rev"] = baseline
        runs: dict[str, list[float]] = {name: [] for name in codes}
        for attempt in range(repeat):
            for name, code_dir in codes.items():
                with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
                    seconds, status, stderr, db = _sample_run(python, code_dir, Path(tmp))
                    if status:
                        result[f"{name}_run_exit"] = status
                        result[f"{name}_run_stderr"] = stderr
                        continue
                    runs[name].append(seconds)
                    if name == "current" and attempt == repeat - 1:
                        # one regency report, in a fresh process (cold: imports, fonts) and again warm
                        probe = subprocess.run(
                            [python, "-m", REPORT_PROBE, str(db), str(Path(tmp) / "one")],
                            capture_output=True,
                            text=True,
                            cwd=REPO_ROOT,
                        )
                        if probe.returncode == 0:
                            result.update(json.loads(probe.stdout.strip().splitlines()[-1]))
                        else:
                            result["report_error"] = probe.stderr[-2000:]
    for name, values in runs.items():
        prefix = "" if name == "current" else "baseline_"
        result[f"{prefix}run_seconds_each"] = values
        if values:
            result[f"{prefix}run_seconds"] = round(statistics.median(values), 2)
    if result.get("baseline_run_seconds") and result.get("run_seconds"):
        result["speedup_vs_baseline"] = round(result["baseline_run_seconds"] / result["run_seconds"], 2)
    result["load_average_after"] = load_average()
    return result
