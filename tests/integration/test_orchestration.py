"""Orchestration: the monthly partitions, the schedule, the raw-files sensor and the month flow."""

import datetime as dt
import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from dagster._core.utils import make_new_run_id

from pipeline.__main__ import main
from pipeline.core.months import add_months
from pipeline.definitions import defs
from pipeline.orchestration.assets.internal import RENEWAL_LIST
from pipeline.orchestration.assets.reports import MONTHLY_REPORT, REPORT_ASSETS
from pipeline.orchestration.jobs import partitioned_keys, whole_table_keys
from pipeline.orchestration.partitions import MONTHLY_PARTITIONS, TIMEZONE, check_partition
from pipeline.orchestration.resources import DuckDBResource, RunParams, SettingsResource
from pipeline.orchestration.schedules import monthly_reports_schedule
from pipeline.orchestration.sensors import (
    ATTEMPT_TAG,
    MAX_ATTEMPTS,
    SENSOR_NAME,
    STAGE_TAG,
    TRIGGER_TAG,
    hash_inputs,
    raw_files_sensor,
)
from tests.conftest import copy_sample, definitions_at, write_csv, write_gazetteer

PONTIANAK = ZoneInfo(TIMEZONE)


# --- partitions and the month of a run -------------------------------------------------


def test_partitions_are_months_from_2024_01_to_four_months_ahead():
    """A spell may start up to 92 days ahead: the data, not the calendar, refuses months at run time."""
    keys = MONTHLY_PARTITIONS.get_partition_keys()
    now = dt.datetime.now(PONTIANAK)
    assert keys[0] == "2024-01"
    assert keys[-1] == f"{add_months(dt.date(now.year, now.month, 1), 4):%Y-%m}"
    assert "2025-09" in keys
    assert check_partition(dt.date(2025, 9, 1)) == "2025-09"
    with pytest.raises(ValueError, match="before the first partition 2024-01"):
        check_partition(dt.date(2023, 12, 1))
    with pytest.raises(ValueError, match="after the last partition"):
        check_partition(dt.date(now.year + 1, now.month, 1))


def test_only_the_reports_are_partitioned_and_the_job_runs_in_process():
    assert partitioned_keys(defs.resolve_asset_graph()) == [RENEWAL_LIST, MONTHLY_REPORT]
    assert dg.AssetKey(["marts", "coverage_by_village"]) in whole_table_keys(defs.resolve_asset_graph())
    job = defs.resolve_job_def("pipeline_job")
    assert job.partitions_def == MONTHLY_PARTITIONS
    assert job.executor_def.name == "in_process"
    # the UI's "Materialize" runs the implicit asset job: one DuckDB writer there too
    assert defs.resolve_implicit_global_asset_job_def().executor_def.name == "in_process"


@dg.asset(partitions_def=MONTHLY_PARTITIONS)
def _month_seen(run_params: RunParams) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"month": run_params.reporting_month})


def _month_of(result: dg.ExecuteInProcessResult) -> str:
    return result.get_asset_materialization_events()[0].materialization.metadata["month"].value


def test_run_params_take_the_month_from_config_else_the_partition_else_nothing():
    partitioned = dg.materialize(
        [_month_seen], partition_key="2025-06", resources={"run_params": RunParams()}
    )
    assert _month_of(partitioned) == "2025-06"
    configured = dg.materialize([_month_seen], resources={"run_params": RunParams(reporting_month="2025-04")})
    assert _month_of(configured) == "2025-04"
    # neither: empty, which the assets read as the data's as-of month
    assert _month_of(dg.materialize([_month_seen], resources={"run_params": RunParams()})) == ""


def test_a_month_in_config_that_contradicts_the_partition_fails_the_run():
    result = dg.materialize(
        [_month_seen],
        partition_key="2025-06",
        resources={"run_params": RunParams(reporting_month="2025-04")},
        raise_on_error=False,
    )
    assert not result.success


