"""Sensors: new, changed or removed input files under ``raw/`` start the pipeline.

The sensor compares the SHA-256 of every input file (the files ingestion reads: hidden
files and READMEs excluded) with its cursor, a JSON object ``{path: sha256}`` with paths
relative to ``raw/``: the set of inputs last ingested *successfully*. A copy that keeps
the old modification time is still noticed; a file touched without a change is not.

It works in two steps, because the month to report on is the data's own as-of month,
never the wall clock, and only the ingested data tells which month that is:

1. When the files differ from the cursor: one run of ``pipeline_job`` for ingestion and
   everything downstream that is not per month (staging, audit, marts, exports), tagged
   with the fingerprint of the input set. The cursor moves only once such a run has
   succeeded. A failed run is retried on a later tick, up to ``MAX_ATTEMPTS`` runs per
   input set, each failure written to the tick's log with its message; after that the
   sensor waits for the inputs to change.
2. When the latest such run has succeeded: one run of the reports for the month that
   run built the marts through (its ``as_of_month`` metadata), i.e. the latest
   partition the data covers. Once a run tagged as following that run exists (and by
   its run key ``reports:<run id>``), it is not requested again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from pipeline.core.months import parse_month
from pipeline.ingest.discover import discover
from pipeline.ingest.file_names import printable_path
from pipeline.orchestration import outcomes
from pipeline.orchestration.jobs import PIPELINE_JOB, partitioned_keys, whole_table_keys
from pipeline.orchestration.partitions import check_partition
from pipeline.orchestration.resources import SettingsResource

if TYPE_CHECKING:  # the graph a Definitions or a code location resolves (not exported by dagster)
    from dagster._core.definitions.assets.graph.base_asset_graph import BaseAssetGraph

SENSOR_NAME = "raw_files_sensor"
TRIGGER_TAG = "pipeline/trigger"
STAGE_TAG = "pipeline/stage"
AFTER_RUN_TAG = "pipeline/after_run"
INPUTS_TAG = "pipeline/inputs"
ATTEMPT_TAG = "pipeline/attempt"
#: Ingestion runs per input set before the sensor stops retrying and waits for new inputs.
MAX_ATTEMPTS = 3
_FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def hash_inputs(raw_dir: Path) -> dict[str, str]:
    """``{path relative to raw_dir: sha256}`` of every input file, sorted by path."""
    hashes = {}
    for path in discover(raw_dir):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        # a name that is not UTF-8 as ingestion lists it: run tags and the cursor are UTF-8
        hashes[printable_path(path.relative_to(raw_dir).as_posix(), raw_dir)] = digest.hexdigest()
    return hashes


def describe_changes(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """``'2 new, 1 changed, 0 removed: a.csv, b.xlsx, ...'`` for the run's tags and the tick log."""
    new = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(after) & set(before) if after[p] != before[p])
    names = [*new, *changed, *removed]
    listed = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"{len(new)} new, {len(changed)} changed, {len(removed)} removed: {listed}"


def fingerprint(hashes: Mapping[str, str]) -> str:
    """One hash for a whole input set (the tag that ties runs to the inputs they ingested)."""
    return hashlib.sha256(json.dumps(dict(hashes), sort_keys=True).encode()).hexdigest()[:16]


