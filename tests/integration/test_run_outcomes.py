"""Issue 11: run outcomes off the happy path, with real ``python -m pipeline`` processes.

The data root is small enough to check by hand (``_write_inputs``):

- 40 workers, villages 61.07.01.2001 and 61.07.04.2003 alternating, each covered from
  1 March 2025 to 31 December 2025 (enrolment/desa.csv rows 2-41);
- worker 41 from 15 October 2025 (row 42): the latest accepted date, so the data is as
  of 15 October 2025 and its months run from 2025-03 to 2025-10;
- one JKK claim paid on 30 June 2025.
"""

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import write_csv, write_gazetteer

HEADER = ("NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran")
AS_OF = "15 October 2025 (tgl_mulai in enrolment/desa.csv, row 42)"


def _write_inputs(root: Path, workers: int = 40) -> Path:
    raw = root / "raw"
    write_gazetteer(raw)
    rows = [HEADER]
    for i in range(workers):
        village = "6107012001" if i % 2 else "6107042003"
        rows.append(
            (
                f"61070112035601{i:02d}",
                f"Peserta {i}",
                village,
                "Petani",
                "APBD_KAB",
                "01/03/2025",
                "31/12/2025",
                "16800",
            )
        )
    rows.append(
        (
            "6107011203569941",
            "Peserta Baru",
            "6107012001",
            "Petani",
            "MANDIRI",
            "15/10/2025",
            "14/10/2026",
            "16800",
        )
    )
    write_csv(raw / "enrolment" / "desa.csv", rows)
    write_csv(
        raw / "claims" / "klaim.csv",
        [
            ("No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Tgl Bayar", "Nominal"),
            ("K1", "6107011203560101", "JKK", "10/06/2025", "12/06/2025", "30/06/2025", "5000000"),
        ],
    )
    return root


def _env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return {**env, "PIPELINE_DATA_DIR": str(root), "PIPELINE_CODE_VERSION": "test", **extra}


