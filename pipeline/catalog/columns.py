"""Columns the marts share, and the Indonesian labels of coded values, units and types.

The month, the flows, the coverage measures and the regency are declared once here.
"""

from __future__ import annotations

from pipeline.catalog.model import Column


def month_column() -> Column:
    """The month of a mart row: its first day."""
    return Column(
        "month",
        "DATE",
        "Bulan",
        "First day of the month; counts are as of its last day.",
        definition_id="Hari pertama bulan; jumlah peserta dihitung pada hari terakhirnya.",
    )


def flow_measures(where: str, mover: str, where_id: str, mover_id: str) -> tuple[Column, ...]:
    """new, lapsed and ending_soon, counted ``where`` the attributed spell lies."""
    return (
        Column(
            "new",
            "BIGINT",
            "Peserta baru",
            f"Active this month and not the month before; counted {where} this month. "
            f"A worker who {mover} is not new.",
            "persons",
            definition_id=f"Aktif bulan ini dan tidak aktif bulan sebelumnya; dihitung {where_id} "
            f"bulan ini. Pekerja yang {mover_id} tidak dihitung sebagai peserta baru.",
        ),
        Column(
            "lapsed",
            "BIGINT",
            "Peserta berhenti",
            f"Active the month before and not this month; counted {where} the month before.",
            "persons",
            definition_id=f"Aktif bulan sebelumnya dan tidak aktif bulan ini; dihitung {where_id} "
            "bulan sebelumnya.",
        ),
        Column(
            "ending_soon",
            "BIGINT",
            "Segera berakhir",
            "Active this month and covered by no spell on the last day of the month three "
            "months later: the renewals to plan.",
            "persons",
            definition_id="Aktif bulan ini dan tidak lagi terlindungi pada hari terakhir bulan "
            "ketiga sesudahnya: perpanjangan yang perlu direncanakan.",
        ),
    )


def coverage_measures() -> tuple[Column, ...]:
    """Active, flows, workforce, coverage, target and attainment of an area and month."""
    return (
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Participants (distinct NIK) covered by some spell on the month's last day, "
            "counted where their attributed spell lies.",
            "persons",
            definition_id="Peserta (NIK berbeda) yang terlindungi pada hari terakhir bulan, "
            "dihitung di wilayah masa kepesertaan yang diatribusikan.",
        ),
        *flow_measures("where attributed", "moves village", "di wilayah atribusinya", "pindah desa"),
        Column(
            "workforce",
            "BIGINT",
            "Jumlah pekerja",
            "Employed persons of the area for the month's year (else the latest earlier "
            "year); without a figure, the sum of the direct children's when all have one.",
            "persons",
            definition_id="Penduduk yang bekerja di wilayah itu pada tahun bulan tersebut (atau "
            "tahun terakhir sebelumnya); tanpa angka sendiri, jumlah angka wilayah "
            "di bawahnya bila semuanya punya angka.",
        ),
        Column(
            "coverage_rate",
            "DOUBLE",
            "Tingkat cakupan",
            "active / workforce, a fraction; null without a workforce figure.",
            "fraction",
            definition_id="Peserta aktif / jumlah pekerja, sebagai pecahan; kosong bila jumlah "
            "pekerja tidak ada.",
        ),
        Column(
            "target",
            "BIGINT",
            "Target",
            "Target for the month's year; without one, the sum of the targets set below "
            "the area; null when none is set.",
            "persons",
            definition_id="Target tahun bulan tersebut; tanpa target sendiri, jumlah target "
            "wilayah di bawahnya; kosong bila tidak ada target.",
        ),
        Column(
            "target_attainment",
            "DOUBLE",
            "Capaian target",
            "active / target, a fraction (may exceed 1); null without a target.",
            "fraction",
            definition_id="Peserta aktif / target, sebagai pecahan (boleh lebih dari 1); kosong "
            "tanpa target.",
        ),
    )


def regency_code_column(definition: str, definition_id: str) -> Column:
    """The regency code, with what it means in this table."""
    return Column("regency_code", "VARCHAR", "Kode kabupaten/kota", definition, definition_id=definition_id)


#: Indonesian labels of the area levels, for the workbook's Tingkat column.
LEVELS_ID = (
    ("province", "provinsi"),
    ("regency", "kabupaten/kota"),
    ("district", "kecamatan"),
    ("village", "desa/kelurahan"),
)
#: Indonesian names of the units and column types, for the workbook's Kamus Data sheet.
UNITS_ID = {
    "persons": "orang",
    "IDR": "rupiah",
    "fraction": "pecahan (0,853 = 85,3%)",
    "claims": "klaim",
    "days": "hari",
    "rows": "baris",
    "months": "bulan",
    "persons per month": "orang per bulan",
}
TYPES_ID = {
    "DATE": "tanggal",
    "BIGINT": "bilangan bulat",
    "INTEGER": "bilangan bulat",
    "DOUBLE": "bilangan desimal",
    "VARCHAR": "teks",
    "BOOLEAN": "ya/tidak",
}


def village_columns() -> tuple[Column, ...]:
    """A village-grain table's place: village and district code and name, and the regency."""
    return (
        Column(
            "village_code",
            "VARCHAR",
            "Kode desa",
            "Kemendagri village code with dots.",
            definition_id="Kode desa/kelurahan Kemendagri dengan titik (PP.KK.CC.DDDD).",
        ),
        Column(
            "village_name",
            "VARCHAR",
            "Nama desa/kelurahan",
            "Name in the gazetteer.",
            definition_id="Nama menurut daftar wilayah Kemendagri.",
        ),
        Column(
            "district_code",
            "VARCHAR",
            "Kode kecamatan",
            "District of the village.",
            definition_id="Kecamatan tempat desa/kelurahan itu.",
        ),
        Column(
            "district_name",
            "VARCHAR",
            "Nama kecamatan",
            "Name in the gazetteer.",
            definition_id="Nama menurut daftar wilayah Kemendagri.",
        ),
        regency_code_column("Regency of the village.", "Kabupaten/kota tempat desa/kelurahan itu."),
    )


def area_columns() -> tuple[Column, ...]:
    """A table over areas of any level: the area's Kemendagri code and name."""
    return (
        Column(
            "area_code",
            "VARCHAR",
            "Kode wilayah",
            "Kemendagri code with dots.",
            definition_id="Kode wilayah Kemendagri dengan titik (PP, PP.KK, PP.KK.CC).",
        ),
        Column(
            "area_name",
            "VARCHAR",
            "Nama wilayah",
            "Name in the gazetteer.",
            definition_id="Nama menurut daftar wilayah Kemendagri.",
        ),
    )
