"""Marts that ask questions of the figures (issue 23 §2–§3): anomalies and the price of the target.

``marts.village_anomalies`` flags a village's month of new or lapsed participants that
departs from its own previous twelve months; ``marts.target_cost`` prices an area's UCJ
target (persons still needed, a year of their contributions, the month the pace reaches
it); ``marts.quota_cost`` sets a programme quota's open slots against what is left of its
budget. ``RULES`` holds the anomaly rule's thresholds, bound into the SQL
(``sql/marts/village_anomalies.sql``) by the marts stage.
"""

from __future__ import annotations

from pipeline.catalog import codes
from pipeline.catalog.columns import (
    LEVELS_ID,
    area_columns,
    month_column,
    regency_code_column,
    village_columns,
)
from pipeline.catalog.model import Column, Table

#: The anomaly rule (DHIS2's modified z-score outlier rule): |modified z| above ``anomaly_z``,
#: at least ``anomaly_min_history`` months of history, and the value at least
#: ``anomaly_min_count`` away from the usual (median) count.
RULES: dict[str, float | int] = {"anomaly_z": 3.5, "anomaly_min_history": 6, "anomaly_min_count": 5}

_FUNDING = Column(
    "funding_source",
    "VARCHAR",
    "Sumber dana",
    "Funding code of the programme quota.",
    definition_id="Kode sumber dana kuota program.",
)
_MEDIAN_PUBLIC = (
    "Median monthly contribution (iuran_bulanan) of the area's active participants whose "
    f"attributed spell is publicly funded ({codes.listed(codes.PUBLIC_FUNDING_CODES)}) and has "
    "one; the mean of the two middle values for an even count; null without any."
)

VILLAGE_ANOMALIES = Table(
    "marts",
    "village_anomalies",
    "Anomali per desa/kelurahan",
    "month × village × measure (new, lapsed)",
    "A village's count of new or lapsed participants in a month against its own previous "
    "twelve months (DHIS2's outlier rule): the median, the median absolute deviation (MAD), "
    "the modified z-score and whether the month is flagged.",
    (
        month_column(),
        *village_columns(),
        Column(
            "measure",
            "VARCHAR",
            "Ukuran",
            "new or lapsed (marts.coverage_by_village).",
            definition_id="new (peserta baru) atau lapsed (peserta berhenti).",
            values_id=(("new", "peserta baru"), ("lapsed", "peserta berhenti")),
        ),
        Column(
            "value", "BIGINT", "Jumlah", "The month's count.", "persons", definition_id="Jumlah bulan ini."
        ),
        Column(
            "history_months",
            "INTEGER",
            "Bulan riwayat",
            "Months before this one the count is compared with: up to 12, fewer at the start of the data.",
            "months",
            definition_id="Jumlah bulan sebelumnya yang menjadi pembanding (paling banyak 12).",
        ),
        Column(
            "median_value",
            "DOUBLE",
            "Median riwayat",
            "Median count of the history months.",
            "persons",
            definition_id="Median jumlah pada bulan-bulan riwayat.",
        ),
        Column(
            "mad",
            "DOUBLE",
            "MAD",
            "Median absolute deviation of the history from its median.",
            "persons",
            definition_id="Median simpangan mutlak riwayat dari mediannya.",
        ),
        Column(
            "mean_abs_dev",
            "DOUBLE",
            "Rata-rata simpangan mutlak",
            "Mean absolute deviation of the history from its median (used when the MAD is 0).",
            "persons",
            definition_id="Rata-rata simpangan mutlak riwayat dari mediannya (dipakai bila MAD 0).",
        ),
        Column(
            "modified_z",
            "DOUBLE",
            "Skor z termodifikasi",
            "0.6745 × (value − median) / MAD; when the MAD is 0, (value − median) / (1.253314 × "
            "mean absolute deviation); null with fewer than 6 months of history or a history "
            "that never varied.",
            definition_id="0,6745 × (jumlah − median) / MAD; bila MAD 0, (jumlah − median) / "
            "(1,253314 × rata-rata simpangan mutlak); kosong bila riwayat kurang dari 6 bulan "
            "atau tidak pernah berubah.",
        ),
        Column(
            "usual_low",
            "BIGINT",
            "Biasanya paling sedikit",
            "10th percentile (quantile_disc) of the history months' counts: of twelve months, "
            "the lowest but one.",
            "persons",
            definition_id="Persentil ke-10 jumlah pada bulan-bulan riwayat (dari 12 bulan: terendah kedua).",
        ),
        Column(
            "usual_high",
            "BIGINT",
            "Biasanya paling banyak",
            "90th percentile (quantile_disc) of the history months' counts: of twelve months, "
            "the highest but one.",
            "persons",
            definition_id="Persentil ke-90 jumlah pada bulan-bulan riwayat (dari 12 bulan: tertinggi kedua).",
        ),
        Column(
            "flagged",
            "BOOLEAN",
            "Ditandai",
            "At least 6 months of history, the value at least 5 away from the median, and "
            "|modified z| > 3.5 (or any such departure from a history that never varied).",
            definition_id="Riwayat minimal 6 bulan, selisih dari median minimal 5, dan |skor z "
            "termodifikasi| > 3,5 (atau selisih itu dari riwayat yang tidak pernah berubah).",
        ),
    ),
    key=("month", "village_code", "measure"),
)