def test_cli_rejects_a_month_outside_the_partitions(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    assert main(["run", "--month", "2023-06"]) == 2
    assert "before the first partition 2024-01" in capsys.readouterr().err
    assert main(["run", "--month", "2025-13"]) == 2
    assert "must look like 2025-09" in capsys.readouterr().err


# --- the monthly schedule ----------------------------------------------------------------


def _requests(schedule: dg.ScheduleDefinition, when: dt.datetime) -> list[dg.RunRequest]:
    with dg.build_schedule_context(
        scheduled_execution_time=when, repository_def=defs.get_repository_def()
    ) as context:
        return list(schedule.evaluate_tick(context).run_requests or [])


def _bengkayang_schedule(tmp_path) -> dg.ScheduleDefinition:
    """The schedule of a data root whose gazetteer is Bengkayang's (61.07): Pontianak time."""
    from pipeline.orchestration.schedules import build_monthly_schedule
    from pipeline.settings import Settings
    from tests.conftest import write_gazetteer

    write_gazetteer(tmp_path / "raw")
    return build_monthly_schedule(Settings.at(tmp_path))


def test_schedule_runs_on_the_1st_at_0600_in_pontianak(tmp_path):
    schedule = _bengkayang_schedule(tmp_path)
    assert schedule.cron_schedule == "0 6 1 * *"
    assert schedule.execution_timezone == "Asia/Pontianak"
    assert schedule.job_name == "pipeline_job"
    assert monthly_reports_schedule.name == schedule.name


def test_schedule_tick_on_1_october_requests_september(tmp_path):
    schedule = _bengkayang_schedule(tmp_path)
    [request] = _requests(schedule, dt.datetime(2025, 10, 1, 6, 0, tzinfo=PONTIANAK))
    assert request.partition_key == "2025-09"
    assert request.partition_key in MONTHLY_PARTITIONS.get_partition_keys()


def test_schedule_reads_the_tick_in_pontianak_time(tmp_path):
    schedule = _bengkayang_schedule(tmp_path)
    # 1 October 06:00 WIB is still 30 September in UTC
    utc = dt.datetime(2025, 9, 30, 23, 0, tzinfo=dt.UTC)
    assert [r.partition_key for r in _requests(schedule, utc)] == ["2025-09"]
    january = dt.datetime(2026, 1, 1, 6, 0, tzinfo=PONTIANAK)
    assert [r.partition_key for r in _requests(schedule, january)] == ["2025-12"]


# --- the raw-files sensor ----------------------------------------------------------------


@pytest.fixture
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    write_gazetteer(raw)
    (raw / "README.md").write_text("not an input\n")
    (raw / "enrolment").mkdir()
    (raw / "enrolment" / ".~lock.peserta.xlsx#").write_text("hidden editor lock file\n")
    return raw


class Ticks:
    """Evaluate the sensor tick after tick, carrying its cursor like the daemon does.

    ``outcome``: each requested run is recorded in the instance with that status, as if
    the daemon had launched it and it had ended before the next tick (None: not recorded).
    """

    def __init__(self, instance: dg.DagsterInstance, root: Path):
        self.instance = instance
        self.settings = SettingsResource(data_dir=str(root))
        self.cursor: str | None = None

    def tick(self, outcome: dg.DagsterRunStatus | None = dg.DagsterRunStatus.SUCCESS) -> list[dg.RunRequest]:
        context = dg.build_sensor_context(
            instance=self.instance,
            cursor=self.cursor,
            sensor_name=SENSOR_NAME,
            definitions=defs,
            resources={"settings": self.settings},
        )
        data = raw_files_sensor.evaluate_tick(context)
        if data.cursor is not None:
            self.cursor = data.cursor
        self.skip_message = data.skip_message
        requests = list(data.run_requests or [])
        for request in requests if outcome is not None else []:
            self.instance.add_run(
                dg.DagsterRun(
                    job_name="pipeline_job", run_id=make_new_run_id(), tags=request.tags, status=outcome
                )
            )
        return requests


@pytest.fixture
def ticks(tmp_path):
    with dg.instance_for_test() as instance:
        yield Ticks(instance, tmp_path)


def test_first_tick_starts_ingestion_and_records_the_inputs_once_it_succeeded(raw, ticks):
    [request] = ticks.tick()
    assert request.partition_key is None
    assert set(request.asset_selection) == set(whole_table_keys(defs.resolve_asset_graph()))
    assert MONTHLY_REPORT not in request.asset_selection
    assert request.tags[TRIGGER_TAG] == SENSOR_NAME and request.tags[STAGE_TAG] == "tables"
    assert ticks.cursor is None  # requested, not yet ingested
    assert ticks.tick() == []  # the run succeeded: now the cursor records the inputs
    cursor = json.loads(ticks.cursor)
    assert cursor == hash_inputs(raw)
    assert list(cursor) == ["reference/wilayah.csv"]  # READMEs and hidden files are not inputs
    assert len(cursor["reference/wilayah.csv"]) == 64


def test_an_unchanged_file_triggers_no_run(raw, ticks):
    assert len(ticks.tick()) == 1
    assert ticks.tick() == []
    # touched but not changed: the content hash decides, not the modification time
    gazetteer = raw / "reference" / "wilayah.csv"
    os.utime(gazetteer, (1_900_000_000, 1_900_000_000))
    assert ticks.tick() == []


def test_a_run_in_progress_is_not_requested_again(raw, ticks):
    assert len(ticks.tick(outcome=dg.DagsterRunStatus.STARTED)) == 1
    assert ticks.tick() == []
    assert ticks.skip_message.endswith("for these inputs is STARTED")
    assert ticks.cursor is None


def test_a_new_file_triggers_one_run(raw, ticks):
    ticks.tick()
    ticks.tick()
    write_csv(raw / "enrolment" / "peserta_2025.csv", [("nik", "nama"), ("6107011203560001", "A")])
    [request] = ticks.tick()
    assert "1 new, 0 changed, 0 removed: enrolment/peserta_2025.csv" in request.tags["pipeline/changes"]
    assert ticks.tick() == []
    assert "enrolment/peserta_2025.csv" in json.loads(ticks.cursor)


def test_a_changed_file_triggers_one_run_even_with_the_same_size_and_mtime(raw, ticks):
    path = write_csv(raw / "enrolment" / "peserta_2025.csv", [("nik", "nama"), ("6107011203560001", "A")])
    ticks.tick()
    ticks.tick()
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b",A", b",B"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    [request] = ticks.tick()
    assert "0 new, 1 changed, 0 removed" in request.tags["pipeline/changes"]
    assert ticks.tick() == []


def test_a_removed_file_triggers_one_run(raw, ticks):
    path = write_csv(raw / "claims" / "klaim.csv", [("id_klaim",), ("K1",)])
    ticks.tick()
    ticks.tick()
    path.unlink()
    [request] = ticks.tick()
    assert "0 new, 0 changed, 1 removed: claims/klaim.csv" in request.tags["pipeline/changes"]
    ticks.tick()
    assert "claims/klaim.csv" not in json.loads(ticks.cursor)


def test_an_empty_raw_folder_triggers_nothing(ticks):
    assert ticks.tick() == []


def test_a_failed_ingestion_is_retried_on_later_ticks_a_bounded_number_of_times(raw, ticks):
    """Issue 11 (6): the cursor waits for a success; each failure is retried, at most 3 runs."""
    failure = dg.DagsterRunStatus.FAILURE
    attempts = [ticks.tick(outcome=failure) for _ in range(MAX_ATTEMPTS)]
    assert [r.tags[ATTEMPT_TAG] for [r] in attempts] == ["1", "2", "3"]
    assert len({r.run_key for [r] in attempts}) == MAX_ATTEMPTS
    assert ticks.cursor is None
    assert ticks.tick() == []  # gave up: no fourth run for the same inputs
    assert ticks.skip_message.startswith("ingestion failed 3 times for these inputs")
    assert "fix the inputs" in ticks.skip_message
    assert ticks.cursor is None
    # a new file is a new input set: ingestion starts again, and a success moves the cursor
    write_csv(raw / "enrolment" / "peserta_2025.csv", [("nik", "nama"), ("6107011203560001", "A")])
    [again] = ticks.tick()
    assert again.tags[ATTEMPT_TAG] == "1"
    assert ticks.tick() == []
    assert json.loads(ticks.cursor) == hash_inputs(raw)


def test_the_failure_of_a_real_ingestion_run_is_in_the_next_ticks_log(raw, ticks, capfd):
    job = definitions_at(raw.parent).resolve_job_def("pipeline_job")
    [request] = ticks.tick(outcome=None)
    failed = job.execute_in_process(
        instance=ticks.instance,
        asset_selection=list(request.asset_selection),
        tags=request.tags,
        raise_on_error=False,
    )
    assert not failed.success  # a gazetteer alone: no enrolment data
    capfd.readouterr()
    [retry] = ticks.tick(outcome=None)
    assert retry.tags[ATTEMPT_TAG] == "2"
    logged = capfd.readouterr().err  # the tick's log (the daemon keeps it with the tick)
    assert f"WARNING - ingestion run {failed.run_id[:8]} failed (attempt 1 of 3): no enrolment data" in logged
    assert ticks.cursor is None


@pytest.mark.slow
def test_after_the_ingestion_run_succeeds_the_sensor_renders_the_data_month(tmp_path, sample_raw):
    """The sensor's two steps on the sample data: whole tables, then 2025-09's reports."""
    copy_sample(sample_raw, tmp_path)
    job = definitions_at(tmp_path).resolve_job_def("pipeline_job")
    with dg.instance_for_test() as instance:
        ticks = Ticks(instance, tmp_path)
        [tables] = ticks.tick(outcome=None)
        first = job.execute_in_process(
            instance=instance, asset_selection=list(tables.asset_selection), tags=tables.tags
        )
        assert first.success
        assert not (tmp_path / "processed" / "reports").exists()

        [reports] = ticks.tick(outcome=None)  # the ingestion run has succeeded: cursor moves
        assert reports.partition_key == "2025-09"  # the data's as-of month, not the wall clock
        assert list(reports.asset_selection) == [RENEWAL_LIST, MONTHLY_REPORT]
        assert reports.run_key == f"reports:{first.run_id}"
        second = job.execute_in_process(
            instance=instance,
            asset_selection=list(reports.asset_selection),
            partition_key=reports.partition_key,
            tags=reports.tags,
        )
        assert second.success
        pdfs = list((tmp_path / "processed" / "reports" / "2025-09").glob("61.07-*.pdf"))
        assert len(pdfs) == 1
        [event] = [e for e in second.get_asset_materialization_events() if e.asset_key == MONTHLY_REPORT]
        assert event.partition == "2025-09"
        metadata = event.materialization.metadata
        assert metadata["61.07-kabupaten-bengkayang/path"].value == str(pdfs[0])
        assert metadata["61.07-kabupaten-bengkayang/pages"].value > 5
        assert "| 2025-09 | " in metadata["coverage_trend"].value

        # once the reports run exists nothing more is requested; a failed ingestion is retried
        assert ticks.tick(outcome=None) == []
        (tmp_path / "raw" / "reference" / "wilayah.csv").unlink()
        [tables_again] = ticks.tick(outcome=None)
        failed = job.execute_in_process(
            instance=instance,
            asset_selection=list(tables_again.asset_selection),
            tags=tables_again.tags,
            raise_on_error=False,
        )
        assert not failed.success  # no gazetteer: nothing usable
        [retry] = ticks.tick(outcome=None)
        assert retry.tags["pipeline/attempt"] == "2"
        # the published reports and tables stay those of the last successful run
        assert pdfs[0].exists()


# --- the report asset per partition ------------------------------------------------------


@pytest.fixture(scope="module")
def report_db(tmp_path_factory) -> Path:
    """The small synthetic database of the report tests (data through 2025-09)."""
    from tests.fixtures.report_db import build_report_db_file

    path = tmp_path_factory.mktemp("report") / "processed" / "coverage.duckdb"
    path.parent.mkdir()
    return build_report_db_file(path)


def test_a_partition_renders_that_months_report(report_db):
    result = dg.materialize(
        REPORT_ASSETS,
        partition_key="2025-08",
        resources={"duckdb": DuckDBResource(database=str(report_db)), "run_params": RunParams()},
    )
    [event] = result.get_asset_materialization_events()
    assert event.partition == "2025-08"
    metadata = event.materialization.metadata
    assert metadata["reporting_month"].value == "2025-08"
    pdf = report_db.parent / "reports" / "2025-08" / "61.07-kabupaten-bengkayang.pdf"
    assert metadata["61.07-kabupaten-bengkayang/path"].value == str(pdf) and pdf.exists()
    assert metadata["61.07-kabupaten-bengkayang/pages"].value > 5
    trend = metadata["coverage_trend"].value
    assert trend.startswith("**61.07 KAB. BENGKAYANG**")
    assert trend.count("\n| 20") == 12 and "| 2024-09 |" in trend and "| 2025-08 |" in trend


def test_a_month_after_the_data_fails_the_reports_run_at_its_first_step_with_the_refusal(report_db):
    """Issue 11 (2): a partition after the as-of month reports nothing; the run says why."""
    result = dg.materialize(
        REPORT_ASSETS,
        partition_key="2026-01",
        resources={"duckdb": DuckDBResource(database=str(report_db)), "run_params": RunParams()},
        raise_on_error=False,
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert failure.step_key == "reports__monthly_report"
    description = failure.step_failure_data.user_failure_data.description
    assert description.startswith("refused: 2026-01 is after the data's as-of month 2025-09")
    assert "the data is as of " in description and "row " in description
    assert not (report_db.parent / "reports" / "2026-01").exists()
