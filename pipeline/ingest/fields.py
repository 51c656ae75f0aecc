"""The declared input fields: canonical name, header variants, type and whether required.

One generic reader applies these tables; adding a header variant is a one-line change.
Header matching ignores case, spaces, dots, underscores, slashes and brackets
(``normalise_header``), and the canonical name itself is always accepted.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One canonical input field.

    ``kind`` selects the parser: text, nik, kpj, date, amount, count, year,
    gender, segment, programs, program, status, region_code.
    ``required``: ``True``, ``False``, or the name of a group of alternatives of
    which at least one must be present (e.g. ``"end"`` for tgl_akhir or
    lama_iuran_bulan).
    """

    name: str
    kind: str
    variants: tuple[str, ...] = ()
    required: bool | str = False
    personal: bool = False


_NON_ALNUM = re.compile(r"[\s._/\\()\[\]{}\-:'\"#*]+")


def normalise_header(text: object) -> str:
    """Lower-case and drop spaces, dots, underscores, slashes and brackets."""
    return _NON_ALNUM.sub("", str(text or "").strip().lower())


#: Row-numbering columns every form has ("No", "No. Urut"): not data, so not noted as unknown.
NUMBERING_HEADERS = frozenset(("no", "nomor", "nourut", "nomorurut", "urut"))

_TRAILING_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def header_keys(text: object) -> tuple[str, str]:
    """The header as typed and without a trailing unit in brackets (``Iuran (Rp)``), normalised."""
    return _header_keys(str(text or "").strip())


@functools.lru_cache(maxsize=65_536)
def _header_keys(raw: str) -> tuple[str, str]:
    # the header search tries every cell of the first rows at three depths: the same
    # few hundred texts, normalised once each
    return normalise_header(raw), normalise_header(_TRAILING_UNIT.sub("", raw))


NIK = Field(
    "nik",
    "nik",
    ("NIK", "No NIK", "Nomor NIK", "Nomor Induk Kependudukan", "No KTP"),
    required=True,
    personal=True,
)
NO_KPJ = Field("no_kpj", "kpj", ("KPJ", "No KPJ", "Nomor KPJ", "No Peserta", "Nomor Peserta"), personal=True)

ENROLMENT_FIELDS: tuple[Field, ...] = (
    NIK,
    NO_KPJ,
    Field(
        "nama",
        "text",
        ("Nama", "Nama Lengkap", "Nama Peserta", "Nama Tenaga Kerja"),
        required=True,
        personal=True,
    ),
    Field("tanggal_lahir", "date", ("Tgl Lahir", "Tanggal Lahir"), personal=True),
    Field("jenis_kelamin", "gender", ("JK", "L/P", "Jenis Kelamin")),
    Field(
        "kode_desa",
        "region_code",
        ("Kode Desa", "Kode Wilayah", "Kode Kemendagri", "Kode Desa/Kelurahan"),
        required="village",
    ),
    Field(
        "desa",
        "text",
        ("Desa", "Desa/Kelurahan", "Kelurahan", "Kelurahan/Desa", "Nama Desa"),
        required="village",
    ),
    Field("kecamatan", "text", ("Kecamatan", "Kec", "Nama Kecamatan"), required="village"),
    Field("segmen", "segment", ("Segmen", "Kategori Peserta", "Segmen Peserta")),
    Field("pekerjaan", "text", ("Pekerjaan", "Jenis Pekerjaan", "Sektor"), required=True),
    Field(
        "sumber_dana",
        "text",
        ("Sumber Dana", "Sumber Pendanaan", "Pembiayaan", "Dibayar Oleh"),
        required=True,
    ),
    Field("program", "programs", ("Program", "Program Jaminan")),
    Field(
        "tgl_mulai",
        "date",
        ("Tgl Mulai", "Tanggal Mulai", "Mulai Kepesertaan", "TMT", "Tgl Mulai Kepesertaan"),
        required=True,
    ),
    Field(
        "tgl_akhir",
        "date",
        ("Tgl Akhir", "Tanggal Berakhir", "Akhir Kepesertaan", "Tanggal Akhir", "Tgl Berakhir"),
        required="end",
    ),
    Field(
        "lama_iuran_bulan",
        "count",
        ("Masa Iuran", "Masa Iuran (bulan)", "Jumlah Bulan", "Lama Iuran"),
        required="end",
    ),
    Field("iuran_bulanan", "amount", ("Iuran", "Iuran per Bulan", "Iuran/Bulan", "Iuran Bulanan")),
)

