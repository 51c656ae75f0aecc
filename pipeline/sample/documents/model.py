"""Sheets of cells with the role of every row, and the data rows before they are rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.gazetteer import Gazetteer
from pipeline.sample.people import Claim, Spell


@dataclass
class Row:
    """One row of a sheet: its cells, its kind, and what it plants or stands for."""

    cells: list[Any]
    kind: str  # title, blank, header, data, total, note
    reason: str | None = None
    field: str | None = None
    spell: Spell | None = None
    claim: Claim | None = None


@dataclass
class Sheet:
    """A named sheet (CSV and Parquet have one, unnamed)."""

    name: str
    rows: list[Row]


@dataclass
class Doc:
    """One file as an office sends it."""

    relpath: str
    fmt: str  # xlsx, xls, csv, parquet
    sheets: list[Sheet]
    encoding: str = "utf-8"
    delimiter: str = ","
    parquet_types: dict[str, str] | None = None
    col_widths: dict[int, float] = field(default_factory=dict)


@dataclass
class Item:
    """One data row before rendering: values by key, overrides, and what it plants."""

    values: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    field: str | None = None
    spell: Spell | None = None
    claim: Claim | None = None
    dup_of: Item | None = None
    cells: list[Any] | None = None


def spell_values(s: Spell, gaz: Gazetteer) -> dict[str, Any]:
    """A spell's values by column key."""
    p = s.person
    return {
        "nik": p.nik,
        "kpj": p.kpj,
        "nama": p.nama,
        "lahir": p.lahir,
        "jk": p.jk,
        "kode": s.village,
        "desa": gaz.names[s.village],
        "kec": gaz.names[s.village[:8]],
        "segmen": s.segmen,
        "pekerjaan": s.pekerjaan,
        "dana": s.dana,
        "program": s.program,
        "mulai": s.mulai,
        "akhir": s.akhir,
        "lama": s.lama,
        "iuran": s.iuran,
        "perusahaan": s.extra.get("perusahaan", ""),
    }


def claim_values(c: Claim) -> dict[str, Any]:
    """A claim's values by column key (no NIK when given by KPJ only)."""
    return {
        "no_klaim": c.no_klaim,
        "nik": "" if c.kpj_only else c.person.nik,
        "kpj": c.person.kpj,
        "nama": c.person.nama,
        "program": c.program,
        "kejadian": c.kejadian,
        "pengajuan": c.pengajuan,
        "bayar": c.bayar,
        "status": c.status,
        "nominal": c.nominal,
        "keterangan": c.keterangan,
    }


def render_items(
    blocks: list[list[Item]], columns: list[tuple[str, str]], fmt: Fmt, cellfn
) -> list[list[Row]]:
    """Turn blocks of items into rows of cells (duplicates copy their original's cells)."""
    out = []
    no = 0
    for block in blocks:
        rows = []
        for it in block:
            if it.dup_of is not None:
                cells = list(it.dup_of.cells)
            else:
                no += 1
                vals = dict(it.values, no=no)
                cells = []
                for _header, key in columns:
                    if key in it.overrides:
                        cells.append(it.overrides[key])
                    else:
                        cells.append(cellfn(key, vals.get(key), vals))
                it.cells = cells
            rows.append(Row(cells, "data", it.reason, it.field, it.spell, it.claim))
        out.append(rows)
    return out


def assemble(
    name: str,
    titles: list[str],
    columns: list[tuple[str, str]],
    blocks: list[list[Row]],
    total: list[Any] | None = None,
    blank_between: bool = True,
) -> Sheet:
    """A sheet: title rows, a blank, the header, the blocks (blank rows between), a total."""
    rows: list[Row] = [Row([t], "title") for t in titles]
    rows.append(Row([], "blank"))
    rows.append(Row([h for h, _ in columns], "header"))
    for i, block in enumerate(blocks):
        if i and blank_between:
            rows.append(Row([], "blank"))
        rows.extend(block)
    if total is not None:
        rows.append(Row(total, "total"))
    return Sheet(name, rows)
