"""The instance's event log keeps its connections open, and stays Dagster's own files."""

import os
import sqlite3
import time

import dagster as dg
import yaml
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipeline.orchestration.instance import PooledSqliteEventLogStorage, use_instance
from pipeline.settings import Settings


def _log(run_id: str, text: str) -> EventLogEntry:
    return EventLogEntry(
        error_info=None, level=20, user_message=text, run_id=run_id, timestamp=time.time(), job_name="j"
    )


def test_events_are_dagsters_files_readable_by_the_stock_storage(tmp_path):
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    for i in range(5):
        storage.store_event(_log("run1", f"event {i}"))
    stock = SqliteEventLogStorage(str(tmp_path))
    assert [e.user_message for e in stock.get_logs_for_run("run1")] == [f"event {i}" for i in range(5)]
    storage.dispose()


def test_every_event_reaches_the_run_file_the_ui_watches(tmp_path):
    """The UI's live run view watches ``<run>.db`` itself, not its write-ahead log."""
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    storage.store_event(_log("run1", "first"))
    storage.store_event(_log("run1", "second"))
    # immutable=1 reads the main file only, ignoring the WAL: the events were checkpointed
    uri = f"file:{tmp_path / 'run1.db'}?immutable=1"
    with sqlite3.connect(uri, uri=True) as con:
        assert con.execute("select count(*) from event_logs").fetchone() == (2,)
    storage.dispose()


def test_at_most_a_few_run_files_stay_open(tmp_path):
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    for i in range(PooledSqliteEventLogStorage.MAX_OPEN + 5):
        storage.store_event(_log(f"run{i}", "x"))
    assert len(storage._engines) == PooledSqliteEventLogStorage.MAX_OPEN
    assert [e.user_message for e in storage.get_logs_for_run("run0")] == ["x"]  # reopened on demand
    storage.dispose()


def test_a_data_roots_instance_opens_without_dagster_home(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = use_instance(Settings(data_dir=tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME")
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["event_log_storage"]["config"]["base_dir"] == str(home.resolve() / "history" / "runs")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        storage.store_event(_log("r", "hello"))
    assert os.path.exists(home / "history" / "runs" / "r.db")


def test_an_instance_config_naming_the_module_before_the_move_is_rewritten(tmp_path, monkeypatch):
    from pipeline.orchestration import instance
    from pipeline.settings import Settings

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = tmp_path / ".dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text("run_launcher:\n  module: pipeline.instance\n", encoding="utf-8")
    instance.use_instance(Settings.at(str(tmp_path)))
    text = (home / "dagster.yaml").read_text(encoding="utf-8")
    assert "module: pipeline.instance\n" not in text and "module: pipeline.orchestration.instance\n" in text
