"""Which tests pytest-xdist runs on one worker, and in what order (hooks; see tests/conftest.py).

- ``servers``: the browser and cluster tests start servers; they run one at a time, on one worker,
  first (they wait a lot: the other worker keeps the second core busy meanwhile).
- a test module's name: the tests that use a fixture their module builds once (a pipeline run,
  a rendered report), so that it is built on one worker only, never on both.

Every other test is sent on its own to whichever worker is free, end-to-end tests before unit
tests. pytest-xdist's own ``--dist loadgroup`` marks a group by renaming each test, which
pytest 9 no longer allows (the names stay as they were and every test goes anywhere), so the
workers write the groups to a file and the scheduler here reads them. Without xdist nothing
changes but the ``xdist_group`` marks.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

SERVERS = "servers"
SHARED_SCOPES = ("class", "module", "package")
GROUPS_FILE = "pipeline_xdist_groups"  # the key in the workers' input


def group_of(item: pytest.Item) -> str | None:
    """The test's group: ``servers``, its module (a fixture of its module built once), or None."""
    if item.get_closest_marker("browser") or item.get_closest_marker("cluster"):
        return SERVERS
    module = item.nodeid.split("::", 1)[0]
    info = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", ()):
        for fixturedef in info.name2fixturedefs.get(name, ()) if info else ():
            if fixturedef.scope in SHARED_SCOPES and fixturedef.baseid == module:
                return module
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test's group; on an xdist worker, put the servers first, then the groups, then
    the rest in pytest's order, and write the groups for the scheduler."""
    groups = {id(item): group_of(item) for item in items}
    for item in items:
        if groups[id(item)] is not None:
            item.add_marker(pytest.mark.xdist_group(groups[id(item)]))
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return
    items.sort(key=lambda item: (groups[id(item)] != SERVERS, groups[id(item)] is None))
    target = workerinput.get(GROUPS_FILE)
    if target:
        grouped = {item.nodeid: groups[id(item)] for item in items if groups[id(item)] is not None}
        partial = Path(f"{target}.{workerinput['workerid']}")
        partial.write_text(json.dumps(grouped), encoding="utf-8")
        partial.replace(target)  # each worker writes the same: the last one wins, whole


def _groups_file(config: pytest.Config) -> Path:
    path = getattr(config, "_pipeline_xdist_groups", None)
    if path is None:
        fd, name = tempfile.mkstemp(prefix="xdist-groups-", suffix=".json")
        os.close(fd)
        path = config._pipeline_xdist_groups = Path(name)
    return path


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    node.workerinput[GROUPS_FILE] = str(_groups_file(node.config))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    groups_file = _groups_file(config)

    class GroupScheduling(LoadScopeScheduling):
        """xdist's scope scheduling with the groups the workers wrote: a group's tests go to one
        worker together; any other test is a scope of its own."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                text = groups_file.read_text(encoding="utf-8") if groups_file.exists() else ""
                self.groups = json.loads(text) if text else {}
            return self.groups.get(nodeid, nodeid)

    return GroupScheduling(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    path = getattr(config, "_pipeline_xdist_groups", None)
    if path is not None:
        path.unlink(missing_ok=True)
