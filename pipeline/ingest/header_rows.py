"""Which rows of a sheet are its header, and what its columns name.

The header is found among the first rows (``find_header``) by matching the declared
header variants and their words (``headers``); it may span up to ``HEADER_DEPTH`` rows
where a group title is merged over sub-columns. Its columns that are not read get a note
each (``column_notes``), a missing required column one note with the closest column
(``missing_column_note``), and a header repeated mid-sheet is found (``repeated_headers``).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.containers import HEADER_SEARCH_ROWS, ReadNote
from pipeline.ingest.fields import MISSING_COLUMN, Field
from pipeline.ingest.header_text import is_numbering_header, is_unit_only, loose_header_keys, normalise_header
from pipeline.ingest.headers import HeaderLookup, HeaderMatch, closest_of, header_lookup, match_columns

#: A header may span this many rows (group titles merged over sub-columns).
HEADER_DEPTH = 3


def _filled(cell: object) -> bool:
    return cell is not None and bool(str(cell).strip())


def _stacked(rows: list[list[str | None]], depth: int) -> list[str | None]:
    """Header cells of ``depth`` rows: per column the lowest filled cell (a sub-column name)."""
    width = max(len(r) for r in rows[:depth])
    out: list[str | None] = [None] * width
    for row in rows[:depth]:
        for pos, cell in enumerate(row):
            if _filled(cell):
                # a unit on a row of its own ("(Rp)") belongs to the name above it
                unit_only = is_unit_only(cell) and out[pos]
                out[pos] = f"{out[pos]} {cell}" if unit_only else cell
    return out


def _titled(rows: list[list[str | None]], depth: int, stacked: list[str | None]) -> list[str | None]:
    """Per column, the group titles merged above its sub-column name joined to it (``Tanggal Lahir``).

    A merged cell's text is in its first column only: a title is carried right over the
    empty cells of its row while the columns below it have sub-column names. A title
    carried over every column of the header is the sheet's title ("DAFTAR PEKERJA RENTAN
    PENERIMA BANTUAN ..."), not a group's: it is no part of any column's name.
    """
    width = len(stacked)
    lowest = [-1] * width
    for r, row in enumerate(rows[:depth]):
        for pos, cell in enumerate(row):
            if _filled(cell):
                lowest[pos] = r
    parts: list[list[tuple[tuple[int, int], str]]] = [[] for _ in range(width)]
    spans: dict[tuple[int, int], int] = {}  # a title (its row, first column) -> columns carried over
    for r, row in enumerate(rows[: depth - 1]):
        carry = None
        for pos in range(width):
            cell = row[pos] if pos < len(row) else None
            below = lowest[pos] > r
            if _filled(cell):
                carry = ((r, pos), str(cell).strip()) if below else None
            elif not below:
                carry = None
            if carry is not None and below:
                parts[pos].append(carry)
                spans[carry[0]] = spans.get(carry[0], 0) + 1
    named = sum(1 for c in stacked if _filled(c))
    sheet_titles = {start for start, n in spans.items() if n >= named > 1}
    return [
        " ".join([*(t for start, t in parts[p] if start not in sheet_titles), str(stacked[p])])
        if any(start not in sheet_titles for start, _ in parts[p])
        else None
        for p in range(width)
    ]


def find_header(
    rows: list[list[str | None]], lookup: HeaderLookup, required: set[str]
) -> tuple[int, int, HeaderMatch, list[str | None]]:
    """The header among the first rows: (first row, rows it spans, its match, its cells).

    A header names at least two declared fields, one of them required: a summary
    sheet headed ``Kecamatan | Desa | Jumlah Peserta`` is not a list of workers. A
    header may span up to ``HEADER_DEPTH`` rows where a group title (``Masa
    Kepesertaan``, ``Tanggal``) is merged over sub-columns (``Tgl Mulai`` | ``Tgl Akhir``,
    ``Mulai`` | ``Berakhir``): per column the lowest filled cell names it, else that cell
    joined to the title above it. A deeper header wins only when it recognises more
    columns (the fields it names, and the sub-columns under a title naming another person,
    such as ``NIK`` under ``Ahli Waris``). (-1, 0, empty match, []) when there is none.
    """
    best: tuple[int, int, HeaderMatch, list[str | None]] = (-1, 0, HeaderMatch(), [])
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        for depth in range(1, HEADER_DEPTH + 1):
            if i + depth > len(rows):
                break
            cells = _stacked(rows[i:], depth) if depth > 1 else rows[i]
            found = match_columns(cells, lookup)
            if depth > 1 and len(found.mapping) >= 2:
                # a header whose sub-columns may be named with their group title (``Tanggal``
                # over ``Lahir``), or be another person's (``Ahli Waris`` over ``NIK``)
                found = match_columns(cells, lookup, _titled(rows[i:], depth, cells))
            if (
                len(found.mapping) >= 2
                # more columns recognised; as many: more read (a title row above is no help)
                and (found.recognised(), len(found.mapping)) > (best[2].recognised(), len(best[2].mapping))
                and required & set(found.mapping.values())
            ):
                named = [found.titled.get(p, c) for p, c in enumerate(cells)]
                best = (i, depth, found, named)
    return best if len(best[2].mapping) >= 2 else (-1, 0, HeaderMatch(), [])


def column_notes(
    sheet: str, found: HeaderMatch, header_names: list[str | None]
) -> tuple[list[str], list[ReadNote]]:
    """The header's columns that are not read, each with a note.

    Unknown, ambiguous (its words name two fields), or a second column of a field.
    """
    unknown, notes = [], []
    for pos, cell in enumerate(header_names):
        if pos in found.mapping or not _filled(cell):
            continue
        name = str(cell).strip()
        if pos in found.other:
            unknown.append(name)
            message = f"column {name!r} is about another person than the worker: not read"
            notes.append(ReadNote(sheet, "unknown_column", message, None, name, None, name))
        elif pos in found.ambiguous:
            options = " or ".join(found.ambiguous[pos])
            message = (
                f"column {name!r} could name {options}: not read; rename it to one field's header, "
                f"or add the line `{name},<field>` to reference/kolom.csv"
            )
            notes.append(ReadNote(sheet, "ambiguous_column", message, None, name, None, name))
        elif pos in found.second:
            fname, winner = found.second[pos]
            first = str(header_names[winner]).strip()
            message = (
                f"columns {first!r} and {name!r} both name {fname}: {first!r} is read (its header "
                f"comes earlier in the list of {fname}'s headers), {name!r} is not"
            )
            notes.append(ReadNote(sheet, "second_column", message, None, name, None, name))
        elif not is_numbering_header(cell):
            unknown.append(name)
            notes.append(
                ReadNote(
                    sheet,
                    "unknown_column",
                    f"column {name!r} is not a known field: not read",
                    None,
                    name,
                    None,
                    name,
                )
            )
    return unknown, notes


def missing_column_note(
    sheet: str,
    rows: int,
    fields: tuple[Field, ...],
    name: str,
    alternatives: tuple[tuple[str, ...], ...],
    header_names: list[str | None],
    found: HeaderMatch,
    offered: set[str | None],
) -> ReadNote:
    """One note for a sheet that lacks a required field's column: its columns, the closest, what to do.

    The closest column may be like another alternative of the requirement (``Nomor Peserta
    BPJS`` for ``no_kpj`` where neither NIK nor KPJ is there): the note then names that field.
    """
    others = [" and ".join(alt) for alt in alternatives if name not in alt]
    wanted = name + (f" (or {' or '.join(others)})" if others else "")
    columns = [str(c).strip() for c in header_names if _filled(c)]
    unread = [
        str(c).strip()
        for p, c in enumerate(header_names)
        if _filled(c)
        and p not in found.mapping
        and p not in found.second
        and p not in found.other  # another person's column is no candidate for the worker's field
        and str(c).strip() not in offered
    ]
    # the missing field first, then the other alternatives of one field each
    candidates = (name, *(alt[0] for alt in alternatives if len(alt) == 1 and alt[0] != name))
    closest = closest_of(unread, fields, candidates)
    listed = ", ".join(repr(c) for c in columns)
    if closest is not None:
        column, suggested = closest
        usual = _usual_header(fields, suggested)
        advice = (
            f"the closest is {column!r}: rename column {column!r} to {usual!r}, or add the line "
            f"`{column},{suggested}` to reference/kolom.csv"
        )
    else:
        column, suggested = None, name
        advice = f"none of them is like it: add a column headed {_usual_header(fields, name)!r}"
    message = (
        f"sheet not read: no column for {wanted}; its {rows} row(s) rejected. Its columns: {listed}; {advice}"
    )
    return ReadNote(sheet, MISSING_COLUMN, message, rows, column, None, suggested)


def _usual_header(fields: tuple[Field, ...], name: str) -> str:
    """A field's first listed header (``Tgl Mulai``), else its name."""
    f = next(f for f in fields if f.name == name)
    return f.variants[0] if f.variants else name


