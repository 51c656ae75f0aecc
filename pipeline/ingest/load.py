"""Ingest every input of the data root into DuckDB's staging, identity and audit tables.

Reference files first (the gazetteer is needed to resolve villages), then enrolment,
then claims. A file that cannot be read at all is recorded with its error in
``audit.input_files`` and the other files still load.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fastexcel
import pandas as pd
import pyarrow as pa

from pipeline import catalog, laporan, privacy, screen
from pipeline.ingest import identifiers, kolom, mapping_rules, reference_rules, rules
from pipeline.ingest.containers import FileUnreadable, ReadNote
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
from pipeline.ingest.file_names import excel_source, printable_path
from pipeline.ingest.gazetteer import Gazetteer, fill_missing_regions, with_national_counts
from pipeline.ingest.headers import header_lookup, match_header
from pipeline.ingest.read import SUFFIXES, FileRows, Reading, read_file, read_files, sha256_of
from pipeline.ingest.row_checks import Validation, combine, result_frames
from pipeline.ingest.sheet_rows import SheetRows, rows_to_sheet
from pipeline.settings import PACKAGE_DATA_DIR, Settings, run_date
from pipeline.sql import sql_text, statement

#: The reference files the pipeline looks for, by stem: their role names them in publications.
REFERENCE_STEMS = (
    "wilayah",
    "pekerjaan_sektor",
    "sumber_dana",
    "angkatan_kerja",
    "target",
    "target_ucj",
    "anggaran",
    "arahan",
    "kolom",
)
#: Reference files read by their own readers (header spellings, report settings).
OTHER_REFERENCE_NAMES = ("kolom.csv", "laporan.toml")
#: Every name reference/ may hold, as a person reads them (the listing of a misnamed file).
EXPECTED_REFERENCE_NAMES = (
    "wilayah.csv",
    "angkatan_kerja.*",
    "target.*",
    "target_ucj.*",
    "anggaran.*",
    "arahan.*",
    "pekerjaan_sektor.csv",
    "sumber_dana.csv",
    *OTHER_REFERENCE_NAMES,
)
#: The folders of raw/ that are read; a file anywhere else under raw/ is listed as not read.
INPUT_FOLDERS = ("enrolment", "claims", "reference")
#: ``audit.input_files.error`` of a file in the wrong place starts with one of these
#: (``pipeline.health`` counts them; ``screen.file_status`` names them).
WRONG_FOLDER = "not read: wrong folder"
WRONG_KIND = "not read: wrong kind"
UNKNOWN_REFERENCE = "not read: unknown name in reference/"
MISPLACED_PREFIXES = (WRONG_FOLDER, WRONG_KIND, UNKNOWN_REFERENCE)
#: The sample generator's own record of what it wrote (raw/.sample_manifest.json): not an input.
_SAMPLE_MANIFEST = ".sample_manifest.json"


class InputMissing(Exception):
    """An input without which nothing usable can be produced (the gazetteer)."""


@dataclass
class IngestLog:
    """What ingestion saw: per-file counts, rejected rows and notes, for the audit tables."""

    files: list[dict] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    #: Unmasked values of rejected and noted cells, for identity.typed_values.
    typed: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self,
        kind: str,
        read: list[FileRows],
        errors: list[dict],
        v: Validation | None,
        rows: pd.DataFrame | None,
    ) -> None:
        """Account for every row of the files of one input kind."""
        rejected = (
            result_frames(v)[1]
            if v is not None
            else pd.DataFrame(
                columns=["path", "sheet", "row_number", "field", "reason", "value", "typed_value"]
            )
        )
        rejected["kind"] = kind
        self.typed.append(
            rejected[["path", "sheet", "row_number", "field", "typed_value"]].rename(
                columns={"typed_value": "value"}
            )
        )
        if v is not None and v.noted_values:
            self.typed.append(pd.DataFrame(v.noted_values))
        self.rejected.append(rejected.drop(columns="typed_value"))
        per_file_read = rows.groupby("source_path").size() if rows is not None and len(rows) else {}
        per_file_rejected = rejected.groupby("path").size()
        for f in read:
            n_read = int(per_file_read.get(f.path, 0)) if len(per_file_read) else 0
            n_rej = int(per_file_rejected.get(f.path, 0))
            self.files.append(
                {
                    "path": f.path,
                    "kind": kind,
                    "sha256": f.sha256,
                    "rows_read": n_read,
                    "rows_accepted": n_read - n_rej,
                    "rows_rejected": n_rej,
                    "error": None,
                    "sheets": len(f.sheets),
                }
            )
            for n in f.notes:
                self.notes.append(
                    {
                        "path": f.path,
                        "sheet": n.sheet,
                        "topic": n.topic,
                        "value": n.value,
                        "row_count": n.count,
                        "message": n.message,
                        "kind": kind,
                        "row_number": n.row_number,
                        "field": n.field,
                    }
                )
        for e in errors:
            self.files.append({**e, "kind": kind})
        if v is not None:
            self.notes.extend({**n, "kind": kind} for n in v.notes)


_DOCS = ("readme", "readme.md", "readme.txt")


def discover(
    folder: Path, root: Path | None = None, skipped: list[dict] | None = None, names_from: Path | None = None
) -> list[Path]:
    """Every file of a folder to read, sorted by path (CONTRACT §2).

    Not read, but listed in ``skipped`` with the reason (for ``audit.input_files``):
    files and folders whose names start with ``.`` or ``~$`` (hidden files, Excel's
    lock files, a ``.git`` folder), broken symlinks and symlinks that lead outside the
    data root. The project's own README files are documentation, not inputs.
    Paths in ``skipped`` are relative to ``names_from`` (the raw folder).
    """
    if not folder.is_dir():
        return []
    root = (root or folder).resolve()
    names_from = names_from or root
    found: list[Path] = []
    home = folder.resolve()
    seen = {home}
    for current, dirs, files in os.walk(folder, followlinks=True):
        here = Path(current)
        keep_dirs = []
        for d in sorted(dirs):
            path = here / d
            why = _not_read(path, root, is_dir=True)
            if not why and path.is_symlink():
                real = path.resolve()
                if real in seen or home.is_relative_to(real):
                    why = "not read: a symbolic link to a folder that is read already"
                elif not real.is_relative_to(home):
                    why = f"not read: a symbolic link leading outside {folder.name}/"
                seen.add(real)
            if why:
                _skip(skipped, path, names_from, why)
            else:
                keep_dirs.append(d)
        dirs[:] = keep_dirs
        for name in files:
            path = here / name
            if name.lower() in _DOCS:
                continue
            why = _not_read(path, root, is_dir=False)
            if why:
                _skip(skipped, path, names_from, why)
            else:
                found.append(path)
    return sorted(found)


def _not_read(path: Path, root: Path, is_dir: bool) -> str | None:
    what = "folder" if is_dir else "file"
    if path.name.startswith("."):
        return f"not read: hidden {what} (its name starts with '.')"
    if path.name.startswith("~$"):
        return f"not read: an Excel lock {what} (its name starts with '~$')"
    if path.is_symlink():
        if not path.exists():
            return "not read: a broken symbolic link"
        if not path.resolve().is_relative_to(root):
            return "not read: a symbolic link leading outside the data root"
    elif not is_dir and not path.is_file():
        return "not read: not a regular file"
    return None


def _skip(skipped: list[dict] | None, path: Path, root: Path, why: str) -> None:
    if skipped is None:
        return
    try:
        rel = printable_path(path.relative_to(root).as_posix(), root)
    except ValueError:
        rel = printable_path(path.as_posix())
    skipped.append(
        {"path": rel, "sha256": None, "rows_read": 0, "rows_accepted": 0, "rows_rejected": 0, "error": why}
    )


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
    plans: list


def start_reading(reading: Reading, paths: list[Path], root: Path) -> Started:
    """Submit the files of ``paths`` that ``read_all`` would read."""
    return Started(reading, reading.start([p for p in paths if p.suffix.lower() in SUFFIXES], root))


def _reference_file(settings: Settings, stem: str) -> Path | None:
    found = [p for p in discover(settings.reference_dir, settings.data_dir) if p.stem.lower() == stem]
    return found[0] if found else None


def _ingest_one(
    log: IngestLog,
    kind: str,
    paths: list[Path],
    root: Path,
    fields: tuple[Field, ...],
    validate: Callable,
    skipped: list[dict] | None = None,
    started: Started | None = None,
    on_accepted: Callable[[pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Read, combine and validate the files of one input kind.

    ``on_accepted`` sees the accepted rows before the log accounts for the files (to start
    writing them).
    """
    read, errors = read_all(paths, root, fields, started)
    if kind in _OTHER_KIND:
        read, wrong = _set_aside_other_kind(read, kind, root)
        errors = [*errors, *wrong]
    rows = combine(read, fields)
    accepted, v = validate(rows)
    if on_accepted is not None:
        on_accepted(accepted)
    log.add(kind, read, [*errors, *(skipped or [])], v, rows)
    return accepted


