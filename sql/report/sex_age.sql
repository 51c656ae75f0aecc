-- Active participants of the report's regencies by age band and sex in the month.
select
    age_band,
    sum(active) filter (where sex = 'L')::bigint as men,
    sum(active) filter (where sex = 'P')::bigint as women,
    sum(active)::bigint as active
from marts.coverage_by_sex_age
where month = $month and list_contains($regencies, regency_code)
group by age_band
order by case age_band when '<25' then 1 when '25-39' then 2 when '40-54' then 3 else 4 end