TARGET_COST = Table(
    "marts",
    "target_cost",
    "Harga target UCJ",
    "month × area (district, regency, province) with a UCJ target and a coverage rate",
    "The price of the UCJ target: persons still needed, a year of their contributions at "
    "the median contribution of the area's publicly funded participants, and the month the "
    "last six months' net growth would reach the target.",
    (
        month_column(),
        Column(
            "level",
            "VARCHAR",
            "Tingkat",
            "district, regency or province.",
            definition_id="kecamatan, kabupaten/kota atau provinsi.",
            values_id=LEVELS_ID,
        ),
        *area_columns(),
        Column(
            "target_rate",
            "DOUBLE",
            "Target cakupan",
            "The area's UCJ target for the month's year (reference/target_ucj), else its nearest ancestor's.",
            "fraction",
            definition_id="Target UCJ wilayah untuk tahun itu, atau target wilayah induk terdekat.",
        ),
        Column(
            "workforce",
            "BIGINT",
            "Jumlah pekerja",
            "The area's workforce figure for the year.",
            "persons",
            definition_id="Jumlah pekerja wilayah untuk tahun itu.",
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Active participants (marts.coverage_by_area).",
            "persons",
            definition_id="Peserta aktif.",
        ),
        Column(
            "persons_needed",
            "BIGINT",
            "Peserta yang masih dibutuhkan",
            "ceil(target_rate × workforce) − active; 0 once the target is reached.",
            "persons",
            definition_id="Pembulatan ke atas (target × jumlah pekerja) dikurangi peserta aktif; "
            "0 bila target tercapai.",
        ),
        Column(
            "public_participants",
            "BIGINT",
            "Peserta dana publik beriuran",
            "Active participants with a public funding source and an iuran: the median's base.",
            "persons",
            definition_id="Peserta aktif bersumber dana publik yang iurannya tercatat: dasar median.",
        ),
        Column(
            "median_contribution_idr",
            "DOUBLE",
            "Median iuran per bulan",
            _MEDIAN_PUBLIC,
            "IDR",
            definition_id="Median iuran bulanan peserta aktif bersumber dana publik "
            f"({', '.join(codes.PUBLIC_FUNDING_CODES)}) di wilayah itu; kosong bila tidak ada.",
        ),
        Column(
            "yearly_cost_idr",
            "BIGINT",
            "Biaya setahun",
            "persons_needed × 12 × median_contribution_idr: a year of contributions of the "
            "persons still needed; null without a median.",
            "IDR",
            definition_id="Peserta yang masih dibutuhkan × 12 × median iuran per bulan.",
        ),
        Column(
            "net_growth_6m",
            "DOUBLE",
            "Pertumbuhan bersih rata-rata 6 bulan",
            "(active − active six months before) / 6; null without that month.",
            "persons per month",
            definition_id="(Peserta aktif − peserta aktif enam bulan sebelumnya) / 6.",
        ),
        Column(
            "months_to_target",
            "INTEGER",
            "Bulan sampai target",
            "ceil(persons_needed / net_growth_6m): months until the target at that pace; 0 "
            "when reached; null when the pace is not positive or would take over 1,200 months.",
            "months",
            definition_id="Bulan sampai target tercapai dengan laju itu; 0 bila sudah tercapai; "
            "kosong bila laju tidak positif atau lebih dari 1.200 bulan.",
        ),
        Column(
            "target_month",
            "DATE",
            "Bulan target tercapai",
            "month + months_to_target (with this month's workforce and target).",
            definition_id="Bulan ini ditambah bulan sampai target (dengan jumlah pekerja dan "
            "target bulan ini).",
        ),
    ),
    key=("month", "level", "area_code"),
)

