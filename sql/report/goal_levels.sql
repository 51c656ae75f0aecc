-- At which levels the report's regencies have workforce figures, targets and programme
-- quotas in the reporting month: villages, districts and the regencies themselves. A
-- regency may estimate its workforce by kecamatan and set its quota for the whole
-- regency; the village section then says so instead of ranking villages without figures.
with villages as (
    select
        count(*) filter (where workforce is not null) as workforce,
        count(*) filter (where target is not null) as target
    from marts.coverage_by_village
    where month = $month and list_contains($regencies, regency_code)
),

areas as (
    select
        count(*) filter (where level = 'district' and workforce is not null) as district_workforce,
        count(*) filter (where level = 'district' and target is not null) as district_target,
        count(*) filter (where level = 'regency' and workforce is not null) as regency_workforce,
        count(*) filter (where level = 'regency' and target is not null) as regency_target,
        sum(target) filter (where level = 'regency')::bigint as regency_target_value,
        sum(active) filter (where level = 'regency' and target is not null)
            / nullif(sum(target) filter (where level = 'regency'), 0) as regency_target_attainment
    from marts.coverage_by_area
    where month = $month and level in ('district', 'regency') and list_contains($regencies, area_code[1:5])
),

quotas as (
    select
        count(*) filter (where level = 'village') as village_quota,
        count(*) filter (where level = 'district') as district_quota,
        count(*) filter (where level = 'regency') as regency_quota
    from marts.quota_by_funding
    where month = $month and list_contains($regencies, area_code[1:5])
)

select
    villages.workforce as village_workforce,
    villages.target as village_target,
    areas.*,
    quotas.*
from villages, areas, quotas
