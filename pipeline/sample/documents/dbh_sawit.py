"""DBH_SAWIT's file: a sheet per kecamatan in capitals, ``Masa Iuran (bulan)``, and a recap."""

from __future__ import annotations

from pipeline.sample.common import IURAN_BPU
from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, assemble, render_items, spell_values
from pipeline.sample.documents.planting import by_district, extra_spell, plant, plant_duplicate
from pipeline.sample.population import Population
from pipeline.sample.population.dbh_sawit import DBH_SAWIT_WORKERS


def doc_dbh(pop: Population) -> Doc:
    """``DBH_Sawit_2025_Perlindungan_Pekerja_Sawit.xlsx``: a sheet per kecamatan and a recap."""
    gaz = pop.gaz
    rel = "enrolment/DBH_Sawit_2025_Perlindungan_Pekerja_Sawit.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.02, amount="num", desa_prefix=("Ds. ", "DS. ", "Desa "))
    columns = [
        ("NO", "no"),
        ("NIK", "nik"),
        ("KPJ", "kpj"),
        ("NAMA", "nama"),
        ("TANGGAL LAHIR", "lahir"),
        ("JK", "jk"),
        ("DESA", "desa"),
        ("KECAMATAN", "kec"),
        ("SEGMEN", "segmen"),
        ("PEKERJAAN", "pekerjaan"),
        ("DIBAYAR OLEH", "dana"),
        ("PROGRAM", "program"),
        ("MULAI KEPESERTAAN", "mulai"),
        ("MASA IURAN (BULAN)", "lama"),
        ("IURAN", "iuran"),
    ]
    grouped = by_district(pop.spells["dbh"], gaz)
    sheets = []
    bad = {"61.07.09": [("invalid_nik", "nik", 0.6)], "61.07.06": [("missing_required", "nama", 0.2)]}
    for d, by_v in grouped.items():
        dana = "DBH Sawit" if int(d[-2:]) % 2 else "DBH Kelapa Sawit"

        def cell(key, v, vals, dana=dana):
            if key == "nik":
                return fmt.nik(v)
            if key == "kpj":
                return int(v) if fmt.rng.random() < 0.5 else v
            if key in ("lahir", "mulai"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"]).upper()
            if key == "kec":
                return v.upper()
            if key == "dana":
                return dana
            if key == "pekerjaan":
                return v.upper() if fmt.rng.random() < 0.3 else v
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = extra_spell(pop, like.village, like)
            ov = {}
            if reason == "invalid_nik":
                ov["nik"] = s.person.nik[:4] + "O" + s.person.nik[5:]  # letter O for 0
            elif reason == "missing_required":
                ov["nama"] = "  "
            plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
        if d == "61.07.02":
            plant_duplicate(blocks, fmt.rng)
        # one block per sheet: palm-oil lists are not separated by village
        flat = [[it for b in blocks for it in b]]
        rows = render_items(flat, columns, fmt, cell)
        n_total = sum(isinstance(r.cells[-1], int) for r in rows[0])
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "DAFTAR PEKERJA SAWIT PENERIMA PERLINDUNGAN JAMINAN SOSIAL KETENAGAKERJAAN",
                    f"SUMBER DANA: DBH SAWIT T.A. 2025 - KECAMATAN {name.upper()}",
                ],
                columns,
                rows,
                total=["JUMLAH"] + [None] * 13 + [n_total * IURAN_BPU],
            )
        )
    rekap = [
        Row(["REKAP DBH SAWIT 2025"], "note"),
        Row([], "blank"),
        Row(["Wilayah", "Pekerja", "Target Awal"], "note"),
    ]
    for d, by_v in grouped.items():
        rekap.append(Row([gaz.names[d], sum(len(x) for x in by_v.values()), None], "note"))
    rekap.append(Row(["Total", DBH_SAWIT_WORKERS, 4600], "note"))
    sheets.append(Sheet("Rekap", rekap))
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 6: 24, 7: 16, 9: 20})
