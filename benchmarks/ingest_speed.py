"""Ingestion speed: a 200,000-row enrolment workbook through the real ingestion path.

Compared in the same run with ``pandas.read_excel`` (openpyxl, the default engine) on
the same file. Usage: ``uv run python benchmarks/ingest_speed.py [--rows N] [--repeat 3]``.
The pipeline path runs ``--repeat`` times (best and median reported, with the stages:
workbook parse by fastexcel/calamine, row classification, validation); the machine's
load average is printed beside the figures, since other work on the cores slows them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
import xlsxwriter

from pipeline.ingest import read as reader
from pipeline.ingest.fields import ENROLMENT_FIELDS
from pipeline.ingest.gazetteer import Gazetteer, regions_frame
from pipeline.ingest.inputs import validate_enrolment
from pipeline.ingest.read import read_file
from pipeline.ingest.validate import combine

HEADER = [
    "No",
    "NIK",
    "Nama Lengkap",
    "Kode Desa",
    "Pekerjaan",
    "Sumber Dana",
    "Program",
    "Tgl Mulai",
    "Tgl Akhir",
    "Iuran/Bulan",
    "JK",
    "No KPJ",
]
VILLAGES = [f"61.07.{d:02d}.{2000 + v}" for d in range(1, 18) for v in range(1, 9)]


def write_workbook(path: Path, rows: int) -> None:
    """A realistic enrolment workbook: title rows, text NIKs, real date cells."""
    rng = random.Random(42)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Peserta")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write(0, 0, "DAFTAR PESERTA PEKERJA RENTAN")
    ws.write_row(2, 0, HEADER)
    jobs = ["Petani", "Pekebun", "Buruh sawit", "Pedagang", "Nelayan", "Ojek"]
    for i in range(rows):
        r = 3 + i
        start = dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))
        ws.write_string(r, 0, str(i + 1))
        ws.write_string(r, 1, f"6107{rng.randrange(10**11, 10**12)}")
        ws.write_string(r, 2, f"Peserta {i}")
        ws.write_string(r, 3, rng.choice(VILLAGES).replace(".", ""))
        ws.write_string(r, 4, rng.choice(jobs))
        ws.write_string(r, 5, "APBD Kabupaten")
        ws.write_string(r, 6, "JKK, JKM")
        ws.write_datetime(r, 7, start, date_fmt)
        ws.write_datetime(r, 8, start + dt.timedelta(days=364), date_fmt)
        ws.write_number(r, 9, 16800)
        ws.write_string(r, 10, rng.choice("LP"))
        ws.write_string(r, 11, str(rng.randrange(10**10, 10**11)))
    wb.close()


def time_pipeline(path: Path, root: Path, gazetteer: Gazetteer, rows: int) -> dict[str, float]:
    """One pass through the real ingestion path, with the seconds of each stage."""
    t0 = time.perf_counter()
    sheets = reader._read_workbook(path)  # the parse alone, as read_file does it first
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    combined = combine([read_file(path, root, ENROLMENT_FIELDS)], ENROLMENT_FIELDS)
    t_read = time.perf_counter() - t0
    spells, v = validate_enrolment(combined, gazetteer, {"petani": "A"}, {"apbdkabupaten": "APBD_KAB"})
    t_total = time.perf_counter() - t0
    assert len(spells) == rows, (len(spells), v.reason.value_counts())
    del sheets
    return {"parse": t_parse, "read": t_read, "validate": t_total - t_read, "total": t_total}


def main() -> None:
    """Time both paths and print a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-openpyxl", action="store_true")
    args = parser.parse_args()
    codes = sorted({c for v in VILLAGES for c in (v[:5], v[:8], v)} | {"61"})
    gazetteer = Gazetteer(regions_frame(pd.Series(codes), pd.Series(codes)))
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "peserta.xlsx"
        write_workbook(path, args.rows)
        runs = [time_pipeline(path, Path(tmp), gazetteer, args.rows) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["total"])
        median = statistics.median(r["total"] for r in runs)
        print(f"load average before: {load_before}; {args.repeat} runs of the pipeline path\n")
        print("| path | seconds | rows/s |\n|---|---|---|")
        print(
            f"| pipeline: workbook parse only (fastexcel/calamine, best) | {best['parse']:.2f} | "
            f"{args.rows / best['parse']:,.0f} |"
        )
        print(
            f"| pipeline: read (parse + row classification, best) | {best['read']:.2f} | "
            f"{args.rows / best['read']:,.0f} |"
        )
        print(
            f"| pipeline: read + validate (best) | {best['total']:.2f} | {args.rows / best['total']:,.0f} |"
        )
        print(f"| pipeline: read + validate (median) | {median:.2f} | {args.rows / median:,.0f} |")
        if not args.skip_openpyxl:
            t0 = time.perf_counter()
            pd.read_excel(path, header=2, dtype=str, engine="openpyxl")
            t_pd = time.perf_counter() - t0
            print(f"| pandas.read_excel (openpyxl), no validation | {t_pd:.2f} | {args.rows / t_pd:,.0f} |")
            print(
                f"\nspeed-up over openpyxl: {t_pd / best['total']:.1f}x (best), {t_pd / median:.1f}x (median)"
            )
        print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
