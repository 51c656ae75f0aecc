-- Month × regency × sector (KBLI 2020 section letter, unmapped_code() when unmapped;
-- names from sector_names(), both from pipeline.catalog.codes): active
-- participants by the sector of their attributed spell, with the regency's sector
-- workforce (given or rolled up from districts or villages). Every sector seen in the
-- regency's spells or sector figures appears in every month, with zeros.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

sectors_seen as (
    select regency_code, coalesce(sector_code, unmapped_code()) as sector_code
    from staging.spells
    union
    select area_code, sector_code
    from intermediate.area_denominators
    where level = 'regency' and sector_code is not null and workforce is not null
),

monthly_deltas as (
    -- the regency's changes in the month per sector (intermediate.coverage_deltas)
    select regency_code, sector_code, month_index, sum(active_delta) as active_delta
    from intermediate.coverage_deltas
    group by regency_code, sector_code, month_index
),

counts as (
    select
        s.regency_code,
        s.sector_code,
        c.month_index,
        sum(coalesce(d.active_delta, 0)) over (
            partition by s.regency_code, s.sector_code
            order by c.month_index
            rows between unbounded preceding and current row
        ) as active
    from sectors_seen as s
    cross join calendar as c
    left join monthly_deltas as d
        on d.regency_code = s.regency_code
        and d.sector_code = s.sector_code
        and d.month_index = c.month_index
),

final as (
    select
        month_of_index(c.month_index) as month,
        c.regency_code,
        c.sector_code,
        coalesce(n.sector_name, c.sector_code) as sector_name,
        c.active::bigint as active,
        w.workforce,
        c.active / nullif(w.workforce, 0) as coverage_rate
    from counts as c
    left join sector_names() as n
        on n.sector_code = c.sector_code
    left join intermediate.area_denominators as w
        on w.area_code = c.regency_code
        and w.level = 'regency'
        and w.sector_code = c.sector_code
        and w.year = year_of_index(c.month_index)
)

select *
from final
order by month, regency_code, sector_code
