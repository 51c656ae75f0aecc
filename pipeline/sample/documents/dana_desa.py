"""DANA_DESA's file: a sheet per kecamatan, the 2024 and the 2025 block, mixed date cells."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, assemble, render_items, spell_values
from pipeline.sample.documents.planting import by_district, extra_spell, plant
from pipeline.sample.population import Population

#: One defect in the 2025 block of each of the first three districts:
#: (relative position, overrides, reason, field); the NIK's override is made per row.
DEFECTS = (
    (0.5, {"akhir": dt.date(2024, 12, 31), "mulai": dt.date(2025, 1, 1)}, "end_before_start", "tgl_akhir"),
    (0.3, {"desa": "Ds. Bukit Harapan Baru"}, "unknown_village", "desa"),
    (0.7, None, "invalid_nik", "nik"),
)


def doc_dana_desa(pop: Population) -> Doc:
    """``Peserta_Dana_Desa_2024-2025.xlsx``: a sheet per kecamatan, the 2024 block then 2025's."""
    gaz = pop.gaz
    rel = "enrolment/Peserta_Dana_Desa_2024-2025.xlsx"
    fmt = Fmt(rel, date="mixed", p_apos=0.02, amount="num")
    columns = [
        ("No", "no"),
        ("Nomor Induk Kependudukan", "nik"),
        ("Nama", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("JK", "jk"),
        ("Desa", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Pembiayaan", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    sp = pop.spells["dana_desa"]
    grouped24 = by_district([s for s in sp if s.mulai.year == 2024], gaz)
    grouped25 = by_district([s for s in sp if s.mulai.year == 2025], gaz)
    sheets = []
    districts = [d for d in gaz.districts if d in grouped24 or d in grouped25]
    bad_districts = districts[:3]
    for d in districts:
        dana_by_v = {}

        def cell(key, v, vals, dana_by_v=dana_by_v):
            if key == "nik":
                return fmt.nik(v)
            if key in ("lahir", "mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"])
            if key == "dana":
                k = vals["kode"]
                if k not in dana_by_v:
                    dana_by_v[k] = ("Dana Desa", "ADD", "APBDes")[int(k[-2:]) % 3]
                return dana_by_v[k]
            return v

        blocks = []
        for g in (grouped24, grouped25):
            items = [Item(spell_values(s, gaz), spell=s) for lst in g.get(d, {}).values() for s in lst]
            if items:
                blocks.append(items)
        if d in bad_districts:
            _plant_defect(pop, blocks, bad_districts.index(d))
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "REKAPITULASI PESERTA BPJS KETENAGAKERJAAN BERSUMBER DANA DESA",
                    f"KECAMATAN {name.upper()} TAHUN 2024 DAN 2025",
                ],
                columns,
                rows,
            )
        )
        # two blank rows between the 2024 and the 2025 block
        sh = sheets[-1]
        for i, r in enumerate(sh.rows):
            if r.kind == "blank" and i > 3:
                sh.rows.insert(i, Row([], "blank"))
                break
    return Doc(rel, "xlsx", sheets, col_widths={1: 24, 2: 28, 5: 22, 6: 16})


def _plant_defect(pop: Population, blocks: list[list[Item]], which: int) -> None:
    """A further person typed into the last block with the ``which``-th of ``DEFECTS``."""
    like = blocks[-1][0].spell
    s = extra_spell(pop, like.village, like)
    pos, overrides, reason, fld = DEFECTS[which]
    if reason == "invalid_nik":
        overrides = {"nik": s.person.nik + "7"}  # a 17th digit
    plant(blocks, pos, Item(spell_values(s, pop.gaz), dict(overrides), reason, fld), block=-1)
