"""The published marts (CONTRACT §5) and the Indonesian labels of their coded values."""

from __future__ import annotations

from pipeline.catalog.columns import (
    LEVELS_ID,
    coverage_measures,
    flow_measures,
    month_column,
    regency_code_column,
)
from pipeline.catalog.meeting import COVERAGE_BY_SEX_AGE, CROSS_CHECKS, QUOTA_BY_FUNDING, RENEWALS_DUE
from pipeline.catalog.model import Column, Table

# --- MARTS: the published tables of CONTRACT §5 (owned by the marts stage) -------------


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
        *flow_measures(
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
        month_column(),
        regency_code_column(
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

SOURCE_FRESHNESS = Table(
    "marts",
    "source_freshness",
    "Kemutakhiran data per sumber",
    "month × regency × input file × source (a funding source, or KLAIM for a claims file)",
    "How fresh each source is: per input file (by its label) and funding source, the latest "
    "date on or before the month's last day (an enrolment file: the latest start of its "
    "accepted spells; a claims file: the latest submission or payment), how many days "
    "before the month's end that is, and the funding source's share of the active "
    "participants. A row appears from the first month its source has such a date.",
    (
        month_column(),
        regency_code_column(
            "Regency of the spells (claims: of intermediate.claim_participants).",
            "Kabupaten/kota masa kepesertaan (klaim: kabupaten/kota peserta yang mengajukan).",
        ),
        Column(
            "source_label",
            "VARCHAR",
            "Berkas sumber",
            "The input file as publications name it (audit.input_files.label), never its name.",
            definition_id="Berkas masukan sebagaimana publikasi menyebutnya (label), tidak pernah namanya.",
        ),
        Column(
            "source_kind",
            "VARCHAR",
            "Jenis berkas",
            "enrolment or claims.",
            definition_id="enrolment (kepesertaan) atau claims (klaim).",
        ),
        Column(
            "source",
            "VARCHAR",
            "Sumber",
            "The funding code of the spells (APBD_KAB, ..., LAINNYA) for an enrolment file; "
            "KLAIM for a claims file.",
            definition_id="Kode sumber dana masa kepesertaan (APBD_KAB, ..., LAINNYA) untuk berkas "
            "kepesertaan; KLAIM untuk berkas klaim.",
        ),
        Column(
            "latest_date",
            "DATE",
            "Tanggal terakhir",
            "Latest date on or before the month's last day: the latest tgl_mulai of the "
            "file's accepted spells with this funding source, or the latest tgl_pengajuan or "
            "tgl_bayar of the claims file's accepted claims.",
            definition_id="Tanggal terakhir sampai hari terakhir bulan: tgl_mulai terakhir masa "
            "kepesertaan yang diterima dengan sumber dana ini, atau tgl_pengajuan/tgl_bayar "
            "terakhir klaim yang diterima.",
        ),
        Column(
            "days_before_month_end",
            "INTEGER",
            "Hari sebelum akhir bulan",
            "The month's last day − latest_date.",
            "days",
            definition_id="Hari terakhir bulan dikurangi tanggal terakhir.",
        ),
        Column(
            "stale",
            "BOOLEAN",
            "Usang",
            "days_before_month_end > 45.",
            definition_id="Lebih dari 45 hari sebelum akhir bulan.",
        ),
        Column(
            "active_share",
            "DOUBLE",
            "Porsi peserta aktif",
            "The funding source's share of the regency's active participants that month "
            "(marts.coverage_by_funding.share); null for a claims file.",
            "fraction",
            definition_id="Porsi sumber dana ini dari peserta aktif kabupaten/kota bulan itu; "
            "kosong untuk berkas klaim.",
        ),
    ),
    key=("month", "regency_code", "source_label", "source"),
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
    SOURCE_FRESHNESS,
)
