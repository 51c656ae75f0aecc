"""``python -m pipeline verify`` and ``rerender``: a published report against its archived inputs.

The work is ``pipeline.verification.verify``, which loads no Dagster.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.settings import Settings

HELP = """Check a published report: read its manifest and attached tables, find each input in the
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


def verify(report: Path, archive: Path | None, settings: Settings) -> int:
    """Check ``report`` against the archive (default: ``default_archive``); the exit status."""
    from pipeline.verification import verify

    return verify.verify(report, archive or default_archive(report, settings))


def rerender(report: Path, archive: Path | None, out: Path, settings: Settings) -> int:
    """Render ``report`` again from the archive into ``out``; the exit status."""
    from pipeline.verification import verify

    return verify.rerender(report, archive or default_archive(report, settings), out)