_KIND_FIELDS = {"enrolment": ENROLMENT_FIELDS, "claims": CLAIM_FIELDS}
_OTHER_KIND = {"enrolment": "claims", "claims": "enrolment"}
_KIND_TEXT = {"enrolment": "an enrolment list", "claims": "a claims export"}


def _specific(kind: str) -> frozenset[str]:
    """The fields of ``kind`` the other kind lacks (``no_klaim``, ``tgl_kejadian``; ``nama``)."""
    other = {f.name for f in _KIND_FIELDS[_OTHER_KIND[kind]]}
    return frozenset(f.name for f in _KIND_FIELDS[kind] if f.name not in other)


def _sheet_fields(sheet: SheetRows, kind: str) -> tuple[set[str], set[str]]:
    """The fields only ``kind`` has that a sheet's header names, and those only the other kind has.

    The sheet was read with ``kind``'s fields: its known columns count for ``kind``, and its
    unknown columns are matched against the other kind's variants. Only the fields one kind
    has and the other lacks count (a NIK column is in both).
    """
    own = set(sheet.columns_found.values()) & _specific(kind)
    return own, set(_other_kind_columns(sheet, kind).values())


def _other_kind_columns(sheet: SheetRows, kind: str) -> dict[str, str]:
    """The sheet's columns (as typed) that name a field only the other kind has, with that field."""
    other = _OTHER_KIND[kind]
    columns = list(sheet.unknown_columns)
    found = match_header(columns, header_lookup(_KIND_FIELDS[other]))
    return {columns[pos]: name for pos, name in found.items() if name in _specific(other)}


