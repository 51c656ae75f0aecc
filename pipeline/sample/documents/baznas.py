"""BAZNAS's file: an old-format ``.xls`` without a row number, a sheet per kecamatan."""

from __future__ import annotations

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, assemble, render_items, spell_values
from pipeline.sample.documents.planting import by_district, extra_spell, plant
from pipeline.sample.population import Population


def doc_baznas(pop: Population) -> Doc:
    """``Peserta_BAZNAS_2025.xls``: a sheet per kecamatan, one title row."""
    gaz = pop.gaz
    rel = "enrolment/Peserta_BAZNAS_2025.xls"
    fmt = Fmt(rel, date="excel", amount="num")
    columns = [
        ("NIK", "nik"),
        ("Nama", "nama"),
        ("Desa/Kelurahan", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tgl Mulai", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    grouped = by_district(pop.spells["baznas"], gaz)
    sheets = []
    for d, by_v in grouped.items():

        def cell(key, v, vals):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"])
            if key == "dana":
                return "Baznas" if fmt.rng.random() < 0.7 else "BAZNAS Kabupaten"
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        if d == "61.07.15":
            like = blocks[0][0].spell
            s = extra_spell(pop, like.village, like)
            plant(
                blocks, 0.5, Item(spell_values(s, gaz), {"mulai": "2025-13-01"}, "invalid_date", "tgl_mulai")
            )
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                ["DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN BAZNAS KABUPATEN BENGKAYANG TAHUN 2025"],
                columns,
                rows,
            )
        )
    return Doc(rel, "xls", sheets, col_widths={0: 20, 1: 26, 2: 22, 3: 18, 4: 18})
