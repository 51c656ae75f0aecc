-- The programme quotas of the report's regencies in the reporting month, per funding
-- source: summed over the regencies (a province summary), with the villages below quota.
select
    funding_source,
    sum(target)::bigint as target,
    sum(active)::bigint as active,
    sum(active) / nullif(sum(target), 0) as attainment,
    sum(open_slots)::bigint as open_slots,
    (select count(*) from marts.quota_by_funding as v
     where v.month = $month and v.level = 'village' and v.funding_source = q.funding_source
        and list_contains($regencies, v.area_code[1:5]) and v.active < v.target) as villages_below,
    (select count(*) from marts.quota_by_funding as v
     where v.month = $month and v.level = 'village' and v.funding_source = q.funding_source
        and list_contains($regencies, v.area_code[1:5])) as villages_with_quota
from marts.quota_by_funding as q
where q.month = $month and q.level = 'regency' and list_contains($regencies, q.area_code)
group by funding_source
order by target desc, funding_source
