"""Outputs with personal data for the regency's own staff: never published.

They go to ``processed/internal/`` (beside, not inside, ``exports/`` and ``reports/``),
with a notice in the folder, and nothing here is attached to a PDF or exported. They keep
the values as typed (names, NIK), but no cell is a live formula: text that a spreadsheet
would evaluate (``=HYPERLINK(...)`` as a name) is neutralised like in the exports.
"""

import csv
import datetime as dt
from pathlib import Path

import dagster as dg
import xlsxwriter

from pipeline.assets.keys import asset_key, keys_read_by
from pipeline.assets.metadata import markdown_table
from pipeline.assets.reports import checked_month
from pipeline.export import WORKBOOK_OPTIONS, workbook_created
from pipeline.files import atomic_path
from pipeline.fix_list import fix_list_folder, write_fix_lists
from pipeline.months import as_of_month
from pipeline.partitions import MONTHLY_PARTITIONS
from pipeline.publish import private_dir
from pipeline.resources import DuckDBResource, RunParams
from pipeline.screen import neutralise
from pipeline.sql import fetch

RENEWAL_LIST = asset_key("internal.renewal_list")
FIX_LIST = asset_key("internal.fix_list")

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


@dg.asset(
    key=RENEWAL_LIST,
    deps=keys_read_by("internal", "renewal_list"),
    group_name="internal",
    kinds={"csv", "excel"},
    partitions_def=MONTHLY_PARTITIONS,
)
def renewal_list(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, run_params: RunParams
) -> dg.MaterializeResult:
    """Renewals due: workers active in the reporting month whose cover ends within 3 months.

    Grain: one worker (the attributed spell) per row, grouped by regency, district and
    village, with name, NIK and KPJ so the village office can renew them. PERSONAL DATA:
    written to processed/internal/ only, never exported or attached to a report. The
    metadata shows counts per regency, never a name. One partition per reporting month,
    like the reports.
    """
    with duckdb.connect(read_only=True) as con:
        month = checked_month(con, run_params)
        counts = write_renewal_lists(con, month, duckdb.output_dir("internal"))
    duckdb.finish(context)
    internal_dir = duckdb.published_dir("internal")
    summary = markdown_table(["regency", "workers"], counts.items())
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(internal_dir / f"{month:%Y-%m}")),
            "workers_by_regency": dg.MetadataValue.md(summary),
            "dagster/row_count": sum(counts.values()),
        }
    )


@dg.asset(
    key=FIX_LIST,
    deps=keys_read_by("internal", "fix_list"),
    group_name="internal",
    kinds={"excel"},
)
def fix_list(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The fix list for village offices: what to correct in each input file they sent.

    Grain: one Excel workbook per input file with rejected rows or notes, one line per
    rejected row or note (sheet, row as Excel shows it, column, value as typed, the
    reason in Indonesian with what to do), in processed/internal/<as-of month>/perbaikan/.
    PERSONAL DATA: values are shown as typed; the metadata shows line counts per file,
    never a value.
    """
    internal_dir = duckdb.output_dir("internal")
    with duckdb.connect(read_only=True) as con:
        counts = write_fix_lists(con, internal_dir)
        folder = fix_list_folder(internal_dir, as_of_month(con))
    summary = markdown_table(["file", "lines"], counts.items())
    duckdb.finish(context)
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(duckdb.published_path_of(folder))),
            "files": len(counts),
            "lines_by_file": dg.MetadataValue.md(summary),
            "dagster/row_count": sum(counts.values()),
        }
    )


INTERNAL_ASSETS = [renewal_list, fix_list]
