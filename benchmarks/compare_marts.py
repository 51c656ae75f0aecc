"""Do the marts built by the SQL of another git revision equal those of the working tree?

For a speed change to the SQL: builds every intermediate table and mart twice from the same
synthetic staging data (``python -m benchmarks generate``), once with ``sql/`` as of
``--rev`` (default HEAD) and once with the working tree, and compares each mart row for row
(``except all`` both ways). The macros of ``sql/macros`` come from the same revision as
the rest of the SQL, so a change to a macro is compared too; a table the revision has no
file for is not built there. Usage:
``uv run python benchmarks/compare_marts.py /tmp/pipeline-bench/spells_1M [--rev HEAD] [--province 61]``.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.inputs import DATA_MONTH
from benchmarks.marts import load_staging
from pipeline.build.tables import SQL_TABLES, sql_params
from pipeline.catalog import codes
from pipeline.core.months import parse_month
from pipeline.core.sql import define_macros
from pipeline.settings import REPO_ROOT, SQL_DIR


def exists_at(rev: str | None, layer: str, name: str) -> bool:
    """Whether ``sql/<layer>/<name>.sql`` exists at ``rev`` (a table added since is not built there)."""
    if rev is None:
        return (SQL_DIR / layer / f"{name}.sql").exists()
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{rev}:sql/{layer}/{name}.sql"], cwd=REPO_ROOT, capture_output=True
    )
    return found.returncode == 0


def sql_at(rev: str | None, layer: str, name: str) -> str:
    if rev is None:
        return (SQL_DIR / layer / f"{name}.sql").read_text(encoding="utf-8")
    return subprocess.run(
        ["git", "show", f"{rev}:sql/{layer}/{name}.sql"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def define_macros_at(con: duckdb.DuckDBPyConnection, rev: str | None) -> None:
    """The macros of ``sql/macros`` as of ``rev`` (the working tree's when None), in name order."""
    if rev is None:
        define_macros(con)
        return
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{rev}:sql/macros"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in sorted(n for n in names if n.endswith(".sql")):
        con.execute(sql_at(rev, "macros", name.removesuffix(".sql")))
    # the macros of the catalog's codes (unmapped_code(), age_bands(), ...) are the working
    # tree's: a revision after they came in reads them, one before defines its own literals
    for text in codes.sql_macros():
        con.execute(text)


def build(db: Path, data: Path, rev: str | None, province: str | None, month=DATA_MONTH) -> dict[str, float]:
    times = {}
    with duckdb.connect(
        str(db), config={"memory_limit": "8GB", "threads": 2, "temp_directory": str(db.parent / "tmp")}
    ) as con:
        load_staging(con, data, province)
        define_macros_at(con, rev)  # the macros of the same revision as the SQL
        for table in SQL_TABLES:
            layer, name = table.schema, table.name
            if not exists_at(rev, layer, name):
                continue
            query = sql_at(rev, layer, name).strip().rstrip(";")
            params = {k: v for k, v in sql_params(month).items() if f"${k}" in query}
            started = time.perf_counter()
            con.execute(f"create schema if not exists {layer}")
            con.execute(f"create or replace table {layer}.{name} as\n{query}", params)
            times[f"{layer}.{name}"] = round(time.perf_counter() - started, 2)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--province")
    parser.add_argument("--month", default=DATA_MONTH.strftime("%Y-%m"), help="reporting month YYYY-MM")
    args = parser.parse_args()
    month = parse_month(args.month)
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        old, new = Path(tmp) / "old.duckdb", Path(tmp) / "new.duckdb"
        t_old = build(old, args.data, args.rev, args.province, month)
        t_new = build(new, args.data, None, args.province, month)
        con = duckdb.connect(str(new), config={"memory_limit": "8GB", "threads": 2})
        con.execute(f"attach '{old}' as old (read_only)")
        ok = True
        for table in SQL_TABLES:
            layer, name = table.schema, table.name
            if layer != "marts":
                continue
            n = con.execute(f"select count(*) from {layer}.{name}").fetchall()[0][0]
            extra = con.execute(
                f"select count(*) from (select * from {layer}.{name} except all "
                f"select * from old.{layer}.{name})"
            ).fetchall()[0][0]
            missing = con.execute(
                f"select count(*) from (select * from old.{layer}.{name} except all "
                f"select * from {layer}.{name})"
            ).fetchall()[0][0]
            same = extra == 0 and missing == 0
            ok &= same
            print(
                f"{layer}.{name}: {n:,} rows, {'same' if same else f'DIFFERENT: +{extra} -{missing}'}"
                f"  ({t_old[f'{layer}.{name}']} s -> {t_new[f'{layer}.{name}']} s)"
            )
        for table in SQL_TABLES:
            layer, name = table.schema, table.name
            if layer == "intermediate":
                table = f"{layer}.{name}"
                print(f"{table}: {t_old.get(table, '-')} s -> {t_new.get(table, '-')} s")
        print(f"all tables: {sum(t_old.values()):.1f} s -> {sum(t_new.values()):.1f} s")
        con.close()
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
