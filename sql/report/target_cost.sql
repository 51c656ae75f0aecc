-- The price of the report's area's UCJ target in the reporting month (marts.target_cost):
-- no row without a target or a coverage rate.
select *
from marts.target_cost
where month = $month and level = $level and area_code = $code
