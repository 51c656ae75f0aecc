"""Helpers of the containers tests: a data root for Kabupaten Penajam Paser Utara (64.09).

The gazetteer is a hand-picked excerpt of the national list that ships with the pipeline
(``pipeline/data/wilayah_indonesia.csv.gz``): province 64, regency 64.09, district
64.09.02 Waru with three villages. NIKs are of that district (``640902``), born
12-03-1956, serial ``n``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipeline.ingest.load import ingest
from pipeline.settings import Settings

TODAY = dt.date(2025, 10, 15)

GAZETTEER = (
    ("64", "KALIMANTAN TIMUR"),
    ("64.09", "KAB. PENAJAM PASER UTARA"),
    ("64.09.02", "Waru"),
    ("64.09.02.2001", "Api-api"),
    ("64.09.02.2002", "Sesulu"),
    ("64.09.02.2004", "Bangun Mulya"),
)
API_API, SESULU, BANGUN_MULYA = "6409022001", "6409022002", "6409022004"

HEADER = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran"]


def nik(n: int) -> str:
    """A structurally valid NIK of 64.09.02, serial ``n`` (1..9999)."""
    return f"640902120356{n:04d}"


def row(n: int, name: str = "Ani", village: str = API_API) -> list[str]:
    """One valid enrolment row in ``HEADER`` order."""
    return [nik(n), name, village, "Petani", "APBD_KAB", "01/03/2025", "28/02/2026", "16800"]


def data_root(tmp_path: Path) -> Path:
    """``tmp_path/raw`` with the gazetteer in ``reference/wilayah.csv`` and an empty ``enrolment/``."""
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "enrolment").mkdir()
    text = "kode,nama\n" + "".join(f"{code},{name}\n" for code, name in GAZETTEER)
    (raw / "reference" / "wilayah.csv").write_text(text, encoding="utf-8")
    return raw


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    return "".join(",".join(r) + "\n" for r in rows)


def run(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """Ingest the data root ``tmp_path`` as on ``TODAY``; every file's rows add up."""
    con = duckdb.connect()
    ingest(con, Settings(tmp_path), today=TODAY)
    assert_every_row_accounted(con)
    return con


def assert_every_row_accounted(con: duckdb.DuckDBPyConnection) -> None:
    """Per file: rows read = accepted + rejected, staged and listed rows match (§3.7)."""
    files = con.execute(
        "select path, kind, rows_read, rows_accepted, rows_rejected, error from audit.input_files"
    ).fetchall()
    for path, kind, read, accepted, rejected, error in files:
        assert read == accepted + rejected, path
        listed = con.execute("select count(*) from audit.rejected_rows where path = ?", [path]).fetchone()[0]
        assert listed == rejected, path
        if kind == "enrolment":
            staged = con.execute(
                "select count(*) from staging.spells where source_path = ?", [path]
            ).fetchone()[0]
            assert staged == accepted, path
        if error is not None:
            assert (read, accepted, rejected) == (0, 0, 0), (path, error)


def input_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Enrolment files of ``audit.input_files``: path -> (rows read, accepted, rejected, error)."""
    rows = con.execute(
        """select path, rows_read, rows_accepted, rows_rejected, error from audit.input_files
           where kind = 'enrolment' order by path"""
    ).fetchall()
    return {p: tuple(rest) for p, *rest in rows}


def notes(con: duckdb.DuckDBPyConnection, topic: str) -> list[tuple]:
    """(path, sheet, message) of the notes of one topic."""
    return con.execute(
        "select path, sheet, message from audit.notes where topic = ? order by path, sheet", [topic]
    ).fetchall()


def rejections(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(path, sheet, row, field, reason) of every rejected enrolment row."""
    return con.execute(
        """select path, sheet, row_number, field, reason from audit.rejected_rows
           where kind = 'enrolment' order by path, sheet, row_number"""
    ).fetchall()


def spells(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(path, sheet, row, village code) of the accepted spells."""
    return con.execute(
        """select source_path, source_sheet, source_row, village_code from staging.spells
           order by source_path, source_sheet, source_row"""
    ).fetchall()
