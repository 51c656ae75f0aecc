"""One input kind's files (enrolment, claims, a reference file): read, combined, validated, accounted for.

``read_all`` reads the files (their sheets in parallel, ``read.Reading``), a file that
cannot be read listed with its error while the others are read; ``ingest_kind`` combines
the rows of the files read, validates them with the kind's rules and accounts for every
row and file in the ``IngestLog``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest.audit_log import IngestLog
from pipeline.ingest.containers import FileUnreadable
from pipeline.ingest.fields import Field
from pipeline.ingest.file_names import printable_path
from pipeline.ingest.kinds import OTHER_KIND, set_aside_other_kind
from pipeline.ingest.read import SUFFIXES, FileRows, PlannedRead, Reading, read_files, sha256_of
from pipeline.ingest.row_checks import Validation, combine


def read_all(
    paths: list[Path], root: Path, fields: tuple[Field, ...], started: Started | None = None
) -> tuple[list[FileRows], list[dict]]:
    """Read files (sheets in parallel, results in path order), isolating those that cannot be read.

    ``started``: the same paths already submitted to a ``Reading`` (``start_reading``).
    """
    supported = [p for p in paths if p.suffix.lower() in SUFFIXES]
    if started is None:
        outcomes = iter(read_files(supported, root, fields))
    else:
        outcomes = iter(started.reading.collect(started.plans, fields))
    read, errors = [], []
    for path in paths:
        rel = printable_path(path.relative_to(root).as_posix(), root)
        if path.suffix.lower() in SUFFIXES:
            outcome = next(outcomes)
        else:
            outcome = FileUnreadable(f"unsupported file type; expected one of {', '.join(SUFFIXES)}")
        if isinstance(outcome, FileRows):
            read.append(outcome)
            continue
        try:
            sha = sha256_of(path) if path.exists() else None
        except OSError:  # unreadable bytes: listed with the error all the same
            sha = None
        errors.append(
            {
                "path": rel,
                "sha256": sha,
                "rows_read": 0,
                "rows_accepted": 0,
                "rows_rejected": 0,
                "error": str(outcome),
            }
        )
    return read, errors


@dataclass
class Started:
    """Files submitted to a ``Reading`` ahead of their turn.

    Enrolment and claim files parse while the reference files are validated.
    """

    reading: Reading
    plans: list[PlannedRead]


def start_reading(reading: Reading, paths: list[Path], root: Path) -> Started:
    """Submit the files of ``paths`` that ``read_all`` would read."""
    return Started(reading, reading.start([p for p in paths if p.suffix.lower() in SUFFIXES], root))


@dataclass(frozen=True)
class KindFiles:
    """The files of one input kind to read, as ``discover`` found them."""

    paths: list[Path]
    #: Files of the folder that are not read, each with why (rows of ``audit.input_files``).
    skipped: list[dict] = field(default_factory=list)
    #: The same paths, already parsing in the background (``start_reading``), if they are.
    started: Started | None = None


#: A kind's validation rules (``rules``, ``reference_rules``): the rows read -> (accepted rows, validation).
Rules = Callable[[pd.DataFrame], tuple[pd.DataFrame, Validation]]


def ingest_kind(
    log: IngestLog,
    kind: str,
    files: KindFiles,
    root: Path,
    fields: tuple[Field, ...],
    validate: Rules,
    on_accepted: Callable[[pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Read, combine and validate the files of one input kind: its accepted rows.

    ``on_accepted`` sees the accepted rows before the log accounts for the files (to start
    writing them).
    """
    read, errors = read_all(files.paths, root, fields, files.started)
    if kind in OTHER_KIND:
        read, wrong = set_aside_other_kind(read, kind, root)
        errors = [*errors, *wrong]
    rows = combine(read, fields)
    accepted, v = validate(rows)
    if on_accepted is not None:
        on_accepted(accepted)
    log.add(kind, read, [*errors, *files.skipped], v, rows)
    return accepted
