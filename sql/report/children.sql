-- The districts of a regency (the regencies of a province) in the reporting month, ranked
-- by coverage rate, highest first; areas without a denominator last, by code.
select
    *,
    rank() over (order by coverage_rate desc nulls last) as coverage_rank
from marts.coverage_by_area
where level = $child_level and month = $month and starts_with(area_code, $code || '.')
order by coverage_rate desc nulls last, area_code
