-- Month × village: active, new, lapsed and ending-soon participants with workforce and
-- target (CONTRACT §4–§5). Every village of a regency that has any data (a spell, or a
-- workforce or target figure at or below the regency) appears in every month from that
-- of the earliest accepted date to the data's as-of month, with zeros where nothing
-- is active. Counts are the running sums of the monthly changes of
-- intermediate.coverage_deltas; new and lapsed are counted in their own month.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

regencies_with_data as (
    select regency_code from staging.spells
    union
    select case r.level when 'regency' then r.code else r.regency_code end
    from staging.workforce as w
    inner join staging.regions as r
        on r.code = w.area_code
    where r.level in ('regency', 'district', 'village')
    union
    select case r.level when 'regency' then r.code else r.regency_code end
    from staging.targets as t
    inner join staging.regions as r
        on r.code = t.area_code
    where r.level in ('regency', 'district', 'village')
),

villages as (
    select
        -- an integer key for the running sums below: partitioning by it is much cheaper
        -- than by the code
        row_number() over (order by v.code) as village_number,
        v.code as village_code,
        v.name as village_name,
        v.district_code,
        d.name as district_name,
        v.regency_code
    from staging.regions as v
    inner join regencies_with_data as g
        on g.regency_code = v.regency_code
    left join staging.regions as d
        on d.code = v.district_code
    where v.level = 'village'
),

monthly_deltas as (
    -- the village's changes in the month, over its sectors and funding sources
    select
        village_code,
        month_index,
        sum(active_delta) as active_delta,
        sum(ending_soon_delta) as ending_soon_delta,
        sum(new_count) as new_count,
        sum(lapsed_count) as lapsed_count
    from intermediate.coverage_deltas
    group by village_code, month_index
),

numbered_deltas as (
    select v.village_number, d.* exclude (village_code)
    from monthly_deltas as d
    inner join villages as v
        on v.village_code = d.village_code
),

counts as (
    -- running sums on a narrow grid (village number × month); names are joined afterwards
    select
        v.village_number,
        c.month_index,
        sum(coalesce(d.active_delta, 0)) over running as active,
        coalesce(d.new_count, 0) as new,
        coalesce(d.lapsed_count, 0) as lapsed,
        sum(coalesce(d.ending_soon_delta, 0)) over running as ending_soon
    from villages as v
    cross join calendar as c
    left join numbered_deltas as d
        on d.village_number = v.village_number
        and d.month_index = c.month_index
    window running as (
        partition by v.village_number
        order by c.month_index
        rows between unbounded preceding and current row
    )
),

denominators as (
    select area_code, year, workforce, target
    from intermediate.area_denominators
    where level = 'village' and sector_code is null
),

final as (
    select
        month_of_index(c.month_index) as month,
        v.village_code,
        v.village_name,
        v.district_code,
        v.district_name,
        v.regency_code,
        c.active::bigint as active,
        c.new::bigint as new,
        c.lapsed::bigint as lapsed,
        c.ending_soon::bigint as ending_soon,
        d.workforce,
        c.active / nullif(d.workforce, 0) as coverage_rate,
        d.target,
        c.active / nullif(d.target, 0) as target_attainment
    from counts as c
    inner join villages as v
        on v.village_number = c.village_number
    left join denominators as d
        on d.area_code = v.village_code
        and d.year = year_of_index(c.month_index)
)

select *
from final
order by month, village_code
