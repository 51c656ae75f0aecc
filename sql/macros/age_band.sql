-- The age bands of marts.coverage_by_sex_age (CONTRACT §5).
create or replace temp macro age_band(age) as
    case when age < 25 then '<25' when age < 40 then '25-39' when age < 55 then '40-54'
         else '55+' end
