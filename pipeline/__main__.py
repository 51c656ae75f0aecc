"""Coverage monitoring for BPJS Ketenagakerjaan: spreadsheets in, marts, exports and reports out.

Commands: run (the whole pipeline for one reporting month), verify (check a published
report against its archived inputs), rerender (a published report again from the
archive), gazetteer (reference/wilayah.csv for a regency or province from the shipped
national list), sample-data (the synthetic Bengkayang sample inputs), dictionary
(docs/data_dictionary.md and docs/header_variants.md). The benchmarks at national scale are
python -m benchmarks (in benchmarks/, outside the package).

Environment:
  PIPELINE_DATA_DIR     the data root (default ./data): inputs are read from its raw/,
                        outputs written to its processed/
  DAGSTER_HOME          the Dagster instance (default <data root>/.dagster)
  PIPELINE_FIRST_MONTH  the first monthly partition, YYYY-MM (default 2024-01)
  PIPELINE_LOCK_TIMEOUT_SECONDS  how long a run waits for another run (default 3600)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import time
import traceback
from pathlib import Path

from pipeline.publish import private_dir, private_file
from pipeline.settings import REPO_ROOT, Settings
from pipeline.shown import one_line

RUN_HELP = """\
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

VERIFY_HELP = """Check a published report: read its manifest and attached tables, find each input in the
archive (<data root>/processed/archive/, or --archive), re-derive every attached table
and the executive summary's figures in a temporary database with the run date and
parameters the manifest records, and compare.

Exit status: 0 every table and figure matches, 1 differences (the first are printed:
table, key, column, published value, recomputed value), 2 not a report of this
pipeline, 3 inputs missing from the archive (they are listed).
"""

RERENDER_HELP = """Re-render a published report from the archived inputs it lists (as verify re-derives
it) into --out; with the same code version the PDF is byte-identical to the published
one, whatever arrived in raw/ since. Exit status as for verify.
"""

SAMPLE_HELP = """\
Write the synthetic Bengkayang sample inputs into <data root>/raw/ (reference/,
enrolment/, claims/). Refuses, writing nothing, when a file there was not written by
this command (a manifest, raw/.sample_manifest.json, records what it wrote).
"""

DICTIONARY_HELP = """\
Reads pipeline/catalog/ and writes docs/data_dictionary.md of the repository, and
pipeline/ingest/fields.py and writes docs/header_variants.md (the accepted column
headers). With --check, write nothing and exit 1 when a file is out of date.

It works on the repository, not on a data root: PIPELINE_DATA_DIR and DAGSTER_HOME
play no part.
"""

ENVIRONMENT = """\
environment:
  PIPELINE_DATA_DIR     the data root (default ./data)
  DAGSTER_HOME          the Dagster instance (default <data root>/.dagster)
  PIPELINE_FIRST_MONTH  the first monthly partition, YYYY-MM (default 2024-01)
  PIPELINE_LOCK_TIMEOUT_SECONDS  seconds to wait for a run already writing (default 3600)
  PIPELINE_RUN_DATE     the day the run counts as (YYYY-MM-DD, default today): input
                        dates after it are rejected; recorded in each report's manifest
  PIPELINE_KEY_FILE     the pseudonym key (default <data root>/.keys/pseudonym.key)
"""

SAMPLE_COMMAND = "python -m pipeline sample-data"

GAZETTEER_HELP = """\
Write <data root>/raw/reference/wilayah.csv for the given Kemendagri codes (a regency such as
64.09, or a province such as 64) from the national list shipped in
pipeline/data/wilayah_indonesia.csv.gz: the province row, each regency and every district
and village under it. Refuses to overwrite an existing wilayah.csv.
"""


def cmd_gazetteer(settings: Settings, codes: list[str]) -> int:
    """Write reference/wilayah.csv for ``codes`` from the shipped national gazetteer."""
    import csv
    import gzip

    from pipeline.settings import PACKAGE_DATA_DIR

    target = settings.reference_dir / "wilayah.csv"
    if target.exists():
        print(f"error: {target} exists: nothing was written (remove it first to replace it)", file=sys.stderr)
        return 1
    wanted = [c.strip().strip(".") for c in codes]
    with gzip.open(PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz", "rt", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    provinces = {c.split(".")[0] for c in wanted}
    keep = [
        r for r in body if r[0] in provinces or any(r[0] == c or r[0].startswith(c + ".") for c in wanted)
    ]
    unknown = [c for c in wanted if not any(r[0] == c for r in body)]
    if unknown:
        print(
            f"error: no region {', '.join(unknown)} in the national list (a regency is written "
            "like 64.09, a province like 64): nothing was written",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *keep])
    villages = sum(1 for r in keep if r[0].count(".") == 3)
    print(f"wrote {target}: {len(keep)} regions, {villages} villages")
    print("next: put the enrolment spreadsheets in raw/enrolment/, then python -m pipeline run")
    return 0


