-- Quota rows that do not add up: a negative count, open slots other than
-- max(target − active, 0); a district or regency whose active differs from the sum of
-- its villages' (for the same source and month, every village of the area counted,
-- with or without a quota of its own: their rows come from coverage_by_funding's
-- attribution); a regency whose active differs from marts.coverage_by_funding's for
-- that source; and a derived quota (an area without its own) that is not the sum of the
-- quotas one level below.
with own as (
    select distinct area_code, funding_source, year
    from staging.targets
    where funding_source is not null
),

invalid as (
    select month, level, area_code, funding_source, 'row' as problem, active, target
    from marts.quota_by_funding
    where active < 0 or target < 0 or open_slots <> greatest(target - active, 0)
),

by_funding as (
    select q.month, q.level, q.area_code, q.funding_source, 'regency_vs_funding_mart',
           q.active, f.active
    from marts.quota_by_funding as q
    left join marts.coverage_by_funding as f
        on f.month = q.month
        and f.regency_code = q.area_code
        and f.funding_source = q.funding_source
    where q.level = 'regency' and q.active <> coalesce(f.active, 0)
),

children as (
    select q.month, p.parent_code as area_code, q.funding_source, sum(q.target) as target
    from marts.quota_by_funding as q
    inner join staging.regions as p
        on p.code = q.area_code
    where q.level in ('village', 'district')
    group by all
),

derived as (
    select q.month, q.level, q.area_code, q.funding_source, 'derived_quota', q.target, c.target
    from marts.quota_by_funding as q
    left join children as c
        on c.month = q.month
        and c.area_code = q.area_code
        and c.funding_source = q.funding_source
    where q.level in ('district', 'regency')
        and not exists (
            select 1 from own as o
            where o.area_code = q.area_code
                and o.funding_source = q.funding_source
                and o.year = year(q.month)
        )
        and q.target is distinct from c.target
)

select * from invalid
union all
select * from by_funding
union all
select * from derived
order by 1, 2, 3, 4
