"""The renewal list: per regency, the workers whose cover ends within three months, with names.

PERSONAL DATA for the regency's own staff: written to ``processed/internal/`` (beside, not
inside, ``exports/`` and ``reports/``), with a notice in the folder, never attached to a
PDF or exported. The values are kept as typed (names, NIK), but no cell is a live
formula: text that a spreadsheet would evaluate (``=HYPERLINK(...)`` as a name) is
neutralised like in the exports.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import xlsxwriter

from pipeline.core.files import atomic_path
from pipeline.core.sql import fetch
from pipeline.outputs.workbook import WORKBOOK_OPTIONS, workbook_created
from pipeline.publication.publish import private_dir
from pipeline.publication.screen import neutralise

NOTICE = """RAHASIA - TIDAK UNTUK PUBLIKASI / CONFIDENTIAL - NOT FOR PUBLICATION

Berkas di folder ini memuat data pribadi (NIK, nomor KPJ, nama) peserta BPJS
Ketenagakerjaan, dilindungi UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.
Gunakan hanya untuk perencanaan perpanjangan kepesertaan oleh petugas yang berwenang;
jangan dilampirkan pada laporan, dikirim melalui surel terbuka, atau diunggah.

Buka daftar perpanjangan dalam format .xlsx: di sana NIK dan nomor KPJ tersimpan sebagai
teks. Berkas .csv yang dibuka di Excel atau LibreOffice mengubah NIK 16 digit menjadi
angka dan merusak digit terakhirnya (6409011503670362 menjadi ...360).
"""
#: Columns kept as text in the workbook: a spreadsheet keeps 15 significant digits of a number.
TEXT_COLUMNS = ("kode_kabupaten", "kode_kecamatan", "kode_desa", "nik", "no_kpj")

HEADER = (
    "kode_kabupaten",
    "kode_kecamatan",
    "kecamatan",
    "kode_desa",
    "desa",
    "nama",
    "nik",
    "no_kpj",
    "segmen",
    "sumber_dana",
    "akhir_kepesertaan",
)


def write_renewal_workbook(final: Path, month: dt.date, rows: list[tuple]) -> None:
    """The renewal list as ``.xlsx``: every identifier a text cell, the end date a date cell.

    A CSV opened in a spreadsheet turns a 16-digit NIK into a number and loses its last
    digit; text cells keep it. No cell is a formula (``WORKBOOK_OPTIONS``, ``neutralise``).
    """
    with atomic_path(final) as tmp:
        book = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        book.set_properties({"author": "pipeline", "company": "", "created": workbook_created(month)})
        text = book.add_format({"num_format": "@"})
        date = book.add_format({"num_format": "dd/mm/yyyy"})
        bold = book.add_format({"bold": True, "bottom": 1})
        sheet = book.add_worksheet("perpanjangan")
        for c, name in enumerate(HEADER):
            sheet.write_string(0, c, name, bold)
            sheet.set_column(c, c, 20 if name in TEXT_COLUMNS or name == "nama" else 14, text)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    sheet.write_blank(r, c, None, text)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                else:
                    sheet.write_string(r, c, neutralise(str(value)), text)
        sheet.freeze_panes(1, 0)
        book.close()
        tmp.chmod(0o600)


def write_renewal_lists(con, month: dt.date, internal_dir: Path) -> dict[str, int]:
    """Per regency ``<internal>/<YYYY-MM>/<regency>-daftar-perpanjangan.xlsx`` (NIK as text) and ``.csv``."""
    rows = fetch(con, "internal", "renewal_list", {"month": month})[1]
    folder = internal_dir / f"{month:%Y-%m}"
    private_dir(internal_dir)  # names and NIKs: owner-only whatever the umask
    private_dir(folder)
    (internal_dir / "BACA-DULU_RAHASIA.txt").write_text(NOTICE, encoding="utf-8")
    by_regency: dict[str, list[tuple]] = {}
    for row in rows:
        by_regency.setdefault(row[0], []).append(row)
    counts = {}
    for regency, regency_rows in sorted(by_regency.items()):
        final = folder / f"{regency}-daftar-perpanjangan.csv"
        with atomic_path(final) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            writer.writerows([neutralise(v) for v in row] for row in regency_rows)
        final.chmod(0o600)
        write_renewal_workbook(final.with_suffix(".xlsx"), month, regency_rows)
        counts[regency] = len(regency_rows)
    return counts
