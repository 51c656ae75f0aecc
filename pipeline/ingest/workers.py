"""How many threads read: the files' pool (``read.Reading``) and a long sheet's cell cleaning."""

from __future__ import annotations

import os


def read_workers() -> int:
    """Threads that parse workbooks: one per core (``PIPELINE_READ_WORKERS`` overrides)."""
    configured = os.environ.get("PIPELINE_READ_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )
