"""Ingestion speed: a 200,000-row enrolment workbook through the real ingestion step.

Times ``pipeline.ingest.load.ingest`` end to end — what the staging asset runs: every
file read and classified, every row validated, NIK and KPJ pseudonymised, and the
staging, identity and audit tables written to a fresh DuckDB file — against
``pandas.read_excel`` (openpyxl, the default engine) merely reading the same file(s), in
the same run. The data root holds the Kalimantan Barat gazetteer and the workbook(s).

Usage::

    uv run python benchmarks/ingest_speed.py [--rows 200000] [--repeat 3] [--files 1]
        [--sheets 1] [--whole-run] [--profile FILE] [--json]

``--files``/``--sheets`` split the same rows over several workbooks or sheets (read in
parallel). ``--whole-run`` also times ``python -m pipeline run`` on that data root (a
subprocess: imports, Dagster, marts, exports and reports count) and gives the split per
Dagster step from the run's log. ``--profile FILE`` writes a cProfile of one more
ingestion (of the parent process). The load average (1/5/15 min) is printed beside
every figure: other work on the cores slows them.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import xlsxwriter

from pipeline.ingest.load import ingest
from pipeline.settings import PACKAGE_DATA_DIR, Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2025, 10, 15)
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
HEADER_ROW = 2  # a title row, a blank row, then the header (pandas: header=2)


def villages(prefix: str = "61.07.") -> list[str]:
    """The village codes of Kabupaten Bengkayang in the shipped gazetteer."""
    lines = (PACKAGE_DATA_DIR / "wilayah_61.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [c for c in (line.split(",")[0] for line in lines) if c.startswith(prefix) and c.count(".") == 3]


def nik(rng: random.Random) -> str:
    """A structurally valid NIK of Bengkayang: district, birth day (women +40), month, year, serial."""
    day = rng.randrange(1, 29) + rng.choice((0, 40))
    return (
        f"6107{rng.randrange(1, 18):02d}{day:02d}{rng.randrange(1, 13):02d}"
        f"{rng.randrange(100):02d}{rng.randrange(1, 10_000):04d}"
    )


def write_workbook(path: Path, rows: range, sheets: int, codes: list[str]) -> None:
    """A realistic enrolment workbook: title rows, text NIKs, real date cells."""
    rng = random.Random(42 + rows.start)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    jobs = ["Petani", "Pekebun", "Buruh sawit", "Pedagang", "Nelayan", "Ojek"]
    per_sheet = -(-len(rows) // sheets)
    for s in range(sheets):
        ws = wb.add_worksheet(f"Peserta {s + 1}" if sheets > 1 else "Peserta")
        ws.write(0, 0, "DAFTAR PESERTA PEKERJA RENTAN")
        ws.write_row(HEADER_ROW, 0, HEADER)
        for j, i in enumerate(rows[s * per_sheet : (s + 1) * per_sheet]):
            r = HEADER_ROW + 1 + j
            start = dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))
            ws.write_string(r, 0, str(i + 1))
            ws.write_string(r, 1, nik(rng))
            ws.write_string(r, 2, f"Peserta {i}")
            ws.write_string(r, 3, rng.choice(codes).replace(".", ""))
            ws.write_string(r, 4, rng.choice(jobs))
            ws.write_string(r, 5, "APBD Kabupaten")
            ws.write_string(r, 6, "JKK, JKM")
            ws.write_datetime(r, 7, start, date_fmt)
            ws.write_datetime(r, 8, start + dt.timedelta(days=364), date_fmt)
            ws.write_number(r, 9, 16800)
            ws.write_string(r, 10, rng.choice("LP"))
            ws.write_string(r, 11, str(rng.randrange(10**10, 10**11)))
    wb.close()


def make_data_root(root: Path, rows: int, files: int, sheets: int) -> list[Path]:
    """``root/raw``: the gazetteer and ``files`` enrolment workbooks holding ``rows`` rows."""
    (root / "raw" / "reference").mkdir(parents=True)
    (root / "raw" / "enrolment").mkdir(parents=True)
    shutil.copy(PACKAGE_DATA_DIR / "wilayah_61.csv", root / "raw" / "reference" / "wilayah.csv")
    codes = villages()
    per_file = -(-rows // files)
    paths = []
    for f in range(files):
        path = root / "raw" / "enrolment" / (f"peserta_{f + 1:02d}.xlsx" if files > 1 else "peserta.xlsx")
        write_workbook(path, range(f * per_file, min(rows, (f + 1) * per_file)), sheets, codes)
        paths.append(path)
    (root / ".keys").mkdir()
    (root / ".keys" / "pseudonym.key").write_text("ab" * 32 + "\n")
    return paths


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def time_ingest(root: Path, rows: int, profile: Path | None = None) -> float:
    """Seconds of one ingestion into a fresh database (the real step, end to end)."""
    db = root / "bench.duckdb"
    db.unlink(missing_ok=True)
    os.environ["PIPELINE_DATA_DIR"] = str(root)
    settings = Settings.from_env()
    profiler = cProfile.Profile() if profile else None
    with duckdb.connect(str(db)) as con:
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        log = ingest(con, settings, today=TODAY)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - t0
        accepted = con.execute("select count(*) from staging.spells").fetchone()[0]
    if profiler:
        profiler.dump_stats(str(profile))
    assert accepted == rows, (accepted, [f for f in log.files if f["kind"] == "enrolment"])
    return seconds


def time_openpyxl(paths: list[Path], sheets: int) -> float:
    t0 = time.perf_counter()
    for path in paths:
        pd.read_excel(
            path, sheet_name=None if sheets > 1 else 0, header=HEADER_ROW, dtype=str, engine="openpyxl"
        )
    return time.perf_counter() - t0


_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) [+-]\d{4} - dagster - \w+ - \w+ - [\w-]+ - (\w+) - ", re.M
)


def time_whole_run(root: Path) -> dict:
    """``python -m pipeline run`` on the data root (a subprocess), with Dagster's step times."""
    home = root / "dagster_home"
    home.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        PIPELINE_DATA_DIR=str(root),
        DAGSTER_HOME=str(home),
        DAGSTER_DISABLE_TELEMETRY="1",
        PIPELINE_RUN_DATE=TODAY.isoformat(),
        UV_COMPILE_BYTECODE="1",
    )
    shutil.rmtree(root / "processed", ignore_errors=True)
    before = load()
    t0, started = time.perf_counter(), time.time()
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"], env=env, capture_output=True, text=True, cwd=REPO_ROOT
    )
    seconds = time.perf_counter() - t0
    if run.returncode:
        raise RuntimeError(f"pipeline run failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    # Dagster's step events are not in the run log at INFO; each step's messages are, with
    # their time: the last message of each step, in seconds after the command started.
    steps: dict[str, float] = {}
    for log_file in (root / "processed" / "logs").glob("run-*.log"):
        for stamp, step in _LOG_LINE.findall(log_file.read_text(encoding="utf-8", errors="replace")):
            at = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").timestamp() - started
            steps[step] = max(steps.get(step, 0.0), at)
    return {"seconds": seconds, "steps": steps, "load_before": before, "load_after": load()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--sheets", type=int, default=1)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--whole-run", action="store_true", help="also time python -m pipeline run")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one more ingestion here")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line at the end")
    args = parser.parse_args()
    result: dict = {"rows": args.rows, "files": args.files, "sheets": args.sheets, "repeat": args.repeat}
    with tempfile.TemporaryDirectory(prefix="ingest-speed-") as tmp:
        root = Path(tmp)
        paths = make_data_root(root, args.rows, args.files, args.sheets)
        runs = []
        for _ in range(args.repeat):
            before = load()
            runs.append((time_ingest(root, args.rows), before))
        seconds = [s for s, _ in runs]
        best, median = min(seconds), statistics.median(seconds)
        result.update(
            ingest_seconds=[round(s, 3) for s in seconds],
            ingest_load_before=[lb for _, lb in runs],
            ingest_best=best,
            ingest_median=median,
        )
        print(
            f"{args.rows:,} rows in {args.files} file(s) of {args.sheets} sheet(s); "
            f"{args.repeat} ingestions\n"
        )
        print("| path | seconds | rows/s | load average before (1/5/15 min) |\n|---|---|---|---|")
        for i, (s, lb) in enumerate(runs, 1):
            print(f"| ingestion step, run {i} | {s:.2f} | {args.rows / s:,.0f} | {lb} |")
        print(f"| **ingestion step, best** | **{best:.2f}** | **{args.rows / best:,.0f}** | |")
        print(f"| ingestion step, median | {median:.2f} | {args.rows / median:,.0f} | |")
        if not args.skip_openpyxl:
            lb = load()
            t_pd = time_openpyxl(paths, args.sheets)
            result.update(openpyxl_seconds=t_pd, openpyxl_load_before=lb)
            print(
                f"| `pandas.read_excel` (openpyxl), reading only | {t_pd:.2f} | "
                f"{args.rows / t_pd:,.0f} | {lb} |"
            )
            print(f"\ningestion step vs openpyxl: {t_pd / best:.1f}x (best), {t_pd / median:.1f}x (median)")
        if args.whole_run:
            whole = time_whole_run(root)
            result["whole_run"] = whole
            print(
                f"\nwhole run (`python -m pipeline run`): {whole['seconds']:.1f} s, "
                f"load {whole['load_before']} before, {whole['load_after']} after"
            )
            if not args.skip_openpyxl:
                print(f"whole run vs openpyxl: {result['openpyxl_seconds'] / whole['seconds']:.1f}x")
            print("| Dagster step | its last message, s after the start (1 s resolution) |\n|---|---|")
            for name, at in sorted(whole["steps"].items(), key=lambda kv: kv[1]):
                print(f"| {name} | {at:.0f} |")
        if args.profile:
            time_ingest(root, args.rows, profile=args.profile)
            print(f"\nprofile of one more ingestion: {args.profile}")
        print(f"\nload average after: {load()}")
    if args.json:
        print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
