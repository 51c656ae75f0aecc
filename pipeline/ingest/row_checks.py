"""The toolkit the validation rules (``rules``) are written with: a ``Validation`` of rows.

Column-wise: each row is accepted or gets one reason.

Fields are checked in their declared order and the first failing field gives the row
its reason (CONTRACT §3.7). Exact duplicate rows are found first, across all files of
an input kind in order of file name, sheet and row; the first copy goes on to be
validated and every later copy is rejected as ``duplicate_row``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.ingest import identifiers, parse
from pipeline.ingest.cell_marks import IDENTIFIER_FIELDS, number_flag
from pipeline.ingest.fields import MISSING_COLUMN, Field
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
    typed_value: pd.Series = field(init=False)
    notes: list[dict] = field(default_factory=list)
    #: Unmasked values of the cells row-level notes are about (identity.typed_values).
    noted_values: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.rows)
        self.reason = pd.Series([None] * n, index=self.rows.index, dtype=object)
        self.bad_field = self.reason.copy()
        self.bad_value = self.reason.copy()
        self.typed_value = self.reason.copy()
        # Rows without a reason, kept beside ``reason`` (which only ``reject`` sets).
        self._ok = np.ones(n, dtype=bool)
        if MISSING_COLUMN in self.rows:
            # A sheet without a column for a required field is not read (CONTRACT §2): its
            # rows are rejected first, whatever else they hold.
            lacking = self.rows[MISSING_COLUMN]
            for name in lacking.dropna().unique():
                self.reject(lacking.eq(name).fillna(False).astype(bool), str(name), MISSING_COLUMN)

    def is_personal(self, field_name: str) -> bool:
        """Whether the field holds personal data (masked in the audit tables)."""
        return next((f.personal for f in self.fields if f.name == field_name), False)

    @property
    def ok(self) -> pd.Series:
        """Rows with no reason so far."""
        return pd.Series(self._ok.copy(), index=self.rows.index)

    def reject(self, where: pd.Series | np.ndarray, field_name: str, reason: str) -> None:
        """Give ``reason`` to rows in ``where`` that have none yet (first failing field wins)."""
        where = pd.Series(np.asarray(where, dtype=bool), index=self.rows.index) & self.ok
        if not where.any():
            return
        personal = self.is_personal(field_name)
        self.reason[where] = reason
        self._ok[where.to_numpy()] = False
        self.bad_field[where] = field_name
        if field_name in self.rows:
            values = [None if pd.isna(v) else str(v) for v in self.rows.loc[where, field_name].astype(object)]
            self.bad_value[where] = [parse.hide_middle(v, personal) for v in values]
            self.typed_value[where] = values

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

    def note(self, topic: str, where: pd.Series, field_name: str, message: str) -> None:
        """One note per file, sheet and value of ``field_name`` among the rows in ``where``."""
        picked = self.rows.loc[np.asarray(where, dtype=bool), ["source_path", "source_sheet", field_name]]
        counts = picked.groupby(["source_path", "source_sheet", field_name], sort=True).size()
        for (path, sheet, value), n in counts.items():
            self.notes.append(
                {
                    "path": path,
                    "sheet": sheet,
                    "topic": topic,
                    "value": value,
                    "row_count": int(n),
                    "message": message,
                    "field": field_name,
                }
            )

    def note_rows(self, where: pd.Series, field_name: str, topic: str, message: str) -> None:
        """One note per row in ``where`` about its ``field_name`` cell (file, sheet, row, field)."""
        where = pd.Series(np.asarray(where, dtype=bool), index=self.rows.index)
        if not where.any():
            return
        personal = self.is_personal(field_name)
        picked = self.rows.loc[where, [*SOURCE_COLUMNS, field_name]]
        for path, sheet, row, value in picked.itertuples(index=False, name=None):
            typed = None if pd.isna(value) else str(value)
            self.notes.append(
                {
                    "path": path,
                    "sheet": sheet,
                    "topic": topic,
                    "value": parse.hide_middle(typed, personal),
                    "row_count": 1,
                    "message": message,
                    "row_number": int(row),
                    "field": field_name,
                }
            )
            self.noted_values.append(
                {"path": path, "sheet": sheet, "row_number": int(row), "field": field_name, "value": typed}
            )


def combine(files: list[FileRows], fields: tuple[Field, ...]) -> pd.DataFrame:
    """All data rows of all files, in order of file name, sheet and row."""
    frames, keys = [], []
    for f in files:
        for sheet in f.sheets:
            frame = sheet.frame.copy()
            frame.insert(0, "source_sheet", sheet.sheet)
            frame.insert(0, "source_path", f.path)
            frames.append(frame)
            keys.append((f.path, sheet.sheet))
    flags = [number_flag(fl.name) for fl in fields if fl.name in IDENTIFIER_FIELDS]
    columns = [*SOURCE_COLUMNS, *[fl.name for fl in fields]]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype="string") for c in columns}).astype({"source_row": "int64"})
        return empty.assign(**{f: pd.Series(dtype=object) for f in flags})
    # A sheet's rows are in row order (``rows_to_sheet``) and each (file, sheet) occurs once:
    # the sheets put in order of file and sheet name (code points, as a sort of the text
    # columns) give the order a stable sort of all rows would, without sorting them.
    order = sorted(range(len(frames)), key=keys.__getitem__)
    rows = pd.concat([frames[i] for i in order], ignore_index=True)
    for flag in flags:
        rows[flag] = rows[flag].astype(object).where(rows[flag].notna(), None) if flag in rows else None
    # the required field a sheet has no column for (``sheet_rows.MISSING_COLUMN``), where one lacks it
    lacking = [MISSING_COLUMN] if MISSING_COLUMN in rows else []
    return rows[[*columns, *flags, *lacking]]


def reject_exact_duplicates(v: Validation) -> None:
    """Later copies of a row with the same values in every field are ``duplicate_row``."""
    names = [f.name for f in v.fields]
    if not len(v.rows):
        return
    # Every copy of a row shares its first field's value: only rows whose first field's
    # value recurs (a few, or none) are compared in full, in the same order.
    first = v.rows[names[0]].fillna("\x00")
    candidates = first.duplicated(keep=False).to_numpy()
    dup = np.zeros(len(v.rows), dtype=bool)
    if candidates.any():
        dup[candidates] = v.rows.loc[candidates, names].fillna("\x00").duplicated(keep="first").to_numpy()
    v.reject(dup, "", "duplicate_row")  # the whole row, not one field


def nik_column(v: Validation, name: str, required: bool) -> pd.Series:
    """Normalised NIKs; precision-lost and malformed values rejected (CONTRACT §2)."""
    raw = v.rows[name]
    flag = number_flag(name)
    number_cell = v.rows.get(flag)
    digits = identifiers.normalise_identifiers(raw)
    problems = identifiers.nik_problems(raw, number_cell, digits)
    if number_cell is not None and number_cell.notna().any():
        for _, group in v.rows.groupby(["source_path", "source_sheet"], sort=False):
            cut = identifiers.truncated_number_niks(digits[group.index], number_cell[group.index])
            problems[cut[cut].index] = "nik_precision_lost"
    present = digits.notna()
    if required:
        v.reject(~present, name, "missing_required")
    v.reject(present & (problems == "nik_precision_lost"), name, "nik_precision_lost")
    v.reject(present & (problems == "invalid_nik"), name, "invalid_nik")
    return digits.astype(object).where(problems.isna() & present, None)


def kpj_column(v: Validation, name: str = "no_kpj") -> pd.Series:
    """Normalised KPJ numbers (null when not given)."""
    return identifiers.normalise_identifiers(v.rows[name]).astype(object).where(v.rows[name].notna(), None)


#: Dates before this are typing errors, not data; birth dates may go back to 1900.
EARLIEST_EVENT = dt.date(1990, 1, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
#: A spell may be entered ahead of its start: at most this many days after the run.
START_LEAD_DAYS = 92
_MONTH_FIRST = r"^\s*(0?[1-9]|1[0-2])[/\-.](1[3-9]|2\d|3[01])[/\-.]\d{4}\s*$"
_MONTH_FIRST_RE = re.compile(_MONTH_FIRST)


def date_bounds(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The plausible range of a date field on the day the pipeline runs (CONTRACT §2)."""
    if name == "tanggal_lahir":
        return EARLIEST_BIRTH, today
    if name == "tgl_mulai":
        return EARLIEST_EVENT, today + dt.timedelta(days=START_LEAD_DAYS)
    if name in ("tgl_akhir", "tenggat"):
        return EARLIEST_EVENT, parse.LATEST_DATE
    return EARLIEST_EVENT, today