def cmd_sample_data(settings: Settings) -> int:
    """Write the Bengkayang sample inputs into the data root's raw/ folder."""
    from pipeline.sample import ForeignFileError, write_sample_data

    try:
        written = write_sample_data(settings.raw_dir)
    except ForeignFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(
            f"nothing was written. PIPELINE_DATA_DIR=/an/empty/folder {SAMPLE_COMMAND} writes the "
            "sample elsewhere",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {len(written)} sample files into {settings.raw_dir}")
    print("next: python -m pipeline run")
    return 0


def default_archive(report: Path, settings: Settings) -> Path:
    """The archive a published report's inputs are in.

    With ``PIPELINE_DATA_DIR`` set, that data root's. Without it, the archive beside the report:
    a report at ``<data root>/processed/reports/<YYYY-MM>/x.pdf`` has its inputs in
    ``<data root>/processed/archive`` (not under the current directory's ``data/``).
    """
    if os.environ.get("PIPELINE_DATA_DIR"):
        return settings.archive_dir
    month_dir = report.resolve().parent
    if month_dir.parent.name == "reports":
        return month_dir.parent.parent / settings.archive_dir.name
    return settings.archive_dir


def cmd_dictionary(check: bool) -> int:
    """Write docs/data_dictionary.md and docs/header_variants.md, or (``--check``) say whether stale."""
    from pipeline import dictionary

    status = 0
    for path, renderer in dictionary.documents():
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        if check:
            if dictionary.is_current(path, renderer):
                print(f"{shown} is up to date")
                continue
            print(
                f"{shown} is out of date with pipeline/catalog/ or pipeline/ingest/fields.py: "
                "run `python -m pipeline dictionary`",
                file=sys.stderr,
            )
            status = 1
            continue
        changed = dictionary.write(path, renderer)
        print(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return status


class RunLog:
    """``processed/logs/run-<time>-<pid>.log``: everything Dagster says, and every full trace."""

    def __init__(self, settings: Settings) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.path = settings.processed_dir / "logs" / f"run-{stamp}-{os.getpid()}.log"
        # a log holds file names and values as typed: owner-only, like the database
        self._fh = private_file(private_dir(self.path.parent) / self.path.name)

    def write(self, text: str) -> None:
        self._fh.write(text.rstrip("\n") + "\n")
        self._fh.flush()

    @contextlib.contextmanager
    def capture(self):
        """Send stdout and stderr (Dagster's console logger among them) into the log file."""
        with contextlib.redirect_stdout(self._fh), contextlib.redirect_stderr(self._fh):
            yield
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


class RunFailed(Exception):
    """A run failed: ``lines`` say what happened and what to do; ``status`` is the exit status."""

    def __init__(self, lines: list[str], status: int = 1) -> None:
        super().__init__(lines[0])
        self.lines = lines
        self.status = status


def _failure(result, log: RunLog) -> RunFailed:
    """What went wrong in a failed run, for a person: the expected message, else step and cause."""
    import dagster as dg

    from pipeline import outcomes

    unexpected = []
    for event in result.all_events:
        if event.event_type not in (dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE):
            continue
        data = event.event_specific_data
        error = getattr(data, "error", None)
        if error is not None:
            log.write(f"--- {event.step_key or 'run'} failed:\n{error.to_string()}")
        user = getattr(data, "user_failure_data", None)
        if user is not None and outcomes.OUTCOME_KEY in (user.metadata or {}):
            kind = user.metadata[outcomes.OUTCOME_KEY].value
            return RunFailed([f"error: {user.description}"], outcomes.exit_status(kind))
        if error is not None and event.step_key:
            unexpected.append(f"error: step {event.step_key} failed: {outcomes.error_line(error)}")
        elif error is not None and not unexpected:
            unexpected.append(f"error: run {result.run_id[:8]} failed: {outcomes.error_line(error)}")
    if not unexpected:
        unexpected = [f"error: run {result.run_id[:8]} failed (no step reported an error)"]
    return RunFailed([*unexpected[:3], "this was not expected: please report it with the log file"])


#: The code location ``dagster dev`` loads (pyproject.toml [tool.dagster]) and its repository.
CODE_LOCATION = "pipeline"
REPOSITORY = "__repository__"


def _execute(
    log: RunLog, asset_selection=None, partition_key: str | None = None, tags: dict[str, str] | None = None
):
    """One in-process run of ``pipeline_job`` on the data root's instance; raises RunFailed.

    The run is recorded with the UI's code location as its origin, so the UI lists it
    with that location's job everywhere, the Overview timeline included (a run without
    an origin is left out there).
    """
    import dagster as dg
    from dagster._core.definitions.reconstruct import ReconstructableRepository
    from dagster._core.execution.api import execute_run
    from dagster._core.remote_origin import (
        RegisteredCodeLocationOrigin,
        RemoteJobOrigin,
        RemoteRepositoryOrigin,
    )

    from pipeline.instance import process_tags

    job = ReconstructableRepository.for_module(
        "pipeline.definitions", "defs", working_directory=str(REPO_ROOT)
    ).get_reconstructable_job("pipeline_job")
    if asset_selection is not None:
        job = job.get_subset(asset_selection=frozenset(asset_selection))
    origin = RemoteJobOrigin(
        repository_origin=RemoteRepositoryOrigin(
            code_location_origin=RegisteredCodeLocationOrigin(CODE_LOCATION), repository_name=REPOSITORY
        ),
        job_name="pipeline_job",
    )
    run_tags = {"pipeline/trigger": "cli", **process_tags(), **(tags or {})}
    if partition_key is not None:
        run_tags["dagster/partition"] = partition_key
    instance = dg.DagsterInstance.get()
    with log.capture():
        run = instance.create_run_for_job(
            job_def=job.get_definition(),
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            tags=run_tags,
            asset_selection=frozenset(asset_selection) if asset_selection is not None else None,
            remote_job_origin=origin,
            job_code_origin=job.get_python_origin(),
        )
        result = execute_run(job, run, instance)
    if not result.success:
        raise _failure(result, log)
    return result


def cmd_run(settings: Settings, month: str | None, strict: bool = False) -> int:
    """Run the pipeline for one reporting month; print what was written, or what to do."""
    from pipeline.instance import use_instance
    from pipeline.locking import LockTimeout, RunLock
    from pipeline.months import parse_month
    from pipeline.partitions import check_partition
    from pipeline.resources import LOCK_HELD_ENV, lock_path, lock_refusal, lock_timeout

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
        reported = _run_month(settings, log, key if month else None, strict)
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


def _run_month(settings: Settings, log: RunLog, key: str | None, strict: bool = False) -> str:
    """Run the job for partition ``key`` (None: the data's as-of month); the month reported.

    ``strict``: incomplete inputs (``pipeline.health``) fail the run, publishing nothing.
    """
    from pipeline.definitions import defs
    from pipeline.jobs import partitioned_keys, whole_table_keys
    from pipeline.months import data_span
    from pipeline.partitions import check_partition, partition_key
    from pipeline.publish import Workspace
    from pipeline.resources import HOLD_TAG, STRICT_TAG, WORKSPACE_TAG, DuckDBResource
    from pipeline.sensors import AFTER_RUN_TAG, STAGE_TAG

    strict_tags = {STRICT_TAG: "true"} if strict else {}
    if key is not None:
        started = time.time()
        _execute(log, partition_key=key, tags=strict_tags)
        _check_published(settings, started)
        return key
    # The month is the data's as-of month, which only the ingested data tells: first the
    # tables into a workspace kept unpublished, then the reports of that month in it; the
    # second run publishes both together. So the UI lists two runs: a Dagster run has one
    # partition, fixed when it is created, and the reports' partition is known only after
    # ingestion (the raw-files sensor does the same). Their tags join them: the same
    # pipeline/workspace, pipeline/stage tables then reports, and pipeline/after_run on the
    # second naming the first. With --month the partition is known: one run.
    name = f"cli-{os.getpid()}-{secrets.token_hex(3)}"
    workspace = Workspace(settings.processed_dir, name)
    # The database is written in the first run and published by the second: its time is
    # the first's (a slow export step between them must not make it look stale).
    started = time.time()
    graph = defs.resolve_asset_graph()
    try:
        tables = _execute(
            log,
            asset_selection=whole_table_keys(graph),
            tags={HOLD_TAG: "true", WORKSPACE_TAG: name, STAGE_TAG: "tables", **strict_tags},
        )
        with DuckDBResource(database=str(workspace.db_path)).connect(read_only=True) as con:
            span = data_span(con)
        try:
            key = check_partition(span.as_of_month)
        except ValueError as exc:
            raise RunFailed(
                [
                    f"error: the data's as-of month {partition_key(span.as_of_month)} has no partition: "
                    f"{exc}",
                    f"the data is {span.as_of_text()}: a date there may be mistyped",
                ]
            ) from None
        _execute(
            log,
            asset_selection=partitioned_keys(graph),
            partition_key=key,
            tags={WORKSPACE_TAG: name, STAGE_TAG: "reports", AFTER_RUN_TAG: tables.run_id, **strict_tags},
        )
        _check_published(settings, started)
    finally:
        workspace.discard()
    return key


def _check_published(settings: Settings, started: float) -> None:
    """A run that succeeded must have published its database: never report stale outputs as new."""
    if not settings.db_path.exists() or settings.db_path.stat().st_mtime < started - 1:
        raise RunFailed(
            [
                f"error: the run succeeded but did not publish {settings.db_path}: the outputs "
                "are those of an earlier run",
                "this was not expected: please report it with the log file",
            ]
        )


def _summary(settings: Settings, key: str, log_path: Path, elapsed: float) -> None:
    """Inputs, rejections, then where everything is and the data's as-of date.

    When the inputs are incomplete (``pipeline.health``), the last lines say so first: the
    reports are drafts, each problem, where and what to do.
    """
    from pipeline import health
    from pipeline.months import data_span
    from pipeline.resources import DuckDBResource
    from pipeline.sql import fetch

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


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description=__doc__, formatter_class=formatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="ingest, build the database and exports, render the reports",
        description=RUN_HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    run.add_argument("--month", metavar="YYYY-MM", help="reporting month (default: the data's as-of month)")
    run.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1, publishing nothing) instead of a draft report when the inputs are "
        "incomplete: a sheet without a required column, a file in the wrong place, or more than "
        "20 %% of the rows rejected",
    )
    run.add_argument(
        "--new-key",
        action="store_true",
        help="make a new pseudonym key if the key file is missing or corrupt",
    )
    for name, text, description in (
        ("verify", "check a published report against its archived inputs", VERIFY_HELP),
        ("rerender", "render a published report again from the archive", RERENDER_HELP),
    ):
        command = sub.add_parser(
            name, help=text, description=description, epilog=ENVIRONMENT, formatter_class=formatter
        )
        command.add_argument("report", type=Path, help="the published PDF")
        command.add_argument(
            "--archive",
            type=Path,
            metavar="DIR",
            help="the input archive (default: PIPELINE_DATA_DIR's processed/archive, else the "
            "archive beside the report: <data root>/processed/archive)",
        )
        if name == "rerender":
            command.add_argument(
                "--out", type=Path, metavar="DIR", required=True, help="folder for the re-rendered PDF"
            )
    gazetteer = sub.add_parser(
        "gazetteer",
        help="write reference/wilayah.csv for a regency from the shipped national list",
        description=GAZETTEER_HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    gazetteer.add_argument("codes", nargs="+", metavar="KODE", help="a regency (64.09) or province (64) code")
    sub.add_parser(
        "sample-data",
        help="write the synthetic Bengkayang sample inputs into <data root>/raw/",
        description=SAMPLE_HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    dictionary = sub.add_parser(
        "dictionary",
        help="write docs/data_dictionary.md and docs/header_variants.md",
        description=DICTIONARY_HELP,
        formatter_class=formatter,
    )
    dictionary.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    if args.command == "dictionary":
        return cmd_dictionary(args.check)
    from pipeline.resources import SettingsResource

    settings = SettingsResource().get()  # the data root, as every asset of a run sees it
    if args.command == "sample-data":
        return cmd_sample_data(settings)
    if args.command == "gazetteer":
        return cmd_gazetteer(settings, args.codes)
    if args.command in ("verify", "rerender"):
        from pipeline import verify

        archive_dir = args.archive or default_archive(args.report, settings)
        if args.command == "verify":
            return verify.verify(args.report, archive_dir)
        return verify.rerender(args.report, archive_dir, args.out)
    if args.new_key:
        from pipeline.privacy import NEW_KEY_ENV

        os.environ[NEW_KEY_ENV] = "1"
    return cmd_run(settings, args.month, args.strict)


if __name__ == "__main__":
    sys.exit(main())
