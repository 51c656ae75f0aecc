-- Insured workers of each regency from month $first to month $month: the report asset's
-- trend in the UI (pipeline.orchestration.assets.reports.coverage_trend).
select area_code, coalesce(area_name, '') as area_name, month, active, coverage_rate
from marts.coverage_by_area
where level = 'regency' and month between $first and $month
order by area_code, month
