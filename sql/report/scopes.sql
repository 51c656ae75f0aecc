-- The regencies with coverage rows in the reporting month: one report each.
select area_code, area_name
from marts.coverage_by_area
where level = 'regency' and month = $month
order by area_code
