"""Issue 21.5: whatever holds personal data is owner-only whatever the umask."""

import os
import stat
from pathlib import Path

import pytest

from pipeline.orchestration.resources import DuckDBResource
from pipeline.publication.publish import Workspace, private_dir, private_file


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_run_workspace_and_its_database_are_owner_only(tmp_path):
    processed = tmp_path / "processed"
    workspace = Workspace(processed, "abc")
    db = workspace.start_db(fresh=True)
    with DuckDBResource(database=str(db)).connect() as con:
        con.execute("create table persons as select '6107011505800001' as nik")
    assert _mode(workspace.dir) == 0o700
    (workspace.output_dir("reports") / "2025-09").mkdir(parents=True)
    (workspace.output_dir("reports") / "2025-09" / "x.pdf").write_bytes(b"%PDF")
    published = workspace.publish()
    assert processed / "coverage.duckdb" in published
    assert _mode(processed / "coverage.duckdb") == 0o600
    assert _mode(processed / "reports" / "2025-09" / "x.pdf") == 0o644  # published: readable


def test_a_database_written_outside_a_run_is_owner_only(tmp_path):
    db = tmp_path / "processed" / "coverage.duckdb"
    with DuckDBResource(database=str(db)).connect() as con:
        con.execute("create table persons as select '6107011505800001' as nik")
    assert _mode(db) == 0o600
    for side in tmp_path.glob("processed/coverage.duckdb.*"):
        assert _mode(side) == 0o600, side


def test_a_log_folder_and_file_are_owner_only(tmp_path):
    folder = private_dir(tmp_path / "processed" / "logs")
    with private_file(folder / "run.log") as fh:
        fh.write("row 12: NIK 6107011505800001\n")
    assert _mode(folder) == 0o700
    assert _mode(folder / "run.log") == 0o600


def test_the_cli_run_log_is_owner_only(tmp_path, monkeypatch):
    from pipeline.orchestration.execute import RunLog
    from pipeline.settings import Settings

    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path))
    log = RunLog(Settings.from_env())
    log.write("x")
    log.close()
    assert _mode(log.path.parent) == 0o700
    assert _mode(log.path) == 0o600


def test_the_renewal_lists_folder_is_owner_only(tmp_path):
    import datetime as dt

    import duckdb

    from pipeline.outputs import renewal_list
    from tests.fixtures.report_db import build_report_db

    con = duckdb.connect()
    build_report_db(con)
    internal_dir = tmp_path / ".run-x" / "internal"
    counts = renewal_list.write_renewal_lists(con, dt.date(2025, 9, 1), internal_dir)
    assert counts
    assert _mode(internal_dir) == 0o700
    assert _mode(internal_dir / "2025-09") == 0o700
    assert all(_mode(p) == 0o600 for p in (internal_dir / "2025-09").iterdir())