def date_column(
    v: Validation, name: str, today: dt.date, required: bool, optional_note: bool = False
) -> pd.Series:
    """Parse a date field; a date that does not exist or is implausible is ``invalid_date``.

    With ``optional_note`` an unreadable value is left empty with a
    ``dropped_optional_value`` note instead (the row is not rejected). A column in
    which some values fit only month first (``08/31/2025``) gets a note per file, sheet
    and column: its other slash dates may be month first too.
    """
    low, high = date_bounds(name, today)

    def plausible_date(text: str | None) -> dt.date | None:
        value = parse.parse_date(text)
        return value if value is None or low <= value <= high else None

    values = parse.map_unique(v.rows[name], plausible_date)
    present = v.present(name)
    bad = present & values.isna()
    # Once per distinct value, by Python's ``re`` as ever (its \d and \s are Unicode's).
    month_first = parse.map_unique(v.rows[name], lambda t: t is not None and bool(_MONTH_FIRST_RE.match(t)))
    month_first = month_first.astype(bool)
    if month_first.any():
        hit = v.rows.loc[month_first & v.ok, ["source_path", "source_sheet"]].drop_duplicates()
        for path, sheet in hit.itertuples(index=False, name=None):
            n = int((month_first & (v.rows["source_path"] == path) & (v.rows["source_sheet"] == sheet)).sum())
            v.notes.append(
                {
                    "path": path,
                    "sheet": sheet,
                    "topic": "month_first_dates",
                    "value": name,
                    "row_count": n,
                    "field": name,
                    "message": f"{n} value(s) of {name} fit only month first (mm/dd/yyyy) "
                    "and were rejected; the column's other slash dates were "
                    "read day first: check their order",
                }
            )
    if optional_note:
        v.note_rows(
            bad & v.ok,
            name,
            "dropped_optional_value",
            f"{name}: not a plausible date ({low:%d/%m/%Y}–{high:%d/%m/%Y}): left empty",
        )
    else:
        if required:
            v.reject(~present, name, "missing_required")
        v.reject(bad, name, "invalid_date")
    return values.where(~bad, None)


