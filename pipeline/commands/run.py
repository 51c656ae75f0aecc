"""``python -m pipeline run``: the whole pipeline for one reporting month, then a summary.

The run itself is ``pipeline.orchestration.execute``; here the month is checked, the
run lock taken, and what was written (or what to do) printed.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from pipeline.core.shown import one_line
from pipeline.settings import Settings

HELP = """\
Ingest every input file, rebuild the database and the exports, and render the reports of
one reporting month, through Dagster (the same job the UI runs).

Reads:   <data root>/raw/reference/ (wilayah.csv, angkatan_kerja.*, target.*, ...),
         <data root>/raw/enrolment/*, <data root>/raw/claims/*
Writes:  <data root>/processed/coverage.duckdb           the database
         <data root>/processed/exports/                  marts as Parquet, CSV, marts.xlsx
                                                         and datapackage.json
         <data root>/processed/reports/YYYY-MM/*.pdf     the month's reports
         <data root>/processed/internal/YYYY-MM/         renewal lists with names (not for
                                                         publication)
         <data root>/processed/archive/                  every input by SHA-256 (not for
                                                         publication; verify reads it)
         <data root>/processed/logs/run-*.log            the full log of this run
         <data root>/.dagster/                           the Dagster instance (runs, events)

The outputs are written beside the published ones and moved into place together once
all of them succeeded: a failed run leaves the previous outputs exactly as they were.

The marts and exports always span the data, from the month of the earliest accepted
date (a spell's tgl_mulai, a claim's event, submission or payment) to the data's as-of
month (the month of the latest accepted spell start or claim submission or payment, not
after the run day); the reporting month only chooses the reports. A month outside
the data is refused with exit status 2 and nothing is written.

--new-key makes a new pseudonym key when the key file is missing or corrupt: every table
is rebuilt from raw/ anyway, but pseudonyms kept outside this database no longer match.
Without it, a missing key while the database holds pseudonyms stops the run.

When the inputs are incomplete (a sheet without a required column, a file in the wrong
place, more than 20 % of the enrolment or claim rows rejected, or of a file's rows from 50
rows), the run still publishes (the fix list must reach the offices) but every report is
marked "DRAF — BELUM UNTUK RAPAT" and the last lines say why and what to do; with
--strict the run fails instead and publishes nothing.

Exit status: 0 done, 1 nothing usable could be produced, or --strict and incomplete inputs
(the message says what to do), 2 the month was refused.
"""


def run(settings: Settings, month: str | None, strict: bool = False) -> int:
    """Run the pipeline for one reporting month; print what was written, or what to do."""
    from pipeline.core.locking import LockTimeout, RunLock
    from pipeline.core.months import parse_month
    from pipeline.orchestration.execute import RunFailed, RunLog, run_month
    from pipeline.orchestration.instance import use_instance
    from pipeline.orchestration.partitions import check_partition
    from pipeline.orchestration.resources import LOCK_HELD_ENV, lock_path, lock_refusal, lock_timeout

    started = time.perf_counter()
    if month:
        try:
            key = check_partition(parse_month(month))
        except ValueError as exc:
            print(f"error: refused: {exc}", file=sys.stderr)
            return 2
    use_instance(settings)
    log = RunLog(settings)
    lock = RunLock(lock_path(settings.db_path))
    try:
        lock.acquire(lock_timeout(), lambda text: print(text, file=sys.stderr, flush=True))
    except LockTimeout as exc:
        print(f"error: {lock_refusal(exc)}", file=sys.stderr)
        print(f"log: {log.path}", file=sys.stderr)
        log.close()
        return 1
    os.environ[LOCK_HELD_ENV] = str(os.getpid())
    try:
        reported = run_month(settings, log, key if month else None, strict)
    except RunFailed as failed:
        for line in failed.lines:  # a name's line break never splits a line
            print("\n".join(one_line(part) for part in line.split("\n")), file=sys.stderr)
        if failed.status != 2:  # a refusal is one line: there is no trace to look at
            print(f"log (full trace): {log.path}", file=sys.stderr)
        return failed.status
    except Exception as exc:  # an error outside any step: still no trace on the terminal
        log.write(traceback.format_exc())
        print(
            f"error: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}",
            file=sys.stderr,
        )
        print(f"log (full trace): {log.path}", file=sys.stderr)
        return 1
    finally:
        os.environ.pop(LOCK_HELD_ENV, None)
        lock.release()
        log.close()
    _summary(settings, reported, log.path, time.perf_counter() - started)
    return 0


def _summary(settings: Settings, key: str, log_path: Path, elapsed: float) -> None:
    """Inputs, rejections, then where everything is and the data's as-of date.

    When the inputs are incomplete (``pipeline.audit.health``), the last lines say so first: the
    reports are drafts, each problem, where and what to do.
    """
    from pipeline.audit import health
    from pipeline.core.months import data_span
    from pipeline.core.sql import fetch
    from pipeline.orchestration.resources import DuckDBResource

    with DuckDBResource(database=str(settings.db_path)).connect(read_only=True) as con:
        files = fetch(con, "cli", "input_totals")[1][0]
        reasons = fetch(con, "cli", "rejections")[1]
        unreadable = fetch(con, "cli", "unreadable_files")[1]
        notes = fetch(con, "cli", "note_topics")[1]
        first_notes = fetch(con, "cli", "first_notes")[1]
        span = data_span(con)
        found = health.from_database(con)
    _say(f"inputs: {files[0]} files, {files[1]} rows read, {files[2]} accepted, {files[3]} rejected")
    if reasons:
        _say("rejected by reason: " + ", ".join(f"{r} {n}" for r, n in reasons))
    for path, error in unreadable:
        if not error.startswith(health.MISPLACED_PREFIXES):  # listed with the draft's problems below
            _say(f"unreadable file {path}: {error}")
    if notes:
        counts = ", ".join(f"{t} {n}" for t, n in notes)
        _say(f"notes: {sum(n for _, n in notes)} ({counts})" + (", e.g.:" if first_notes else ""))
        for path, sheet, row, message in first_notes:
            where = path + (f" [{sheet}]" if sheet else "") + (f" row {row}" if row else "")
            _say(f"  {where}: {message}")
    _say(f"done in {elapsed:.1f} s: reports of {key}")
    _say(f"database: {settings.db_path}")
    exports = (
        sorted(p for p in settings.exports_dir.glob("*") if p.is_file())
        if settings.exports_dir.exists()
        else []
    )
    _say(f"exports: {settings.exports_dir}/ ({len(exports)} files, datapackage.json describes them)")
    month_dir = settings.reports_dir / key
    reports = sorted(month_dir.glob("*.pdf")) if month_dir.exists() else []
    if not reports:
        _say(f"reports: none for {key} (no regency has data that month)")
    for pdf in reports:
        _say(f"report: {pdf}")
    internal = settings.internal_dir / key
    if internal.is_dir():
        _say(f"internal (personal data, not for publication): {internal}/")
    else:
        _say(f"internal: no renewal list for {key} (no cover ends within three months)")
    # The fix list is about the inputs, not a month: it sits in the as-of month's folder.
    fix_lists = sorted(settings.internal_dir.glob("*/perbaikan")) if settings.internal_dir.exists() else []
    if fix_lists:
        _say(f"fix list: {fix_lists[-1]}/")
    _say(f"log: {log_path}")
    _say(f"data as of {span.as_of_text()[len('as of ') :]}")
    if found.is_draft:
        _say(
            f"DRAFT: the reports of {key} are marked DRAF — BELUM UNTUK RAPAT (not for the meeting): "
            "the inputs are incomplete. Fix, then run again (--strict makes this a failure):"
        )
        for line in found.lines():
            _say(line)


def _say(line: str) -> None:
    """Print one line of the summary: a name's line break or control character shown escaped."""
    print(one_line(line))
