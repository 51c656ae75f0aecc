"""CSR's file: a sheet per kecamatan with the company's name, Kemendagri codes."""

from __future__ import annotations

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, assemble, render_items, spell_values
from pipeline.sample.documents.planting import by_district, extra_spell, plant
from pipeline.sample.population import Population
from pipeline.sample.population.csr import CSR_COMPANY_A


def doc_csr(pop: Population) -> Doc:
    """``CSR_Perusahaan_Perkebunan_2024-2025.xlsx``: a sheet per kecamatan."""
    gaz = pop.gaz
    rel = "enrolment/CSR_Perusahaan_Perkebunan_2024-2025.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.02, amount="num")
    columns = [
        ("No", "no"),
        ("No KTP", "nik"),
        ("Nomor KPJ", "kpj"),
        ("Nama Lengkap", "nama"),
        ("Kode Kemendagri", "kode"),
        ("Nama Desa", "desa"),
        ("Kategori Peserta", "segmen"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Nama Perusahaan", "perusahaan"),
        ("Mulai Kepesertaan", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    grouped = by_district(pop.spells["csr"], gaz)
    sheets = []
    biggest = max(grouped, key=lambda d: sum(len(x) for x in grouped[d].values()))
    for d, by_v in grouped.items():

        def cell(key, v, vals):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                return fmt.date(v)
            if key == "dana":
                return "CSR" if vals["perusahaan"] == CSR_COMPANY_A else "CSR Perusahaan"
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        if d == biggest:
            like = blocks[0][0].spell
            s = extra_spell(pop, like.village, like)
            plant(blocks, 0.4, Item(spell_values(s, gaz), {"mulai": "besok"}, "invalid_date", "tgl_mulai"))
            s = extra_spell(pop, like.village, like)
            plant(blocks, 0.8, Item(spell_values(s, gaz), {"program": "JKN"}, "invalid_program", "program"))
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "DATA PEKERJA RENTAN DIDAFTARKAN MELALUI CSR PERUSAHAAN",
                    f"KABUPATEN BENGKAYANG - KECAMATAN {name.upper()}",
                ],
                columns,
                rows,
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 4: 16, 5: 20, 10: 26})
