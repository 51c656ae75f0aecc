"""Two real processes at once, a run killed half-way, and reruns: nothing is corrupted.

Uses a tiny hand-made data root so each ``python -m pipeline run`` takes seconds.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import write_csv, write_gazetteer

HEADER = ("NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran")
MARTS = (
    "coverage_by_village",
    "coverage_by_area",
    "coverage_by_sector",
    "coverage_by_funding",
    "claims_by_program",
)


def _data_root(root):
    raw = root / "raw"
    write_gazetteer(raw)
    rows = [HEADER]
    for i in range(40):
        village = "6107012001" if i % 2 else "6107042003"
        rows.append(
            (
                f"61070112035600{i:02d}",
                f"Peserta {i}",
                village,
                "Petani",
                "APBD_KAB",
                "01/03/2025",
                "28/02/2026",
                "16800",
            )
        )
    write_csv(raw / "enrolment" / "desa.csv", rows)
    write_csv(
        raw / "claims" / "klaim.csv",
        [
            ("No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Tgl Bayar", "Nominal"),
            ("K1", "6107011203560001", "JKK", "10/06/2025", "12/06/2025", "30/06/2025", "5000000"),
        ],
    )
    return root


def _start(root, home):
    # The report prints the code version: pin it, so a commit landing mid-test (a shared
    # checkout) cannot make two renders of the same inputs differ.
    env = {
        **os.environ,
        "PIPELINE_DATA_DIR": str(root),
        "DAGSTER_HOME": str(home),
        "PIPELINE_CODE_VERSION": "test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _marts(root):
    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as con:
        return {m: con.execute(f"select * from marts.{m} order by all").fetchall() for m in MARTS}


def _report_hashes(root):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "processed" / "reports").rglob("*.pdf"))
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One uninterrupted run: the result every other scenario must reproduce."""
    root = _data_root(tmp_path_factory.mktemp("reference"))
    proc = _start(root, tmp_path_factory.mktemp("home"))
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    return _marts(root), _report_hashes(root)


def test_two_runs_at_once_queue_instead_of_clashing(tmp_path, reference):
    root = _data_root(tmp_path / "data")
    first, second = _start(root, tmp_path / "h1"), _start(root, tmp_path / "h2")
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("waiting for it to finish" in o for o in outputs), outputs
    assert _marts(root) == reference[0]


def test_a_run_killed_half_way_leaves_a_readable_database_and_the_next_run_recovers(tmp_path, reference):
    root = _data_root(tmp_path / "data")
    # A complete first run, then a second killed while it holds the database.
    proc = _start(root, tmp_path / "h")
    assert proc.wait(timeout=300) == 0
    before = _marts(root)
    proc = _start(root, tmp_path / "h")
    lock = root / "processed" / ".pipeline-run.lock"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text()):
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _marts(root) == before  # same inputs: whatever was committed equals the old result
    proc = _start(root, tmp_path / "h")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert _marts(root) == reference[0]


def test_the_same_inputs_twice_give_identical_marts_and_byte_identical_reports(tmp_path, reference):
    root = _data_root(tmp_path / "data")
    for _ in range(2):
        proc = _start(root, tmp_path / "h")
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out
        assert _marts(root) == reference[0]
        assert _report_hashes(root) == reference[1]
