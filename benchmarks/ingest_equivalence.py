"""Does a change to ingestion change its output? Dump what ingestion wrote, compare two dumps.

Every table of the ``staging``, ``audit`` and ``identity`` schemas is written as Parquet
per ingestion; two dumps are compared row for row, order-insensitively (``except all``
both ways: duplicates count). Ingestion writes no run timestamp (``audit.ingestion_run``
holds the day dates are judged against, fixed per run); only ``audit.input_files.sha256``
is compared for presence alone (the tests write their workbooks anew, with a new
creation time inside), and pytest's numbered tmp folder is cut from error messages.

Usage::

    # one data root (e.g. the sample), with a fixed key and day
    python benchmarks/ingest_equivalence.py ingest --data DIR --out DUMP [--today 2025-10-15]
    # every ingestion the given tests run (the hostile corpus), as a pytest plugin
    INGEST_DUMP_DIR=DUMP pytest -p benchmarks.ingest_equivalence tests/integration/...
    # compare
    python benchmarks/ingest_equivalence.py compare DUMP_BEFORE DUMP_AFTER

To dump the code before a change, run the same commands from an export of the old
commit (``git archive``) with ``PYTHONPATH`` (or pytest's rootdir) pointing there.
The pseudonym key is fixed (``PIPELINE_KEY_FILE``) so that ``person_id`` compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import duckdb

SCHEMAS = ("staging", "audit", "identity")
#: A test that writes its workbook anew writes other bytes (xlsxwriter stamps the time into
#: docProps/core.xml): the hash of an input file is compared for presence only.
#: An error message may name the file's absolute path, under pytest's numbered tmp folder.
SELECT = {
    "audit.input_files.parquet": "* replace (sha256 is not null as sha256, regexp_replace("
    "error, '/tmp/pytest-of-[^/]+/pytest-[0-9]+/', '/tmp/', 'g') as error)"
}
FIXED_KEY_HEX = "00" * 16 + "11" * 16


def fixed_key_file(folder: Path) -> Path:
    path = folder / "pseudonym.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(FIXED_KEY_HEX + "\n")
    return path


def dump(con: duckdb.DuckDBPyConnection, out: Path) -> list[str]:
    """Every table of the ingestion's schemas as ``out/<schema>.<table>.parquet``."""
    out.mkdir(parents=True, exist_ok=True)
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_schema in {SCHEMAS!r} order by all"
    ).fetchall()
    for schema, name in tables:
        target = str(out / f"{schema}.{name}.parquet").replace("'", "''")
        con.execute(f"copy (select * from {schema}.{name}) to '{target}' (format parquet)")
    return [f"{s}.{n}" for s, n in tables]


def compare(before: Path, after: Path) -> int:
    """Print every difference; the number of dumps that differ."""
    runs_b = {p.name for p in before.iterdir() if p.is_dir()} or {"."}
    runs_a = {p.name for p in after.iterdir() if p.is_dir()} or {"."}
    bad = 0
    for run in sorted(runs_b | runs_a):
        b, a = before / run, after / run
        if run not in runs_a or run not in runs_b:
            print(f"{run}: only {'before' if run in runs_b else 'after'}")
            bad += 1
            continue
        problems = []
        err_b, err_a = (_text(d / "error.txt") for d in (b, a))
        if err_b != err_a:
            problems.append(f"error before {err_b!r}, after {err_a!r}")
        files_b = {p.name for p in b.glob("*.parquet")}
        files_a = {p.name for p in a.glob("*.parquet")}
        if files_b != files_a:
            problems.append(f"tables differ: {sorted(files_b ^ files_a)}")
        rows = 0
        for name in sorted(files_b & files_a):
            with duckdb.connect() as con:
                pb, pa_ = (str(d / name).replace("'", "''") for d in (b, a))
                cols_b = [c[0] for c in con.execute(f"describe select * from '{pb}'").fetchall()]
                cols_a = [c[0] for c in con.execute(f"describe select * from '{pa_}'").fetchall()]
                if cols_b != cols_a:
                    problems.append(f"{name}: columns {cols_b} vs {cols_a}")
                    continue
                n = con.execute(f"select count(*) from '{pb}'").fetchone()[0]
                rows += n
                sel = SELECT.get(name, "*")
                only_b = con.execute(
                    f"select {sel} from '{pb}' except all select {sel} from '{pa_}'"
                ).fetchall()
                only_a = con.execute(
                    f"select {sel} from '{pa_}' except all select {sel} from '{pb}'"
                ).fetchall()
                if only_b or only_a:
                    problems.append(
                        f"{name}: {len(only_b)} row(s) only before, {len(only_a)} only after; "
                        f"e.g. {only_b[:2]} / {only_a[:2]}"
                    )
        if problems:
            bad += 1
            print(f"{run}: DIFFERENT")
            for p in problems:
                print(f"    {p}")
        else:
            print(f"{run}: identical ({len(files_b)} tables, {rows} rows)")
    print(f"\n{bad} of {len(runs_b | runs_a)} ingestion(s) differ")
    return bad


def _text(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


def ingest_and_dump(data: Path, out: Path, today: dt.date | None) -> None:
    from pipeline.ingest.load import ingest
    from pipeline.settings import Settings

    os.environ["PIPELINE_DATA_DIR"] = str(data)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PIPELINE_KEY_FILE"] = str(fixed_key_file(Path(tmp)))
        with duckdb.connect(str(Path(tmp) / "c.duckdb")) as con:
            ingest(con, Settings.from_env(), today=today)
            names = dump(con, out)
    print(json.dumps({"dumped": names, "out": str(out)}))


# --------------------------------------------------------------------------- pytest plugin


def pytest_configure(config) -> None:
    """Wrap ``ingest`` so that every call of the tests dumps its tables (``INGEST_DUMP_DIR``)."""
    out = os.environ.get("INGEST_DUMP_DIR")
    if not out:
        return
    os.environ.setdefault("PIPELINE_KEY_FILE", str(fixed_key_file(Path(out) / ".key")))
    from pipeline.ingest import load

    original = load.ingest
    counts: dict[str, int] = {}

    def ingest(con, settings, today=None, key=None):
        test = re.sub(r"[^\w.-]+", "_", os.environ.get("PYTEST_CURRENT_TEST", "none").split(" ")[0])
        counts[test] = counts.get(test, 0) + 1
        target = Path(out) / f"{test}__{counts[test]}"
        try:
            log = original(con, settings, today=today, key=key)
        except BaseException as exc:
            target.mkdir(parents=True, exist_ok=True)
            (target / "error.txt").write_text(f"{type(exc).__name__}: {exc}")
            raise
        dump(con, target)
        return log

    load.ingest = ingest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest")
    ing.add_argument("--data", type=Path, required=True)
    ing.add_argument("--out", type=Path, required=True)
    ing.add_argument("--today", type=dt.date.fromisoformat)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "ingest":
        ingest_and_dump(args.data, args.out, args.today)
        return 0
    return 1 if compare(args.before, args.after) else 0


if __name__ == "__main__":
    sys.exit(main())
