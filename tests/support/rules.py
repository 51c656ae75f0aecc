"""A tiny Penajam Paser Utara (64.09) data root for the tests of the contract's rules.

Imported by the test_rules_* modules (no tests here). The gazetteer: province 64, regency
64.09 with district Babulu (64.09.02: villages Babulu Darat, Babulu Laut) and district
Penajam (64.09.01: village Petung). Each test writes its own enrolment and claim rows,
runs the real ingestion on the run day it names, and builds the marts.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipeline.build.tables import build_tables
from pipeline.core.months import as_of_month
from pipeline.ingest.load import ingest
from pipeline.settings import Settings

GAZETTEER = (
    ("64", "KALIMANTAN TIMUR"),
    ("64.09", "KAB. PENAJAM PASER UTARA"),
    ("64.09.01", "Penajam"),
    ("64.09.01.1003", "Petung"),
    ("64.09.02", "Babulu"),
    ("64.09.02.2001", "Babulu Darat"),
    ("64.09.02.2002", "Babulu Laut"),
)
PETUNG, DARAT, LAUT = "64.09.01.1003", "64.09.02.2001", "64.09.02.2002"
ENROLMENT = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran"]
CLAIMS = ["No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Tgl Bayar", "Status", "Nominal"]


def nik(n: int) -> str:
    """A valid NIK issued in Penajam Paser Utara (born 15/03/1967)."""
    return f"640901150367{n:04d}"


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def data_root(tmp_path: Path, gazetteer: Sequence[tuple[str, str]] = GAZETTEER) -> Path:
    """A data root holding the gazetteer only; returns its ``raw`` folder."""
    raw = tmp_path / "data" / "raw"
    write_csv(raw / "reference" / "wilayah.csv", [("kode", "nama"), *gazetteer])
    return raw


def spell_row(
    n: int,
    village: str = DARAT,
    start: str = "01/01/2025",
    end: str = "31/12/2025",
    funding: str = "APBD_KAB",
    fee: str = "16800",
    job: str = "Petani",
) -> list[str]:
    return [nik(n), f"Pekerja {n}", village, job, funding, start, end, fee]


def ingested(raw: Path, today: dt.date) -> duckdb.DuckDBPyConnection:
    """The staging and audit tables of ``raw``'s data root, ingested on ``today``."""
    con = duckdb.connect()
    ingest(con, Settings(raw.parent), today=today, key=bytes(range(32)))
    return con


def built(raw: Path, today: dt.date) -> duckdb.DuckDBPyConnection:
    """Ingested on ``today`` and every mart built through the data's as-of month."""
    con = ingested(raw, today)
    build_tables(con, as_of_month(con))
    return con


def notes(con: duckdb.DuckDBPyConnection, topic: str) -> list[tuple]:
    return con.execute(
        "select path, row_number, value, row_count, message from audit.notes where topic = ? "
        "order by path, row_number, value",
        [topic],
    ).fetchall()
