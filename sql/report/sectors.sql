-- Active participants by sector over the report's regencies; the coverage rate only when
-- every regency has the sector's denominator. Unmapped occupations (unmapped_code()) last.
select
    sector_code,
    any_value(sector_name) as sector_name,
    sum(active)::bigint as active,
    case when count(workforce) = count(*) then sum(workforce) end::bigint as workforce
from marts.coverage_by_sector
where list_contains($regencies, regency_code) and month = $month
group by sector_code
order by sector_code = unmapped_code(), active desc, sector_code
