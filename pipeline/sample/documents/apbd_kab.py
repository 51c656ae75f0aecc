"""APBD_KAB's two files: 2024 (a sheet per kecamatan and a recap) and 2025 (code, dd/mm/yyyy)."""

from __future__ import annotations

from pipeline.sample.common import IURAN_BPU, ExcelSerial, nodots
from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, assemble, render_items, spell_values
from pipeline.sample.documents.planting import by_district, extra_spell, plant, plant_duplicate
from pipeline.sample.gazetteer import Gazetteer
from pipeline.sample.population import Population


def doc_apbd_2024(pop: Population) -> Doc:
    """``1_Desa_100_Pekerja_Rentan_2024.xlsx``: a recap, then a sheet per kecamatan, a block per desa."""
    gaz = pop.gaz
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2024.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.03, p_space=0.01, amount="num")
    columns = [
        ("No", "no"),
        ("NIK", "nik"),
        ("Nama Lengkap", "nama"),
        ("Tgl Lahir", "lahir"),
        ("L/P", "jk"),
        ("Desa/Kelurahan", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tgl Mulai", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran/Bulan", "iuran"),
    ]
    dana_spellings = ("APBD Kabupaten", "APBD Kab. Bengkayang", "Pemkab", "APBD Kab")
    grouped = by_district(pop.spells["apbd_2024"], gaz)
    sheets = [Sheet("Rekap", _rekap_rows(grouped, gaz, 2024))]
    bad = {
        "61.07.03": [("invalid_nik", "nik", 0.3), ("unknown_village", "desa", 0.7)],
        "61.07.05": [("missing_required", "nama", 0.5)],
        "61.07.09": [("invalid_amount", "iuran_bulanan", 0.4)],
    }
    for d, by_v in grouped.items():
        dana = dana_spellings[int(d[-2:]) % len(dana_spellings)]
        desa_fmt = {}

        def cell(key, v, vals, desa_fmt=desa_fmt, d=d):
            if key == "nik":
                return fmt.nik(v)
            if key in ("lahir", "mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                if vals["kode"] not in desa_fmt:
                    desa_fmt[vals["kode"]] = fmt.desa(v, vals["kode"])
                return desa_fmt[vals["kode"]]
            if key == "kec":
                return v.upper() if int(d[-2:]) % 3 == 0 else v
            if key == "iuran":
                return fmt.amount(v)
            if key == "program":
                return "JKK, JKM" if int(d[-2:]) % 2 else "JKK,JKM"
            return v

        blocks = []
        for _v, lst in by_v.items():
            blocks.append([Item(dict(spell_values(s, gaz), dana=dana), spell=s) for s in lst])
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = extra_spell(pop, like.village, like)
            vals = dict(spell_values(s, gaz), dana=dana)
            ov = {}
            if reason == "invalid_nik":
                ov["nik"] = s.person.nik[:15]
            elif reason == "unknown_village":
                ov["desa"] = "Desa Tunas Harapan Jaya"
            elif reason == "missing_required":
                ov["nama"] = None
            elif reason == "invalid_amount":
                ov["iuran"] = "enam belas ribu"
            plant(blocks, pos, Item(vals, ov, reason, fld))
        rows = render_items(blocks, columns, fmt, cell)
        total_iuran = sum(r.cells[-1] for b in rows for r in b if isinstance(r.cells[-1], int))
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    f"DAFTAR PESERTA PEKERJA RENTAN DESA SE-KECAMATAN {name.upper()}",
                    "PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN 2024 - KABUPATEN BENGKAYANG",
                ],
                columns,
                rows,
                total=["JUMLAH"] + [None] * 11 + [total_iuran],
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 28, 5: 22, 6: 16, 7: 18, 8: 22})