def _run(root: Path, *args: str, user: tuple[int, int] | None = None, **extra: str):
    command = [sys.executable, "-m", "pipeline", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups", *command]
    return subprocess.run(
        command,
        env=_env(root, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )


def _published(root: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every published file (logs, the lock and the instance aside)."""
    processed = root / "processed"
    if not processed.exists():
        return {}
    return {
        str(p.relative_to(processed)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(processed.rglob("*"))
        if p.is_file() and p.parts[len(processed.parts)] != "logs" and p.name != ".pipeline-run.lock"
    }


@pytest.fixture(scope="module")
def published_root(tmp_path_factory) -> Path:
    """One successful default run: reports of the as-of month 2025-10."""
    root = _write_inputs(tmp_path_factory.mktemp("published"))
    done = _run(root, "run")
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def root(published_root, tmp_path) -> Path:
    """A copy of the published data root that a test may change."""
    copy = tmp_path / "data"
    shutil.copytree(published_root, copy, symlinks=True)
    return copy


# --- 1 and 2: months outside the data are refused, nothing is written ------------------------


def test_a_month_before_the_data_is_refused_with_status_2_and_nothing_is_written(root):
    before = _published(root)
    refused = _run(root, "run", "--month", "2024-06")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "error: refused: 2024-06 is before the data's first month 2025-03 (its earliest tgl_mulai in "
        f"enrolment/desa.csv, row 2); the data is as of {AS_OF}; choose a month from 2025-03 to 2025-10"
    ]
    assert _published(root) == before
    assert not (root / "processed" / "reports" / "2024-06").exists()
    assert not list((root / "processed").glob(".run-*"))


def test_a_month_after_the_as_of_month_is_refused_with_status_2_and_nothing_is_written(root):
    before = _published(root)
    refused = _run(root, "run", "--month", "2026-01")
    assert refused.returncode == 2
    [line] = refused.stderr.splitlines()
    assert line.startswith(
        f"error: refused: 2026-01 is after the data's as-of month 2025-10: the data is as of {AS_OF}"
    )
    assert _published(root) == before


def test_in_dagster_a_partition_after_the_data_fails_its_first_step_with_the_same_message(root, monkeypatch):
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(root))
    from pipeline.definitions import defs

    before = _published(root)
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("pipeline_job").execute_in_process(
            partition_key="2026-01", instance=instance, raise_on_error=False
        )
    assert not result.success
    failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert [e.step_key for e in failures] == ["ingestion"]
    cli = _run(root, "run", "--month", "2026-01").stderr.strip()
    assert cli == "error: " + failures[0].step_failure_data.user_failure_data.description
    assert _published(root) == before


# --- 3: the marts and exports span the data, whatever month is reported -----------------------


def _months(root: Path) -> tuple[dt.date, dt.date]:
    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as con:
        return con.execute("select min(month), max(month) from marts.coverage_by_village").fetchone()


def test_an_earlier_reporting_month_neither_cuts_the_marts_nor_the_exports(root):
    done = _run(root, "run", "--month", "2025-06")
    assert done.returncode == 0, done.stderr
    assert _months(root) == (dt.date(2025, 3, 1), dt.date(2025, 10, 1))
    csv_months = {
        line.split(",")[0]
        for line in (root / "processed" / "exports" / "coverage_by_area.csv").read_text().splitlines()[1:]
    }
    assert max(csv_months) == "2025-10-01" and min(csv_months) == "2025-03-01"
    assert (root / "processed" / "reports" / "2025-06" / "61.07-kabupaten-bengkayang.pdf").exists()
    assert (root / "processed" / "reports" / "2025-10" / "61.07-kabupaten-bengkayang.pdf").exists()


def test_a_backfill_of_reports_renders_old_months_without_rebuilding_the_tables(root, monkeypatch):
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(root))
    from pipeline.definitions import defs

    database = root / "processed" / "coverage.duckdb"
    before = database.stat().st_mtime_ns, hashlib.sha256(database.read_bytes()).hexdigest()
    with dg.instance_for_test() as instance:
        for month in ("2025-04", "2025-05"):
            result = defs.resolve_job_def("monthly_reports_job").execute_in_process(
                partition_key=month, instance=instance
            )
            assert result.success
            assert {e.asset_key.path[0] for e in result.get_asset_materialization_events()} == {
                "reports",
                "internal",
            }
    assert (database.stat().st_mtime_ns, hashlib.sha256(database.read_bytes()).hexdigest()) == before
    assert _months(root) == (dt.date(2025, 3, 1), dt.date(2025, 10, 1))
    for month in ("2025-04", "2025-05"):
        assert (root / "processed" / "reports" / month / "61.07-kabupaten-bengkayang.pdf").exists()


# --- 4: messages for people ------------------------------------------------------------------


def _short_and_traceless(result) -> list[str]:
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) <= 10, lines
    text = "\n".join(lines)
    assert "Traceback" not in text and "DagsterExecutionStepExecutionError" not in text
    return lines


def _log_path(lines: list[str]) -> Path:
    [log] = [line.split(": ", 1)[1] for line in lines if line.startswith("log")]
    return Path(log)


def test_an_empty_data_root_says_to_run_sample_data_and_leaves_no_database(tmp_path):
    result = _run(tmp_path, "run")
    assert result.returncode == 1
    lines = _short_and_traceless(result)
    assert "python -m pipeline sample-data" in lines[0]
    assert str(tmp_path / "raw" / "reference" / "wilayah.csv") in lines[0]
    log = _log_path(lines)
    assert 'File "' in log.read_text()  # the full trace is in the log, not on the terminal
    assert not (tmp_path / "processed" / "coverage.duckdb").exists()
    assert not list((tmp_path / "processed").glob(".run-*"))


def test_a_gazetteer_alone_says_where_the_enrolment_files_go(tmp_path):
    write_gazetteer(tmp_path / "raw")
    result = _run(tmp_path, "run")
    assert result.returncode == 1
    lines = _short_and_traceless(result)
    assert lines[0].startswith(f"error: no enrolment data: {tmp_path / 'raw' / 'enrolment'} holds no")
    assert "sample-data" in lines[0]
    assert _log_path(lines).exists()
    assert not (tmp_path / "processed" / "coverage.duckdb").exists()


def test_no_gazetteer_but_enrolment_says_where_wilayah_csv_must_go(root):
    before = _published(root)
    (root / "raw" / "reference" / "wilayah.csv").unlink()
    result = _run(root, "run")
    assert result.returncode == 1
    lines = _short_and_traceless(result)
    assert f"must be at {root / 'raw' / 'reference' / 'wilayah.csv'}" in lines[0]
    assert _published(root) == before


def test_sample_data_into_a_root_with_other_files_refuses_without_a_traceback(tmp_path):
    write_csv(tmp_path / "raw" / "reference" / "wilayah.csv", [("kode", "nama"), ("61", "X")])
    result = _run(tmp_path, "sample-data")
    assert result.returncode == 1
    lines = _short_and_traceless(result)
    assert "wilayah.csv: exists and was not written by the sample generator" in lines[0]
    assert (tmp_path / "raw" / "reference" / "wilayah.csv").read_text() == "kode,nama\n61,X\n"


def test_a_lock_held_by_another_run_says_so_and_what_to_do(root):
    from pipeline.core.locking import RunLock

    before = _published(root)
    lock = RunLock(root / "processed" / ".pipeline-run.lock")
    lock.acquire(5)
    try:
        result = _run(root, "run", PIPELINE_LOCK_TIMEOUT_SECONDS="1")
    finally:
        lock.release()
    assert result.returncode == 1
    lines = _short_and_traceless(result)
    assert any(
        line.startswith("error: another pipeline run is still writing this data root") for line in lines
    )
    assert _published(root) == before


def test_an_unexpected_failure_names_the_step_the_cause_and_the_log(root, monkeypatch, capsys):
    import pipeline.build.tables as tables
    from pipeline.__main__ import main

    def broken(con, layer, name, params=None, schema=None):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setenv("PIPELINE_DATA_DIR", str(root))
    monkeypatch.setenv("DAGSTER_HOME", str(root / ".dagster"))
    monkeypatch.setattr(tables, "create_table", broken)
    before = _published(root)
    assert main(["run"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "error: step sql_tables failed: building "
        f"{tables.SQL_TABLES[0].qualified_name}: RuntimeError: disk on fire"  # the first table built
    ), err
    assert len(err) <= 10 and "Traceback" not in "\n".join(err)
    assert "disk on fire" in _log_path(err).read_text()
    assert _published(root) == before


@pytest.mark.parametrize("command", ["run", "sample-data", "dictionary", None])
def test_help_says_what_each_command_reads_and_writes_and_names_the_environment(command):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", *([command] if command else []), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "PIPELINE_DATA_DIR" in result.stdout and "DAGSTER_HOME" in result.stdout
    assert "data_dictionary.md" in result.stdout if command == "dictionary" else "raw/" in result.stdout
    assert "`" not in result.stdout
    if command == "run":
        for output in (
            "processed/coverage.duckdb",
            "processed/exports/",
            "processed/reports/",
            "processed/internal/",
            "processed/logs/",
        ):
            assert output in result.stdout


# --- 5: one Dagster instance per data root, dead runs marked failed --------------------------


def _instance_runs(home: Path) -> list[dg.DagsterRun]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs())


def test_each_data_root_has_its_own_dagster_instance(root, tmp_path):
    other = _write_inputs(tmp_path / "other")
    assert _run(other, "run").returncode == 0
    assert (other / ".dagster" / "dagster.yaml").exists()
    mine = {r.run_id for r in _instance_runs(root / ".dagster")}
    theirs = {r.run_id for r in _instance_runs(other / ".dagster")}
    assert mine and theirs and not mine & theirs
    assert all(r.tags.get("pipeline/pid") for r in _instance_runs(other / ".dagster"))


def test_cli_runs_carry_the_code_location_of_the_ui_so_the_overview_timeline_shows_them(root):
    """The timeline leaves out runs without a repository origin (useRunsForTimeline.tsx)."""
    import tomllib

    from pipeline.definitions import defs

    location = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["tool"]["dagster"][
        "code_location_name"
    ]
    label = f"{defs.get_repository_def().name}@{location}"
    runs = _instance_runs(root / ".dagster")
    assert len(runs) == 2  # the tables, then the month's reports
    assert {r.remote_job_origin.repository_origin.get_label() for r in runs} == {label}
    assert {r.job_name for r in runs} == {"pipeline_job"}


def test_a_run_killed_with_sigkill_is_marked_failed_by_the_next_run(root):
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run"],
        env=_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((root / "processed").glob(".run-*/coverage.duckdb")):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    [killed] = [r for r in _instance_runs(root / ".dagster") if r.status == dg.DagsterRunStatus.STARTED]
    assert killed.tags["pipeline/pid"] == str(proc.pid)
    assert _run(root, "run").returncode == 0
    runs = {r.run_id: r for r in _instance_runs(root / ".dagster")}
    assert runs[killed.run_id].status == dg.DagsterRunStatus.FAILURE
    assert not [r for r in runs.values() if r.status == dg.DagsterRunStatus.STARTED]
    assert not list((root / "processed").glob(".run-*"))  # its unpublished workspace is gone


def test_the_instance_has_run_monitoring_and_no_telemetry():
    import yaml

    from pipeline.settings import PACKAGE_DATA_DIR

    config = yaml.safe_load((PACKAGE_DATA_DIR / "dagster.yaml").read_text())
    assert config["telemetry"] == {"enabled": False}
    assert config["run_monitoring"]["enabled"] is True
    assert config["run_launcher"] == {
        "module": "pipeline.orchestration.instance",
        "class": "PipelineRunLauncher",
    }


def test_the_daemons_run_monitoring_marks_a_run_whose_process_died_as_failed(tmp_path):
    import logging

    from dagster._core.utils import make_new_run_id
    from dagster._daemon.monitoring.run_monitoring import monitor_started_run

    from pipeline.orchestration.instance import process_tags, write_instance_config

    write_instance_config(tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        runs = {
            name: instance.add_run(
                dg.DagsterRun(
                    job_name="pipeline_job",
                    run_id=make_new_run_id(),
                    status=dg.DagsterRunStatus.STARTED,
                    tags={**process_tags(), **tags},
                )
            )
            for name, tags in (
                ("dead", {"pipeline/pid": str(gone.pid)}),
                ("alive", {}),
                ("unnamed", {"pipeline/pid": ""}),
            )
        }
        for run in runs.values():
            [record] = instance.get_run_records(dg.RunsFilter(run_ids=[run.run_id]))
            monitor_started_run(instance, None, record, logging.getLogger("test"))
        status = {name: instance.get_run_by_id(r.run_id).status for name, r in runs.items()}
    assert status == {
        "dead": dg.DagsterRunStatus.FAILURE,
        "alive": dg.DagsterRunStatus.STARTED,
        "unnamed": dg.DagsterRunStatus.STARTED,
    }


def test_make_ui_serves_the_instance_of_the_data_root_it_serves(tmp_path):
    import socket

    with socket.socket() as busy:  # a port in use: ui.sh prepares the instance, then stops
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**_env(tmp_path), "UI_PORT": str(port)}
        result = subprocess.run(
            ["bash", "scripts/ui.sh"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).parents[2],
        )
    assert result.returncode == 1 and "already in use" in result.stderr
    assert (tmp_path / ".dagster" / "dagster.yaml").exists()


# --- 7: a folder that cannot be written leaves the previous complete set ---------------------


@pytest.fixture
def unprivileged_root():
    """A data root outside pytest's private tmp, owned by ``nobody`` when the tests run as root."""
    path = Path(tempfile.mkdtemp(prefix="pipeline-ro-"))
    path.chmod(0o755)
    user = None
    if os.getuid() == 0:
        user = (65534, 65534)
        os.chown(path, *user)
    try:
        yield path, user
    finally:
        for p in [path, *path.rglob("*")]:
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(path)


def test_a_read_only_exports_folder_fails_the_run_before_anything_is_published(unprivileged_root):
    root, user = unprivileged_root
    extra = {"HOME": str(root)}
    if user:
        _write_inputs(root)
        for p in [root, *root.rglob("*")]:
            os.chown(p, *user)
    else:
        _write_inputs(root)
    first = _run(root, "run", user=user, **extra)
    assert first.returncode == 0, first.stderr
    before = _published(root)
    # New inputs with other numbers, and an exports folder nobody may write.
    _write_inputs(root, workers=30)
    exports = root / "processed" / "exports"
    exports.chmod(0o555)
    failed = _run(root, "run", user=user, **extra)
    assert failed.returncode == 1
    lines = _short_and_traceless(failed)
    assert lines[0].startswith("error: cannot publish: processed/exports is not writable")
    assert _published(root) == before  # the PDF, the exports and the database as they were
    exports.chmod(0o755)
    again = _run(root, "run", user=user, **extra)
    assert again.returncode == 0, again.stderr
    assert _published(root) != before


# --- 9: the closing summary says where everything is -----------------------------------------


def test_the_summary_lists_every_output_of_this_run_the_log_and_the_as_of_date(root):
    # the fix list is about the inputs, not the reporting month: the as-of month's folder
    fixes = root / "processed" / "internal" / "2025-10" / "perbaikan"
    done = _run(root, "run", "--month", "2025-09")
    assert done.returncode == 0, done.stderr
    processed = root / "processed"
    lines = done.stdout.splitlines()
    tail = lines[next(i for i, line in enumerate(lines) if line.startswith("done in")) + 1 :]
    assert tail[0] == f"database: {processed / 'coverage.duckdb'}"
    assert tail[1].startswith(f"exports: {processed / 'exports'}/ (")
    # only this run's reports, not the 2025-10 one left by the earlier run
    assert [line for line in tail if line.startswith("report")] == [
        f"report: {processed / 'reports' / '2025-09' / '61.07-kabupaten-bengkayang.pdf'}"
    ]
    # every cover runs to 31 December: none ends within three months of September
    assert "internal: no renewal list for 2025-09 (no cover ends within three months)" in tail
    assert f"fix list: {fixes}/" in tail and fixes.is_dir()
    assert _log_path(tail).is_file()
    assert tail[-1] == f"data as of {AS_OF}"
