"""APBD_PROV's file: a UTF-8 CSV with ISO dates and dotted amounts."""

from __future__ import annotations

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, render_items, spell_values
from pipeline.sample.population import Population


def doc_prov(pop: Population) -> Doc:
    """``Peserta_APBD_Provinsi_Kalbar_2025.csv``, with two unreadable optional fields."""
    gaz = pop.gaz
    rel = "enrolment/Peserta_APBD_Provinsi_Kalbar_2025.csv"
    fmt = Fmt(rel, date="iso", amount="dotted", p_apos=0.05)
    columns = [
        ("NIK", "nik"),
        ("Nama Peserta", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("L/P", "jk"),
        ("Kode Desa", "kode"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran per Bulan", "iuran"),
    ]

    def cell(key, v, vals):
        if key == "nik":
            return fmt.nik(v)
        if key in ("lahir", "mulai", "akhir"):
            return fmt.date(v)
        if key == "dana":
            return "APBD Provinsi" if vals["kode"] < "61.07.10" else "APBD Prov. Kalbar"
        if key == "iuran":
            return fmt.amount(v)
        return v

    sp = sorted(pop.spells["apbd_prov"], key=lambda s: (s.village, s.person.nama))
    items = [Item(spell_values(s, gaz), spell=s) for s in sp]
    # Optional fields that cannot be read: left empty with a note, the row accepted (§2).
    items[1].overrides = {"lahir": "31/02/1980"}
    items[2].overrides = {"jk": "X"}
    rows = render_items([items], columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="utf-8-sig", delimiter=",")
