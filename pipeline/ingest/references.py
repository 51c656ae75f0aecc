"""The reference files, read before the enrolment and claim files they shape (``read_references``).

The gazetteer (without which nothing can be placed: ``InputMissing``); the mapping tables
(``pekerjaan_sektor``, ``sumber_dana``): the shipped default, to which the data root's own
file adds; the data root's header spellings (``reference/kolom.csv``); the workforce,
targets, budgets and directives; ``reference/laporan.toml``, listed and noted but read by
``pipeline.core.laporan``; and every other file of reference/ and raw/ accounted for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.catalog.codes import SECTOR_CODES
from pipeline.core import laporan
from pipeline.ingest import boundaries, kolom, mapping_rules
from pipeline.ingest.audit_log import IngestLog
from pipeline.ingest.discover import (
    REFERENCE_STEMS,
    outside_input_folders,
    reference_file,
    unknown_reference_files,
)
from pipeline.ingest.fields import (
    BUDGET_FIELDS,
    CLAIM_FIELDS,
    DIRECTIVE_FIELDS,
    ENROLMENT_FIELDS,
    FUNDING_CODES,
    FUNDING_MAP_FIELDS,
    GAZETTEER_FIELDS,
    KOLOM_FIELDS,
    OCCUPATION_MAP_FIELDS,
    TARGET_FIELDS,
    UCJ_TARGET_FIELDS,
    WORKFORCE_FIELDS,
    Field,
    with_extra_variants,
)
from pipeline.ingest.file_names import printable_path
from pipeline.ingest.gazetteer import Gazetteer, fill_missing_regions
from pipeline.ingest.ingest_kind import KindFiles, Rules, ingest_kind, read_all
from pipeline.ingest.read import sha256_of
from pipeline.ingest.reference_rules import (
    validate_budgets,
    validate_directives,
    validate_gazetteer,
    validate_targets,
    validate_ucj_targets,
    validate_workforce,
)
from pipeline.ingest.row_checks import combine
from pipeline.settings import PACKAGE_DATA_DIR, Settings


class InputMissing(Exception):
    """An input without which nothing usable can be produced (the gazetteer)."""


@dataclass(frozen=True)
class References:
    """What the reference files give the enrolment and claim rows, and the reference tables to write."""

    #: staging.regions (before the national counts are added), and its look-up of villages.
    regions: pd.DataFrame
    gazetteer: Gazetteer
    #: Normalised spelling -> KBLI sector letter, and -> funding code.
    occupations: dict[str, str]
    funding: dict[str, str]
    #: The enrolment and claim fields with the data root's own header spellings.
    enrolment_fields: tuple[Field, ...]
    claim_fields: tuple[Field, ...]
    workforce: pd.DataFrame
    targets: pd.DataFrame
    ucj_targets: pd.DataFrame
    budgets: pd.DataFrame
    directives: pd.DataFrame
    #: staging.area_shapes: the shipped boundaries with the data root's own (``ingest.boundaries``).
    shapes: pd.DataFrame


def read_references(log: IngestLog, settings: Settings, gazetteer_path: Path, today: dt.date) -> References:
    """Read, validate and account for every reference file; list the files of raw/ that are not read.

    ``today``: the day the directives' dates are judged against.
    """
    root = settings.raw_dir
    regions = read_gazetteer(log, root, gazetteer_path)
    gazetteer = Gazetteer(regions)
    known = set(regions["code"])

    occupations = mapping_table(
        log,
        settings,
        "pekerjaan_sektor",
        OCCUPATION_MAP_FIELDS,
        "pekerjaan",
        "sektor",
        SECTOR_CODES,
        self_mapping=False,
    )
    funding = mapping_table(
        log, settings, "sumber_dana", FUNDING_MAP_FIELDS, "ejaan", "kode", FUNDING_CODES, self_mapping=True
    )

    enrolment_fields, claim_fields = header_spellings(log, settings)

    def reference(stem: str, fields: tuple[Field, ...], validate: Rules) -> pd.DataFrame:
        path = reference_file(settings, stem)
        return ingest_kind(log, "reference", KindFiles([path] if path else []), root, fields, validate)

    workforce = reference("angkatan_kerja", WORKFORCE_FIELDS, lambda r: validate_workforce(r, known))
    targets = reference("target", TARGET_FIELDS, lambda r: validate_targets(r, known, funding))
    ucj_targets = reference("target_ucj", UCJ_TARGET_FIELDS, lambda r: validate_ucj_targets(r, known))
    budgets = reference("anggaran", BUDGET_FIELDS, lambda r: validate_budgets(r, known, funding))
    directives = reference("arahan", DIRECTIVE_FIELDS, lambda r: validate_directives(r, known, today))
    used = {p for p in (reference_file(settings, stem) for stem in REFERENCE_STEMS) if p is not None}
    settings_path = report_settings(log, settings)
    if settings_path is not None:
        used.add(settings_path)
    shapes_file = reference_file(settings, boundaries.STEM)
    shapes = boundaries.load(regions, shapes_file, root)
    log.files.extend(shapes.files)
    log.notes.extend(shapes.notes)
    used.update({shapes_file} if shapes_file else set())
    log.files.extend({**f, "kind": "reference"} for f in unknown_reference_files(settings, used))
    log.files.extend({**f, "kind": "raw"} for f in outside_input_folders(settings))
    return References(
        regions,
        gazetteer,
        occupations,
        funding,
        enrolment_fields,
        claim_fields,
        workforce,
        targets,
        ucj_targets,
        budgets,
        directives,
        shapes.shapes,
    )


def read_gazetteer(log: IngestLog, root: Path, path: Path) -> pd.DataFrame:
    """The gazetteer's regions; a region missing above a village is filled in from its code, with a note."""
    regions = ingest_kind(log, "reference", KindFiles([path]), root, GAZETTEER_FIELDS, validate_gazetteer)
    if regions.empty:
        raise InputMissing(f"the gazetteer {path} has no usable rows")
    regions, missing = fill_missing_regions(regions)
    for code in missing:
        log.notes.append(
            {
                "path": path.relative_to(root).as_posix(),
                "sheet": "",
                "topic": "missing_region_row",
                "value": code,
                "row_count": None,
                "message": f"the gazetteer has villages under {code} but no row for "
                f"{code} itself: its code stands for its name",
                "kind": "reference",
                "row_number": None,
                "field": "kode",
            }
        )
    return regions


