-- The flagged villages of the report's regencies in the reporting month
-- (marts.village_anomalies): the largest departures from the usual count first.
select
    village_code, village_name, district_name, measure, value, median_value, usual_low,
    usual_high, modified_z, history_months
from marts.village_anomalies
where month = $month and flagged and list_contains($regencies, regency_code)
order by abs(value - median_value) desc, village_code, measure
