"""A data root's own header spellings, ``reference/kolom.csv`` (CONTRACT §3.4a).

Columns ``kolom,field``: a header as the offices type it -> a canonical field name of
enrolment or claims (``Tgl Awal,tgl_mulai``). The spellings add to the shipped variants
(``fields.with_extra_variants``) for every enrolment and claim file of the run.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest.fields import KOLOM_FIELDS, Field
from pipeline.ingest.header_text import normalise_header
from pipeline.ingest.row_checks import Validation, reject_exact_duplicates

#: The file's stem in ``reference/``.
STEM = "kolom"
_COUNT = {2: "two", 3: "three"}


def validate_header_spellings(
    rows: pd.DataFrame, field_sets: tuple[tuple[Field, ...], ...]
) -> tuple[tuple[tuple[str, str], ...], Validation]:
    """``reference/kolom.csv`` rows -> (header, field) pairs (CONTRACT §3.4a).

    ``field`` is a canonical name of one of ``field_sets`` (``tgl_mulai``; case and
    spaces ignored); a row naming no such field is ignored with a note naming its file
    and row, and so are the rows of a spelling given two fields (``_two_fields``). An
    empty cell is ``missing_required``.
    """
    fields = tuple(f for group in field_sets for f in group)
    known = list(dict.fromkeys(f.name for f in fields))
    v = Validation(rows, KOLOM_FIELDS)
    reject_exact_duplicates(v)
    for f in KOLOM_FIELDS:
        v.reject(~v.present(f.name), f.name, "missing_required")
    name = (
        rows["field"]
        .astype(object)
        .map(lambda t: "_".join(t.strip().lower().split()) if isinstance(t, str) else None)
    )
    unknown = v.ok & ~name.isin(known)
    v.note_rows(
        unknown,
        "field",
        "ignored_header_row",
        f"field is not one of {', '.join(known)}: row ignored",
    )
    use = v.ok & ~unknown
    use &= ~_two_fields(v, rows, name, use, field_sets)
    pairs = tuple(zip(rows.loc[use, "kolom"].astype(str), name[use].astype(str), strict=True))
    return pairs, v


def _two_fields(
    v: Validation,
    rows: pd.DataFrame,
    name: pd.Series,
    use: pd.Series,
    field_sets: tuple[tuple[Field, ...], ...],
) -> pd.Series:
    """The rows of spellings given two fields of one kind of file, each ignored with a note.

    ``Tanggal,tgl_mulai`` and ``Tanggal,tgl_akhir``: neither row is used, and a header
    ``Tanggal`` is then matched as if kolom.csv did not have it. Spellings are compared as
    headers are (``normalise_header``); a repeat naming the same field is no conflict
    (``Tanggal,tgl_mulai`` and ``TANGGAL,tgl_mulai``), and neither is one field of
    enrolment and another of claims (``Tanggal,tgl_mulai`` and ``Tanggal,tgl_kejadian``).
    """
    clash = pd.Series(False, index=rows.index)
    if not use.any():
        return clash
    key = rows["kolom"].map(normalise_header)
    for _, group in rows[use].groupby(key[use], sort=False):
        named = set(name[group.index])
        if not any(len(named & {f.name for f in fields}) > 1 for fields in field_sets):
            continue
        listed = ", ".join(
            f"row {r}: {name[i]}" for i, r in zip(group.index, group["source_row"], strict=True)
        )
        spelling = str(group["kolom"].iloc[0]).strip()
        clash[group.index] = True
        v.note_rows(
            clash & rows.index.isin(group.index),
            "kolom",
            "ignored_header_row",
            f"spelling {spelling!r} is given {_COUNT.get(len(named), len(named))} fields ({listed}): "
            f"{'neither' if len(group) == 2 else 'none of them'} is used; keep one row",
        )
    return clash
