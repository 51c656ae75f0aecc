"""The programme marts (CONTRACT §5): claims by programme, programme quotas, renewals due."""

from __future__ import annotations

from pipeline.catalog.codes import FUNDING_CODES_EN, FUNDING_CODES_ID, PROGRAMS, listed
from pipeline.catalog.columns import LEVELS_ID, month_column, regency_code_column
from pipeline.catalog.model import Column, Table

QUOTA_BY_FUNDING = Table(
    "marts",
    "quota_by_funding",
    "Kuota program per sumber dana",
    "month × area × funding source with a quota",
    "Programme quotas (targets with a funding source, CONTRACT §3.3) against the participants "
    "attributed to that source: filled and open slots per village, district and regency.",
    (
        month_column(),
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
            "The quota's funding source: " + FUNDING_CODES_EN,
            definition_id="Sumber dana kuota: " + FUNDING_CODES_ID,
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
        month_column(),
        regency_code_column(
            "Regency of the spell attributed in the month.",
            "Kabupaten/kota masa kepesertaan atribusi pada bulan itu.",
        ),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            "Funding source attributed in the month: " + FUNDING_CODES_EN,
            definition_id="Sumber dana atribusi pada bulan itu: " + FUNDING_CODES_ID,
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
            listed(PROGRAMS) + ".",
            definition_id=listed(PROGRAMS, "atau") + ".",
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
