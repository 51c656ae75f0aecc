"""Command line: ``python -m pipeline run [--month YYYY-MM] | sample-data | dictionary [--check]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pipeline.settings import REPO_ROOT, Settings


def _dagster_home() -> None:
    """Use the repository's own Dagster instance (telemetry off) unless one is set."""
    os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / ".dagster_home"))
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)


def cmd_sample_data(settings: Settings) -> int:
    """Write the Bengkayang sample inputs into the data root's raw/ folder."""
    from pipeline.sample.generate import write_sample_data

    written = write_sample_data(settings.raw_dir)
    print(f"wrote {len(written)} sample files into {settings.raw_dir}")
    return 0


def cmd_dictionary(check: bool) -> int:
    """Write docs/data_dictionary.md from the catalog, or (``--check``) say whether it is stale."""
    from pipeline import dictionary

    path = dictionary.DICTIONARY_PATH
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    if check:
        if dictionary.is_current(path):
            print(f"{shown} is up to date")
            return 0
        print(f"{shown} is out of date with pipeline/catalog.py: run `python -m pipeline dictionary`",
              file=sys.stderr)
        return 1
    changed = dictionary.write(path)
    print(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return 0


def cmd_run(settings: Settings, month: str | None) -> int:
    """Materialize every asset through Dagster's ``pipeline_job``, in-process, for one month.

    With ``--month``: one run of that month's partition, exactly what the UI's
    "Materialize all" for that partition runs. Without: the month is the data's as-of
    month, which only the ingested data tells, so first one run of everything that is
    not per month (ingestion, marts through the as-of month, exports), then one run of
    that month's reports: what the raw-files sensor launches.
    """
    _dagster_home()
    from pipeline.definitions import defs
    from pipeline.jobs import partitioned_keys, whole_table_keys
    from pipeline.months import as_of_month, parse_month
    from pipeline.partitions import check_partition

    started = time.perf_counter()
    if month:
        try:
            key = check_partition(parse_month(month))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if not _execute(defs, partition_key=key):
            return _failed(started)
    else:
        if not _execute(defs, asset_selection=whole_table_keys(defs)):
            return _failed(started)
        import duckdb

        with duckdb.connect(str(settings.db_path), read_only=True) as con:
            as_of = as_of_month(con)
        if as_of is None:
            print(
                "error: no enrolment or claim dates in the data: cannot choose a reporting month",
                file=sys.stderr,
            )
            return 1
        try:
            key = check_partition(as_of)
        except ValueError as exc:
            print(
                f"error: the data's as-of month: {exc}. A date in the inputs may be mistyped "
                "(see staging.spells and staging.claims); --month YYYY-MM chooses the month.",
                file=sys.stderr,
            )
            return 1
        if not _execute(defs, asset_selection=partitioned_keys(defs), partition_key=key):
            return _failed(started)
    _summary(settings, time.perf_counter() - started)
    return 0


def _execute(defs, **kwargs) -> bool:
    """One in-process run of ``pipeline_job`` on the DAGSTER_HOME instance; errors printed."""
    import dagster as dg

    result = defs.resolve_job_def("pipeline_job").execute_in_process(
        instance=dg.DagsterInstance.get(),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={"pipeline/trigger": "cli"},
        raise_on_error=False,
        **kwargs,
    )
    if not result.success:
        for event in result.all_events:
            if event.is_failure and event.event_specific_data is not None:
                error = getattr(event.event_specific_data, "error", None)
                if error is not None:
                    print(f"error in {event.step_key}: {error.message.strip()}", file=sys.stderr)
        print(f"run {result.run_id} failed", file=sys.stderr)
    return result.success


def _failed(started: float) -> int:
    print(f"failed after {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1


def _summary(settings: Settings, elapsed: float) -> None:
    import duckdb

    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        files = con.execute("""
            select count(*), sum(rows_read), sum(rows_accepted), sum(rows_rejected),
                   count(*) filter (where error is not null)
            from audit.input_files""").fetchone()
        reasons = con.execute("""
            select reason, count(*) from audit.rejected_rows group by all order by 2 desc, 1
        """).fetchall()
        unreadable = con.execute(
            "select path, error from audit.input_files where error is not null order by path"
        ).fetchall()
        notes = con.execute(
            "select topic, count(*) from audit.notes group by all order by 2 desc, 1"
        ).fetchall()
        first_notes = con.execute("""
            select path, sheet, row_number, message from audit.notes
            where topic not in ('total_rows', 'repeated_header', 'rows_without_fields')
            order by kind, path, sheet, row_number nulls first limit 5""").fetchall()
    print(f"database: {settings.db_path}")
    print(f"inputs: {files[0]} files, {files[1]} rows read, {files[2]} accepted, "
          f"{files[3]} rejected")
    if reasons:
        print("rejected by reason: " + ", ".join(f"{r} {n}" for r, n in reasons))
    for path, error in unreadable:
        print(f"unreadable file {path}: {error}")
    if notes:
        print(f"notes: {sum(n for _, n in notes)} (" + ", ".join(f"{t} {n}" for t, n in notes)
              + "), e.g.:")
        for path, sheet, row, message in first_notes:
            where = path + (f" [{sheet}]" if sheet else "") + (f" row {row}" if row else "")
            print(f"  {where}: {message}")
    fix_lists = sorted(settings.internal_dir.glob("*/perbaikan")) if settings.internal_dir.exists() \
        else []
    if fix_lists:
        print(f"fix list for the village offices (personal data, not for publication): "
              f"{fix_lists[-1]}")
    reports = sorted(settings.reports_dir.rglob("*.pdf")) if settings.reports_dir.exists() else []
    for pdf in reports:
        print(f"report: {pdf}")
    print(f"done in {elapsed:.1f} s")


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest, build marts and exports, render the reports")
    run.add_argument("--month", help="reporting month YYYY-MM (default: the data's as-of month)")
    sub.add_parser("sample-data", help="write the Bengkayang sample inputs into raw/")
    dictionary = sub.add_parser("dictionary", help="write docs/data_dictionary.md from the catalog")
    dictionary.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    from pipeline import bench

    bench.add_arguments(sub.add_parser("bench", help="benchmarks at national scale (docs/benchmarks.md)"))
    args = parser.parse_args(argv)
    if args.command == "bench":
        return bench.main(args)
    if args.command == "dictionary":
        return cmd_dictionary(args.check)
    settings = Settings.from_env()
    if args.command == "sample-data":
        return cmd_sample_data(settings)
    return cmd_run(settings, args.month)


if __name__ == "__main__":
    sys.exit(main())
