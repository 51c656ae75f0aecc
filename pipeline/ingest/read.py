"""One generic reader: any input file -> sheets of text cells with their row numbers.

``Reading`` is the thread pool that reads files in the background: every cell is read as
text (fastexcel/calamine for workbooks, ``csv_and_parquet`` for CSV and Parquet files),
the cell-type scans (``containers``) and each file's hash run beside; ``collect`` then
turns each sheet into rows (``sheet_rows``), in file and sheet order. Tables side by
side on one sheet are read apart (``blocks``). Parsing and validation happen later,
column-wise.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import pyarrow as pa

from pipeline.ingest.blocks import split_tables
from pipeline.ingest.containers import (
    CellTypes,
    FileUnreadable,
    ReadNote,
    SheetTable,
    calamine_cell_types,
    check_zip_container,
    sheet_parts,
    xlsx_sheet_cell_types,
)
from pipeline.ingest.csv_and_parquet import read_csv, read_parquet
from pipeline.ingest.fields import Field, required_alternatives
from pipeline.ingest.file_names import excel_source, printable_path
from pipeline.ingest.header_rows import header_beside
from pipeline.ingest.sheet_rows import SheetRows, header_fields, rows_to_sheet
from pipeline.ingest.workers import read_workers

LOGGER = logging.getLogger(__name__)
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".parquet")


@dataclass
class FileRows:
    """Everything read from one file."""

    path: str
    sha256: str
    sheets: list[SheetRows] = field(default_factory=list)
    notes: list[ReadNote] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    """Hash of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _load_sheet(path: Path, index: int) -> pa.Table:
    # Each task opens its own reader (opening is lazy: ~0.2 ms); calamine parses the sheet
    # with the GIL released, so the sheets of one file and other files parse side by side.
    reader = fastexcel.read_excel(excel_source(path))
    return reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string").to_arrow()


@dataclass
class PlannedRead:
    """The work of reading one file, submitted to the pool; ``finish`` turns it into FileRows."""

    path: Path
    rel: str
    suffix: str
    sha: Future | None = None
    error: Exception | None = None
    whole: Future | None = None  # CSV and Parquet: the whole read
    names: list[str] = field(default_factory=list)
    sheets: list[Future] = field(default_factory=list)
    types: list[Future] | Future | None = None  # per sheet (xlsx) or one for the file (xls)
    type_names: list[str] = field(default_factory=list)
    renamed: str = ""  # the path as the file system gives it, when ``rel`` is not that


def _plan(pool: ThreadPoolExecutor, path: Path, root: Path) -> PlannedRead:
    """Submit the parse of every sheet, the cell-type scans and the hash of one file."""
    rel = path.relative_to(root).as_posix()
    plan = PlannedRead(path, printable_path(rel, root), path.suffix.lower(), renamed=rel)
    try:
        if not path.exists():
            raise FileUnreadable("the file disappeared before it could be read")
        if plan.suffix in (".xlsx", ".xlsm", ".xls"):
            is_zip = plan.suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path)
            if is_zip:
                check_zip_container(path)
            try:
                plan.names = fastexcel.read_excel(excel_source(path)).sheet_names
            except Exception as exc:  # calamine raises its own error types for every failure mode
                raise FileUnreadable(f"cannot read as a workbook: {exc}") from exc
            plan.sheets = [pool.submit(_load_sheet, path, i) for i in range(len(plan.names))]
            if is_zip:
                try:
                    with zipfile.ZipFile(path) as archive:
                        parts = sheet_parts(archive)
                    plan.type_names = [name for name, _ in parts]
                    plan.types = [pool.submit(xlsx_sheet_cell_types, path, part) for _, part in parts]
                except Exception:  # the values are read all the same; cell types are a refinement
                    plan.types = None
            else:
                plan.types = pool.submit(calamine_cell_types, path)
        elif plan.suffix == ".csv":
            plan.whole = pool.submit(read_csv, path)
        elif plan.suffix == ".parquet":
            plan.whole = pool.submit(read_parquet, path)
        else:
            raise FileUnreadable(f"unsupported file type {plan.suffix!r}; expected one of {SUFFIXES}")
        plan.sha = pool.submit(sha256_of, path)
    except (FileUnreadable, OSError) as exc:
        plan.error = exc
    except Exception as exc:  # one file's surprise is that file's problem, not the run's
        plan.error = unexpected(plan.rel, exc)
    return plan


