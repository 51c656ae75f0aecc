-- How many villages of the report's regencies have a month's count that can be judged in
-- the reporting month: enough months of history (marts.village_anomalies).
select
    count(distinct village_code) filter (where history_months >= $min_history) as judged_villages,
    max(history_months) as history_months
from marts.village_anomalies
where month = $month and list_contains($regencies, regency_code)
