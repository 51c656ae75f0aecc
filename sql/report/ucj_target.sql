-- The coverage-rate target of the report's area for the reporting month's year
-- (reference/target_ucj): its own, else its nearest ancestor's (CONTRACT §3.3a); no row
-- when none is set.
select target_rate, source_text, area_code
from staging.ucj_targets
where year = year($month::date)
    and (area_code = $code or starts_with($code, area_code || '.'))
order by length(area_code) desc
limit 1
