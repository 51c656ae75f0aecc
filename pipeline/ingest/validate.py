"""Column-wise validation of the rows read: each row is accepted or gets one reason.

Fields are checked in their declared order and the first failing field gives the row
its reason (CONTRACT §3.7). Exact duplicate rows are found first, across all files of
an input kind in order of file name, sheet and row; the first copy goes on to be
validated and every later copy is rejected as ``duplicate_row``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.ingest import parse
from pipeline.ingest.fields import Field
from pipeline.ingest.read import FileRows

SOURCE_COLUMNS = ["source_path", "source_sheet", "source_row"]


@dataclass
class Validation:
    """Rows of one input kind under validation; ``reason`` stays null for accepted rows."""

    rows: pd.DataFrame
    fields: tuple[Field, ...]
    reason: pd.Series = field(init=False)
    bad_field: pd.Series = field(init=False)
    bad_value: pd.Series = field(init=False)
    notes: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.rows)
        self.reason = pd.Series([None] * n, index=self.rows.index, dtype=object)
        self.bad_field = self.reason.copy()
        self.bad_value = self.reason.copy()

    @property
    def ok(self) -> pd.Series:
        """Rows with no reason so far."""
        return self.reason.isna()

    def reject(self, where: pd.Series | np.ndarray, field_name: str, reason: str) -> None:
        """Give ``reason`` to rows in ``where`` that have none yet (first failing field wins)."""
        where = pd.Series(np.asarray(where, dtype=bool), index=self.rows.index) & self.ok
        if not where.any():
            return
        personal = next((f.personal for f in self.fields if f.name == field_name), False)
        self.reason[where] = reason
        self.bad_field[where] = field_name
        if field_name in self.rows:
            values = self.rows.loc[where, field_name].astype(object)
            self.bad_value[where] = [parse.mask(None if pd.isna(v) else str(v), personal)
                                     for v in values]

    def present(self, name: str) -> pd.Series:
        """Rows where the field has a non-empty value."""
        return self.rows[name].notna()

    def parsed(self, name: str, parser: Callable, field_reason: str, required: bool) -> pd.Series:
        """Parse a column; empty required cells and unreadable values are rejected."""
        values = parse.map_unique(self.rows[name], parser)
        present = self.present(name)
        if required:
            self.reject(~present, name, "missing_required")
        self.reject(present & values.isna(), name, field_reason)
        return values

    def note(self, topic: str, counts: pd.DataFrame, message: str) -> None:
        """Record a note per (path, value) with its row count."""
        for (path, value), n in counts.items():
            self.notes.append({"path": path, "sheet": "", "topic": topic, "value": value,
                               "row_count": int(n), "message": message})


def combine(files: list[FileRows], fields: tuple[Field, ...]) -> pd.DataFrame:
    """All data rows of all files, in order of file name, sheet and row."""
    frames = []
    for f in files:
        for sheet in f.sheets:
            frame = sheet.frame.copy()
            frame.insert(0, "source_sheet", sheet.sheet)
            frame.insert(0, "source_path", f.path)
            frames.append(frame)
    columns = [*SOURCE_COLUMNS, *[fl.name for fl in fields]]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns}).astype(
            {"source_row": "int64"})
    rows = pd.concat(frames, ignore_index=True)[columns]
    return rows.sort_values(SOURCE_COLUMNS, kind="stable").reset_index(drop=True)


def reject_exact_duplicates(v: Validation) -> None:
    """Later copies of a row with the same values in every field are ``duplicate_row``."""
    names = [f.name for f in v.fields]
    if not len(v.rows):
        return
    dup = v.rows[names].fillna("\x00").duplicated(keep="first")
    v.reject(dup, "", "duplicate_row")  # the whole row, not one field


def nik_column(v: Validation, name: str, required: bool) -> pd.Series:
    """Clean the NIK column, rejecting precision-lost and malformed values."""
    raw = v.rows[name]
    problems = parse.nik_problems(raw)
    present = raw.notna()
    if required:
        v.reject(~present, name, "missing_required")
    v.reject(present & (problems == "nik_precision_lost"), name, "nik_precision_lost")
    v.reject(present & (problems == "invalid_nik"), name, "invalid_nik")
    cleaned = parse.clean_identifiers(raw).astype(object)
    return cleaned.where(problems.isna() & cleaned.notna(), None)


def add_months_minus_day(start: dt.date, months: int) -> dt.date:
    """The day before the same day-of-month ``months`` later (clamped to the month's end)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last)) - dt.timedelta(days=1)


def result_frames(v: Validation) -> tuple[pd.Series, pd.DataFrame]:
    """The accepted mask and the rejected rows in the shape of ``audit.rejected_rows``."""
    bad = ~v.ok
    rejected = pd.DataFrame({
        "path": v.rows.loc[bad, "source_path"].astype(str),
        "sheet": v.rows.loc[bad, "source_sheet"].astype(str),
        "row_number": v.rows.loc[bad, "source_row"].astype("int64"),
        "field": v.bad_field[bad].astype(str),
        "reason": v.reason[bad].astype(str),
        "value": v.bad_value[bad],
    })
    return v.ok.to_numpy(), rejected.reset_index(drop=True)
