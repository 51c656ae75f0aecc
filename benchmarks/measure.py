"""Measuring: sizes, wall time, peak memory and spill, load average, the machine."""

from __future__ import annotations

import os
import platform
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb

from pipeline.settings import REPO_ROOT

BENCH_SQL_DIR = REPO_ROOT / "benchmarks" / "sql"


def bench_sql(name: str) -> str:
    """The statement of ``benchmarks/sql/<name>.sql`` (``name`` may hold a folder)."""
    return (BENCH_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None):
    """Run ``benchmarks/sql/<name>.sql`` with the bind parameters it names; the cursor."""
    query = bench_sql(name)
    bound = {k: v for k, v in (params or {}).items() if f"${k}" in query}
    return con.execute(query, bound)


def parse_size(text: str) -> int:
    """``45M`` -> 45_000_000, ``20k`` -> 20_000, ``1500`` -> 1500."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def size_label(n: int) -> str:
    """45_000_000 -> ``45M``; 20_000 -> ``20k``."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (``ru_maxrss`` is in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    """What a figure was measured on."""
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pyarrow

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pyarrow": pyarrow.__version__,
        "os": platform.platform(),
    }


class FolderPeak:
    """Samples the total size of a folder in a thread: DuckDB's spill files."""

    def __init__(self, folder: Path, interval: float = 0.25) -> None:
        self.folder = folder
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _size(self) -> int:
        total = 0
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    with suppress(OSError):
                        total += entry.stat().st_size
        except OSError:
            pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._size())
            self._stop.wait(self.interval)

    def __enter__(self) -> FolderPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self._size())


@contextmanager
def timed(times: dict[str, float], key: str) -> Iterator[None]:
    """Store the seconds the block took in ``times[key]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        times[key] = round(time.perf_counter() - started, 2)
