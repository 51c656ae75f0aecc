"""The declared input fields: canonical name, header variants, type and whether required.

One generic reader applies these tables; adding a header variant is a one-line change.
Header matching ignores case, spaces, dots, underscores, slashes and brackets
(``normalise_header``), and the canonical name itself is always accepted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.catalog.codes import FUNDING_CODES, PROGRAMS, UNMAPPED  # noqa: F401 (read from here too)


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


def _drop_format_chars(text: str) -> str:
    """Without format characters (Unicode category Cf: zero-width space, BOM, soft hyphen, bidi marks)."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def normalise_header(text: object) -> str:
    """Lower-case and drop spaces, dots, underscores, slashes, brackets and format characters.

    The one header normaliser: every reader (and the repeated-header test) uses it.
    """
    return _NON_ALNUM.sub("", _drop_format_chars(str(text or "")).strip().lower())


#: Words of one group count as the same word in a header (CONTRACT §2); the first names the group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("tgl", "tanggal", "tangal"),
    ("mulai", "awal", "tmt", "start"),
    ("akhir", "selesai", "berakhir", "sd", "s/d", "sampai", "hingga", "end"),
    ("no", "nomor", "nomer", "nmr"),
    ("kode", "kd"),
    ("nama", "name"),
    ("iuran", "premi"),
    ("desa", "kelurahan", "kel"),
    ("pekerjaan", "profesi"),
)
#: Words a header may carry that name no field by themselves (CONTRACT §2).
FILLER_WORDS: tuple[str, ...] = ("kepesertaan", "masa", "periode", "berlaku")
#: Words that make a column about another person than the worker (the heir's NIK under a
#: group title ``Ahli Waris``, ``Nama Ibu Kandung``, ``NIK Pelapor``): such a column is not
#: the worker's field, whatever its other words say. Each entry is a set of words a header
#: (or the group title above it) holds all of; ``pewaris`` (the one who leaves an
#: inheritance: the deceased worker) is not among them.
OTHER_PERSON_WORDS: tuple[tuple[str, ...], ...] = (
    ("waris",),  # ahli waris
    ("ahliwaris",),
    ("penerima",),  # penerima manfaat, penerima kuasa
    ("pelapor",),
    ("ibu",),
    ("ayah",),
    ("suami",),
    ("istri",),
    ("isteri",),
    ("pasangan",),
    ("wali",),
    ("saksi",),
    ("perusahaan",),
    ("majikan",),
    ("pemberi", "kerja"),
    ("orang", "tua"),
    ("ortu",),
)
#: The fields that say who a person is: under a group title naming another person (``Ahli
#: Waris`` over ``NIK`` | ``Nama``) they are that person's. The others stay the row's own
#: (``Pembayaran ke Ahli Waris`` over ``Tgl Bayar`` | ``Nominal`` is the claim's payment).
IDENTITY_FIELDS: tuple[str, ...] = ("nik", "no_kpj", "nama", "tanggal_lahir", "jenis_kelamin")
#: Word sets that keep a header the worker's although an ``OTHER_PERSON_WORDS`` entry is in
#: it: ``Penerima Upah`` is the worker's segment (wage earner), not a recipient.
WORKER_PHRASES: tuple[tuple[str, ...], ...] = (("penerima", "upah"),)

_CANONICAL_WORD = {word.replace("/", ""): group[0] for group in SYNONYM_GROUPS for word in group}
# "s/d" (and "s.d.") is one word, "sampai dengan": kept whole before the split at slashes and dots.
_SAMPAI_DENGAN = re.compile(r"(?<![^\W_])s\s*[/.]\s*d(?![^\W_])\.?")
_WORD_SPLIT = re.compile(r"[\s._/\\()\[\]{}\-\u2010-\u2015:;,'\"#*]+")


def header_words(text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A header's words, each synonym as its group's first word, sorted: (all of them, without filler).

    ``Tanggal Mulai Berlaku`` -> (``berlaku mulai tgl``, ``mulai tgl``); ``Berlaku s/d`` ->
    (``akhir berlaku``, ``akhir``).
    """
    return _header_words(str(text or ""))


@functools.lru_cache(maxsize=65_536)
def _header_words(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = _SAMPAI_DENGAN.sub(" sd ", _drop_format_chars(raw).lower())
    words = [_CANONICAL_WORD.get(w, w) for w in _WORD_SPLIT.split(text) if w]
    full = tuple(sorted(words))
    return full, tuple(w for w in full if w not in FILLER_WORDS)


def other_person(text: object) -> str | None:
    """The words of ``text`` that make it about another person than the worker, or ``None``.

    ``NIK Ahli Waris`` -> ``"waris"``; ``Ahli Waris Nama`` -> ``"waris"``; ``Nama Ibu
    Kandung`` -> ``"ibu"``; ``Penerima Upah`` and ``Masa Kepesertaan`` -> ``None``.
    """
    return _other_person(str(text or ""))


@functools.lru_cache(maxsize=65_536)
def _other_person(raw: str) -> str | None:
    words = set(header_words(raw)[0])
    if not words:
        return None
    for phrase in WORKER_PHRASES:
        words -= set(phrase) if words >= set(phrase) else set()
    for phrase in OTHER_PERSON_WORDS:
        if words >= set(phrase):
            return " ".join(phrase)
    return None


#: Row-numbering columns every form has ("No", "No. Urut"): not data, so not noted as unknown.
NUMBERING_HEADERS = frozenset(("no", "nomor", "nourut", "nomorurut", "urut"))
_NUMBERING_WORDS = frozenset((("no",), ("no", "urut"), ("urut",)))


def is_numbering_header(text: object) -> bool:
    """A row-numbering column (``No``, ``No. Urut``, ``Nmr``): not data."""
    return normalise_header(text) in NUMBERING_HEADERS or header_words(text)[0] in _NUMBERING_WORDS


_TRAILING_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def strip_unit(text: str) -> str:
    """The header without a trailing unit in brackets (``Iuran (Rp)`` -> ``Iuran``)."""
    return _TRAILING_UNIT.sub("", text)


def header_keys(text: object) -> tuple[str, str]:
    """The header as typed and without a trailing unit in brackets (``Iuran (Rp)``), normalised."""
    return _header_keys(str(text or "").strip())


@functools.lru_cache(maxsize=65_536)
def _header_keys(raw: str) -> tuple[str, str]:
    # the header search tries every cell of the first rows at three depths: the same
    # few hundred texts, normalised once each
    return normalise_header(raw), normalise_header(strip_unit(raw))


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

REASONS = (
    "missing_required",
    "missing_column",
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