def failure_message(instance: dg.DagsterInstance, run_id: str) -> str:
    """What made a run fail, in one line: the expected message, else the step and its error."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    for record in records:
        event = record.event_log_entry.dagster_event
        data = event.step_failure_data if event is not None else None
        if data is None:
            continue
        if data.user_failure_data is not None and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error is not None:
            return f"step {event.step_key}: {outcomes.error_line(data.error)}"
    return "the run failed before any step (see the run's logs)"


def _latest_tables_run(instance: dg.DagsterInstance) -> dg.DagsterRun | None:
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            tags={TRIGGER_TAG: SENSOR_NAME, STAGE_TAG: "tables"}, statuses=[dg.DagsterRunStatus.SUCCESS]
        ),
        limit=1,
    )
    return runs[0] if runs else None


def reporting_month_of_run(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The ``as_of_month`` the run's marts were built through (their metadata), if any."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    for record in records:
        materialization = record.event_log_entry.asset_materialization
        if materialization is None or materialization.asset_key.path[0] != "marts":
            continue
        value = materialization.metadata.get("as_of_month")
        if value is not None:
            return str(value.value)
    return None


def _reports_after(instance: dg.DagsterInstance, graph: BaseAssetGraph) -> dg.RunRequest | dg.SkipReason:
    run = _latest_tables_run(instance)
    if run is None:
        return dg.SkipReason("input files unchanged")
    month = reporting_month_of_run(instance, run.run_id)
    if month is None:
        return dg.SkipReason(f"run {run.run_id[:8]} recorded no reporting month")
    try:
        key = check_partition(parse_month(month))
    except ValueError as exc:
        return dg.SkipReason(f"no report for run {run.run_id[:8]}: {exc}")
    if instance.get_runs(filters=dg.RunsFilter(tags={AFTER_RUN_TAG: run.run_id}), limit=1):
        return dg.SkipReason(
            f"input files unchanged; the reports of {key} were requested after ingestion run {run.run_id[:8]}"
        )
    return dg.RunRequest(
        run_key=f"reports:{run.run_id}",
        partition_key=key,
        asset_selection=partitioned_keys(graph),
        tags={TRIGGER_TAG: SENSOR_NAME, STAGE_TAG: "reports", AFTER_RUN_TAG: run.run_id},
    )


@dg.sensor(
    name=SENSOR_NAME,
    job=PIPELINE_JOB,
    minimum_interval_seconds=60,
    description=(
        "Watches data/raw/ (by SHA-256, not modification time). New, changed or removed input "
        "files start ingestion and everything downstream; once that run succeeds, the reports "
        "of the data's latest month (its as-of month) are rendered."
    ),
)
def raw_files_sensor(
    context: dg.SensorEvaluationContext, settings: SettingsResource
) -> dg.SensorResult | dg.SkipReason:
    """Start ingestion when the inputs change, retrying a failed run; then the reports of the data's month."""
    before: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    after = hash_inputs(settings.get().raw_dir)
    # the asset graph of the code location the sensor runs in: it resolves the job's selections
    graph = context.repository_def.asset_graph
    cursor = None
    if after != before:
        step = _ingestion_step(context, graph, before, after)
        if step is not None:
            return step
        cursor = json.dumps(after, sort_keys=True)  # ingested: only now does the cursor move
    follow_up = _reports_after(context.instance, graph)
    if isinstance(follow_up, dg.SkipReason):
        if cursor is None:
            return follow_up
        return dg.SensorResult(skip_reason=follow_up, cursor=cursor)
    return dg.SensorResult(run_requests=[follow_up], cursor=cursor)


def _ingestion_step(
    context: dg.SensorEvaluationContext, graph: BaseAssetGraph, before: dict[str, str], after: dict[str, str]
) -> dg.SensorResult | dg.SkipReason | None:
    """The tick's answer while the inputs differ from the cursor; None once they were ingested."""
    inputs = fingerprint(after)
    runs = context.instance.get_runs(
        filters=dg.RunsFilter(tags={TRIGGER_TAG: SENSOR_NAME, STAGE_TAG: "tables", INPUTS_TAG: inputs})
    )
    changes = describe_changes(before, after)
    if runs and runs[0].status == dg.DagsterRunStatus.SUCCESS:
        context.log.info(f"ingestion run {runs[0].run_id[:8]} succeeded: {changes}")
        return None
    if runs and runs[0].status not in _FINISHED:
        return dg.SkipReason(f"ingestion run {runs[0].run_id[:8]} for these inputs is {runs[0].status.value}")
    failed = [r for r in runs if r.status in _FINISHED]
    if failed:
        last = failed[0]
        message = failure_message(context.instance, last.run_id)
        if len(failed) >= MAX_ATTEMPTS:
            text = (
                f"ingestion failed {len(failed)} times for these inputs (last run {last.run_id[:8]}): "
                f"{message}. Not retrying: fix the inputs; a new, changed or removed file starts again"
            )
            context.log.error(text)
            return dg.SkipReason(text)
        context.log.warning(
            f"ingestion run {last.run_id[:8]} failed (attempt {len(failed)} of {MAX_ATTEMPTS}): {message}; "
            "retrying"
        )
    else:
        context.log.info(changes)
    attempt = len(failed) + 1
    request = dg.RunRequest(
        run_key=f"tables:{inputs}:{attempt}",
        asset_selection=whole_table_keys(graph),
        tags={
            TRIGGER_TAG: SENSOR_NAME,
            STAGE_TAG: "tables",
            INPUTS_TAG: inputs,
            ATTEMPT_TAG: str(attempt),
            "pipeline/changes": changes[:200],
        },
    )
    return dg.SensorResult(run_requests=[request])


SENSORS = [raw_files_sensor]
