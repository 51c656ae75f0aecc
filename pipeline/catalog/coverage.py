"""The coverage marts (CONTRACT §5): who is covered, by area, sector, funding source, sex and age."""

from __future__ import annotations

from pipeline.catalog.codes import AGE_BANDS_EN, AGE_BANDS_ID, FUNDING_CODES_EN, FUNDING_CODES_ID
from pipeline.catalog.columns import (
    LEVELS_ID,
    area_columns,
    coverage_measures,
    flow_measures,
    month_column,
    regency_code_column,
    village_columns,
)
from pipeline.catalog.model import Column, Table

COVERAGE_BY_VILLAGE = Table(
    "marts",
    "coverage_by_village",
    "Cakupan per desa/kelurahan",
    "month × village",
    "Every village of a regency with data, every month from the earliest accepted date (a "
    "spell start, a claim event, submission or payment) to the data's as-of month, zeros "
    "where nobody is active.",
    (
        month_column(),
        *village_columns(),
        *coverage_measures(),
    ),
    key=("month", "village_code"),
)

COVERAGE_BY_AREA = Table(
    "marts",
    "coverage_by_area",
    "Cakupan per wilayah",
    "month × area (district, regency, province)",
    "The village counts summed up the Kemendagri tree, with each area's own denominators.",
    (
        month_column(),
        Column(
            "level",
            "VARCHAR",
            "Tingkat",
            "district, regency or province.",
            definition_id="kecamatan, kabupaten/kota atau provinsi (di berkas Parquet dan CSV: "
            "district, regency, province).",
            values_id=LEVELS_ID,
        ),
        *area_columns(),
        *coverage_measures(),
        Column(
            "regencies_with_data",
            "INTEGER",
            "Kabupaten/kota dengan data",
            "The area's regencies that have data (a spell, a workforce figure or a target); "
            "1 for a district or regency row.",
            definition_id="Jumlah kabupaten/kota di wilayah itu yang datanya ada; 1 untuk baris "
            "kecamatan atau kabupaten/kota.",
        ),
        Column(
            "regencies_total",
            "INTEGER",
            "Kabupaten/kota di wilayah",
            "The area's regencies in the shipped national gazetteer; fewer with data than "
            "this: a partial row, with no coverage_rate, never shown as the area's figure.",
            definition_id="Jumlah kabupaten/kota wilayah itu menurut daftar wilayah nasional; "
            "bila data hanya ada untuk sebagian, baris itu sebagian saja: tanpa tingkat "
            "cakupan, dan tidak pernah ditampilkan sebagai angka wilayah itu.",
        ),
    ),
    key=("month", "level", "area_code"),
)

COVERAGE_BY_SECTOR = Table(
    "marts",
    "coverage_by_sector",
    "Cakupan per sektor",
    "month × regency × sector",
    "Active participants by the KBLI 2020 section of their attributed spell's occupation.",
    (
        month_column(),
        regency_code_column(
            "Regency of the attributed spell.", "Kabupaten/kota masa kepesertaan yang diatribusikan."
        ),
        Column(
            "sector_code",
            "VARCHAR",
            "Kode sektor",
            "KBLI 2020 section letter; LAINNYA for an occupation no mapping knows.",
            definition_id="Huruf kategori KBLI 2020; LAINNYA untuk pekerjaan yang tidak ada di "
            "tabel pemetaan.",
        ),
        Column(
            "sector_name",
            "VARCHAR",
            "Nama sektor",
            "KBLI 2020 section name in Indonesian.",
            definition_id="Nama kategori KBLI 2020.",
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Participants active on the month's last day whose attributed spell is in this sector.",
            "persons",
            definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
            "atribusinya di sektor ini.",
        ),
        Column(
            "workforce",
            "BIGINT",
            "Jumlah pekerja",
            "Employed persons of the regency in this sector (given, or summed from all "
            "districts/villages); null without a figure.",
            "persons",
            definition_id="Penduduk yang bekerja di sektor ini di kabupaten/kota itu (angka "
            "sendiri, atau jumlah semua kecamatan/desa); kosong tanpa angka.",
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
    ),
    key=("month", "regency_code", "sector_code"),
)

COVERAGE_BY_FUNDING = Table(
    "marts",
    "coverage_by_funding",
    "Cakupan per sumber dana",
    "month × regency × funding source",
    "Active participants and their contributions by who pays (the attributed spell's source); "
    "new, lapsed and ending soon per source go beyond the contract's columns.",
    (
        month_column(),
        regency_code_column(
            "Regency of the attributed spell.", "Kabupaten/kota masa kepesertaan yang diatribusikan."
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            FUNDING_CODES_EN,
            definition_id=FUNDING_CODES_ID,
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Participants active on the month's last day whose attributed spell has this funding source.",
            "persons",
            definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
            "atribusinya dibiayai sumber dana ini.",
        ),
        Column(
            "share",
            "DOUBLE",
            "Porsi",
            "active / the regency's active, a fraction; null when the regency has none.",
            "fraction",
            definition_id="Peserta aktif / seluruh peserta aktif kabupaten/kota, sebagai "
            "pecahan; kosong bila tidak ada peserta aktif.",
        ),
        Column(
            "contributions_idr",
            "BIGINT",
            "Iuran",
            "Sum of the monthly contribution of each active participant's attributed spell.",
            "IDR",
            definition_id="Jumlah iuran bulanan masa kepesertaan atribusi setiap peserta aktif.",
        ),
        *flow_measures(
            "under the funding source attributed",
            "changes funding source",
            "pada sumber dana atribusinya",
            "berganti sumber dana",
        ),
    ),
    key=("month", "regency_code", "funding_source"),
)

COVERAGE_BY_SEX_AGE = Table(
    "marts",
    "coverage_by_sex_age",
    "Cakupan per jenis kelamin dan umur",
    "month × regency × sex × age band",
    "Active participants by sex and age band on the month's last day.",
    (
        month_column(),
        regency_code_column(
            "Regency of the attributed spell.", "Kabupaten/kota masa kepesertaan yang diatribusikan."
        ),
        Column(
            "sex",
            "VARCHAR",
            "Jenis kelamin",
            "L or P: jenis_kelamin as given, else from the NIK (birth day 41–71: P).",
            definition_id="L atau P: jenis kelamin yang tertulis, atau dari NIK (tanggal lahir 41–71: P).",
            values_id=(("L", "laki-laki"), ("P", "perempuan")),
        ),
        Column(
            "age_band",
            "VARCHAR",
            "Kelompok umur",
            f"{AGE_BANDS_EN}: age on the month's last day, from tanggal_lahir, else from the "
            "NIK's birth date.",
            definition_id=f"{AGE_BANDS_ID}: umur pada hari terakhir bulan, dari tanggal lahir, "
            "atau dari tanggal lahir dalam NIK.",
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Participants active on the month's last day.",
            "persons",
            definition_id="Peserta aktif pada hari terakhir bulan.",
        ),
    ),
    key=("month", "regency_code", "sex", "age_band"),
)