QUOTA_COST = Table(
    "marts",
    "quota_cost",
    "Biaya kuota program",
    "month × regency × funding source with a programme quota",
    "What filling a programme quota's open slots for a year costs, against what is left of "
    "the source's contribution budget for the year once the year's contributions so far and "
    "those of the active participants to December are paid.",
    (
        month_column(),
        regency_code_column("Regency of the quota.", "Kabupaten/kota kuota itu."),
        _FUNDING,
        Column(
            "target",
            "BIGINT",
            "Kuota",
            "The regency's quota (marts.quota_by_funding).",
            "persons",
            definition_id="Kuota kabupaten/kota.",
        ),
        Column(
            "active",
            "BIGINT",
            "Peserta aktif",
            "Active participants attributed to the source.",
            "persons",
            definition_id="Peserta aktif sumber dana itu.",
        ),
        Column(
            "open_slots",
            "BIGINT",
            "Slot kosong",
            "target − active, 0 when met.",
            "persons",
            definition_id="Kuota dikurangi peserta aktif, 0 bila terpenuhi.",
        ),
        Column(
            "median_contribution_idr",
            "DOUBLE",
            "Median iuran per bulan",
            "Median iuran_bulanan of the source's active participants in the regency that have "
            "one (the mean of the two middle values for an even count); null without any.",
            "IDR",
            definition_id="Median iuran bulanan peserta aktif sumber dana itu di kabupaten/kota.",
        ),
        Column(
            "open_cost_idr",
            "BIGINT",
            "Biaya slot kosong setahun",
            "open_slots × 12 × median_contribution_idr.",
            "IDR",
            definition_id="Slot kosong × 12 × median iuran per bulan.",
        ),
        Column(
            "budget_idr",
            "BIGINT",
            "Pagu",
            "The year's budgets of the source for the regency and "
            "the areas inside it (reference/anggaran); null without one.",
            "IDR",
            definition_id="Pagu tahun itu untuk sumber dana di kabupaten/kota dan wilayah di dalamnya.",
        ),
        Column(
            "spent_idr",
            "BIGINT",
            "Iuran Januari s.d. bulan ini",
            "The source's contributions in the regency from January to the month.",
            "IDR",
            definition_id="Iuran sumber dana itu dari Januari sampai bulan ini.",
        ),
        Column(
            "committed_idr",
            "BIGINT",
            "Iuran terikat s.d. Desember",
            "The month's contributions × the months left in the year: the active participants "
            "kept covered to December.",
            "IDR",
            definition_id="Iuran bulan ini × sisa bulan dalam tahun: peserta aktif tetap "
            "terlindungi sampai Desember.",
        ),
        Column(
            "remaining_idr",
            "BIGINT",
            "Sisa anggaran",
            "budget_idr − spent_idr − committed_idr: what the budget still has for new "
            "participants; null without a budget.",
            "IDR",
            definition_id="Pagu dikurangi iuran Januari s.d. bulan ini dan iuran terikat s.d. "
            "Desember: yang masih tersedia untuk peserta baru.",
        ),
        Column(
            "covered",
            "BOOLEAN",
            "Anggaran cukup",
            "remaining_idr ≥ open_cost_idr; null without a budget or a median.",
            definition_id="Sisa anggaran ≥ biaya slot kosong setahun.",
        ),
    ),
    key=("month", "regency_code", "funding_source"),
)

INSIGHT_TABLES = (VILLAGE_ANOMALIES, TARGET_COST, QUOTA_COST)
