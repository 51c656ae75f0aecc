"""Issue 20 points 3 and 5, on a data root of Penajam Paser Utara (64.09) built from the national gazetteer.

Files in the wrong place are listed as not read with where they belong (never read as the
wrong kind); incomplete inputs make every report a draft ("DRAF — BELUM UNTUK RAPAT" on
every page), or fail a ``--strict`` run with the previous outputs unchanged; a complete
data root gives a final report with nothing of Bengkayang in it.

The data root (``tests/fixtures/ppu_root.py``): 60 workers covered through 2025 in the
regency's villages (``enrolment/peserta_apbd.xlsx``, under a title row), 3 paid JKK claims.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.audit import health
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.fixtures.ppu_root import (
    CLAIM_HEADER,
    ENROLMENT_HEADER,
    build_ppu_root,
    claim_rows,
    enrolment_rows,
    write_csv,
    write_xlsx,
)

DRAFT = "DRAF — BELUM UNTUK RAPAT"
REPO = Path(__file__).parents[2]


def _misplace(root: Path) -> None:
    """A workbook left in raw/, a claims export in enrolment/, a misnamed denominator file."""
    raw = root / "raw"
    write_xlsx(raw / "Kepesertaan Desa Babulu.xlsx", ENROLMENT_HEADER, enrolment_rows(5, first=200))
    write_csv(raw / "enrolment" / "klaim_bpjs_cabang.csv", [CLAIM_HEADER, *claim_rows(4)])
    write_csv(
        raw / "reference" / "Angkatan Kerja PPU 2024.csv",
        [("kode_wilayah", "tahun", "jumlah_pekerja"), ("64.09", "2024", "90000")],
    )


def _files(root: Path) -> dict[str, tuple]:
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        rows = con.execute("select path, kind, rows_read, error from audit.input_files").fetchall()
        spells = con.execute("select count(*) from staging.spells").fetchone()[0]
        reasons = con.execute("select distinct reason from audit.rejected_rows").fetchall()
        found = health.from_database(con)
    return {
        "files": {p: (k, n, e) for p, k, n, e in rows},
        "spells": spells,
        "reasons": reasons,
        "health": found,
    }


def test_each_misplaced_file_is_listed_as_not_read_with_where_it_belongs(tmp_path):
    root = build_ppu_root(tmp_path)
    _misplace(root)
    seen = _files(root)
    files = seen["files"]

    kind, rows, error = files["Kepesertaan Desa Babulu.xlsx"]
    assert (kind, rows) == ("raw", 0)
    assert error == (
        "not read: wrong folder: raw/ reads only enrolment/, claims/ and reference/: move it to "
        "raw/enrolment/ (its header is that of an enrolment list)"
    )
    kind, rows, error = files["enrolment/klaim_bpjs_cabang.csv"]
    assert (kind, rows) == ("enrolment", 0)
    assert error.startswith("not read: wrong kind: its header is that of a claims export")
    assert "move it to raw/claims/" in error
    kind, rows, error = files["reference/Angkatan Kerja PPU 2024.csv"]
    assert (kind, rows) == ("reference", 0)
    assert "wilayah.csv, angkatan_kerja.*, target.*" in error and "laporan.toml" in error
    assert "close to angkatan_kerja.*: if it is that file, rename it reference/angkatan_kerja.csv" in error
    # The claims export was not read as enrolment: no row of it rejected, only the 60 workers read.
    assert seen["spells"] == 60
    assert seen["reasons"] == []
    assert seen["health"].is_draft
    [problem] = seen["health"].problems
    assert (problem.code, problem.count) == ("misplaced", 3)


def test_an_enrolment_list_in_claims_is_not_read_as_claims(tmp_path):
    root = build_ppu_root(tmp_path)
    write_xlsx(
        root / "raw" / "claims" / "peserta_susulan.xlsx", ENROLMENT_HEADER, enrolment_rows(5, first=300)
    )
    kind, rows, error = _files(root)["files"]["claims/peserta_susulan.xlsx"]
    assert (kind, rows) == ("claims", 0)
    assert error.startswith("not read: wrong kind: its header is that of an enrolment list")
    assert "move it to raw/enrolment/" in error


def test_a_complete_data_root_is_healthy(tmp_path):
    seen = _files(build_ppu_root(tmp_path))
    assert not seen["health"].is_draft
    assert all(error is None for _, _, error in seen["files"].values())


# --- whole runs -------------------------------------------------------------------------


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(PIPELINE_DATA_DIR=str(root), PIPELINE_CODE_VERSION="test", PIPELINE_RUN_DATE="2025-10-15")
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def _published(root: Path) -> dict[str, str]:
    processed = root / "processed"
    return {
        str(p.relative_to(processed)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(processed.rglob("*"))
        if p.is_file() and p.parts[len(processed.parts)] not in ("logs",) and p.name != ".pipeline-run.lock"
    }


@pytest.fixture(scope="module")
def final_root(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A complete PPU data root, run once: a final report."""
    root = build_ppu_root(tmp_path_factory.mktemp("ppu"))
    done = _run(root)
    assert done.returncode == 0, done.stderr
    return root, done


def test_a_complete_data_root_gives_a_final_report_with_nothing_of_bengkayang(final_root):
    root, done = final_root
    [pdf] = (root / "processed" / "reports").rglob("*.pdf")
    assert pdf.name == "64.09-kabupaten-penajam-paser-utara.pdf"
    text = "\n".join(_pages(pdf))
    assert DRAFT not in text
    assert "DRAFT" not in done.stdout
    for word in ("Bengkayang", "61.07", "Pontianak", "Pemerintah Provinsi"):
        assert word not in text, word
    # No laporan.toml: the approval block has blank lines to sign, no meeting line.
    assert "Bahan rapat" not in text


def test_strict_with_incomplete_inputs_exits_1_and_publishes_nothing_new(final_root, tmp_path):
    root, _ = final_root
    before = _published(root)
    _misplace(root)
    try:
        failed = _run(root, "--strict")
        assert failed.returncode == 1
        assert "the inputs are incomplete (--strict)" in failed.stderr
        assert "Kepesertaan Desa Babulu.xlsx" in failed.stderr
        assert "Nothing was published; the previous outputs are unchanged" in failed.stderr
        assert _published(root) == before
    finally:
        (root / "raw" / "Kepesertaan Desa Babulu.xlsx").unlink()
        (root / "raw" / "enrolment" / "klaim_bpjs_cabang.csv").unlink()
        (root / "raw" / "reference" / "Angkatan Kerja PPU 2024.csv").unlink()


def test_incomplete_inputs_publish_a_draft_on_every_page_and_say_why_last(tmp_path):
    root = build_ppu_root(tmp_path)
    _misplace(root)
    done = _run(root)
    assert done.returncode == 0, done.stderr
    [pdf] = (root / "processed" / "reports").rglob("*.pdf")
    pages = _pages(pdf)
    assert len(pages) > 3
    assert all(DRAFT in page for page in pages)
    assert "3 berkas berada di folder yang salah atau bernama tidak dikenal" in pages[0]
    lines = done.stdout.strip().splitlines()
    draft_at = next(i for i, line in enumerate(lines) if line.startswith("DRAFT:"))
    assert lines[draft_at + 1] == "problem: 3 file(s) in the wrong place, not read"
    assert lines[-1] == "  fix: move or rename each file as its line says, then run again"
    assert any("Kepesertaan Desa Babulu.xlsx: raw/ reads only" in line for line in lines[draft_at:])
    for word in ("Bengkayang", "61.07", "Pontianak"):
        assert word not in "\n".join(pages), word
