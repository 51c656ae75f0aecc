-- Month × area (district, regency, province): the village counts of
-- marts.coverage_by_village summed up the Kemendagri tree, with each area's own
-- workforce and target after the roll-up rules (intermediate.area_denominators).
with village_counts as (
    select v.*, r.province_code
    from marts.coverage_by_village as v
    inner join staging.regions as r
        on r.code = v.village_code
),

area_counts as (
    select
        month, 'district' as level, district_code as area_code,
        sum(active) as active, sum(new) as new, sum(lapsed) as lapsed,
        sum(ending_soon) as ending_soon
    from village_counts
    group by month, district_code
    union all
    select
        month, 'regency' as level, regency_code as area_code,
        sum(active), sum(new), sum(lapsed), sum(ending_soon)
    from village_counts
    group by month, regency_code
    union all
    select
        month, 'province' as level, province_code as area_code,
        sum(active), sum(new), sum(lapsed), sum(ending_soon)
    from village_counts
    group by month, province_code
),

final as (
    select
        a.month,
        a.level,
        a.area_code,
        r.name as area_name,
        a.active::bigint as active,
        a.new::bigint as new,
        a.lapsed::bigint as lapsed,
        a.ending_soon::bigint as ending_soon,
        d.workforce,
        a.active / nullif(d.workforce, 0) as coverage_rate,
        d.target,
        a.active / nullif(d.target, 0) as target_attainment
    from area_counts as a
    left join staging.regions as r
        on r.code = a.area_code
    left join intermediate.area_denominators as d
        on d.area_code = a.area_code
        and d.level = a.level
        and d.year = year(a.month)
        and d.sector_code is null
)

select *
from final
order by
    month,
    case level when 'province' then 1 when 'regency' then 2 else 3 end,
    area_code
