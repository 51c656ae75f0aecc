"""MANDIRI's file: a branch office's CSV export (cp1252, ``;``, Indonesian dates, ``Rp``)."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, render_items, spell_values
from pipeline.sample.documents.planting import extra_spell, plant
from pipeline.sample.population import Population


def doc_mandiri(pop: Population) -> Doc:
    """``bpu_mandiri_kcp_bengkayang_2024-2025.csv``: every paid period a line, by start."""
    gaz = pop.gaz
    rel = "enrolment/bpu_mandiri_kcp_bengkayang_2024-2025.csv"
    fmt = Fmt(rel, date="indo", amount="rp")
    columns = [
        ("No", "no"),
        ("NIK", "nik"),
        ("No Peserta", "kpj"),
        ("Nama", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("Jenis Kelamin", "jk"),
        ("Desa", "desa"),
        ("Kecamatan", "kec"),
        ("Segmen", "segmen"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    sp = sorted(pop.spells["mandiri"], key=lambda s: (s.mulai, s.person.kpj))
    dana_of: dict[str, str] = {}

    def cell(key, v, vals):
        if key in ("lahir", "mulai", "akhir"):
            return fmt.date(v)
        if key == "desa":
            return v.replace("'", "\u2019")  # Saba’u, as a Windows keyboard types it
        if key == "iuran":
            return fmt.amount(v)
        if key == "dana":
            if v:
                return v
            if vals["kpj"] not in dana_of:
                dana_of[vals["kpj"]] = "Mandiri" if fmt.rng.random() < 0.75 else "Bayar sendiri"
            return dana_of[vals["kpj"]]
        return v

    items = [Item(spell_values(s, gaz), spell=s) for s in sp]
    blocks = [items]
    like = next(s for s in sp if s.kode_dana == "MANDIRI")
    for pos, reason, fld in (
        (0.25, "nik_precision_lost", "nik"),
        (0.55, "invalid_amount", "iuran_bulanan"),
        (0.8, "nik_precision_lost", "nik"),
        # The rules of CONTRACT §2 a branch office's export breaks most often:
        (0.6, "invalid_amount", "iuran_bulanan"),  # a NIK pasted into the Iuran column
        (0.65, "invalid_date", "tgl_mulai"),  # a typo'd year: starts far in the future
        (0.7, "invalid_date", "tgl_mulai"),  # month first: 02/13/2025
    ):
        s = extra_spell(pop, like.village, like, mulai=dt.date(2025, 2, 1), akhir=dt.date(2025, 2, 28))
        if reason == "nik_precision_lost":
            n = s.person.nik
            ov = {"nik": f"{n[0]}.{n[1:6]}E+15"}
        elif reason == "invalid_amount":
            ov = {"iuran": "Rp abc" if pos == 0.55 else s.person.nik}
        else:
            ov = {"mulai": "01/02/2099" if pos == 0.65 else "02/13/2025"}
        plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
    rows = render_items(blocks, columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="cp1252", delimiter=";")
