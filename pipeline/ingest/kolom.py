"""A data root's own header spellings, ``reference/kolom.csv`` (CONTRACT §3.4a).

Columns ``kolom,field``: a header as the offices type it -> a canonical field name of
enrolment or claims (``Tgl Awal,tgl_mulai``). The spellings add to the shipped variants
(``fields.with_extra_variants``) for every enrolment and claim file of the run.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest.fields import KOLOM_FIELDS, Field
from pipeline.ingest.validate import Validation, reject_exact_duplicates

#: The file's stem in ``reference/``.
STEM = "kolom"


def validate_header_spellings(
    rows: pd.DataFrame, field_sets: tuple[tuple[Field, ...], ...]
) -> tuple[tuple[tuple[str, str], ...], Validation]:
    """``reference/kolom.csv`` rows -> (header, field) pairs (CONTRACT §3.4a).

    ``field`` is a canonical name of one of ``field_sets`` (``tgl_mulai``; case and
    spaces ignored); a row naming no such field is ignored with a note naming its file
    and row. An empty cell is ``missing_required``.
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
    pairs = tuple(zip(rows.loc[use, "kolom"].astype(str), name[use].astype(str), strict=True))
    return pairs, v