def _rekap_rows(grouped, gaz: Gazetteer, year: int) -> list[Row]:
    rows = [
        Row([f"REKAPITULASI PESERTA PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN {year}"], "title"),
        Row([], "blank"),
        Row(["No", "Wilayah", "Jumlah Desa", "Jumlah Peserta", "Iuran Setahun (Rp)"], "note"),
    ]
    tot_v = tot_p = 0
    for i, (d, by_v) in enumerate(grouped.items(), start=1):
        n = sum(len(x) for x in by_v.values())
        tot_v += len(by_v)
        tot_p += n
        rows.append(Row([i, gaz.names[d], len(by_v), n, n * IURAN_BPU * 12], "note"))
    rows.append(Row(["JUMLAH", None, tot_v, tot_p, tot_p * IURAN_BPU * 12], "note"))
    return rows


def doc_apbd_2025(pop: Population) -> Doc:
    """``1_Desa_100_Pekerja_Rentan_2025.xlsx``: instructions, then a sheet per kecamatan (codes, KPJ)."""
    gaz = pop.gaz
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2025.xlsx"
    fmt = Fmt(rel, date="dmy", p_serial=0.00012, p_apos=0.04, p_space=0.01, p_dots=0.004, amount="num")
    columns = [
        ("No.", "no"),
        ("No. NIK", "nik"),
        ("No KPJ", "kpj"),
        ("Nama Peserta", "nama"),
        ("Jenis Kelamin", "jk"),
        ("Kode Wilayah", "kode"),
        ("Jenis Pekerjaan", "pekerjaan"),
        ("Sumber Pendanaan", "dana"),
        ("Program", "program"),
        ("TMT", "mulai"),
        ("Akhir Kepesertaan", "akhir"),
        ("Iuran per Bulan", "iuran"),
    ]
    grouped = by_district(pop.spells["apbd_2025"], gaz)
    petunjuk = [
        Row(["PETUNJUK PENGISIAN"], "note"),
        Row(["1. Satu baris untuk satu peserta; NIK 16 digit ditulis sebagai teks."], "note"),
        Row(["2. Kode Wilayah diisi kode desa Kemendagri tanpa titik (10 digit)."], "note"),
        Row(["3. Tanggal ditulis hh/bb/tttt."], "note"),
        Row(["4. Iuran Rp16.800 per bulan (JKK + JKM)."], "note"),
    ]
    sheets = [Sheet("Petunjuk", petunjuk)]
    bad = {
        "61.07.02": [("invalid_date", "tgl_mulai", 0.5)],
        "61.07.03": [("unknown_village", "kode_desa", 0.4)],
        "61.07.06": [("end_before_start", "tgl_akhir", 0.6)],
        "61.07.08": [("missing_required", "pekerjaan", 0.3)],
    }
    dups = {"61.07.01", "61.07.09", "61.07.16"}
    dana_spellings = ("APBD Kabupaten", "APBD Kab", "Pemkab", "APBD II")
    serial_done = []
    for d, by_v in grouped.items():
        dana = dana_spellings[int(d[-2:]) % len(dana_spellings)]

        def cell(key, v, vals, dana=dana):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                out = fmt.date(v)
                if isinstance(out, ExcelSerial):
                    serial_done.append(out)
                return out
            if key == "kode":
                return nodots(v)
            if key == "dana":
                return dana
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = extra_spell(pop, like.village, like)
            ov = {}
            if reason == "invalid_date":
                ov["mulai"] = "31/02/2025"
            elif reason == "unknown_village":
                ov["kode"] = "6107032099"
            elif reason == "end_before_start":
                ov["akhir"] = "28/02/2025"
            elif reason == "missing_required":
                ov["pekerjaan"] = None
            plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
        if d in dups:
            plant_duplicate(blocks, fmt.rng)
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    f"DAFTAR PESERTA PEKERJA RENTAN DESA - KECAMATAN {name.upper()}",
                    "PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN 2025",
                    "Perpanjangan kepesertaan 01/03/2025 s.d. 28/02/2026",
                ],
                columns,
                rows,
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 5: 12, 6: 22, 7: 18})
