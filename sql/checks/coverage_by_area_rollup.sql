-- Areas whose active, new, lapsed or ending-soon counts differ from the sum of the level
-- below: villages -> district, districts -> regency, regencies -> province.
with from_villages as (
    select
        month, 'district' as level, district_code as area_code,
        sum(active) as active, sum(new) as new, sum(lapsed) as lapsed,
        sum(ending_soon) as ending_soon
    from marts.coverage_by_village
    group by month, district_code
),

from_districts as (
    select
        a.month, 'regency' as level, r.parent_code as area_code,
        sum(a.active) as active, sum(a.new) as new, sum(a.lapsed) as lapsed,
        sum(a.ending_soon) as ending_soon
    from marts.coverage_by_area as a
    inner join staging.regions as r
        on r.code = a.area_code
    where a.level = 'district'
    group by a.month, r.parent_code
),

from_regencies as (
    select
        a.month, 'province' as level, r.parent_code as area_code,
        sum(a.active) as active, sum(a.new) as new, sum(a.lapsed) as lapsed,
        sum(a.ending_soon) as ending_soon
    from marts.coverage_by_area as a
    inner join staging.regions as r
        on r.code = a.area_code
    where a.level = 'regency'
    group by a.month, r.parent_code
),

expected as (
    select * from from_villages
    union all
    select * from from_districts
    union all
    select * from from_regencies
),

final as (
    select
        coalesce(e.month, a.month) as month,
        coalesce(e.level, a.level) as level,
        coalesce(e.area_code, a.area_code) as area_code,
        a.active, e.active as active_below,
        a.new, e.new as new_below,
        a.lapsed, e.lapsed as lapsed_below,
        a.ending_soon, e.ending_soon as ending_soon_below
    from expected as e
    full join marts.coverage_by_area as a
        on a.month = e.month
        and a.level = e.level
        and a.area_code = e.area_code
    where a.active is distinct from e.active
        or a.new is distinct from e.new
        or a.lapsed is distinct from e.lapsed
        or a.ending_soon is distinct from e.ending_soon
)

select *
from final
order by month, level, area_code