def _of_other_kind(sheet: SheetRows, kind: str) -> bool:
    own, theirs = _sheet_fields(sheet, kind)
    return len(theirs) > len(own)


def header_kind(read: FileRows, kind: str) -> str | None:
    """The other kind when every sheet's header names more of its fields than of ``kind``'s own; else None.

    ``read`` was read with ``kind``'s fields (``_sheet_fields``). A workbook with sheets of
    both kinds is ``kind``'s: its sheets of the other kind are left out (``sheet_kind``).
    """
    sheets = [_of_other_kind(sheet, kind) for sheet in read.sheets]
    return _OTHER_KIND[kind] if sheets and all(sheets) else None


def sheet_kind(sheet: SheetRows, kind: str) -> str | None:
    """The other kind when one sheet's header is that of the other kind; else None.

    A ``Klaim`` sheet in an enrolment workbook is the claims'. As ``header_kind`` for one
    sheet, and only for a sheet that cannot be read as ``kind`` (it lacks a required column
    of ``kind``): a sheet with every column it needs is read.
    """
    return _OTHER_KIND[kind] if sheet.missing_columns and _of_other_kind(sheet, kind) else None


#: ``audit.notes.topic`` of a sheet whose header is that of the other kind (not read).
WRONG_KIND_SHEET = "wrong_kind_sheet"


def _set_aside_other_sheets(f: FileRows, kind: str, root: Path) -> None:
    """Leave out the sheets of ``f`` whose header is that of the other kind: one note each, where they go.

    A sheet read with ``kind``'s fields whose header is the other kind's (``sheet_kind``), and
    a sheet skipped for want of ``kind``'s header that the other kind's fields read. Their rows
    are not read (like a sheet without a recognisable header), so they are neither accepted nor
    rejected; the notes of reading them as ``kind`` are dropped with them.
    """
    other = _OTHER_KIND[kind]
    found: list[tuple[str, int, list[str]]] = []
    for sheet in list(f.sheets):
        if sheet_kind(sheet, kind) is None:
            continue
        f.sheets.remove(sheet)
        found.append((sheet.sheet, len(sheet.frame), list(_other_kind_columns(sheet, kind))))
    skipped = [n.sheet for n in f.notes if n.topic == "skipped_sheet"]
    for sheet in _sheets_read_as(root / f.path, skipped, _KIND_FIELDS[other]):
        columns = [c for c, name in sheet.columns_found.items() if name in _specific(other)]
        if len(sheet.frame) and columns:
            found.append((sheet.sheet, len(sheet.frame), columns))
    for name, rows, columns in found:
        f.notes = [n for n in f.notes if n.sheet != name]
        f.notes.append(
            ReadNote(
                name,
                WRONG_KIND_SHEET,
                f"sheet not read: its header is that of {_KIND_TEXT[other]} "
                f"({', '.join(repr(c) for c in columns)}), not {_KIND_TEXT[kind]}; its {rows} row(s) "
                f"were not read as {_KIND_TEXT[kind]}. Move the sheet into a workbook of its own in "
                f"raw/{other}/, then run again",
                rows,
                other,
            )
        )


