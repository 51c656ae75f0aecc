-- Workforce and target per area, year and sector after the rules of CONTRACT §3.2–§3.3:
-- * workforce: a year uses its own figure, else the latest earlier year's; an area
--   without a figure takes the sum of its direct children's figures when every child
--   has one (its own or so derived), else none. Applied village -> district -> regency
--   -> province, for all sectors (sector_code null) and for each sector alike, by one
--   recursive roll-up shared with the targets (`rolled`).
-- * target: holds for its own year only; an area without its own target takes the sum
--   of the targets set below it (the nearest level where one is set), none when none is.
-- Years: those of the marts' months (intermediate.data_span: from the earliest accepted
-- date's month to the as-of month).
with recursive years as (
    select distinct year(month) as year
    from intermediate.data_span
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

own as (
    select 'workforce' as measure, area_code, level, parent_code, sector_code, year, workforce as value
    from workforce_own
    union all
    select 'target', area_code, level, parent_code, null, year, target
    from target_own
),

level_ranks as (
    select * from (values (0, 'village'), (1, 'district'), (2, 'regency'), (3, 'province')) as l (rank, level)
),

-- The one roll-up, level by level from the villages up: each level's own figures, and for
-- each area without its own figure (of that measure, year and sector) the sum of its
-- children's, for the workforce only when every child has one. A marker row (measure
-- null) carries the recursion to the next level even where a level has no figure at all.
rolled (rank, measure, area_code, parent_code, sector_code, year, value) as (
    select 0, null::varchar, null::varchar, null::varchar, null::varchar, null::integer, null::bigint
    union all
    select 0, measure, area_code, parent_code, sector_code, year, value
    from own
    where level = 'village'
    union all
    select * from (
        select m.rank + 1, null, null, null, null, null, null
        from rolled as m
        where m.measure is null and m.rank < 3
        union all
        select m.rank + 1, o.measure, o.area_code, o.parent_code, o.sector_code, o.year, o.value
        from rolled as m
        inner join level_ranks as l
            on l.rank = m.rank + 1
        inner join own as o
            on o.level = l.level
        where m.measure is null
        union all
        select f.rank + 1, f.measure, p.code, p.parent_code, f.sector_code, f.year, sum(f.value)::bigint
        from rolled as f
        inner join staging.regions as p
            on p.code = f.parent_code
        inner join child_counts as c
            on c.area_code = p.code
        where f.measure is not null
            and f.rank < 3
            and not exists (
                select 1
                from own as o
                where o.measure = f.measure
                    and o.area_code = p.code
                    and o.year = f.year
                    and o.sector_code is not distinct from f.sector_code
            )
        group by f.rank, f.measure, p.code, p.parent_code, f.sector_code, f.year, c.child_count
        having f.measure = 'target' or count(*) = c.child_count
    )
),

final as (
    select
        r.area_code,
        l.level,
        r.year,
        r.sector_code,
        max(r.value) filter (where r.measure = 'workforce') as workforce,
        max(r.value) filter (where r.measure = 'target') as target
    from rolled as r
    inner join level_ranks as l
        on l.rank = r.rank
    where r.measure is not null
    group by r.area_code, l.level, r.year, r.sector_code
)

select *
from final
order by level, area_code, year, sector_code nulls first
