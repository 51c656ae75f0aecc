"""``python -m benchmarks <what>``: the benchmarks' command line (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.inputs import DATA_MONTH, DEFAULT_WORK_DIR
from benchmarks.measure import machine, parse_size, size_label
from benchmarks.suite import append_result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The subcommands (``python -m benchmarks --help``)."""
    sub = parser.add_subparsers(dest="bench_command", required=True)
    gen = sub.add_parser("generate", help="write synthetic national inputs as Parquet")
    gen.add_argument("--spells", default="45M", help="number of spells, e.g. 1M, 45M (default 45M)")
    gen.add_argument("--out", type=Path, help=f"folder (default {DEFAULT_WORK_DIR}/spells_<size>)")
    gen.add_argument("--force", action="store_true", help="regenerate even if present")

    marts = sub.add_parser("marts", help="load the Parquet inputs and build every mart, timed")
    marts.add_argument("--data", type=Path, required=True, help="a folder written by generate")
    marts.add_argument("--db", type=Path, default=DEFAULT_WORK_DIR / "db" / "coverage.duckdb")
    marts.add_argument("--province", help="only this province (e.g. 61): partition pruning")
    marts.add_argument("--month", default=DATA_MONTH.strftime("%Y-%m"), help="reporting month YYYY-MM")
    marts.add_argument("--memory-limit", default="8GB")
    marts.add_argument("--threads", type=int, default=2)
    marts.add_argument("--checks", action="store_true", help="also run every mart check")
    marts.add_argument("--keep", action="store_true", help="keep the database afterwards")

    rep = sub.add_parser(
        "reports", help="render a database's reports through Dagster (multiprocess or Celery executor)"
    )
    rep.add_argument("--db", type=Path, required=True)
    rep.add_argument("--out", type=Path, default=DEFAULT_WORK_DIR / "reports")
    rep.add_argument("--month", default=DATA_MONTH.strftime("%Y-%m"))
    rep.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes at once (multiprocess max_concurrent), or Celery workers",
    )
    rep.add_argument(
        "--executor",
        choices=("multiprocess", "celery"),
        default="multiprocess",
        help="multiprocess (render_reports_job) or celery (a cluster on this machine: Redis, "
        "PostgreSQL and --workers Celery workers, render_reports_celery_job)",
    )
    rep.add_argument(
        "--level",
        choices=("regency", "province", "all"),
        default="regency",
        help="regency reports, province summaries, or both (default regency)",
    )

    sample = sub.add_parser("sample", help="the Bengkayang sample end to end, and one regency report")
    sample.add_argument(
        "--baseline", help="a git revision to run alternately in the same run (same packages)"
    )
    sample.add_argument("--repeat", type=int, default=1, help="runs of each (default 1)")

    st = sub.add_parser("suite", help="generate and build the marts at several sizes")
    st.add_argument("--sizes", default="1M,5M,15M,45M")
    st.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    st.add_argument("--memory-limit", default="8GB")
    st.add_argument("--checks", action="store_true")

    for p in (gen, marts, rep, sub.choices["sample"], st):
        p.add_argument("--results", type=Path, help="append the JSON result to this file")


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; the result is printed as one JSON line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="benchmarks at national scale (docs/benchmarks.md)"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    from pipeline.core.months import parse_month

    command = args.bench_command
    if command == "generate":
        from benchmarks.inputs import generate

        n = parse_size(args.spells)
        out = args.out or DEFAULT_WORK_DIR / f"spells_{size_label(n)}"
        result = dict(generate(out, n, force=args.force), what="generate", out=str(out))
    elif command == "marts":
        from benchmarks.marts import bench_marts

        result = bench_marts(
            args.data,
            args.db,
            province=args.province,
            month=parse_month(args.month),
            memory_limit=args.memory_limit,
            threads=args.threads,
            checks=args.checks,
            keep=args.keep,
        )
        result["machine"] = machine()
    elif command == "reports":
        from benchmarks.reports import bench_reports

        result = bench_reports(
            args.db,
            args.out,
            month=parse_month(args.month),
            workers=args.workers,
            level=args.level,
            executor=args.executor,
        )
    elif command == "sample":
        from benchmarks.reports import bench_sample

        result = bench_sample(baseline=args.baseline, repeat=args.repeat)
    else:
        from benchmarks.suite import suite

        sizes = [parse_size(s) for s in args.sizes.split(",")]
        suite(sizes, args.work_dir, args.results, args.memory_limit, args.checks)
        return 0
    append_result(args.results, result)
    print(json.dumps(result))
    if command == "marts" and args.checks:
        from benchmarks.marts import BLOCKING_CHECKS

        failed = {k: v for k, v in result["checks"].items() if k in BLOCKING_CHECKS and v}
        if failed:
            print(f"blocking checks failed: {failed}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