def _sheets_read_as(path: Path, names: list[str], fields: tuple[Field, ...]) -> list[SheetRows]:
    """The sheets ``names`` of a workbook read with ``fields`` (only those: the others were read).

    A sheet that cannot be loaded, or has no header of ``fields``, is left out.
    """
    if not names or path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        return []
    out = []
    try:
        reader = fastexcel.read_excel(excel_source(path))
        for name in names:
            if name not in reader.sheet_names:  # a block of a sheet (blocks.split_tables)
                continue
            table = reader.load_sheet(
                reader.sheet_names.index(name), header_row=None, skip_rows=0, dtypes="string"
            ).to_arrow()
            sheet, _ = rows_to_sheet(name, table, 1, fields)
            if sheet is not None:
                out.append(sheet)
    except Exception:  # calamine's own errors: the sheet was noted as skipped already
        return out
    return out


def _set_aside_other_kind(read: list[FileRows], kind: str, root: Path) -> tuple[list[FileRows], list[dict]]:
    """Files of ``read`` whose header is that of the other kind: not read, listed with where they go.

    A file none of whose sheets has a header of ``kind`` is read again with the other kind's
    fields: when that finds rows, it is the other kind's file. Of a file that is kept, a sheet
    of the other kind is left out with a note (``_set_aside_other_sheets``).
    """
    other = _OTHER_KIND[kind]
    keep, wrong = [], []
    for f in read:
        found = header_kind(f, kind)
        if found is None and not f.sheets:
            try:
                again = read_file(root / f.path, root, _KIND_FIELDS[other])
            except (FileUnreadable, OSError):
                again = None
            if again is not None and any(len(s.frame) for s in again.sheets):
                found = other
        if found is None:
            _set_aside_other_sheets(f, kind, root)
            keep.append(f)
            continue
        wrong.append(
            {
                "path": f.path,
                "sha256": f.sha256,
                "rows_read": 0,
                "rows_accepted": 0,
                "rows_rejected": 0,
                "error": f"{WRONG_KIND}: its header is that of {_KIND_TEXT[found]}, not "
                f"{_KIND_TEXT[kind]}: move it to raw/{found}/ (it was not read as {_KIND_TEXT[kind]})",
                "sheets": None,
            }
        )
    return keep, wrong


def where_it_belongs(path: Path, root: Path) -> str:
    """Where a file outside raw/'s input folders should go, from its name or its header."""
    name = reference_name_for(path.name)
    if name is not None and name == _normalised_stem(path.name):
        return f"raw/reference/ (as {_display_reference(name)})"
    scores = {}
    for kind, fields in _KIND_FIELDS.items():
        try:
            found = read_file(path, root, fields)
        except (FileUnreadable, OSError, ValueError):
            continue
        scores[kind] = sum(len(s.frame) for s in found.sheets if header_kind(found, kind) is None)
    best = max(scores, key=lambda k: scores[k], default=None)
    if best is not None and scores[best] > 0:
        return f"raw/{best}/ (its header is that of {_KIND_TEXT[best]})"
    if name is not None:
        return f"raw/reference/ (as {_display_reference(name)})"
    return (
        "raw/enrolment/ if it is an enrolment list, raw/claims/ if a claims export, "
        "raw/reference/ if a reference file"
    )


def _normalised_stem(name: str) -> str:
    stem = Path(name).stem if "." in name else name
    return re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")


def _expected_stems() -> dict[str, str]:
    return {n.split(".")[0]: n for n in EXPECTED_REFERENCE_NAMES}


def _display_reference(stem: str) -> str:
    return _expected_stems()[stem]


