"""PEMBERI_KERJA's file: Parquet with the canonical field names and types."""

from __future__ import annotations

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, render_items, spell_values
from pipeline.sample.population import Population

PU_PARQUET_TYPES = {
    "nik": "string",
    "no_kpj": "string",
    "nama": "string",
    "tanggal_lahir": "date",
    "jenis_kelamin": "string",
    "kode_desa": "string",
    "segmen": "string",
    "pekerjaan": "string",
    "sumber_dana": "string",
    "program": "string",
    "tgl_mulai": "date",
    "tgl_akhir": "date",
    "iuran_bulanan": "int64",
}


def doc_pu(pop: Population) -> Doc:
    """``pemberi_kerja_pu_2024-2025.parquet``: canonical names, typed columns, no defects."""
    gaz = pop.gaz
    rel = "enrolment/pemberi_kerja_pu_2024-2025.parquet"
    keymap = {
        "nik": "nik",
        "no_kpj": "kpj",
        "nama": "nama",
        "tanggal_lahir": "lahir",
        "jenis_kelamin": "jk",
        "kode_desa": "kode",
        "segmen": "segmen",
        "pekerjaan": "pekerjaan",
        "sumber_dana": "dana",
        "program": "program",
        "tgl_mulai": "mulai",
        "tgl_akhir": "akhir",
        "iuran_bulanan": "iuran",
    }
    columns = [(k, v) for k, v in keymap.items()]
    sp = sorted(pop.spells["pu"], key=lambda s: (s.extra["perusahaan"], s.mulai, s.person.kpj))
    rows = render_items(
        [[Item(spell_values(s, gaz), spell=s) for s in sp]], columns, Fmt(rel), lambda key, v, vals: v
    )
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "parquet", [sheet], parquet_types=PU_PARQUET_TYPES)
