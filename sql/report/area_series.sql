-- The report's area month by month, from $first to the reporting month.
select *
from marts.coverage_by_area
where level = $level and area_code = $code and month between $first and $month
order by month
