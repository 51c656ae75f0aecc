"""Publication as one step: a run writes beside the published outputs, then moves them in together.

A run's database, exports, reports and internal lists go to a workspace,
``processed/.run-<id>/``, laid out like ``processed/`` itself. Only when every writing
step of the run has succeeded does the last of them move the workspace's files onto
the published ones (``os.replace``: same file system, each move atomic). Before moving
anything it checks that every destination folder can be written, so a read-only
``exports/`` fails the run with nothing moved: the previous complete set stays. A run
that fails anywhere, or is killed, leaves only its workspace, which the next run
removes.

Whatever holds personal data is owner-only whatever the umask: the workspace folder
(0700: the database is written there, with its write-ahead log and spill files), the
published database and its side files (0600), the run logs (``private_dir``,
``private_file``). ``internal/``, ``archive/`` and the key are made private where they are
written.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

WORKSPACE_PREFIX = ".run-"
DATABASE_NAME = "coverage.duckdb"
_SCRATCH = ".duckdb_tmp"


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: The database's side files: DuckDB's write-ahead log (and the lock file of older versions).
DATABASE_SIDE_SUFFIXES = (".wal", ".tmp")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (created with its parents if needed)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def private_file(path: Path):
    """Open ``path`` for appending text, created owner-only (0600) whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")


def make_database_private(db_path: Path) -> None:
    """The database file and its side files owner-only (0600), those that exist."""
    for path in (db_path, *(Path(f"{db_path}{suffix}") for suffix in DATABASE_SIDE_SUFFIXES)):
        try:
            if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE_MODE:
                path.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue


class NotWritable(OSError):
    """A destination folder cannot be written: nothing was published."""


class Workspace:
    """``processed/.run-<name>/``: one run's outputs, not yet published."""

    def __init__(self, processed_dir: Path, name: str, database_name: str = DATABASE_NAME) -> None:
        self.processed_dir = processed_dir
        self.dir = processed_dir / f"{WORKSPACE_PREFIX}{name}"
        self.database_name = database_name

    @property
    def db_path(self) -> Path:
        return self.dir / self.database_name

    @property
    def published_db(self) -> Path:
        return self.processed_dir / self.database_name

    def has_db(self) -> bool:
        return self.db_path.exists()

    def start_db(self, fresh: bool) -> Path:
        """The workspace database: empty when ``fresh``, else a copy of the published one.

        The workspace folder is owner-only: the database DuckDB creates in it, its write-ahead
        log and spill files are unreachable by others whatever their mode.
        """
        self.processed_dir.mkdir(parents=True, exist_ok=True)
        private_dir(self.dir)
        if not self.has_db() and not fresh and self.published_db.exists():
            shutil.copy2(self.published_db, self.db_path)
        return self.db_path

    def output_dir(self, name: str) -> Path:
        private_dir(self.dir)
        return self.dir / name

    def staged(self) -> list[tuple[Path, Path]]:
        """(workspace file, published path) pairs: every file the run wrote, database last."""
        if not self.dir.exists():
            return []
        pairs = []
        for path in sorted(self.dir.rglob("*")):
            rel = path.relative_to(self.dir)
            if not path.is_file() or rel.parts[0] == _SCRATCH or path.name.startswith(self.database_name):
                continue
            pairs.append((path, self.processed_dir / rel))
        if self.has_db():
            pairs.append((self.db_path, self.published_db))
            wal = Path(f"{self.db_path}.wal")
            if wal.exists():
                pairs.append((wal, Path(f"{self.published_db}.wal")))
        return pairs

    def publish(self) -> list[Path]:
        """Move every staged file into place; the published paths. Nothing moves on NotWritable."""
        pairs = self.staged()
        for src_folder, folder in sorted({(src.parent, dst.parent) for src, dst in pairs}):
            _check_writable(folder, self.processed_dir, src_folder)
        old_wal = Path(f"{self.published_db}.wal")
        if any(dst == self.published_db for _, dst in pairs) and not any(dst == old_wal for _, dst in pairs):
            # a write-ahead log of the old database would be replayed onto the new one
            old_wal.unlink(missing_ok=True)
        if self.has_db():
            make_database_private(self.db_path)
        for src, dst in pairs:
            os.replace(src, dst)
        # A month's folder holds exactly this run's reports (a regency without data drops
        # out), and a fix list exactly this run's workbooks (a file fixed since drops out).
        folders = {(dst.parent, "*.pdf") for _, dst in pairs if dst.parent.parent.name == "reports"}
        folders |= {(dst.parent, "*.xlsx") for _, dst in pairs if dst.parent.name == "perbaikan"}
        for folder, pattern in folders:
            fresh = {dst.name for _, dst in pairs if dst.parent == folder}
            for old in folder.glob(pattern):
                if old.name not in fresh:
                    old.unlink()
        self.discard()
        return [dst for _, dst in pairs]

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _check_writable(folder: Path, processed_dir: Path, like: Path) -> None:
    """Create ``folder`` (with the mode of ``like``) if needed and prove it can be written.

    Raises NotWritable. The mode matters for ``internal/``: its folders are private (0700).
    """
    try:
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(stat.S_IMODE(like.stat().st_mode))
        probe = folder / f".pipeline-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        shown = (
            folder.relative_to(processed_dir.parent)
            if folder.is_relative_to(processed_dir.parent)
            else folder
        )
        raise NotWritable(
            f"cannot publish: {shown} is not writable ({exc.strerror or exc}); nothing was "
            f"published, the previous database, exports and reports are as they were. Make it "
            f"writable (chmod u+w {folder}) and run again"
        ) from exc


def remove_stale_workspaces(processed_dir: Path, keep: Path | None = None) -> list[Path]:
    """Remove the workspaces of runs that died (call holding the run lock); those removed."""
    removed = []
    if not processed_dir.is_dir():
        return removed
    for path in processed_dir.glob(f"{WORKSPACE_PREFIX}*"):
        if path != keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
