-- Active participants of the report's regencies by age band and sex in the month, the
-- bands youngest first (age_bands()).
select
    s.age_band,
    sum(s.active) filter (where s.sex = 'L')::bigint as men,
    sum(s.active) filter (where s.sex = 'P')::bigint as women,
    sum(s.active)::bigint as active
from marts.coverage_by_sex_age as s
inner join age_bands() as b
    on b.age_band = s.age_band
where s.month = $month and list_contains($regencies, s.regency_code)
group by s.age_band, b.band_order
order by b.band_order
