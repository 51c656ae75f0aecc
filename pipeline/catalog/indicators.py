"""The measurable indicators a meeting's directive (reference/arahan) can be followed up by."""

from __future__ import annotations

from dataclasses import dataclass

# --- INDICATORS: what a meeting's directive (reference/arahan) can be followed up by -------


@dataclass(frozen=True)
class Indicator:
    """A measurable indicator of a regency and month, named by ``key`` in ``arahan.indikator``."""

    key: str
    label_id: str
    definition: str
    unit: str


INDICATORS = (
    Indicator(
        "peserta_aktif",
        "Peserta aktif",
        "Active participants of the regency (marts.coverage_by_area, level regency).",
        "persons",
    ),
    Indicator(
        "cakupan_ucj",
        "Cakupan UCJ",
        "Coverage rate of the regency: active / workforce (marts.coverage_by_area).",
        "fraction",
    ),
    Indicator(
        "peserta_aktif_csr",
        "Peserta aktif dibiayai CSR",
        "Active participants whose attributed spell is funded by company CSR (marts.coverage_by_funding).",
        "persons",
    ),
    Indicator(
        "peserta_aktif_rt_rw",
        "Peserta aktif ketua RT/RW",
        "Active participants whose occupation reads as an RT/RW head (the report's occupation pattern).",
        "persons",
    ),
    Indicator(
        "peserta_aktif_korpri",
        "Peserta aktif ASN/Korpri",
        "Active participants whose occupation reads as a civil servant (the report's occupation pattern).",
        "persons",
    ),
    Indicator(
        "kuota_belum_terisi",
        "Kuota belum terisi",
        "Open slots of the regency's programme quotas, summed over funding sources (marts.quota_by_funding).",
        "persons",
    ),
    Indicator(
        "segera_berakhir",
        "Segera berakhir",
        "Active participants covered by no spell three months later (marts.coverage_by_area).",
        "persons",
    ),
)
