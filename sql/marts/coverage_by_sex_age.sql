-- Month × regency × sex × age band (CONTRACT §4 "Sex and age"): active participants by
-- the regency attributed in M, their sex and their age on the last day of M. Sex is
-- jenis_kelamin as given, else the NIK's (birth day 41–71: P). The age is from
-- tanggal_lahir, else from the NIK's birth date DDMMYY (day minus 40 for women), whose
-- year yy is 20yy when that is not after M's year, else 19yy. Bands: the macros
-- age_band(age) and age_bands() (pipeline.catalog.codes.AGE_BANDS). Every band of every
-- regency with spells appears in every month, with zeros.
-- The bands are a person's, so the changes are counted here from the person ranges, not
-- from intermediate.coverage_deltas. Most active ranges lie within one band: they are
-- counted by the marts' running-sum technique; a range in which the band changes (a
-- birthday that starts a band, or the century of a NIK year) is split month by month.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

persons as (
    select
        person_id,
        coalesce(gender, if(substr(nik, 7, 2)::integer > 40, 'P', 'L')) as sex,
        birth_date,
        substr(nik, 7, 2)::integer % 40 as nik_day,
        substr(nik, 9, 2)::integer as nik_month,
        substr(nik, 11, 2)::integer as nik_yy
    from identity.persons
),

ranges as (
    select person_id, regency_code, from_month_index, to_month_index
    from intermediate.coverage_ranges
    where measure = 'active'
        and from_month_index <= month_index($month)
),

banded_ends as (
    select
        g.*,
        p.sex,
        age_band(age_at_month_end(g.from_month_index, p.birth_date, p.nik_day, p.nik_month,
                                  p.nik_yy)) as first_band,
        age_band(age_at_month_end(g.to_month_index, p.birth_date, p.nik_day, p.nik_month,
                                  p.nik_yy)) as last_band,
        p.birth_date, p.nik_day, p.nik_month, p.nik_yy
    from ranges as g
    inner join persons as p using (person_id)
),

steady as (
    select regency_code, sex, first_band as age_band, from_month_index, to_month_index
    from banded_ends
    where first_band = last_band
),

changing as (
    select regency_code, sex, month_index,
           age_band(age_at_month_end(month_index, birth_date, nik_day, nik_month, nik_yy))
               as age_band
    from (
        select *, unnest(generate_series(from_month_index, to_month_index)) as month_index
        from banded_ends
        where first_band <> last_band
    )
),

deltas as (
    select regency_code, sex, age_band, from_month_index as month_index, 1 as delta from steady
    union all
    select regency_code, sex, age_band, to_month_index + 1, -1 from steady
    union all
    select regency_code, sex, age_band, month_index, 1 from changing
    union all
    select regency_code, sex, age_band, month_index + 1, -1 from changing
),

monthly_deltas as (
    select regency_code, sex, age_band, month_index, sum(delta) as delta
    from deltas
    group by all
),

grid as (
    select r.regency_code, s.sex, b.age_band, c.month_index
    from (select distinct regency_code from staging.spells) as r
    cross join (select unnest(['L', 'P']) as sex) as s
    cross join age_bands() as b
    cross join calendar as c
),

final as (
    select
        month_of_index(g.month_index) as month,
        g.regency_code,
        g.sex,
        g.age_band,
        sum(coalesce(d.delta, 0)) over (
            partition by g.regency_code, g.sex, g.age_band
            order by g.month_index
            rows between unbounded preceding and current row
        )::bigint as active
    from grid as g
    left join monthly_deltas as d
        on d.regency_code = g.regency_code
        and d.sex = g.sex
        and d.age_band = g.age_band
        and d.month_index = g.month_index
)

select *
from final
order by month, regency_code, sex, age_band
