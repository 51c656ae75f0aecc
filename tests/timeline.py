"""Where the test suite's time goes: ``pytest -p tests.timeline`` writes one JSON line per test.

Each line holds the test's id, the xdist worker, when it started and ended (seconds since
the epoch), its wall time and the CPU seconds it used, its own and its finished child
processes' (``python -m pipeline`` runs, ``pdftotext``), setup and teardown included. The
file is ``PYTEST_TIMELINE`` (default ``.pytest_cache/timeline.jsonl``); each run appends. CPU time
barely changes with the machine's load, wall time does: compare runs by CPU, and read the
wall times against ``uptime``. ``python -m tests.timeline FILE`` prints a summary.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

DEFAULT = ".pytest_cache/timeline.jsonl"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    start, cpu = time.time(), _cpu()
    yield
    end = time.time()
    line = {
        "test": item.nodeid,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        "start": round(start, 3),
        "end": round(end, 3),
        "wall": round(end - start, 3),
        "cpu": round(_cpu() - cpu, 3),
        "load": round(os.getloadavg()[0], 2),
    }
    path = Path(os.environ.get("PYTEST_TIMELINE", DEFAULT))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")


def summary(path: Path, top: int = 25) -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        return f"{path}: no test recorded"
    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for r in rows:
        entry = by_file[r["test"].split("::")[0]]
        entry[0] += r["wall"]
        entry[1] += r["cpu"]
        entry[2] += 1
    span = max(r["end"] for r in rows) - min(r["start"] for r in rows)
    busy: dict[str, float] = defaultdict(float)
    last: dict[str, float] = {}
    for r in rows:
        busy[r["worker"]] += r["wall"]
        last[r["worker"]] = max(last.get(r["worker"], 0.0), r["end"])
    end = max(last.values())
    out = [
        f"{len(rows)} tests, {span:.0f} s from first start to last end, "
        f"CPU {sum(r['cpu'] for r in rows):.0f} s, wall summed {sum(r['wall'] for r in rows):.0f} s",
        "workers (busy s, idle at the end s): "
        + ", ".join(f"{w} {busy[w]:.0f}/{end - last[w]:.0f}" for w in sorted(busy)),
        f"{'wall s':>8} {'cpu s':>8} {'tests':>5}  file",
    ]
    for name, (wall, cpu, n) in sorted(by_file.items(), key=lambda kv: -kv[1][0])[:top]:
        out.append(f"{wall:8.1f} {cpu:8.1f} {n:5d}  {name}")
    out.append(f"{'wall s':>8} {'cpu s':>8}  test")
    for r in sorted(rows, key=lambda r: -r["wall"])[:top]:
        out.append(f"{r['wall']:8.1f} {r['cpu']:8.1f}  {r['test']}  [{r['worker']}]")
    return "\n".join(out)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)))