def reference_name_for(name: str) -> str | None:
    """The expected reference stem a file name is, starts with, or is close to (None: none).

    ``Angkatan Kerja PPU 2024.xlsx`` -> ``angkatan_kerja``; ``wilayah_ppu.csv`` -> ``wilayah``;
    ``targt.csv`` -> ``target``.
    """
    stem = _normalised_stem(name)
    stems = sorted(_expected_stems(), key=len, reverse=True)
    if stem in stems:
        return stem
    for known in stems:  # the longest first: target_ucj before target
        if stem.startswith(known + "_") or stem.endswith("_" + known):
            return known
    close = difflib.get_close_matches(stem, stems, n=1, cutoff=0.75)
    return close[0] if close else None


def _misplaced_file(path: Path, root: Path, error: str) -> dict:
    try:
        sha = sha256_of(path)
    except OSError as exc:  # vanished or unreadable between listing and hashing
        sha, error = None, f"{error}; {exc.strerror or exc}"
    return {
        "path": printable_path(path.relative_to(root).as_posix(), root),
        "sha256": sha,
        "rows_read": 0,
        "rows_accepted": 0,
        "rows_rejected": 0,
        "error": error,
        "sheets": None,
    }


def outside_input_folders(settings: Settings) -> list[dict]:
    """Files under raw/ outside enrolment/, claims/ and reference/: not read, each with where it belongs.

    Listed in ``audit.input_files`` with kind ``raw``; hidden and lock files as ``discover`` lists them.
    """
    raw = settings.raw_dir
    if not raw.is_dir():
        return []
    found: list[dict] = []
    skipped: list[dict] = []
    for entry in sorted(raw.iterdir()):
        if entry.name in INPUT_FOLDERS or entry.name == _SAMPLE_MANIFEST or entry.name.lower() in _DOCS:
            continue
        why = _not_read(entry, settings.data_dir.resolve(), is_dir=entry.is_dir())
        if why:
            _skip(skipped, entry, raw, why)
            continue
        paths = discover(entry, settings.data_dir, skipped, raw) if entry.is_dir() else [entry]
        for path in paths:
            found.append(
                _misplaced_file(
                    path,
                    raw,
                    f"{WRONG_FOLDER}: raw/ reads only enrolment/, claims/ and reference/: move it to "
                    + where_it_belongs(path, raw),
                )
            )
    return [*found, *[{**s, "sheets": None} for s in skipped]]


def unknown_reference_files(settings: Settings, used: set[Path]) -> list[dict]:
    """Files in reference/ the pipeline does not read: each named with the expected names.

    A file of an expected role that another file of that role displaces (``target.csv`` and
    ``target.xlsx``) is listed too, naming the one read.
    """
    skipped: list[dict] = []
    out: list[dict] = []
    chosen = {p.stem.lower(): p for p in used}
    for path in discover(settings.reference_dir, settings.data_dir, skipped, settings.raw_dir):
        stem = path.stem.lower()
        if path in used:
            continue
        if stem in chosen:
            why = (
                f"{UNKNOWN_REFERENCE}: a second file for {stem}: {chosen[stem].name} is read; "
                "remove or merge this one"
            )
        else:
            close = reference_name_for(path.name)
            why = (
                f"{UNKNOWN_REFERENCE}: the files reference/ reads are "
                + ", ".join(EXPECTED_REFERENCE_NAMES)
                + (
                    f"; this name is close to {_display_reference(close)}: if it is that file, rename it "
                    f"reference/{_suggested_name(close, path)}"
                    if close
                    else ""
                )
            )
        out.append(_misplaced_file(path, settings.raw_dir, why))
    return [*out, *[{**s, "sheets": None} for s in skipped]]


def _suggested_name(stem: str, path: Path) -> str:
    """The name to give a misnamed reference file: ``laporan.toml.txt`` -> ``laporan.toml``.

    A role whose type is fixed (``wilayah.csv``, ``laporan.toml``) keeps its own extension;
    another keeps the file's type: its last suffix that is read (``target.csv.txt`` ->
    ``target.csv``), else its own.
    """
    expected = _display_reference(stem)
    if not expected.endswith(".*"):
        return expected
    suffixes = [s.lower() for s in path.suffixes if s.lower() in SUFFIXES]
    return stem + (suffixes[-1] if suffixes else path.suffix.lower())


