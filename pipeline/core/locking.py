"""One writer at a time: an advisory lock held for a whole run.

DuckDB allows one writing process per database file. Two runs at once (two
``python -m pipeline run``, or a UI run beside a CLI run) would otherwise fail with a
lock error or interleave their steps. The lock is an ``flock`` on a file beside the
database: the kernel releases it when the holder dies, so a killed run never leaves a
stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path


class LockTimeout(RuntimeError):
    """Another run held the lock for longer than we were willing to wait."""


class RunLock:
    """An exclusive lock on ``path``; ``acquire`` waits (with a message) while another run holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    def acquire(self, timeout: float, say: Callable[[str], None] = print) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; raise ``LockTimeout`` after that."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    say(
                        f"another pipeline run ({self._holder()}) is writing "
                        f"{self.path.parent}; waiting for it to finish"
                    )
                    told = True
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise LockTimeout(
                        f"gave up after {timeout:.0f} s waiting for the run holding {self.path} "
                        f"({self._holder()})"
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        self._fd = fd

    def release(self) -> None:
        """Let the next run in."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
