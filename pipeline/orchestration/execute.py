"""One run of ``pipeline_job`` in this process, as the command line starts it.

``run_month`` runs the job for a reporting month on the data root's instance (two runs
when the month is the data's as-of month, known only after ingestion), recording the
runs with the UI's code location as their origin; ``RunLog`` keeps everything Dagster says
in ``processed/logs/``; a failed run becomes ``RunFailed``: what happened and what to do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time

from pipeline.publication.publish import private_dir, private_file
from pipeline.settings import REPO_ROOT, Settings


class RunLog:
    """``processed/logs/run-<time>-<pid>.log``: everything Dagster says, and every full trace."""

    def __init__(self, settings: Settings) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.path = settings.processed_dir / "logs" / f"run-{stamp}-{os.getpid()}.log"
        # a log holds file names and values as typed: owner-only, like the database
        self._fh = private_file(private_dir(self.path.parent) / self.path.name)

    def write(self, text: str) -> None:
        self._fh.write(text.rstrip("\n") + "\n")
        self._fh.flush()

    @contextlib.contextmanager
    def capture(self):
        """Send stdout and stderr (Dagster's console logger among them) into the log file."""
        with contextlib.redirect_stdout(self._fh), contextlib.redirect_stderr(self._fh):
            yield
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


class RunFailed(Exception):
    """A run failed: ``lines`` say what happened and what to do; ``status`` is the exit status."""

    def __init__(self, lines: list[str], status: int = 1) -> None:
        super().__init__(lines[0])
        self.lines = lines
        self.status = status


def _failure(result, log: RunLog) -> RunFailed:
    """What went wrong in a failed run, for a person: the expected message, else step and cause."""
    import dagster as dg

    from pipeline.orchestration import outcomes

    unexpected = []
    for event in result.all_events:
        if event.event_type not in (dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE):
            continue
        data = event.event_specific_data
        error = getattr(data, "error", None)
        if error is not None:
            log.write(f"--- {event.step_key or 'run'} failed:\n{error.to_string()}")
        user = getattr(data, "user_failure_data", None)
        if user is not None and outcomes.OUTCOME_KEY in (user.metadata or {}):
            kind = user.metadata[outcomes.OUTCOME_KEY].value
            return RunFailed([f"error: {user.description}"], outcomes.exit_status(kind))
        if error is not None and event.step_key:
            unexpected.append(f"error: step {event.step_key} failed: {outcomes.error_line(error)}")
        elif error is not None and not unexpected:
            unexpected.append(f"error: run {result.run_id[:8]} failed: {outcomes.error_line(error)}")
    if not unexpected:
        unexpected = [f"error: run {result.run_id[:8]} failed (no step reported an error)"]
    return RunFailed([*unexpected[:3], "this was not expected: please report it with the log file"])


#: The code location ``dagster dev`` loads (pyproject.toml [tool.dagster]) and its repository.
CODE_LOCATION = "pipeline"
REPOSITORY = "__repository__"
DEFINITIONS_MODULE = "pipeline.definitions"


def code_location():
    """The definitions as Dagster loads them, by module name (``pipeline.definitions``, ``defs``).

    By name, not by import: the definitions import this package, never the other way round.
    """
    from dagster._core.definitions.reconstruct import ReconstructableRepository

    return ReconstructableRepository.for_module(DEFINITIONS_MODULE, "defs", working_directory=str(REPO_ROOT))


def execute(
    log: RunLog, asset_selection=None, partition_key: str | None = None, tags: dict[str, str] | None = None
):
    """One in-process run of ``pipeline_job`` on the data root's instance; raises RunFailed.

    The run is recorded with the UI's code location as its origin, so the UI lists it
    with that location's job everywhere, the Overview timeline included (a run without
    an origin is left out there).
    """
    import dagster as dg
    from dagster._core.execution.api import execute_run
    from dagster._core.remote_origin import (
        RegisteredCodeLocationOrigin,
        RemoteJobOrigin,
        RemoteRepositoryOrigin,
    )

    from pipeline.orchestration.instance import process_tags

    job = code_location().get_reconstructable_job("pipeline_job")
    if asset_selection is not None:
        job = job.get_subset(asset_selection=frozenset(asset_selection))
    origin = RemoteJobOrigin(
        repository_origin=RemoteRepositoryOrigin(
            code_location_origin=RegisteredCodeLocationOrigin(CODE_LOCATION), repository_name=REPOSITORY
        ),
        job_name="pipeline_job",
    )
    run_tags = {"pipeline/trigger": "cli", **process_tags(), **(tags or {})}
    if partition_key is not None:
        run_tags["dagster/partition"] = partition_key
    instance = dg.DagsterInstance.get()
    with log.capture():
        run = instance.create_run_for_job(
            job_def=job.get_definition(),
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            tags=run_tags,
            asset_selection=frozenset(asset_selection) if asset_selection is not None else None,
            remote_job_origin=origin,
            job_code_origin=job.get_python_origin(),
        )
        result = execute_run(job, run, instance)
    if not result.success:
        raise _failure(result, log)
    return result


def run_month(settings: Settings, log: RunLog, key: str | None, strict: bool = False) -> str:
    """Run the job for partition ``key`` (None: the data's as-of month); the month reported.

    ``strict``: incomplete inputs (``pipeline.audit.health``) fail the run, publishing nothing.
    """
    from pipeline.core.months import data_span
    from pipeline.orchestration.jobs import partitioned_keys, whole_table_keys
    from pipeline.orchestration.partitions import check_partition, partition_key
    from pipeline.orchestration.resources import HOLD_TAG, STRICT_TAG, WORKSPACE_TAG, DuckDBResource
    from pipeline.orchestration.sensors import AFTER_RUN_TAG, STAGE_TAG
    from pipeline.publication.publish import Workspace

    strict_tags = {STRICT_TAG: "true"} if strict else {}
    if key is not None:
        started = time.time()
        execute(log, partition_key=key, tags=strict_tags)
        _check_published(settings, started)
        return key
    # The month is the data's as-of month, which only the ingested data tells: first the
    # tables into a workspace kept unpublished, then the reports of that month in it; the
    # second run publishes both together. So the UI lists two runs: a Dagster run has one
    # partition, fixed when it is created, and the reports' partition is known only after
    # ingestion (the raw-files sensor does the same). Their tags join them: the same
    # pipeline/workspace, pipeline/stage tables then reports, and pipeline/after_run on the
    # second naming the first. With --month the partition is known: one run.
    name = f"cli-{os.getpid()}-{secrets.token_hex(3)}"
    workspace = Workspace(settings.processed_dir, name)
    # The database is written in the first run and published by the second: its time is
    # the first's (a slow export step between them must not make it look stale).
    started = time.time()
    graph = code_location().get_definition().asset_graph
    try:
        tables = execute(
            log,
            asset_selection=whole_table_keys(graph),
            tags={HOLD_TAG: "true", WORKSPACE_TAG: name, STAGE_TAG: "tables", **strict_tags},
        )
        with DuckDBResource(database=str(workspace.db_path)).connect(read_only=True) as con:
            span = data_span(con)
        try:
            key = check_partition(span.as_of_month)
        except ValueError as exc:
            raise RunFailed(
                [
                    f"error: the data's as-of month {partition_key(span.as_of_month)} has no partition: "
                    f"{exc}",
                    f"the data is {span.as_of_text()}: a date there may be mistyped",
                ]
            ) from None
        execute(
            log,
            asset_selection=partitioned_keys(graph),
            partition_key=key,
            tags={WORKSPACE_TAG: name, STAGE_TAG: "reports", AFTER_RUN_TAG: tables.run_id, **strict_tags},
        )
        _check_published(settings, started)
    finally:
        workspace.discard()
    return key


def _check_published(settings: Settings, started: float) -> None:
    """A run that succeeded must have published its database: never report stale outputs as new."""
    if not settings.db_path.exists() or settings.db_path.stat().st_mtime < started - 1:
        raise RunFailed(
            [
                f"error: the run succeeded but did not publish {settings.db_path}: the outputs "
                "are those of an earlier run",
                "this was not expected: please report it with the log file",
            ]
        )
