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

# Argument parsing only: each command is a module of pipeline.commands.
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.commands import ENVIRONMENT, dictionary, gazetteer, run, sample_data, verify
from pipeline.settings import Settings


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description=__doc__, formatter_class=formatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser(
        "run",
        help="ingest, build the database and exports, render the reports",
        description=run.HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    run_parser.add_argument(
        "--month", metavar="YYYY-MM", help="reporting month (default: the data's as-of month)"
    )
    run_parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1, publishing nothing) instead of a draft report when the inputs are "
        "incomplete: a sheet without a required column, a file in the wrong place, or more than "
        "20 %% of the rows rejected",
    )
    run_parser.add_argument(
        "--new-key",
        action="store_true",
        help="make a new pseudonym key if the key file is missing or corrupt",
    )
    for name, text, description in (
        ("verify", "check a published report against its archived inputs", verify.HELP),
        ("rerender", "render a published report again from the archive", verify.RERENDER_HELP),
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
    gazetteer_parser = sub.add_parser(
        "gazetteer",
        help="write reference/wilayah.csv for a regency from the shipped national list",
        description=gazetteer.HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    gazetteer_parser.add_argument(
        "codes", nargs="+", metavar="KODE", help="a regency (64.09) or province (64) code"
    )
    sub.add_parser(
        "sample-data",
        help="write the synthetic Bengkayang sample inputs into <data root>/raw/",
        description=sample_data.HELP,
        epilog=ENVIRONMENT,
        formatter_class=formatter,
    )
    dictionary_parser = sub.add_parser(
        "dictionary",
        help="write docs/data_dictionary.md and docs/header_variants.md",
        description=dictionary.HELP,
        formatter_class=formatter,
    )
    dictionary_parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    if args.command == "dictionary":
        return dictionary.dictionary(args.check)
    settings = Settings.from_env()  # the data root, as every asset of a run sees it
    if args.command == "sample-data":
        return sample_data.sample_data(settings)
    if args.command == "gazetteer":
        return gazetteer.gazetteer(settings, args.codes)
    if args.command == "verify":
        return verify.verify(args.report, args.archive, settings)
    if args.command == "rerender":
        return verify.rerender(args.report, args.archive, args.out, settings)
    if args.new_key:
        from pipeline.publication.privacy import NEW_KEY_ENV

        os.environ[NEW_KEY_ENV] = "1"
    return run.run(settings, args.month, args.strict)


if __name__ == "__main__":
    sys.exit(main())
