"""Shared test helpers: a tiny hand-made gazetteer and a raw-folder layout in ``tmp_path``.

The gazetteer (``GAZETTEER``) has province 61, two regencies with two districts each:

    61.07 KAB. BENGKAYANG
        61.07.01 Sungai Raya   villages 61.07.01.2001 Sungai Duri, 61.07.01.2004 Sungai Jaga A,
                               61.07.01.2099 Kuala Dua (made up: repeats the pair below)
        61.07.04 Bengkayang    villages 61.07.04.1001 Bumi Emas (kelurahan),
                               61.07.04.2003 Tirta Kencana
    61.12 KAB. KUBU RAYA
        61.12.01 Sungai Raya   villages 61.12.01.2001 Sungai Raya, 61.12.01.2004 Kuala Dua
        61.12.06 Kubu          villages 61.12.06.2001 Kubu, 61.12.06.2011 Kampung Baru

16 rows: 1 province + 2 regencies + 4 districts + 9 villages. The name pair
(Kuala Dua, Sungai Raya) exists in both regencies, so it is ambiguous on its own.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

# Temporary files on a RAM file system: a pipeline run's Dagster instance syncs its SQLite
# files about 2,000 times, ~4 ms each on this machine's disk, as long as the run's own work.
# No test is about surviving a power cut, so the tests' tmp_path and tempfile folders go to
# /dev/shm when it is a tmpfs with room to spare (TMPDIR set by the caller always wins).
RAM_TMP_ROOT = Path("/dev/shm")
RAM_TMP_MIN_FREE = 4 * 2**30


def _ram_tmpdir() -> Path | None:
    """A folder for temporary files on ``/dev/shm``, or None where that is not a roomy tmpfs."""
    if os.environ.get("TMPDIR") or os.environ.get("PIPELINE_TESTS_ON_DISK"):
        return None
    try:
        mounts = Path("/proc/mounts").read_text().split("\n")
        is_tmpfs = any(line.split()[1:3] == [str(RAM_TMP_ROOT), "tmpfs"] for line in mounts if line)
        if not is_tmpfs or shutil.disk_usage(RAM_TMP_ROOT).free < RAM_TMP_MIN_FREE:
            return None
        # Traversable by others like /tmp: the cluster and read-only tests hand folders to other users.
        path = RAM_TMP_ROOT / f"pipeline-tests-{os.getuid()}"
        path.mkdir(mode=0o755, exist_ok=True)
        path.chmod(0o755)
        return path
    except OSError:
        return None


def pytest_configure(config: pytest.Config) -> None:
    """Point TMPDIR at the RAM folder before any temporary folder is made (xdist workers inherit it)."""
    path = _ram_tmpdir()
    if path is not None:
        os.environ["TMPDIR"] = str(path)
        tempfile.tempdir = str(path)


GAZETTEER: tuple[tuple[str, str], ...] = (
    ("61", "KALIMANTAN BARAT"),
    ("61.07", "KAB. BENGKAYANG"),
    ("61.07.01", "Sungai Raya"),
    ("61.07.01.2001", "Sungai Duri"),
    ("61.07.01.2004", "Sungai Jaga A"),
    ("61.07.01.2099", "Kuala Dua"),
    ("61.07.04", "Bengkayang"),
    ("61.07.04.1001", "Bumi Emas"),
    ("61.07.04.2003", "Tirta Kencana"),
    ("61.12", "KAB. KUBU RAYA"),
    ("61.12.01", "Sungai Raya"),
    ("61.12.01.2001", "Sungai Raya"),
    ("61.12.01.2004", "Kuala Dua"),
    ("61.12.06", "Kubu"),
    ("61.12.06.2001", "Kubu"),
    ("61.12.06.2011", "Kampung Baru"),
)


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    """Write ``rows`` (header included) as a CSV file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_gazetteer(raw_dir: Path) -> Path:
    """Write ``GAZETTEER`` as ``raw_dir/reference/wilayah.csv`` (columns ``kode,nama``)."""
    return write_csv(raw_dir / "reference" / "wilayah.csv", [("kode", "nama"), *GAZETTEER])


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """``tmp_path/raw`` holding the hand-made gazetteer (the data root is ``tmp_path``)."""
    raw = tmp_path / "raw"
    write_gazetteer(raw)
    return raw


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic sample's ``raw/`` folder, written by ``python -m pipeline sample-data`` once
    per test run and shared by the xdist workers (a lock: the first one writes it). Read-only:
    a test copies it with ``copy_sample``."""
    import fcntl
    import subprocess
    import sys

    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    root = shared / "sample-data"
    with (shared / "sample-data.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "written").exists():
            shutil.rmtree(root, ignore_errors=True)
            env = {**os.environ, "PIPELINE_DATA_DIR": str(root)}
            done = subprocess.run(
                [sys.executable, "-m", "pipeline", "sample-data"],
                env=env,
                capture_output=True,
                text=True,
                cwd=Path(__file__).parents[1],
            )
            assert done.returncode == 0, done.stdout + done.stderr
            (root / "written").touch()
    return root / "raw"


def copy_sample(sample_raw: Path, root: Path) -> Path:
    """A copy of the sample's ``raw/`` as ``root/raw`` (what ``pipeline sample-data`` writes there)."""
    shutil.copytree(sample_raw, root / "raw", symlinks=True)
    return root / "raw"


def definitions_at(root: Path):
    """The pipeline's Definitions with the data root ``root`` handed in (no environment variable)."""
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.orchestration.resources import DuckDBResource, SettingsResource

    settings = SettingsResource(data_dir=str(root))
    resources = {**defs.resources, "settings": settings, "duckdb": DuckDBResource(settings=settings)}
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        jobs=defs.jobs,
        schedules=defs.schedules,
        sensors=defs.sensors,
        resources=resources,
        executor=defs.executor,
    )


# pytest-xdist: the tests that run on one worker, longest first (see tests/xdist_groups.py).
from tests.xdist_groups import (  # noqa: E402, F401
    pytest_collection_modifyitems,
    pytest_configure_node,
    pytest_unconfigure,
    pytest_xdist_make_scheduler,
)
