-- The name of a province, for its summary report.
select any_value(area_name) as area_name
from marts.coverage_by_area
where level = 'province' and area_code = $code
