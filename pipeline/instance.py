"""The Dagster instance of a data root, and runs whose process died.

Every data root has its own instance, ``<data root>/.dagster`` (``DAGSTER_HOME`` set in
the environment wins), so the runs, report paths and sensor cursors of one regency's
data never show in the UI serving another's. ``scripts/ui.sh`` serves the same one.

A run records the process that executes it (tags ``pipeline/pid``, ``pipeline/host``,
``pipeline/pid_start``). A run still STARTED whose process no longer exists (killed
with SIGKILL, the machine rebooted) is marked failed by the next run on that instance;
the daemon's run monitoring (``PipelineRunLauncher`` gives it the process check it
needs) marks such runs failed while the UI runs, whoever started them.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import dagster as dg
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.launcher.base import CheckRunHealthResult, WorkerStatus

from pipeline.settings import PACKAGE_DATA_DIR, Settings

INSTANCE_DIR = ".dagster"
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
    if not config.exists():
        shutil.copyfile(PACKAGE_DATA_DIR / "dagster.yaml", config)
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    return home


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