def repeated_headers(
    cells: list[pa.ChunkedArray],
    mapping: dict[int, str],
    header_names: list[str | None],
    lookup: HeaderLookup,
) -> list[int]:
    """Rows (indexes) that repeat the header: every filled field cell names its own field, two at least.

    Candidates are found by two column scans, loosely (letters and digits only, as the
    header or a variant of its field); each is then tested by the header rule itself.
    """
    if not mapping:
        return []

    candidates = None
    for pos in sorted(mapping)[:2]:
        f = next(f for f in lookup.fields if f.name == mapping[pos])
        spelled = loose_header_keys(
            pa.array([str(v) for v in (f.name, *f.variants, header_names[pos])], pa.string())
        )
        hit = pc.fill_null(pc.is_in(loose_header_keys(cells[pos]), value_set=spelled), False)
        candidates = hit if candidates is None else pc.or_(candidates, hit)
    index = pc.indices_nonzero(candidates).to_pylist()
    if not index:
        return []
    taken = {pos: pc.take(cells[pos], pa.array(index)).to_pylist() for pos in mapping}
    own = {pos: normalise_header(header_names[pos]) for pos in mapping}
    repeated = []
    for k, i in enumerate(index):
        named = 0
        for pos, fname in mapping.items():
            value = taken[pos][k]
            if value is None:
                continue
            if lookup.name(value).field == fname or normalise_header(value) == own[pos]:
                named += 1
            else:
                break
        else:
            if named >= 2:
                repeated.append(i)
    return repeated


def header_beside(
    reference: pa.Table, other: pa.Table, fields: tuple[Field, ...]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """What the cells of ``other`` name on the rows of the header of ``reference``.

    (the fields they name, the filled cells as typed); nothing when ``reference`` has no
    recognisable header. A block beside a list is read here as the list's header would be.
    """

    def head(t: pa.Table) -> list[list[str | None]]:
        return [list(r.values()) for r in t.slice(0, HEADER_SEARCH_ROWS).to_pylist()]

    required = {f.name for f in fields if f.required is True}
    first, depth, _, _ = find_header(head(reference), header_lookup(fields), required)
    rows = head(other)[first:] if first >= 0 else []
    if len(rows) < depth or not rows:
        return frozenset(), ()
    cells = _stacked(rows, depth) if depth > 1 else rows[0]
    titled = _titled(rows, depth, cells) if depth > 1 else None
    found = match_columns(cells, header_lookup(fields), titled)
    named = frozenset(found.mapping.values()) | frozenset(f for f, _ in found.second.values())
    typed = tuple(str(found.titled.get(p, c)).strip() for p, c in enumerate(cells) if _filled(c))
    return named, typed
