"""The Dagster UI as an analyst uses it: "Materialize all" for 2025-09 writes that month's report.

Starts the dev server with ``scripts/ui.sh`` (what ``make ui`` runs) on a free loopback
port, with a temporary DAGSTER_HOME and a temporary data root holding the sample data,
and drives Debian's headless Chromium over the DevTools protocol: open the asset graph,
dismiss the first-visit dialog, click "Materialize all", choose the partition 2025-09,
launch, wait for the run to succeed, and check the PDF. Screenshots go to the test's
tmp dir and, when ``UI_SCREENSHOT_DIR`` is set, there too.

Everything it starts (the server's process group, the browser's) is stopped even when
the test fails. A missing browser fails the test: ``scripts/setup.sh`` installs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from pipeline.__main__ import main
from pipeline.settings import REPO_ROOT
from tests.browser.cdp import CHROMIUM, Chromium, by_text

pytestmark = pytest.mark.browser

MONTH = "2025-09"
SERVER_START_SECONDS = 120
RUN_SECONDS = 150
LAUNCH_SECONDS = 30  # from the click on "Launch 1 run" to the run in the run list
PARTITION_INPUT = "document.querySelector('[role=dialog] input[placeholder^=\"ex:\"]')"


@dataclass
class Server:
    url: str
    data_dir: Path
    dagster_home: Path
    log: Path

    def graphql(self, query: str) -> dict:
        request = urllib.request.Request(
            f"{self.url}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            answer = json.load(response)
        if answer.get("errors"):
            raise AssertionError(f"GraphQL errors: {answer['errors']}")
        return answer["data"]

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dagster_group(log: Path) -> int | None:
    """The process group ``scripts/ui.sh`` started ``dagster dev`` in (it prints it)."""
    for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
        if line.startswith("ui: dagster dev runs as process group "):
            return int(line.rsplit(" ", 1)[1])
    return None


def _until(condition: Callable[[], bool], timeout: float, what: str, every: float = 0.25) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() >= deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(every)


def _wait_until_up(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"scripts/ui.sh exited with {process.returncode}:\n{server.log_tail()}")
        try:
            data = server.graphql(
                "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"
            )
            entries = data["workspaceOrError"]["locationEntries"]
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the Dagster UI was not up after {SERVER_START_SECONDS} s:\n{server.log_tail()}")


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():  # fail, never skip: CI must not pass without the browser
        pytest.fail(
            f"{CHROMIUM} is missing: the browser test needs Debian's chromium "
            "(scripts/setup.sh installs it from scripts/apt-packages.txt; or apt-get install chromium)"
        )
    data_dir = tmp_path / "data"
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(data_dir))
    assert main(["sample-data"]) == 0

    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    config = yaml.safe_load((REPO_ROOT / "pipeline" / "data" / "dagster.yaml").read_text())
    config["nux"] = {"enabled": True}  # show the first-visit dialog: the test dismisses it
    (dagster_home / "dagster.yaml").write_text(yaml.safe_dump(config))

    port = _free_port()
    log = tmp_path / "ui.log"
    env = {
        **os.environ,
        "PIPELINE_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(dagster_home),
        "UI_PORT": str(port),
        "UI_HOST": "127.0.0.1",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(REPO_ROOT / "scripts" / "ui.sh")],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", data_dir, dagster_home, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        # The script's SIGTERM trap stops dagster dev's process group; SIGKILL whatever is left.
        group = _dagster_group(log)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        leftover = group is not None and _group_alive(group)
        if leftover:
            os.killpg(group, signal.SIGKILL)
        assert not leftover, f"scripts/ui.sh left process group {group} running:\n{server.log_tail()}"


def _saved(path: Path) -> list[Path]:
    """The screenshot, copied to ``UI_SCREENSHOT_DIR`` when that is set."""
    copies = [path]
    target = os.environ.get("UI_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        copies.append(Path(shutil.copy2(path, Path(target) / path.name)))
    return copies


def _runs(server: Server) -> list[dict]:
    data = server.graphql("{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }")
    return data["runsOrError"]["results"]


def _dialog_text(browser: Chromium) -> str | None:
    """The open dialog's text, or None when no dialog is open."""
    return browser.evaluate("document.querySelector('[role=dialog]')?.innerText ?? null")


def _toasts(browser: Chromium) -> str:
    """The text of the notifications shown (a failed launch says why in one)."""
    return browser.evaluate("document.querySelector('section[aria-label^=Notifications]')?.innerText ?? ''")