def _mapping(
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
    own = _reference_file(settings, stem)
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


def _header_spellings(log: IngestLog, settings: Settings) -> tuple[tuple[Field, ...], tuple[Field, ...]]:
    """The enrolment and claim fields with the data root's own header spellings (``reference/kolom.csv``)."""
    path = _reference_file(settings, kolom.STEM)
    if path is None:
        return ENROLMENT_FIELDS, CLAIM_FIELDS
    read, errors = read_all([path], settings.raw_dir, KOLOM_FIELDS)
    rows = combine(read, KOLOM_FIELDS)
    pairs, v = kolom.validate_header_spellings(rows, (ENROLMENT_FIELDS, CLAIM_FIELDS))
    log.add("reference", read, errors, v, rows)
    return with_extra_variants(ENROLMENT_FIELDS, pairs), with_extra_variants(CLAIM_FIELDS, pairs)


#: ``audit.notes.topic`` of a value of ``reference/laporan.toml`` that is not read.
REPORT_SETTINGS_TOPIC = "report_settings"


def _report_settings(log: IngestLog, settings: Settings) -> Path | None:
    """List ``reference/laporan.toml`` (any case) in ``audit.input_files``; note what of it is not read.

    It holds no rows (``rows_read`` 0). A file that is not UTF-8 or not TOML is listed with
    the error (line and what to do); a value of the wrong type is a note (line, key, fix).
    The report and the schedule read it with the same reader (``pipeline.laporan``).
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


def _write(
    con: duckdb.DuckDBPyConnection,
    table: catalog.Table,
    frame: pd.DataFrame | pa.Table | str,
    expressions: dict[str, str] | None = None,
    params: dict | None = None,
) -> None:
    """Insert the frame's columns that the catalog declares for the table, and no others.

    The column list comes from the catalog, so a personal field a frame carries (the NIK,
    KPJ or name of an enrolment row) reaches only the tables that declare it: identity.
    ``expressions`` computes a column from the frame instead of copying it (with ``params``
    bound). ``frame`` may also name a table or view the connection has (``spells_in``).
    """
    expressions = expressions or {}
    select = ", ".join(f"{expressions.get(name, name)} as {name}" for name in table.column_names)
    con.execute(statement("tables", "create_schema", {"schema": table.schema}))
    con.execute(table.ddl())
    if isinstance(frame, str):
        con.execute(f"insert into {table.qualified_name} by name select {select} from {frame}", params)
        return
    con.register("incoming", _as_arrow(frame) if isinstance(frame, pd.DataFrame) else frame)
    try:
        con.execute(f"insert into {table.qualified_name} by name select {select} from incoming", params)
    finally:
        con.unregister("incoming")


def _as_arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame as Arrow, which DuckDB scans several times faster than pandas' object columns.

    A column Arrow cannot type (values of mixed Python types) leaves the frame as it is.
    """
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def ingest(
    con: duckdb.DuckDBPyConnection, settings: Settings, today: dt.date | None = None, key: bytes | None = None
) -> IngestLog:
    """Read every input under the data root and (re)write the staging and audit tables.

    ``today`` is the day the pipeline runs, against which dates are judged plausible
    (default: ``PIPELINE_RUN_DATE``, else the machine's date); it is recorded in
    ``audit.ingestion_run``. ``key`` is the pseudonym key (default: the data root's, see
    ``pipeline.privacy``; a missing key while the published database holds pseudonyms
    raises ``privacy.KeyProblem`` before anything is read).
    """
    today = today or run_date()
    log = IngestLog()
    root = settings.raw_dir
    gazetteer_path = _reference_file(settings, "wilayah")
    if gazetteer_path is None:
        raise InputMissing(
            f"no gazetteer: expected {settings.reference_dir / 'wilayah.csv'} "
            "(Kemendagri codes, columns kode,nama)"
        )
    if key is None:
        key = privacy.load_or_create_key(
            privacy.key_path(settings.data_dir),
            in_use=privacy.pseudonyms_in_use(settings.db_path),
            replace=privacy.new_key_requested(),
        )
    # Enrolment and claim files parse in the background while the reference files are read
    # and validated (those have their own, small pools).
    with Reading() as reading:
        enrolment_skipped: list[dict] = []
        enrolment_paths = discover(settings.enrolment_dir, settings.data_dir, enrolment_skipped, root)
        claims_skipped: list[dict] = []
        claim_paths = discover(settings.claims_dir, settings.data_dir, claims_skipped, root)
        enrolment_started = start_reading(reading, enrolment_paths, root)
        claims_started = start_reading(reading, claim_paths, root)
        _ingest_all(
            con,
            settings,
            today,
            key,
            log,
            gazetteer_path,
            (enrolment_paths, enrolment_skipped, enrolment_started),
            (claim_paths, claims_skipped, claims_started),
        )
    return log


def _ingest_all(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    today: dt.date,
    key: bytes,
    log: IngestLog,
    gazetteer_path: Path,
    enrolment: tuple,
    claim_files: tuple,
) -> None:
    root = settings.raw_dir
    regions = _ingest_one(
        log, "reference", [gazetteer_path], root, GAZETTEER_FIELDS, reference_rules.validate_gazetteer
    )
    if regions.empty:
        raise InputMissing(f"the gazetteer {gazetteer_path} has no usable rows")
    regions, missing = fill_missing_regions(regions)
    for code in missing:
        log.notes.append(
            {
                "path": gazetteer_path.relative_to(root).as_posix(),
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
    gazetteer = Gazetteer(regions)
    known = set(regions["code"])

    occupations = _mapping(
        log,
        settings,
        "pekerjaan_sektor",
        OCCUPATION_MAP_FIELDS,
        "pekerjaan",
        "sektor",
        mapping_rules.SECTOR_CODES,
        self_mapping=False,
    )
    funding = _mapping(
        log, settings, "sumber_dana", FUNDING_MAP_FIELDS, "ejaan", "kode", FUNDING_CODES, self_mapping=True
    )

    enrolment_fields, claim_fields = _header_spellings(log, settings)

    def reference(stem: str, fields: tuple[Field, ...], validate: Callable) -> pd.DataFrame:
        path = _reference_file(settings, stem)
        return _ingest_one(log, "reference", [path] if path else [], root, fields, validate)

    workforce = reference(
        "angkatan_kerja", WORKFORCE_FIELDS, lambda r: reference_rules.validate_workforce(r, known)
    )
    targets = reference(
        "target", TARGET_FIELDS, lambda r: reference_rules.validate_targets(r, known, funding)
    )
    ucj_targets = reference(
        "target_ucj", UCJ_TARGET_FIELDS, lambda r: reference_rules.validate_ucj_targets(r, known)
    )
    budgets = reference(
        "anggaran", BUDGET_FIELDS, lambda r: reference_rules.validate_budgets(r, known, funding)
    )
    directives = reference(
        "arahan", DIRECTIVE_FIELDS, lambda r: reference_rules.validate_directives(r, known, today)
    )
    used = {p for p in (_reference_file(settings, stem) for stem in REFERENCE_STEMS) if p is not None}
    report_settings = _report_settings(log, settings)
    if report_settings is not None:
        used.add(report_settings)
    log.files.extend({**f, "kind": "reference"} for f in unknown_reference_files(settings, used))
    log.files.extend({**f, "kind": "raw"} for f in outside_input_folders(settings))

    # One transaction: a run killed half-way leaves the previous tables as they were.
    # staging.spells and identity.persons are written in the background (DuckDB releases
    # the GIL) while the enrolment files are accounted for and the claims are read; the
    # connection is used by one thread at a time (the main thread waits before writing).
    # The pseudonyms of every NIK and KPJ read are computed (by DuckDB, on its own
    # connection) while the enrolment rows are validated.
    params = privacy.pseudonym_params(key)
    background: list[Future] = []
    pseudonyms: list[Future] = []
    con.begin()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="write") as writer:
        try:

            def validate_enrolment(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
                pseudonyms.append(writer.submit(_pseudonym_lookups, rows["nik"], rows["no_kpj"], key))
                return rules.validate_enrolment(rows, gazetteer, occupations, funding, today)

            def write_spells(accepted: pd.DataFrame) -> None:
                background.append(writer.submit(_write_spells_and_persons, con, accepted, pseudonyms[0]))

            enrolment_paths, skipped, started = enrolment
            spells = _ingest_one(
                log,
                "enrolment",
                enrolment_paths,
                root,
                enrolment_fields,
                validate_enrolment,
                skipped,
                started,
                on_accepted=write_spells,
            )

            def validate_claims(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
                # Owners of the KPJs the claims give, as validate_claims normalises them.
                given = identifiers.normalise_identifiers(rows["no_kpj"]).dropna()
                owners = rules.kpj_owners(spells, set(given.tolist()))
                return rules.validate_claims(rows, owners, today)

            claim_paths, skipped, started = claim_files
            claims = _ingest_one(
                log,
                "claims",
                claim_paths,
                root,
                claim_fields,
                validate_claims,
                skipped,
                started,
            )
            claims["nik_regency_code"] = claims["nik"].map(
                lambda n: f"{n[:2]}.{n[2:4]}" if isinstance(n, str) else None
            )
            for done in background:
                done.result()
            _write_all(con, log, regions, workforce, targets, claims, params)
            _write(con, catalog.UCJ_TARGETS, ucj_targets)
            _write(con, catalog.BUDGETS, budgets)
            _write(con, catalog.DIRECTIVES, directives)
            _write(con, catalog.INGESTION_RUN, pd.DataFrame({"run_date": [today]}))
        except BaseException:
            wait([*pseudonyms, *background])
            con.rollback()
            raise
    con.commit()


def _pseudonym_lookups(
    nik: pd.Series, kpj: pd.Series, key: bytes
) -> tuple[privacy.PseudonymLookup, privacy.PseudonymLookup]:
    """The pseudonyms of the NIKs and KPJs of enrolment rows, as normalised (``identifiers``)."""
    return tuple(
        privacy.PseudonymLookup(pa.array(identifiers.normalise_identifiers(raw).array), key, domain)
        for raw, domain in ((nik, "nik"), (kpj, "kpj"))
    )


def _write_spells_and_persons(con: duckdb.DuckDBPyConnection, spells: pd.DataFrame, lookups: Future) -> None:
    """staging.spells, and identity.persons (one row per NIK, from its latest spell).

    ``lookups`` gives the pseudonyms of NIK and KPJ (``_pseudonym_lookups``; a value it
    lacks is computed then): both tables are written from the same rows, the pseudonyms
    computed once (persons: ``sql/identity/persons.sql``).
    """
    nik_lookup, kpj_lookup = lookups.result()
    person_id = nik_lookup.of(pa.array(spells["nik"], pa.string(), from_pandas=True))
    kpj_id = kpj_lookup.of(pa.array(spells["no_kpj"], pa.string(), from_pandas=True))
    table = _as_arrow(spells)
    if isinstance(table, pa.Table):
        table = table.append_column("person_id", person_id).append_column("kpj_id", kpj_id)
    else:
        table = table.assign(person_id=person_id.to_pandas(), kpj_id=kpj_id.to_pandas())
    con.register("spells_in", table)
    try:
        _write(con, catalog.SPELLS, "spells_in", {"programs": "string_split(programs, ',')"})
        con.execute(statement("tables", "create_schema", {"schema": catalog.PERSONS.schema}))
        con.execute(catalog.PERSONS.ddl())
        names = ", ".join(catalog.PERSONS.column_names)
        con.execute(
            f"insert into {catalog.PERSONS.qualified_name} ({names}) select {names} from ("
            f"{sql_text('identity', 'persons')})"
        )
    finally:
        con.unregister("spells_in")


def _write_all(
    con: duckdb.DuckDBPyConnection,
    log: IngestLog,
    regions: pd.DataFrame,
    workforce: pd.DataFrame,
    targets: pd.DataFrame,
    claims: pd.DataFrame,
    params: dict,
) -> None:
    """Every table but staging.spells and identity.persons (``_write_spells_and_persons``)."""
    _write(con, catalog.REGIONS, with_national_counts(regions))
    _write(con, catalog.WORKFORCE, workforce)
    _write(con, catalog.TARGETS, targets)
    # Pseudonyms are computed by DuckDB as the rows go in (privacy.pseudonym_sql).
    keyed = {
        "person_id": privacy.pseudonym_sql("nik", "nik"),
        "kpj_id": privacy.pseudonym_sql("no_kpj", "kpj"),
    }
    _write(con, catalog.CLAIMS, claims, keyed, params)
    typed = [t for t in log.typed if len(t)]
    _write(
        con,
        catalog.TYPED_VALUES,
        pd.concat(typed, ignore_index=True)
        if typed
        else pd.DataFrame(columns=catalog.TYPED_VALUES.column_names),
    )
    screen.label_files(log.files, (*REFERENCE_STEMS, "laporan"))
    _write(con, catalog.INPUT_FILES, pd.DataFrame(log.files, columns=catalog.INPUT_FILES.column_names))
    _write(
        con,
        catalog.REJECTED_ROWS,
        pd.concat(log.rejected, ignore_index=True).sort_values(["kind", "path", "sheet", "row_number"]),
    )
    _write(con, catalog.NOTES, pd.DataFrame(log.notes, columns=catalog.NOTES.column_names))