def _cell_types(plan: PlannedRead) -> dict[str, CellTypes]:
    """Per sheet name, as one scan of the file gave them; none at all if any scan failed."""
    try:
        if isinstance(plan.types, Future):
            return plan.types.result()
        if plan.types is None:
            return {}
        return dict(zip(plan.type_names, (f.result() for f in plan.types), strict=True))
    except Exception:  # the values were read; cell types are a refinement
        return {}


def _finish(plan: PlannedRead, fields: tuple[Field, ...]) -> FileRows:
    """Classify the rows of every sheet of a planned file, in sheet order."""
    if plan.error is not None:
        raise plan.error
    if plan.whole is not None:
        tables = plan.whole.result()
    else:
        loaded = []
        for name, future in zip(plan.names, plan.sheets, strict=True):
            try:
                loaded.append((name, future.result()))
            except Exception as exc:  # the first sheet that fails, as a sequential read
                raise FileUnreadable(f"cannot read as a workbook: {exc}") from exc
        types = _cell_types(plan)
        tables = [SheetTable(name, table, types.get(name)) for name, table in loaded]
    result = FileRows(path=plan.rel, sha256=plan.sha.result())
    if plan.renamed != plan.rel:
        result.notes.append(
            ReadNote(
                "",
                "file_name",
                f"the file name is not UTF-8 text: its bytes were read as Windows-1252 and the file "
                f"is listed as {plan.rel!r}; give the file a new name to stop this note",
                None,
                plan.rel,
            )
        )
    required = frozenset(f.name for f in fields if f.required is True)
    for sheet_name, whole_table, sheet_types in tables:
        if sheet_types is not None:
            result.notes.extend(sheet_types.notes)
        if plan.suffix == ".parquet":  # columns named by the file's schema: one table
            parts, split_notes = [SheetTable(sheet_name, whole_table, sheet_types)], []
        else:
            parts, split_notes = split_tables(
                sheet_name,
                whole_table,
                sheet_types,
                lambda t: header_fields(t, fields),
                required,
                lambda ref, other: header_beside(ref, other, fields),
                required_alternatives(fields),
            )
        result.notes.extend(split_notes)
        for part_name, table, cell_types in parts:
            # Parquet's first "row" is its schema; CSV and sheets start at row 1.
            sheet_rows, notes = rows_to_sheet(part_name, table, 1, fields, cell_types)
            result.notes.extend(notes)
            if sheet_rows is not None:
                result.sheets.append(sheet_rows)
    return result


def unexpected(rel: str, exc: Exception) -> FileUnreadable:
    """An error nobody foresaw while reading one file: logged, and that file listed as unreadable."""
    LOGGER.error("reading %s failed unexpectedly", rel, exc_info=exc)
    return FileUnreadable(
        f"could not be read: an unexpected error ({type(exc).__name__}: {exc}); the other files "
        "were read. Please report it with this file"
    )


class Reading:
    """A thread pool that reads files in the background: ``start`` now, ``collect`` later.

    Workbook sheets, the cell-type scan of each sheet and each file's hash are its tasks;
    ``collect`` classifies the rows of each file in the calling thread, in file and sheet
    order, while the pool parses the next ones, so the result never depends on which task
    finishes first.
    """

    def __init__(self, workers: int | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers or read_workers(), thread_name_prefix="read")

    def start(self, paths: list[Path], root: Path) -> list[PlannedRead]:
        """Submit the reading of ``paths`` (relative names from ``root``)."""
        return [_plan(self._pool, path, root) for path in paths]

    def collect(
        self, plans: list[PlannedRead], fields: tuple[Field, ...]
    ) -> list[FileRows | FileUnreadable | OSError]:
        """Each file's ``FileRows``, or the ``FileUnreadable``/``OSError`` reading it raised."""
        out: list[FileRows | FileUnreadable | OSError] = []
        for plan in plans:
            try:
                out.append(_finish(plan, fields))
            except (FileUnreadable, OSError) as exc:
                out.append(exc)
            except Exception as exc:  # one file's surprise is that file's problem, not the run's
                out.append(unexpected(plan.rel, exc))
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_files(
    paths: list[Path], root: Path, fields: tuple[Field, ...]
) -> list[FileRows | FileUnreadable | OSError]:
    """Read every file of ``paths``, their sheets in parallel; outcomes in path order (``Reading``)."""
    with Reading() as reading:
        return reading.collect(reading.start(paths, root), fields)


def read_file(path: Path, root: Path, fields: tuple[Field, ...]) -> FileRows:
    """Read every sheet of ``path`` that has a recognisable header.

    Raises ``FileUnreadable`` when nothing can be read from the file at all.
    """
    (result,) = read_files([path], root, fields)
    if isinstance(result, Exception):
        raise result
    return result
