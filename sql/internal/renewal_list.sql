-- Workers whose cover ends within three months of the reporting month (CONTRACT §4
-- "ending soon"), per village, with the names and numbers the regency's staff need to
-- renew them. Personal data: written only to processed/internal/, never published.
-- $month: the reporting month (first day).
with reporting as (
    select (month_index($month)) as month_index
),

ending as (
    select r.spell_id
    from intermediate.coverage_ranges as r, reporting
    where r.measure = 'ending_soon'
        and reporting.month_index between r.from_month_index and r.to_month_index
),

final as (
    select
        s.regency_code,
        village.district_code,
        district.name as district_name,
        s.village_code,
        village.name as village_name,
        p.name,
        p.nik,
        p.no_kpj,
        s.segment,
        s.funding_source,
        c.covered_end_date as cover_end_date
    from ending as e
    inner join staging.spells as s on s.spell_id = e.spell_id
    inner join intermediate.covered_spells as c on c.spell_id = e.spell_id
    inner join identity.persons as p on p.person_id = s.person_id
    inner join staging.regions as village on village.code = s.village_code
    inner join staging.regions as district on district.code = village.district_code
)

select * from final
order by regency_code, district_code, village_code, cover_end_date, name, nik