def add_months_minus_day(start: dt.date, months: int) -> dt.date:
    """The last day of ``months`` months paid from ``start`` (CONTRACT §3.5).

    The day before the same day-of-month ``months`` later; where that month has no such
    day, that month's last day: 31 January + 1 month ends on 28 February (29 in a leap
    year), 15 January + 1 on 14 February, 1 January + 3 on 31 March.
    """
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    if start.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def result_frames(v: Validation) -> tuple[pd.Series, pd.DataFrame]:
    """The accepted mask and the rejected rows in the shape of ``audit.rejected_rows``."""
    bad = ~v.ok
    rejected = pd.DataFrame(
        {
            "path": v.rows.loc[bad, "source_path"].astype(str),
            "sheet": v.rows.loc[bad, "source_sheet"].astype(str),
            "row_number": v.rows.loc[bad, "source_row"].astype("int64"),
            "field": v.bad_field[bad].astype(str),
            "reason": v.reason[bad].astype(str),
            "value": v.bad_value[bad],
            "typed_value": v.typed_value[bad],
        }
    )
    return v.ok.to_numpy(), rejected.reset_index(drop=True)


def amount_column(
    v: Validation,
    name: str,
    bounds: tuple[int, int],
    parser=parse.parse_amount,
    ignore: pd.Series | None = None,
) -> pd.Series:
    """Parse a number field and reject values outside ``bounds`` before any cast.

    Values in ``ignore`` count as empty (neither rejected nor kept).
    """
    values = parse.map_unique(v.rows[name], parser)
    present = v.present(name)
    if ignore is not None:
        present &= ~ignore.fillna(False).astype(bool)
    plausible = parse.in_range(values, *bounds)
    v.reject(present & ~plausible, name, "invalid_amount")
    return values.where(present & plausible, None)