def _materialize_all(browser: Chromium, server: Server, shots: Path, timings: dict[str, float]) -> None:
    """Asset graph → dismiss the dialog → Materialize all → 2025-09 → launch → wait → screenshot."""
    # The asset graph ("Lineage"), grouped raw → staging → marts → reports.
    browser.navigate(f"{server.url}/asset-groups")
    browser.wait_for(
        "document.body && document.body.innerText.includes('Materialize all')",
        60,
        "the asset graph's Materialize all button",
    )
    # The first-visit "Join the Dagster community" dialog covers the page until dismissed.
    if server.graphql("{ shouldShowNux }")["shouldShowNux"]:
        browser.click(by_text("[role=dialog] button", "Skip"), 30, "the community dialog's Skip")
        browser.wait_for("!document.body.innerText.includes('Join the Dagster community')", 10)
    # the UI records the dismissal with a mutation of its own, after the dialog has closed:
    # wait for the state, never check it once right after the click (issue 20.9)
    _until(
        lambda: server.graphql("{ shouldShowNux }")["shouldShowNux"] is False,
        30,
        "Dagster to record the community dialog as dismissed (shouldShowNux false)",
    )
    _saved(browser.screenshot(shots / "asset-graph.png"))

    browser.click(by_text("button", "Materialize all*"), 30, "Materialize all")
    browser.click(PARTITION_INPUT, 30, "the partition selection input")
    browser.wait_for(f"document.activeElement === {PARTITION_INPUT}", 10, "the partition input's focus")
    browser.type_text(MONTH)
    browser.key("Enter", "Enter", 13)
    # Enter commits the text: one partition chosen, so a single run of every asset.
    browser.wait_for(
        f"{PARTITION_INPUT}?.value === {json.dumps(MONTH)}"
        " && document.querySelector('[role=dialog]')?.innerText.split('\\n').includes('1 partition')",
        30,
        f"the dialog to show {MONTH} as its one partition",
    )
    _saved(browser.screenshot(shots / "partition-chosen.png"))
    shown = _dialog_text(browser)
    browser.click(by_text("[role=dialog] button", "Launch 1 run"), 30, "Launch 1 run")
    clicked = time.monotonic()

    runs = _runs(server)
    while not runs and time.monotonic() < clicked + LAUNCH_SECONDS:
        time.sleep(1)
        runs = _runs(server)
    if not runs:
        dialog = _dialog_text(browser)
        saved = _saved(browser.screenshot(shots / "no-run.png"))
        raise AssertionError(
            f"no run {LAUNCH_SECONDS} s after clicking Launch 1 run; the dialog "
            + (f"still shows:\n{dialog}" if dialog else "has closed")
            + f"\nBefore the click it showed:\n{shown}\nToasts: {_toasts(browser)!r}; see {saved}"
            + f"\n{server.log_tail()}"
        )
    # A launched run closes the dialog.
    browser.wait_for("!document.querySelector('[role=dialog]')", 30, "the dialog to close after the launch")

    finished = {"SUCCESS", "FAILURE", "CANCELED"}
    while not all(r["status"] in finished for r in runs) and time.monotonic() < clicked + RUN_SECONDS:
        time.sleep(1)
        runs = _runs(server)
    timings["materialize_all_to_success_seconds"] = round(time.monotonic() - clicked, 1)

    assert len(runs) == 1, f"expected one run, got {runs}\n{server.log_tail()}"
    run = runs[0]
    tags = {t["key"]: t["value"] for t in run["tags"]}
    browser.navigate(f"{server.url}/runs/{run['runId']}")
    browser.wait_for(
        "document.body && ['RUN_SUCCESS', 'RUN_FAILURE'].some(e => document.body.innerText.includes(e))",
        60,
        "the run's final event in its log",
    )
    # the Gantt chart has settled when no animation runs (a wait for the state, not a sleep)
    browser.wait_for(
        "document.getAnimations().every(a => a.playState !== 'running')",
        10,
        "the run page's animations to end",
    )
    saved = _saved(browser.screenshot(shots / "run-finished.png"))
    assert run["status"] == "SUCCESS", f"run {run['runId']} ended {run['status']}; see {saved}"
    assert tags.get("dagster/partition") == MONTH


def test_materialize_all_for_a_month_writes_its_report(server: Server, tmp_path: Path):
    shots = tmp_path / "screenshots"
    timings: dict[str, float] = {}
    with Chromium(tmp_path / "chromium-profile") as browser:
        try:
            _materialize_all(browser, server, shots, timings)
        except BaseException:
            with contextlib.suppress(Exception):  # keep the original error
                _saved(browser.screenshot(shots / "failure.png"))
            raise

    report_dir = server.data_dir / "processed" / "reports" / MONTH
    pdfs = sorted(report_dir.glob("61.07-*.pdf"))
    assert len(pdfs) == 1, f"no report in {report_dir}"
    assert pdfs[0].read_bytes().startswith(b"%PDF") and pdfs[0].stat().st_size > 10_000
    print(f"\nbrowser test: {json.dumps(timings)}; screenshots in {shots}")
    target = os.environ.get("UI_SCREENSHOT_DIR")
    if target:
        (Path(target) / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")
