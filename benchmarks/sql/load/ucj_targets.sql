-- staging.ucj_targets: a coverage-rate target of 52.15 % (Kemendagri's regional target) for
-- every province loaded, 2024 and 2025, so marts.target_cost prices it (issue 23 §3).
insert into staging.ucj_targets by name
select p.code as area_code, y.year::integer as year, 0.5215 as target_rate,
    'Target regional Kemendagri' as source_text
from staging.regions as p
cross join (select unnest([2024, 2025]) as year) as y
where p.level = 'province' and ($province is null or p.code = $province)
