"""The marts a monitoring meeting decides with (CONTRACT §5).

Programme quotas, renewals due, cross checks, and sex and age.
"""

from __future__ import annotations

from pipeline.catalog.columns import LEVELS_ID, month_column, regency_code_column
from pipeline.catalog.model import Column, Table

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
        month_column(),
        regency_code_column(
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
        month_column(),
        regency_code_column(
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
