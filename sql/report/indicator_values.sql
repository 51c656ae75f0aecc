-- The measurable indicators of the data dictionary (catalog.INDICATORS) that the marts
-- give directly, for the report's regencies in one month (summed over them).
select
    (select sum(active) from marts.coverage_by_area
     where level = 'regency' and month = $month and list_contains($regencies, area_code))
        as peserta_aktif,
    (select sum(active) / nullif(sum(workforce), 0) from marts.coverage_by_area
     where level = 'regency' and month = $month and list_contains($regencies, area_code))
        as cakupan_ucj,
    (select coalesce(sum(active), 0) from marts.coverage_by_funding
     where funding_source = 'CSR' and month = $month and list_contains($regencies, regency_code))
        as peserta_aktif_csr,
    (select sum(open_slots) from marts.quota_by_funding
     where level = 'regency' and month = $month and list_contains($regencies, area_code))
        as kuota_belum_terisi,
    (select sum(ending_soon) from marts.coverage_by_area
     where level = 'regency' and month = $month and list_contains($regencies, area_code))
        as segera_berakhir
