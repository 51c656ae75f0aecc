"""The generic reader (``pipeline.ingest.read``) on tiny hand-made files (CONTRACT §1, §2).

Every file is written by the test itself into ``tmp_path``; row numbers are the ones a
spreadsheet program shows (the first row of a sheet or CSV file is row 1).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter
import xlwt

from pipeline.ingest import identifiers, parse
from pipeline.ingest.containers import FileUnreadable
from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS
from pipeline.ingest.header_text import normalise_header
from pipeline.ingest.headers import header_lookup, match_header
from pipeline.ingest.read import read_file

NIK1, NIK2, NIK3 = "6107011203560001", "6107011203560002", "6107011203560003"


def _xlsx(path: Path, sheets: dict[str, list[tuple[int, list]]]) -> Path:
    """A workbook: per sheet, (0-based row index, cells) pairs; datetimes become date cells."""
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, cells in rows:
            for c, value in enumerate(cells):
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date_format)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                elif value is not None:
                    ws.write_number(r, c, value)
    wb.close()
    return path


def _csv(path: Path, lines: list[str], encoding: str = "utf-8", bom: bool = False) -> Path:
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _read(path: Path, fields=ENROLMENT_FIELDS):
    return read_file(path, path.parent, fields)


def _only_sheet(path: Path, fields=ENROLMENT_FIELDS):
    result = _read(path, fields)
    assert len(result.sheets) == 1
    return result.sheets[0].frame


# --- the header row ---------------------------------------------------------------------


def test_header_below_title_rows_and_excel_row_numbers(tmp_path):
    path = _xlsx(
        tmp_path / "peserta.xlsx",
        {
            "Peserta": [
                (0, ["DAFTAR PESERTA PEKERJA RENTAN DESA SUNGAI DURI"]),
                (2, ["No", "NIK", "Nama"]),  # row 3
                (3, [1, NIK1, "Ani"]),  # row 4
                (4, [2, NIK2, "Budi"]),  # row 5
            ]
        },
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [4, 5]
    assert frame["nik"].tolist() == [NIK1, NIK2]
    assert frame["nama"].tolist() == ["Ani", "Budi"]


def test_row_numbers_count_the_empty_rows_at_the_top_of_a_sheet(tmp_path):
    # Rows 1-2 and column A are empty: the title sits in B3, the header in row 5.
    path = _xlsx(
        tmp_path / "peserta.xlsx",
        {
            "Data": [
                (2, [None, "DAFTAR PESERTA"]),
                (4, [None, "NIK", "Nama"]),
                (5, [None, NIK1, "Ani"]),  # row 6
                (7, [None, NIK2, "Budi"]),  # row 8 (row 7 blank)
            ]
        },
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [6, 8]
    assert frame["nama"].tolist() == ["Ani", "Budi"]


def test_csv_row_numbers_count_records_not_lines(tmp_path):
    # A quoted cell with a line break stays in one row, as a spreadsheet program shows it.
    path = _csv(
        tmp_path / "p.csv", ["NIK,Nama,Alamat", f'{NIK1},Ani,"Dusun A', 'RT 01"', f"{NIK2},Budi,Dusun B"]
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [2, 3]
    assert frame["nama"].tolist() == ["Ani", "Budi"]


def test_csv_header_below_a_title_and_a_blank_line(tmp_path):
    path = _csv(
        tmp_path / "peserta.csv",
        ["DAFTAR PESERTA PEKERJA RENTAN,,", ",,", "No,NIK,Nama", f"1,{NIK1},Ani", f"2,{NIK2},Budi"],
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [4, 5]


def test_header_searched_in_the_first_50_rows_only(tmp_path):
    titles = [f"judul {i}" for i in range(1, 50)]  # rows 1-49
    found = _csv(tmp_path / "row50.csv", [*titles, "NIK,Nama", f"{NIK1},Ani"])
    assert _only_sheet(found)["source_row"].tolist() == [51]
    late = _csv(tmp_path / "row51.csv", [*titles, "judul 50", "NIK,Nama", f"{NIK1},Ani"])
    result = _read(late)
    assert result.sheets == []
    assert [topic for _, topic, *_ in result.notes] == ["skipped_sheet"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"),
        ("nik", "nik"),
        ("N.I.K", "nik"),
        ("No. KTP", "nik"),
        ("Nomor Induk Kependudukan", "nik"),
        ("NO_NIK", "nik"),
        ("No KPJ", "no_kpj"),
        ("No. Peserta", "no_kpj"),
        ("NAMA LENGKAP", "nama"),
        ("nama_peserta", "nama"),
        ("Tgl. Lahir", "tanggal_lahir"),
        ("L/P", "jenis_kelamin"),
        ("Kode Desa", "kode_desa"),
        ("KODE_WILAYAH", "kode_desa"),
        ("[Kode Kemendagri]", "kode_desa"),
        ("Desa/Kelurahan", "desa"),
        ("Kelurahan", "desa"),
        ("KECAMATAN", "kecamatan"),
        ("Kategori Peserta", "segmen"),
        ("Jenis Pekerjaan", "pekerjaan"),
        ("Dibayar Oleh", "sumber_dana"),
        ("Program", "program"),
        ("Tgl Mulai", "tgl_mulai"),
        ("TGL.MULAI", "tgl_mulai"),
        ("tgl_mulai", "tgl_mulai"),
        ("TMT", "tgl_mulai"),
        ("Mulai  Kepesertaan", "tgl_mulai"),
        ("Tanggal Berakhir", "tgl_akhir"),
        ("tgl_akhir", "tgl_akhir"),
        ("Masa Iuran (bulan)", "lama_iuran_bulan"),
        ("masa iuran (Bulan)", "lama_iuran_bulan"),
        ("Jumlah Bulan", "lama_iuran_bulan"),
        ("lama_iuran_bulan", "lama_iuran_bulan"),
        ("Iuran/Bulan", "iuran_bulanan"),
        ("Iuran / Bulan", "iuran_bulanan"),
        ("iuran_bulanan", "iuran_bulanan"),
    ],
)
def test_enrolment_header_variants(header, field):
    assert match_header(["No", header], header_lookup(ENROLMENT_FIELDS)) == {1: field}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("No Klaim", "no_klaim"),
        ("No. Penetapan", "no_klaim"),
        ("no_klaim", "no_klaim"),
        ("Jenis Klaim", "program"),
        ("Tgl Meninggal", "tgl_kejadian"),
        ("Tgl Kecelakaan", "tgl_kejadian"),
        ("Tanggal Klaim", "tgl_pengajuan"),
        ("Tanggal Pembayaran", "tgl_bayar"),
        ("STATUS", "status"),
        ("Jumlah Manfaat", "nominal"),
        ("Manfaat Dibayar", "nominal"),
        ("nominal", "nominal"),
    ],
)
def test_claim_header_variants(header, field):
    assert match_header([header], header_lookup(CLAIM_FIELDS)) == {0: field}


# Every header variant CONTRACT §3.5 and §3.6 list, verbatim.
_CONTRACT_ENROLMENT_VARIANTS = {
    "nik": ["NIK", "No NIK", "Nomor Induk Kependudukan", "No KTP"],
    "no_kpj": ["KPJ", "No KPJ", "Nomor KPJ", "No Peserta"],
    "nama": ["Nama", "Nama Lengkap", "Nama Peserta"],
    "tanggal_lahir": ["Tgl Lahir", "Tanggal Lahir"],
    "jenis_kelamin": ["JK", "L/P", "Jenis Kelamin"],
    "kode_desa": ["Kode Desa", "Kode Wilayah", "Kode Kemendagri"],
    "desa": ["Desa", "Desa/Kelurahan", "Kelurahan"],
    "kecamatan": ["Kecamatan"],
    "segmen": ["Segmen", "Kategori Peserta"],
    "pekerjaan": ["Pekerjaan", "Jenis Pekerjaan", "Sektor"],
    "sumber_dana": ["Sumber Dana", "Sumber Pendanaan", "Pembiayaan", "Dibayar Oleh"],
    "program": ["Program"],
    "tgl_mulai": ["Tgl Mulai", "Tanggal Mulai", "Mulai Kepesertaan", "TMT"],
    "tgl_akhir": ["Tgl Akhir", "Tanggal Berakhir", "Akhir Kepesertaan"],
    "lama_iuran_bulan": ["Masa Iuran", "Masa Iuran (bulan)", "Jumlah Bulan"],
    "iuran_bulanan": ["Iuran", "Iuran per Bulan", "Iuran/Bulan"],
}
_CONTRACT_CLAIM_VARIANTS = {
    "no_klaim": ["No Klaim", "Nomor Klaim", "No Penetapan"],
    "nik": ["NIK", "No NIK", "Nomor Induk Kependudukan", "No KTP"],
    "no_kpj": ["KPJ", "No KPJ", "Nomor KPJ", "No Peserta"],
    "program": ["Program", "Jenis Klaim"],
    "tgl_kejadian": ["Tgl Kejadian", "Tanggal Kejadian", "Tgl Meninggal", "Tgl Kecelakaan"],
    "tgl_pengajuan": ["Tgl Pengajuan", "Tanggal Klaim"],
    "tgl_bayar": ["Tgl Bayar", "Tanggal Pembayaran"],
    "status": ["Status"],
    "nominal": ["Nominal", "Jumlah Manfaat", "Manfaat Dibayar"],
}


@pytest.mark.parametrize(
    ("fields", "variants"),
    [(ENROLMENT_FIELDS, _CONTRACT_ENROLMENT_VARIANTS), (CLAIM_FIELDS, _CONTRACT_CLAIM_VARIANTS)],
)
def test_every_contract_variant_and_canonical_name_is_recognised(fields, variants):
    lookup = header_lookup(fields)
    assert {f.name for f in fields} == set(variants)
    for field, spellings in variants.items():
        for spelling in [field, *spellings, spellings[0].upper()]:
            assert match_header([spelling], lookup) == {0: field}, spelling


def test_normalise_header_ignores_case_spaces_dots_underscores_slashes_brackets():
    assert normalise_header(" Masa_Iuran (Bulan). ") == normalise_header("masa iuran bulan")
    assert normalise_header("Iuran/Bulan") == normalise_header("IURAN [BULAN]") == "iuranbulan"


def test_unknown_columns_are_ignored_and_missing_fields_are_null(tmp_path):
    path = _csv(tmp_path / "p.csv", ["No;NIK;Nama;Keterangan", f"1;{NIK1};Ani;pindahan"])
    result = _read(path)
    sheet = result.sheets[0]
    assert sheet.columns_found == {"NIK": "nik", "Nama": "nama"}
    assert sheet.frame["tgl_mulai"].isna().all()
    assert "Keterangan" not in sheet.frame.columns


# --- sheets -------------------------------------------------------------------------------


def test_every_sheet_with_a_header_is_read_and_the_others_skipped_with_a_note(tmp_path):
    path = _xlsx(
        tmp_path / "peserta.xlsx",
        {
            "Desa A": [(0, ["NIK", "Nama"]), (1, [NIK1, "Ani"])],
            "Catatan": [(0, ["Data dari kantor desa"]), (1, ["diketik ulang"])],
            "Desa B": [(0, ["Judul"]), (1, ["NIK", "Nama"]), (2, [NIK2, "Budi"]), (3, [NIK3, "Cici"])],
            "Kosong": [],
        },
    )
    result = _read(path)
    assert [(s.sheet, s.frame["source_row"].tolist()) for s in result.sheets] == [
        ("Desa A", [2]),
        ("Desa B", [3, 4]),
    ]
    # (the sheets lack most required columns: each also has a missing_column note)
    skipped = [(sheet, topic) for sheet, topic, *_ in result.notes if topic != "missing_column"]
    assert skipped == [("Catatan", "skipped_sheet"), ("Kosong", "skipped_sheet")]
    assert result.path == "peserta.xlsx"
    assert len(result.sha256) == 64


# --- rows that are not data -----------------------------------------------------------------


def test_blank_total_and_repeated_header_rows_are_not_data(tmp_path):
    path = _xlsx(
        tmp_path / "peserta.xlsx",
        {
            "Data": [
                (0, ["No", "NIK", "Nama", "Iuran"]),  # row 1: header
                (1, [1, NIK1, "Ani", 16800]),  # row 2
                (2, [None, "", "  ", None]),  # row 3: blank (spaces only)
                (4, [2, NIK2, "Budi", 16800]),  # row 5 (row 4 empty)
                (5, ["No", "NIK", "Nama", "Iuran"]),  # row 6: the header again (second page)
                (6, [3, NIK3, "Cici", 16800]),  # row 7
                (7, ["JUMLAH", None, None, 50400]),  # row 8: total
            ]
        },
    )
    result = _read(path)
    frame = result.sheets[0].frame
    assert frame["source_row"].tolist() == [2, 5, 7]
    assert frame["nama"].tolist() == ["Ani", "Budi", "Cici"]
    notes = sorted((topic, count) for _, topic, _, count, *_ in result.notes if topic != "missing_column")
    assert notes == [("repeated_header", 1), ("total_rows", 1)]


@pytest.mark.parametrize("label", ["JUMLAH", "Total", "JML", "Jumlah Peserta", "GRAND TOTAL"])
def test_trailing_total_rows_are_ignored(tmp_path, label):
    path = _csv(
        tmp_path / "p.csv", ["NIK,Nama,Iuran", f"{NIK1},Ani,16800", f"{NIK2},Budi,16800", f"{label},,33600"]
    )
    assert _only_sheet(path)["source_row"].tolist() == [2, 3]


def test_total_label_in_a_later_column_when_the_first_cells_are_empty(tmp_path):
    path = _csv(tmp_path / "p.csv", ["No,NIK,Nama,Iuran", f"1,{NIK1},Ani,16800", ",,JUMLAH,16800"])
    assert _only_sheet(path)["source_row"].tolist() == [2]


# --- file formats ---------------------------------------------------------------------------


def test_xlsx_date_and_number_cells_come_through_as_parseable_text(tmp_path):
    path = _xlsx(
        tmp_path / "peserta.xlsx",
        {
            "Peserta": [
                (0, ["NIK", "Nama", "Tgl Mulai", "Tgl Akhir", "Iuran", "Kode Desa", "Masa Iuran"]),
                (1, [NIK1, "Ani", dt.datetime(2025, 3, 1), dt.datetime(2025, 12, 31), 16800, 6107012001, 3]),
                (2, [6107011203560002, "Budi", 45717, "31/12/2025", "Rp16.800", "61.07.01.2001", None]),
            ]
        },
    )
    frame = _only_sheet(path)
    assert frame["nik"].map(identifiers.normalise_identifier).tolist() == [NIK1, NIK2]
    assert frame["tgl_mulai"].map(parse.parse_date).tolist() == [dt.date(2025, 3, 1)] * 2
    assert frame["tgl_akhir"].map(parse.parse_date).tolist() == [dt.date(2025, 12, 31)] * 2
    assert frame["iuran_bulanan"].map(parse.parse_amount).tolist() == [16800, 16800]
    assert frame["kode_desa"].map(parse.parse_region_code).tolist() == ["61.07.01.2001"] * 2
    assert parse.parse_count(frame["lama_iuran_bulan"][0]) == 3


def test_xls_workbook(tmp_path):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Lembar1")
    ws.write(0, 0, "DAFTAR PESERTA")
    for c, h in enumerate(["NIK", "Nama", "Tgl Mulai", "Iuran"]):
        ws.write(2, c, h)  # row 3
    ws.write(3, 0, NIK1)
    ws.write(3, 1, "Sébastien")
    ws.write(3, 2, dt.datetime(2025, 3, 1), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    ws.write(3, 3, 16800)
    ws.write(4, 0, 6107011203560002)  # NIK as a number cell
    ws.write(4, 1, "Nur’aini")
    ws.write(4, 2, "5 Agustus 2025")
    ws.write(4, 3, "Rp 42.000.000,00")
    wb.save(str(tmp_path / "peserta.xls"))
    result = _read(tmp_path / "peserta.xls")
    assert result.sheets[0].sheet == "Lembar1"
    frame = result.sheets[0].frame
    assert frame["source_row"].tolist() == [4, 5]
    assert frame["nik"].map(identifiers.normalise_identifier).tolist() == [NIK1, NIK2]
    assert frame["nama"].tolist() == ["Sébastien", "Nur’aini"]
    assert frame["tgl_mulai"].map(parse.parse_date).tolist() == [dt.date(2025, 3, 1), dt.date(2025, 8, 5)]
    assert frame["iuran_bulanan"].map(parse.parse_amount).tolist() == [16800, 42_000_000]


_LINES = [
    "DAFTAR PESERTA",
    "",
    "NIK{d}Nama{d}Program{d}Iuran",
    '{n1}{d}Sébastien{d}"JKK, JKM"{d}"Rp 42.000.000,00"',
    "{n2}{d}Nur’aini{d}JKK{d}16.800",
]


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (",", "utf-8", False),
        (";", "utf-8", False),
        (",", "utf-8", True),
        (";", "utf-8", True),
        (";", "cp1252", False),
        (",", "cp1252", False),
    ],
)
def test_csv_delimiters_and_encodings(tmp_path, delimiter, encoding, bom):
    lines = [line.format(d=delimiter, n1=NIK1, n2=NIK2) for line in _LINES]
    frame = _only_sheet(_csv(tmp_path / "p.csv", lines, encoding=encoding, bom=bom))
    assert frame["source_row"].tolist() == [4, 5]
    assert frame["nik"].tolist() == [NIK1, NIK2]
    assert frame["nama"].tolist() == ["Sébastien", "Nur’aini"]
    assert frame["program"].tolist() == ["JKK, JKM", "JKK"]
    assert frame["iuran_bulanan"].map(parse.parse_amount).tolist() == [42_000_000, 16_800]


def test_parquet_with_canonical_names(tmp_path):
    table = pa.table(
        {
            "nik": [NIK1, NIK2],
            "nama": ["Ani", "Budi"],
            "tgl_mulai": pa.array([dt.date(2025, 3, 1), dt.date(2025, 4, 1)], pa.date32()),
            "tgl_akhir": pa.array([dt.datetime(2025, 12, 31), None], pa.timestamp("us")),
            "lama_iuran_bulan": pa.array([None, 12], pa.int64()),
            "iuran_bulanan": pa.array([16800, 36800], pa.int64()),
            "kode_desa": ["61.07.01.2001", "6107012004"],
        }
    )
    pq.write_table(table, tmp_path / "p.parquet")
    frame = _only_sheet(tmp_path / "p.parquet")
    assert frame["source_row"].tolist() == [2, 3]  # the column names play the header row
    assert frame["nik"].tolist() == [NIK1, NIK2]
    assert frame["tgl_mulai"].map(parse.parse_date).tolist() == [dt.date(2025, 3, 1), dt.date(2025, 4, 1)]
    assert parse.parse_date(frame["tgl_akhir"][0]) == dt.date(2025, 12, 31)
    assert frame["tgl_akhir"].isna().tolist() == [False, True]
    assert frame["lama_iuran_bulan"].map(parse.parse_count, na_action="ignore").tolist()[1] == 12
    assert frame["iuran_bulanan"].map(parse.parse_amount).tolist() == [16800, 36800]


# --- files that cannot be read --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("peserta.xlsx", b"NIK,Nama\n6107011203560001,Ani\n"),  # a CSV renamed .xlsx
        ("peserta.xlsx", b"PK\x03\x04 truncated zip"),
        ("peserta.xlsx", b""),
        ("peserta.xls", b""),
        ("peserta.parquet", b""),
        ("peserta.parquet", b"not parquet at all"),
        ("peserta.csv", b"\x00\x01\x02\x03binary"),
    ],
)
def test_unreadable_files_raise_file_unreadable(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileUnreadable):
        _read(path)


def test_unsupported_suffix_is_unreadable(tmp_path):
    path = tmp_path / "peserta.docx"
    path.write_bytes(b"whatever")
    with pytest.raises(FileUnreadable):
        _read(path)


# --- sheets and rows that are not lists of workers ---------------------------------------


def test_a_summary_sheet_without_any_required_column_is_skipped_with_a_note(tmp_path):
    path = _xlsx(
        tmp_path / "rekap.xlsx",
        {
            "Rekap": [(0, ["Kecamatan", "Desa", "Jumlah Peserta"]), (1, ["Ledo", "Lesabela", 100])],
            "Peserta": [(0, ["NIK", "Nama", "Tgl Mulai"]), (1, [NIK1, "Ani", "01/03/2025"])],
        },
    )
    result = _read(path)
    assert [s.sheet for s in result.sheets] == ["Peserta"]
    assert ("Rekap", "skipped_sheet") in {(sheet, topic) for sheet, topic, *_ in result.notes}


def test_numbered_empty_template_rows_are_not_data(tmp_path):
    path = _csv(
        tmp_path / "template.csv",
        [
            "No,NIK,Nama,Tgl Mulai",
            f"1,{NIK1},Ani,01/03/2025",
            "2,,,",
            "3,,,",
        ],
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [2]
    topics = {topic for _, topic, *_ in _read(path).notes}
    assert "rows_without_fields" in topics


def test_a_header_repeated_mid_sheet_in_another_variant_is_not_data(tmp_path):
    path = _csv(
        tmp_path / "pasted.csv",
        [
            "NIK,Nama Lengkap,Tgl Mulai",
            f"{NIK1},Ani,01/03/2025",
            "No NIK,Nama,TMT",
            f"{NIK2},Budi,01/04/2025",
        ],
    )
    frame = _only_sheet(path)
    assert frame["source_row"].tolist() == [2, 4]
    assert frame["nama"].tolist() == ["Ani", "Budi"]


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n  \r\n"])
def test_an_empty_csv_is_unreadable(tmp_path, content):
    path = tmp_path / "kosong.csv"
    path.write_bytes(content)
    with pytest.raises(FileUnreadable, match="empty"):
        _read(path)
