-- Month × area × funding source with a programme quota (CONTRACT §3.3, §5): the quota
-- (a target with sumber_dana), the active participants attributed to that source in the
-- area, attainment and the open slots. A quota holds for its own year only; an area
-- without its own quota of a source takes the sum of the quotas of that source set
-- below it (villages -> district -> regency), none when none is set. Areas: villages,
-- districts and regencies, each listed for the months of the years it has a quota.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

quota_own as (
    select t.area_code, r.level, r.parent_code, t.funding_source, t.year, max(t.target) as target
    from staging.targets as t
    inner join staging.regions as r
        on r.code = t.area_code
    where t.funding_source is not null
        and r.level in ('village', 'district', 'regency')
    group by all
),

village_quota as (
    select area_code, parent_code, funding_source, year, target
    from quota_own
    where level = 'village'
),

district_quota as (
    select area_code, parent_code, funding_source, year, target
    from quota_own
    where level = 'district'
    union all
    select p.code, p.parent_code, v.funding_source, v.year, sum(v.target)::bigint
    from village_quota as v
    inner join staging.regions as p
        on p.code = v.parent_code
    where not exists (
        select 1 from quota_own as o
        where o.area_code = p.code and o.funding_source = v.funding_source and o.year = v.year
    )
    group by p.code, p.parent_code, v.funding_source, v.year
),

regency_quota as (
    select area_code, parent_code, funding_source, year, target
    from quota_own
    where level = 'regency'
    union all
    select p.code, p.parent_code, d.funding_source, d.year, sum(d.target)::bigint
    from district_quota as d
    inner join staging.regions as p
        on p.code = d.parent_code
    where not exists (
        select 1 from quota_own as o
        where o.area_code = p.code and o.funding_source = d.funding_source and o.year = d.year
    )
    group by p.code, p.parent_code, d.funding_source, d.year
),

quotas as (
    select 'village' as level, area_code, funding_source, year, target from village_quota
    union all
    select 'district', area_code, funding_source, year, target from district_quota
    union all
    select 'regency', area_code, funding_source, year, target from regency_quota
),

sources as (
    select distinct funding_source from quotas
),

village_deltas as (
    -- the village's changes in active participants per quota source
    -- (intermediate.coverage_deltas), where there are any
    select d.village_code, d.funding_source, d.month_index, sum(d.active_delta) as delta
    from intermediate.coverage_deltas as d
    inner join sources using (funding_source)
    group by all
    having sum(d.active_delta) <> 0
),

village_active as (
    -- active per village, source and month, for the months in which it changes or a
    -- quota month asks for it: a running sum over the calendar
    select
        v.village_code,
        v.funding_source,
        c.month_index,
        sum(coalesce(d.delta, 0)) over (
            partition by v.village_code, v.funding_source
            order by c.month_index
            rows between unbounded preceding and current row
        ) as active
    from (select distinct village_code, funding_source from village_deltas) as v
    cross join calendar as c
    left join village_deltas as d
        on d.village_code = v.village_code
        and d.funding_source = v.funding_source
        and d.month_index = c.month_index
),

area_active as (
    select 'village' as level, a.village_code as area_code, a.funding_source, a.month_index,
           a.active
    from village_active as a
    union all
    select 'district', r.district_code, a.funding_source, a.month_index, sum(a.active)
    from village_active as a
    inner join staging.regions as r
        on r.code = a.village_code
    group by all
    union all
    select 'regency', r.regency_code, a.funding_source, a.month_index, sum(a.active)
    from village_active as a
    inner join staging.regions as r
        on r.code = a.village_code
    group by all
),

final as (
    select
        month_of_index(c.month_index) as month,
        q.level,
        q.area_code,
        q.funding_source,
        q.target::bigint as target,
        coalesce(a.active, 0)::bigint as active,
        coalesce(a.active, 0) / nullif(q.target, 0) as attainment,
        greatest(q.target - coalesce(a.active, 0), 0)::bigint as open_slots
    from quotas as q
    inner join calendar as c
        on year_of_index(c.month_index) = q.year
    left join area_active as a
        on a.level = q.level
        and a.area_code = q.area_code
        and a.funding_source = q.funding_source
        and a.month_index = c.month_index
)

select *
from final
order by month, case level when 'regency' then 1 when 'district' then 2 else 3 end, area_code,
    funding_source