def mapping_table(
    log: IngestLog,
    settings: Settings,
    stem: str,
    fields: tuple[Field, ...],
    key: str,
    value: str,
    codes: tuple[str, ...],
    self_mapping: bool,
) -> dict[str, str]:
    """A mapping table: the shipped default, to which the data root's file in reference/ adds.

    For a spelling in both, the data root's row wins (CONTRACT §3.4). Each file is read,
    validated and accounted for on its own (the default as ``(default) <name>``).
    """
    mapping: dict[str, str] = {}
    sources = [(PACKAGE_DATA_DIR / f"{stem}.csv", PACKAGE_DATA_DIR)]
    own = reference_file(settings, stem)
    if own is not None:
        sources.append((own, settings.raw_dir))
    for path, root in sources:
        read, errors = read_all([path], root, fields)
        rows = combine(read, fields)
        if root == PACKAGE_DATA_DIR:
            for f in read:
                f.path = f"(default) {f.path}"
            rows["source_path"] = "(default) " + rows["source_path"]
        usable, v = mapping_rules.validate_mapping(rows, fields, key, value, codes)
        log.add("reference", read, errors, v, rows)
        mapping = mapping_rules.mapping_from_rows(usable, key, value, codes if self_mapping else (), mapping)
    return mapping


def header_spellings(log: IngestLog, settings: Settings) -> tuple[tuple[Field, ...], tuple[Field, ...]]:
    """The enrolment and claim fields with the data root's own header spellings (``reference/kolom.csv``)."""
    path = reference_file(settings, kolom.STEM)
    if path is None:
        return ENROLMENT_FIELDS, CLAIM_FIELDS
    read, errors = read_all([path], settings.raw_dir, KOLOM_FIELDS)
    rows = combine(read, KOLOM_FIELDS)
    pairs, v = kolom.validate_header_spellings(rows, (ENROLMENT_FIELDS, CLAIM_FIELDS))
    log.add("reference", read, errors, v, rows)
    return with_extra_variants(ENROLMENT_FIELDS, pairs), with_extra_variants(CLAIM_FIELDS, pairs)


#: ``audit.notes.topic`` of a value of ``reference/laporan.toml`` that is not read.
REPORT_SETTINGS_TOPIC = "report_settings"


def report_settings(log: IngestLog, settings: Settings) -> Path | None:
    """List ``reference/laporan.toml`` (any case) in ``audit.input_files``; note what of it is not read.

    It holds no rows (``rows_read`` 0). A file that is not UTF-8 or not TOML is listed with
    the error (line and what to do); a value of the wrong type is a note (line, key, fix).
    The report and the schedule read it with the same reader (``pipeline.core.laporan``).
    """
    found = laporan.load(settings.reference_dir)
    if found.path is None:
        return None
    rel = printable_path(found.path.relative_to(settings.raw_dir).as_posix(), settings.raw_dir)
    try:
        sha = sha256_of(found.path)
    except OSError:
        sha = None
    log.files.append(
        {
            "path": rel,
            "kind": "reference",
            "sha256": sha,
            "rows_read": 0,
            "rows_accepted": 0,
            "rows_rejected": 0,
            "error": None
            if found.read
            else "; ".join(p.text() for p in found.problems)
            + " (without it: no meeting line, blank approval lines, the province's timezone)",
            "sheets": None,
        }
    )
    for problem in found.problems if found.read else ():
        log.notes.append(
            {
                "path": rel,
                "sheet": "",
                "topic": REPORT_SETTINGS_TOPIC,
                "value": None,
                "row_count": None,
                "message": problem.text(),
                "kind": "reference",
                "row_number": None,
                "field": problem.key,
            }
        )
    return found.path
