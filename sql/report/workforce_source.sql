-- Where the denominators of the report's regencies come from (reference/angkatan_kerja's
-- `sumber`), for the latest year up to the reporting month's: one line per source.
with latest as (
    select max(year) as year
    from staging.workforce
    where list_contains($regencies, area_code[1:5]) and year <= year($month::date)
)

select distinct w.source_text, w.year
from staging.workforce as w, latest
where list_contains($regencies, w.area_code[1:5]) and w.year = latest.year
    and w.source_text is not null
order by w.source_text