CLAIM_FIELDS: tuple[Field, ...] = (
    Field("no_klaim", "text", ("No Klaim", "Nomor Klaim", "No Penetapan", "Nomor Penetapan"), required=True),
    Field("nik", "nik", NIK.variants, required="who", personal=True),
    Field("no_kpj", "kpj", NO_KPJ.variants, required="who", personal=True),
    Field("program", "program", ("Program", "Jenis Klaim", "Program Klaim"), required=True),
    Field(
        "tgl_kejadian",
        "date",
        (
            "Tgl Kejadian",
            "Tanggal Kejadian",
            "Tgl Meninggal",
            "Tgl Kecelakaan",
            "Tanggal Meninggal",
            "Tanggal Kecelakaan",
        ),
    ),
    Field("tgl_pengajuan", "date", ("Tgl Pengajuan", "Tanggal Pengajuan", "Tanggal Klaim", "Tgl Klaim")),
    Field("tgl_bayar", "date", ("Tgl Bayar", "Tanggal Pembayaran", "Tanggal Bayar", "Tgl Pembayaran")),
    Field("status", "status", ("Status", "Status Klaim")),
    Field("nominal", "amount", ("Nominal", "Jumlah Manfaat", "Manfaat Dibayar", "Nominal Manfaat")),
)

GAZETTEER_FIELDS: tuple[Field, ...] = (
    Field("kode", "text", ("Kode", "Kode Wilayah", "Kode Kemendagri"), required=True),
    Field("nama", "text", ("Nama", "Nama Wilayah"), required=True),
)

WORKFORCE_FIELDS: tuple[Field, ...] = (
    Field("kode_wilayah", "region_code", ("Kode Wilayah", "Kode", "Kode Kemendagri"), required=True),
    Field("tahun", "year", ("Tahun",), required=True),
    Field(
        "jumlah_pekerja",
        "count",
        ("Jumlah Pekerja", "Penduduk Bekerja", "Angkatan Kerja", "Jumlah"),
        required=True,
    ),
    Field("sektor", "text", ("Sektor", "Kode Sektor", "KBLI")),
    Field("sumber", "text", ("Sumber", "Sumber Data", "Keterangan Sumber")),
)

_FUNDING_VARIANTS = ("Sumber Dana", "Sumber Pendanaan", "Pembiayaan", "Dibayar Oleh")

TARGET_FIELDS: tuple[Field, ...] = (
    Field("kode_wilayah", "region_code", ("Kode Wilayah", "Kode", "Kode Kemendagri"), required=True),
    Field("tahun", "year", ("Tahun",), required=True),
    Field("target", "count", ("Target", "Target Peserta", "Jumlah Target", "Kuota"), required=True),
    Field("sumber_dana", "text", _FUNDING_VARIANTS),
)

UCJ_TARGET_FIELDS: tuple[Field, ...] = (
    Field("kode_wilayah", "region_code", ("Kode Wilayah", "Kode", "Kode Kemendagri"), required=True),
    Field("tahun", "year", ("Tahun",), required=True),
    Field("target_rate", "rate", ("Target UCJ", "Target Cakupan", "Target Rate", "Target"), required=True),
    Field("sumber", "text", ("Sumber", "Sumber Target", "Dasar", "Keterangan")),
)

BUDGET_FIELDS: tuple[Field, ...] = (
    Field("kode_wilayah", "region_code", ("Kode Wilayah", "Kode", "Kode Kemendagri"), required=True),
    Field("tahun", "year", ("Tahun", "Tahun Anggaran"), required=True),
    Field("sumber_dana", "text", _FUNDING_VARIANTS, required=True),
    Field("pagu_idr", "amount", ("Pagu", "Pagu Anggaran", "Anggaran", "Pagu (Rp)"), required=True),
)

DIRECTIVE_FIELDS: tuple[Field, ...] = (
    Field("kode_wilayah", "region_code", ("Kode Wilayah", "Kode", "Kode Kemendagri"), required=True),
    Field("tanggal", "date", ("Tanggal", "Tanggal Rapat", "Tgl Rapat"), required=True),
    Field("arahan", "text", ("Arahan", "Rekomendasi", "Tindak Lanjut"), required=True),
    Field("indikator", "text", ("Indikator", "Kode Indikator")),
    Field("penanggung_jawab", "text", ("Penanggung Jawab", "PIC", "Pelaksana")),
    Field("tenggat", "date", ("Tenggat", "Batas Waktu", "Target Waktu")),
)

OCCUPATION_MAP_FIELDS: tuple[Field, ...] = (
    Field("pekerjaan", "text", ("Pekerjaan",), required=True),
    Field("sektor", "text", ("Sektor", "Kode Sektor", "KBLI"), required=True),
)

FUNDING_MAP_FIELDS: tuple[Field, ...] = (
    Field("ejaan", "text", ("Ejaan", "Sumber Dana"), required=True),
    Field("kode", "text", ("Kode",), required=True),
)

PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("DIBAYAR", "PROSES", "DITOLAK")
FUNDING_CODES = (
    "APBD_KAB",
    "APBD_PROV",
    "DANA_DESA",
    "DBH_SAWIT",
    "CSR",
    "BAZNAS",
    "MANDIRI",
    "PEMBERI_KERJA",
    "LAINNYA",
)
UNMAPPED = "LAINNYA"

REASONS = (
    "missing_required",
    "invalid_nik",
    "nik_precision_lost",
    "unknown_village",
    "invalid_date",
    "end_before_start",
    "invalid_amount",
    "invalid_program",
    "duplicate_claim_id",
    "duplicate_row",
    "unknown_participant",
)
