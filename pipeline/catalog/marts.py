"""The published marts (CONTRACT §5) and the Indonesian labels of their coded values."""

from __future__ import annotations

from pipeline.catalog.model import Column, Table

# --- MARTS: the published tables of CONTRACT §5 (owned by the marts stage) -------------


def _month_column() -> Column:
    return Column(
        "month",
        "DATE",
        "Bulan",
        "First day of the month; counts are as of its last day.",
        definition_id="Hari pertama bulan; jumlah peserta dihitung pada hari terakhirnya.",
    )


def _flow_measures(where: str, mover: str, where_id: str, mover_id: str) -> tuple[Column, ...]:
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


def _coverage_measures() -> tuple[Column, ...]:
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
        *_flow_measures("where attributed", "moves village", "di wilayah atribusinya", "pindah desa"),
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


def _regency_code(definition: str, definition_id: str) -> Column:
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
}
TYPES_ID = {
    "DATE": "tanggal",
    "BIGINT": "bilangan bulat",
    "INTEGER": "bilangan bulat",
    "DOUBLE": "bilangan desimal",
    "VARCHAR": "teks",
    "BOOLEAN": "ya/tidak",
}

COVERAGE_BY_VILLAGE = Table(
    "marts",
    "coverage_by_village",
    "Cakupan per desa/kelurahan",
    "month × village",
    "Every village of a regency with data, every month from the earliest spell start to "
    "the data's as-of month, zeros where nobody is active.",
    (
        _month_column(),
        Column(
            "village_code",
            "VARCHAR",
            "Kode desa",
            "Kemendagri village code with dots.",
            definition_id="Kode desa/kelurahan Kemendagri dengan titik (61.07.14.2003).",
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
        _regency_code("Regency of the village.", "Kabupaten/kota tempat desa/kelurahan itu."),
        *_coverage_measures(),
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
        _month_column(),
        Column(
            "level",
            "VARCHAR",
            "Tingkat",
            "district, regency or province.",
            definition_id="kecamatan, kabupaten/kota atau provinsi (di berkas Parquet dan CSV: "
            "district, regency, province).",
            values_id=LEVELS_ID,
        ),
        Column(
            "area_code",
            "VARCHAR",
            "Kode wilayah",
            "Kemendagri code with dots.",
            definition_id="Kode wilayah Kemendagri dengan titik (61, 61.07, 61.07.14).",
        ),
        Column(
            "area_name",
            "VARCHAR",
            "Nama wilayah",
            "Name in the gazetteer.",
            definition_id="Nama menurut daftar wilayah Kemendagri.",
        ),
        *_coverage_measures(),
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
        _month_column(),
        _regency_code(
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
        _month_column(),
        _regency_code(
            "Regency of the attributed spell.", "Kabupaten/kota masa kepesertaan yang diatribusikan."
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            "APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI, PEMBERI_KERJA or LAINNYA.",
            definition_id="APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI "
            "(bayar sendiri), PEMBERI_KERJA atau LAINNYA.",
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
        *_flow_measures(
            "under the funding source attributed",
            "changes funding source",
            "pada sumber dana atribusinya",
            "berganti sumber dana",
        ),
    ),
    key=("month", "regency_code", "funding_source"),
)

CLAIMS_BY_PROGRAM = Table(
    "marts",
    "claims_by_program",
    "Klaim per program",
    "month × regency × programme",
    "Claims by the month they were paid (else submitted, else of the event) and programme.",
    (
        _month_column(),
        _regency_code(
            "Regency of the participant's latest spell, else the NIK's first four digits.",
            "Kabupaten/kota masa kepesertaan terakhir peserta, atau empat digit pertama NIK-nya.",
        ),
        Column(
            "program",
            "VARCHAR",
            "Program",
            "JKK, JKM, JHT, JP or JKP.",
            definition_id="JKK, JKM, JHT, JP atau JKP.",
        ),
        Column(
            "paid_count",
            "BIGINT",
            "Klaim dibayar",
            "Claims with status DIBAYAR.",
            "claims",
            definition_id="Klaim berstatus DIBAYAR.",
        ),
        Column(
            "paid_amount_idr",
            "BIGINT",
            "Nominal dibayar",
            "Benefits paid.",
            "IDR",
            definition_id="Manfaat yang dibayarkan.",
        ),
        Column(
            "pending_count",
            "BIGINT",
            "Klaim diproses",
            "Claims with status PROSES.",
            "claims",
            definition_id="Klaim berstatus PROSES.",
        ),
        Column(
            "rejected_count",
            "BIGINT",
            "Klaim ditolak",
            "Claims with status DITOLAK.",
            "claims",
            definition_id="Klaim berstatus DITOLAK.",
        ),
        Column(
            "median_days_to_pay",
            "DOUBLE",
            "Median hari pembayaran",
            "Median of paid date − submitted date over the month's paid claims with both "
            "dates (mean of the two middle values for an even count).",
            "days",
            definition_id="Median selisih tanggal bayar dan tanggal pengajuan klaim yang dibayar "
            "bulan itu dan punya kedua tanggal (rata-rata dua nilai tengah bila "
            "jumlahnya genap).",
        ),
        Column(
            "outside_coverage_count",
            "BIGINT",
            "Klaim di luar kepesertaan",
            "JKK or JKM claims whose event date no spell of the NIK with that programme "
            "covers (deaths applied first).",
            "claims",
            definition_id="Klaim JKK atau JKM yang tanggal kejadiannya tidak tercakup masa "
            "kepesertaan NIK itu dengan program tersebut (setelah memperhitungkan "
            "kematian).",
        ),
    ),
    key=("month", "regency_code", "program"),
)

_FUNDING_CODES_EN = (
    "APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI, PEMBERI_KERJA or LAINNYA."
)
_FUNDING_CODES_ID = (
    "APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI (bayar "
    "sendiri), PEMBERI_KERJA atau LAINNYA."
)

QUOTA_BY_FUNDING = Table(
    "marts",
    "quota_by_funding",
    "Kuota program per sumber dana",
    "month × area × funding source with a quota",
    "Programme quotas (targets with a funding source, CONTRACT §3.3) against the participants "
    "attributed to that source: filled and open slots per village, district and regency.",
    (
        _month_column(),
        Column(
            "level",
            "VARCHAR",
            "Tingkat",
            "village, district or regency.",
            definition_id="desa/kelurahan, kecamatan atau kabupaten/kota.",
            values_id=(("village", "desa/kelurahan"), *LEVELS_ID),
        ),
        Column(
            "area_code",
            "VARCHAR",
            "Kode wilayah",
            "Kemendagri code of the area.",
            definition_id="Kode Kemendagri wilayah.",
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            "The quota's funding source: " + _FUNDING_CODES_EN,
            definition_id="Sumber dana kuota: " + _FUNDING_CODES_ID,
        ),
        Column(
            "target",
            "BIGINT",
            "Kuota",
            "The area's quota of the source for the month's year: its own, else the sum of "
            "the quotas set below it.",
            "persons",
            definition_id="Kuota wilayah untuk sumber dana itu pada tahun bulan tersebut: "
            "kuotanya sendiri, atau jumlah kuota wilayah di bawahnya.",
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Participants active on the month's last day whose attributed spell lies in the "
            "area and has this funding source.",
            "persons",
            definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
            "atribusinya ada di wilayah itu dan dibiayai sumber dana ini.",
        ),
        Column(
            "attainment",
            "DOUBLE",
            "Capaian kuota",
            "active / target, a fraction; null for a quota of 0.",
            "fraction",
            definition_id="Peserta aktif / kuota, sebagai pecahan; kosong bila kuota 0.",
        ),
        Column(
            "open_slots",
            "BIGINT",
            "Kuota belum terisi",
            "target − active, 0 when the quota is met.",
            "persons",
            definition_id="Kuota dikurangi peserta aktif; 0 bila kuota terpenuhi.",
        ),
    ),
    key=("month", "level", "area_code", "funding_source"),
)

RENEWALS_DUE = Table(
    "marts",
    "renewals_due",
    "Perpanjangan jatuh tempo",
    "reporting month × regency × funding source × due month",
    "For each person active in the month, the end of the unbroken run of covered days that "
    "holds the month's last day, by the funding source attributed in the month and the month "
    "of that end, for the next twelve due months.",
    (
        _month_column(),
        _regency_code(
            "Regency of the spell attributed in the month.",
            "Kabupaten/kota masa kepesertaan atribusi pada bulan itu.",
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            "Funding source attributed in the month: " + _FUNDING_CODES_EN,
            definition_id="Sumber dana atribusi pada bulan itu: " + _FUNDING_CODES_ID,
        ),
        Column(
            "due_month",
            "DATE",
            "Bulan jatuh tempo",
            "Month of the coverage end (first day of that month), from the month itself to "
            "eleven months later.",
            definition_id="Bulan berakhirnya kepesertaan (hari pertama bulan itu), dari bulan "
            "laporan sampai sebelas bulan sesudahnya.",
        ),
        Column(
            "persons",
            "BIGINT",
            "Peserta",
            "Persons whose coverage ends that month.",
            "persons",
            definition_id="Peserta yang kepesertaannya berakhir pada bulan itu.",
        ),
        Column(
            "renewal_cost_idr",
            "BIGINT",
            "Biaya perpanjangan",
            "12 × the attributed spell's monthly contribution, summed: a year's renewal.",
            "IDR",
            definition_id="12 × iuran bulanan masa kepesertaan atribusi, dijumlahkan: "
            "biaya perpanjangan setahun.",
        ),
    ),
    key=("month", "regency_code", "funding_source", "due_month"),
)

CROSS_CHECKS = Table(
    "marts",
    "cross_checks",
    "Pemeriksaan silang",
    "month × regency × check",
    "Persons found by the cross-record checks an auditor looks for first (CONTRACT §4).",
    (
        _month_column(),
        _regency_code(
            "Regency of the latest spell (covered_after_death) or of the spell attributed in the month.",
            "Kabupaten/kota masa kepesertaan terakhir (covered_after_death) atau "
            "masa kepesertaan atribusi pada bulan itu.",
        ),
        Column(
            "check",
            "VARCHAR",
            "Pemeriksaan",
            "covered_after_death (a spell starts or ends after the month of a recorded "
            "death; counted in the death's month), double_public_funding (covered by two "
            "or more public sources at the month's end) or kpj_shared (the KPJ is on "
            "enrolment rows of another NIK too).",
            definition_id="covered_after_death (masa kepesertaan mulai atau berakhir sesudah "
            "bulan kematian yang tercatat; dihitung pada bulan kematian), "
            "double_public_funding (dibiayai dua sumber dana pemerintah atau "
            "lebih pada akhir bulan) atau kpj_shared (KPJ-nya juga tercatat "
            "pada NIK lain).",
            values_id=(
                ("covered_after_death", "tetap terdaftar sesudah meninggal"),
                ("double_public_funding", "dibiayai ganda dana pemerintah"),
                ("kpj_shared", "KPJ dipakai NIK lain"),
            ),
        ),
        Column(
            "persons",
            "BIGINT",
            "Peserta",
            "Persons the check finds.",
            "persons",
            definition_id="Peserta yang ditemukan pemeriksaan itu.",
        ),
        Column(
            "contributions_after_death_idr",
            "BIGINT",
            "Iuran sesudah kematian",
            "covered_after_death only: the monthly contributions of those spells for the "
            "month-ends they cover after the death month, summed; null for other checks.",
            "IDR",
            definition_id="Hanya covered_after_death: iuran bulanan masa kepesertaan itu untuk "
            "akhir bulan sesudah bulan kematian, dijumlahkan.",
        ),
    ),
    key=("month", "regency_code", "check"),
)

COVERAGE_BY_SEX_AGE = Table(
    "marts",
    "coverage_by_sex_age",
    "Cakupan per jenis kelamin dan umur",
    "month × regency × sex × age band",
    "Active participants by sex and age band on the month's last day.",
    (
        _month_column(),
        _regency_code(
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
            "<25, 25-39, 40-54 or 55+: age on the month's last day, from tanggal_lahir, "
            "else from the NIK's birth date.",
            definition_id="<25, 25-39, 40-54 atau 55+: umur pada hari terakhir bulan, dari "
            "tanggal lahir, atau dari tanggal lahir dalam NIK.",
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

MARTS_TABLES = (
    COVERAGE_BY_VILLAGE,
    COVERAGE_BY_AREA,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_FUNDING,
    CLAIMS_BY_PROGRAM,
    QUOTA_BY_FUNDING,
    RENEWALS_DUE,
    CROSS_CHECKS,
    COVERAGE_BY_SEX_AGE,
)
