"""The declared input fields: canonical name, header variants, type and whether required.

One generic reader applies these tables; adding a header variant is a one-line change.
Header matching ignores case, spaces, dots, underscores, slashes and brackets
(``header_text.normalise_header``), and the canonical name itself is always accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.catalog.codes import FUNDING_CODES, PROGRAMS, UNMAPPED  # noqa: F401 (read from here too)
from pipeline.ingest.header_text import normalise_header


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

#: ``reference/kolom.csv`` (CONTRACT §3.4a): a header as a data root's offices type it -> a field.
KOLOM_FIELDS: tuple[Field, ...] = (
    Field("kolom", "text", ("Kolom", "Judul Kolom", "Header"), required=True),
    Field("field", "text", ("Field", "Nama Field", "Kolom Baku"), required=True),
)

#: Groups of required fields whose alternatives are more than one field each (else: any one field).
REQUIRED_ALTERNATIVES: dict[str, tuple[tuple[str, ...], ...]] = {
    "village": (("kode_desa",), ("desa", "kecamatan")),
}


def required_alternatives(fields: tuple[Field, ...]) -> list[tuple[tuple[str, ...], ...]]:
    """Each requirement of ``fields`` as its alternatives: ``((kode_desa,), (desa, kecamatan))``.

    A group (``required="village"``) is one requirement; its alternatives come from
    ``REQUIRED_ALTERNATIVES`` or are its fields one by one.
    """
    out: list[tuple[tuple[str, ...], ...]] = []
    groups: dict[str, list[str]] = {}
    for f in fields:
        if f.required is True:
            out.append(((f.name,),))
        elif isinstance(f.required, str) and f.required:
            if f.required not in groups:
                groups[f.required] = []
                out.append(((f.required,),))  # a placeholder, replaced below in declared order
            groups[f.required].append(f.name)
    for i, requirement in enumerate(out):
        group = requirement[0][0]
        if group in groups:
            names = groups[group]
            declared = REQUIRED_ALTERNATIVES.get(group, tuple((n,) for n in names))
            out[i] = tuple(alt for alt in declared if all(n in names for n in alt)) or ((names[0],),)
    return out


def missing_columns(
    fields: tuple[Field, ...], present: set[str]
) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """The required fields a sheet has no column for: (field, its requirement's alternatives).

    For a group (tgl_akhir or lama_iuran_bulan; kode_desa or desa and kecamatan) the field
    named is the missing part of the alternative the sheet began (desa without
    kecamatan: kecamatan), else the first alternative's first field.
    """
    missing = []
    for alternatives in required_alternatives(fields):
        if any(all(n in present for n in alt) for alt in alternatives):
            continue
        begun = next((alt for alt in alternatives if any(n in present for n in alt)), alternatives[0])
        missing.append((next(n for n in begun if n not in present), alternatives))
    return missing


def with_extra_variants(fields: tuple[Field, ...], extra: tuple[tuple[str, str], ...]) -> tuple[Field, ...]:
    """``fields`` with a data root's own header spellings (``reference/kolom.csv``) added.

    ``extra``: (header, field) pairs. A spelling goes after the field's shipped variants;
    the same spelling (normalised) leaves any other field of ``fields``: the data root's
    row wins. Pairs naming a field not in ``fields`` are left out.
    """
    names = {f.name for f in fields}
    pairs = [(h.strip(), name) for h, name in extra if name in names and normalise_header(h)]
    if not pairs:
        return fields
    taken = {normalise_header(h): name for h, name in pairs}
    out = []
    for f in fields:
        variants = [v for v in f.variants if taken.get(normalise_header(v), f.name) == f.name]
        known = {normalise_header(v) for v in (f.name, *variants)}
        for h, name in pairs:
            if name == f.name and normalise_header(h) not in known:
                variants.append(h)
                known.add(normalise_header(h))
        out.append(replace(f, variants=tuple(variants)))
    return tuple(out)


SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("DIBAYAR", "PROSES", "DITOLAK")

#: The reason of a row whose sheet lacks a required column, and the topic of its note.
MISSING_COLUMN = "missing_column"

REASONS = (
    "missing_required",
    MISSING_COLUMN,
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
