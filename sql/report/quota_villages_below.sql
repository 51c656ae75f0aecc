-- Villages below their programme quota in the reporting month: the exceptions a meeting
-- acts on, most open slots first.
select
    q.funding_source,
    q.area_code as village_code,
    v.name as village_name,
    d.name as district_name,
    q.target,
    q.active,
    q.open_slots
from marts.quota_by_funding as q
inner join staging.regions as v
    on v.code = q.area_code
left join staging.regions as d
    on d.code = v.district_code
where q.month = $month
    and q.level = 'village'
    and q.active < q.target
    and list_contains($regencies, q.area_code[1:5])
order by q.funding_source, q.open_slots desc, q.area_code
