"""``suite``: generate and build the marts at several sizes, each step in its own process."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import size_label
from pipeline.settings import REPO_ROOT


def _child(args: list[str]) -> dict[str, Any]:
    """Run ``python -m benchmarks ...`` in its own process (its own peak RSS); last JSON line."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", *args], capture_output=True, text=True, cwd=REPO_ROOT
    )
    if proc.returncode:
        raise RuntimeError(f"bench {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def append_result(results_path: Path | None, result: dict[str, Any]) -> None:
    """Append ``result`` as one JSON line, stamped with the time, to ``results_path`` (if any)."""
    if results_path is None:
        return
    results_path.parent.mkdir(parents=True, exist_ok=True)
    stamped = dict(result, measured_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    with results_path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(stamped) + "\n")


def suite(
    sizes: list[int], work_dir: Path, results: Path | None, memory_limit: str, checks: bool
) -> list[dict[str, Any]]:
    """Generate and build the marts at each size, each step in its own process."""
    out = []
    for n in sizes:
        data = work_dir / f"spells_{size_label(n)}"
        generated = _child(["generate", "--spells", str(n), "--out", str(data)])
        append_result(results, dict(generated, what="generate"))
        measured = _child(
            [
                "marts",
                "--data",
                str(data),
                "--db",
                str(work_dir / "db" / "coverage.duckdb"),
                "--memory-limit",
                memory_limit,
                *(["--checks"] if checks else []),
            ]
        )
        measured["spell_count"] = n
        append_result(results, measured)
        out.append(measured)
        print(
            f"{size_label(n)} spells: marts {measured['marts_seconds']} s, load "
            f"{measured['seconds']['load_staging']} s, peak RSS {measured['peak_rss_mb']} MB, "
            f"spill {measured['peak_spill_mb']} MB (load {measured['load_average_before']})",
            flush=True,
        )
    return out
