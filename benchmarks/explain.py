"""EXPLAIN ANALYZE one SQL file of ``sql/`` against a database the bench kept (``--keep``).

Usage: ``uv run python benchmarks/explain.py DB intermediate/coverage_ranges [--month 2025-12]``.
Builds it into a temp table with DuckDB's JSON profiling on and prints the slowest operators
(or ``--tree``) with their cardinalities.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

from pipeline.core.months import parse_month
from pipeline.core.sql import define_macros, sql_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("file", help="layer/name, e.g. marts/coverage_by_village")
    parser.add_argument("--month", default="2025-12")
    parser.add_argument("--memory-limit", default="8GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--tree", action="store_true", help="the whole tree instead of the top operators")
    args = parser.parse_args()
    layer, name = args.file.split("/")
    query = sql_text(layer, name).strip().rstrip(";")
    params = {"month": parse_month(args.month)} if "$month" in query else {}
    con = duckdb.connect(args.db, config={"memory_limit": args.memory_limit, "threads": args.threads})
    con.execute("set temp_directory = '/tmp/pipeline-bench/explain_tmp'")
    define_macros(con)  # month_index, month_series, ... as every pipeline connection has them
    profile = "/tmp/pipeline-bench/profile.json"
    con.execute("pragma enable_profiling = 'json'")
    con.execute(f"pragma profiling_output = '{profile}'")
    started = time.perf_counter()
    con.execute(f"create or replace temp table _explained as {query}", params)
    elapsed = time.perf_counter() - started
    con.execute("pragma disable_profiling")
    tree = json.loads(Path(profile).read_text())
    rows = []

    def walk(node: dict, depth: int) -> None:
        # DuckDB 2.0: name, timing, intermediate_rows (older: operator_name, operator_timing, ...)
        name = node.get("name") or node.get("operator_name") or "?"
        extra = node.get("extra_info") or {}
        detail = "; ".join(f"{k}={v}" for k, v in extra.items() if k not in ("Estimated Cardinality",))
        timing = node.get("timing", node.get("operator_timing", 0.0))
        card = node.get("intermediate_rows", node.get("operator_cardinality", 0))
        rows.append((timing, depth, name.strip(), card, detail[: args.width]))
        for child in node.get("children", []):
            walk(child, depth + 1)

    for root in tree.get("operator", [tree]):
        walk(root, 0)
    if args.tree:
        for t, depth, name, card, detail in rows:
            print(f"{t:7.2f}s {'  ' * depth}{name} rows={card:,} {detail}")
    else:
        for t, depth, name, card, detail in sorted(rows, reverse=True)[: args.top]:
            print(f"{t:7.2f}s d{depth:<2} {name:<22} rows={card:>12,}  {detail}")
    system = tree.get("system", {})
    print(
        f"total {elapsed:.1f} s (operator sum {sum(r[0] for r in rows):.1f} s); cpu "
        f"{tree.get('query', {}).get('cpu_time', 0):.1f} s; peak buffer memory "
        f"{system.get('peak_buffer_memory', 0) / 1e9:.2f} GB; spilled "
        f"{system.get('total_bytes_spilled', 0) / 1e9:.2f} GB"
    )


if __name__ == "__main__":
    main()
