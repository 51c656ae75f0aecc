"""The marts about the records themselves: cross-record checks and the sources' freshness."""

from __future__ import annotations

from pipeline.catalog.columns import month_column, regency_code_column
from pipeline.catalog.model import Column, Table

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
            "The funding code of the spells (as in marts.coverage_by_funding) for an "
            "enrolment file; KLAIM for a claims file.",
            definition_id="Kode sumber dana masa kepesertaan (seperti pada "
            "marts.coverage_by_funding) untuk berkas kepesertaan; KLAIM untuk berkas klaim.",
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
