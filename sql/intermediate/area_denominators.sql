-- Workforce and target per area, year and sector after the rules of CONTRACT §3.2–§3.3:
-- * workforce: a year uses its own figure, else the latest earlier year's; an area
--   without a figure takes the sum of its direct children's figures when every child
--   has one (its own or so derived), else none. Applied village -> district -> regency
--   -> province, for all sectors (sector_code null) and for each sector alike.
-- * target: holds for its own year only; an area without its own target takes the sum
--   of the targets set below it (the nearest level where one is set), none when none is.
-- Years run from that of the earliest spell start to that of the as-of month ($month).
with years as (
    select unnest(generate_series(year(min(start_date)), year($month::date))) as year
    from staging.spells
),

child_counts as (
    select parent_code as area_code, count(*) as child_count
    from staging.regions
    where parent_code is not null
    group by parent_code
),

workforce_own as (
    select w.area_code, r.level, r.parent_code, w.sector_code, y.year, w.workforce
    from staging.workforce as w
    inner join staging.regions as r
        on r.code = w.area_code
    inner join years as y
        on w.year <= y.year
    qualify row_number() over (
        partition by w.area_code, w.sector_code, y.year
        order by w.year desc, w.workforce desc
    ) = 1
),

village_workforce as (
    select area_code, parent_code, sector_code, year, workforce
    from workforce_own
    where level = 'village'
),

district_workforce as (
    select area_code, parent_code, sector_code, year, workforce
    from workforce_own
    where level = 'district'
    union all
    select p.code, p.parent_code, f.sector_code, f.year, sum(f.workforce)::bigint
    from village_workforce as f
    inner join staging.regions as p
        on p.code = f.parent_code
    inner join child_counts as c
        on c.area_code = p.code
    where not exists (
        select 1
        from workforce_own as o
        where o.area_code = p.code
            and o.year = f.year
            and o.sector_code is not distinct from f.sector_code
    )
    group by p.code, p.parent_code, f.sector_code, f.year, c.child_count
    having count(*) = c.child_count
),

regency_workforce as (
    select area_code, parent_code, sector_code, year, workforce
    from workforce_own
    where level = 'regency'
    union all
    select p.code, p.parent_code, f.sector_code, f.year, sum(f.workforce)::bigint
    from district_workforce as f
    inner join staging.regions as p
        on p.code = f.parent_code
    inner join child_counts as c
        on c.area_code = p.code
    where not exists (
        select 1
        from workforce_own as o
        where o.area_code = p.code
            and o.year = f.year
            and o.sector_code is not distinct from f.sector_code
    )
    group by p.code, p.parent_code, f.sector_code, f.year, c.child_count
    having count(*) = c.child_count
),

province_workforce as (
    select area_code, parent_code, sector_code, year, workforce
    from workforce_own
    where level = 'province'
    union all
    select p.code, p.parent_code, f.sector_code, f.year, sum(f.workforce)::bigint
    from regency_workforce as f
    inner join staging.regions as p
        on p.code = f.parent_code
    inner join child_counts as c
        on c.area_code = p.code
    where not exists (
        select 1
        from workforce_own as o
        where o.area_code = p.code
            and o.year = f.year
            and o.sector_code is not distinct from f.sector_code
    )
    group by p.code, p.parent_code, f.sector_code, f.year, c.child_count
    having count(*) = c.child_count
),

target_own as (
    -- targets of every funding source; a programme quota (funding_source set) counts
    -- only its own source's workers and is rolled up by marts.quota_by_funding
    select t.area_code, r.level, r.parent_code, t.year, max(t.target) as target
    from staging.targets as t
    inner join staging.regions as r
        on r.code = t.area_code
    where t.funding_source is null
    group by t.area_code, r.level, r.parent_code, t.year
),

village_target as (
    select area_code, parent_code, year, target
    from target_own
    where level = 'village'
),

district_target as (
    select area_code, parent_code, year, target
    from target_own
    where level = 'district'
    union all
    select p.code, p.parent_code, f.year, sum(f.target)::bigint
    from village_target as f
    inner join staging.regions as p
        on p.code = f.parent_code
    where not exists (
        select 1 from target_own as o where o.area_code = p.code and o.year = f.year
    )
    group by p.code, p.parent_code, f.year
),

regency_target as (
    select area_code, parent_code, year, target
    from target_own
    where level = 'regency'
    union all
    select p.code, p.parent_code, f.year, sum(f.target)::bigint
    from district_target as f
    inner join staging.regions as p
        on p.code = f.parent_code
    where not exists (
        select 1 from target_own as o where o.area_code = p.code and o.year = f.year
    )
    group by p.code, p.parent_code, f.year
),

province_target as (
    select area_code, parent_code, year, target
    from target_own
    where level = 'province'
    union all
    select p.code, p.parent_code, f.year, sum(f.target)::bigint
    from regency_target as f
    inner join staging.regions as p
        on p.code = f.parent_code
    where not exists (
        select 1 from target_own as o where o.area_code = p.code and o.year = f.year
    )
    group by p.code, p.parent_code, f.year
),

figures as (
    select area_code, 'village' as level, sector_code, year, workforce, null::bigint as target
    from village_workforce
    union all
    select area_code, 'district', sector_code, year, workforce, null from district_workforce
    union all
    select area_code, 'regency', sector_code, year, workforce, null from regency_workforce
    union all
    select area_code, 'province', sector_code, year, workforce, null from province_workforce
    union all
    select area_code, 'village', null, year, null, target from village_target
    union all
    select area_code, 'district', null, year, null, target from district_target
    union all
    select area_code, 'regency', null, year, null, target from regency_target
    union all
    select area_code, 'province', null, year, null, target from province_target
),

final as (
    select
        area_code,
        level,
        year,
        sector_code,
        max(workforce) as workforce,
        max(target) as target
    from figures
    group by area_code, level, year, sector_code
)

select *
from final
order by level, area_code, year, sector_code nulls first
