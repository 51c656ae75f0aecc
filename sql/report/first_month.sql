-- The first month of the marts.
select min(month) as first_month from marts.coverage_by_area
