-- Month × area (district, regency, province): the village counts of
-- marts.coverage_by_village summed up the Kemendagri tree, with each area's own
-- workforce and target after the roll-up rules (intermediate.area_denominators).
-- regencies_with_data / regencies_total (CONTRACT §5): the area's regencies that have data
-- (every village of such a regency is in marts.coverage_by_village) and the area's
-- regencies in the shipped national gazetteer (staging.regions.national_regency_count; a
-- province that list lacks counts those of the data root's gazetteer, and never fewer
-- than have data). A district or regency is its own one regency. A row with fewer
-- regencies with data than the area has is partial: no coverage_rate, as its active
-- count is not the area's.
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

regency_counts as (
    select
        p.code as area_code,
        coalesce(
            max(p.national_regency_count),
            count(distinct g.code) filter (where g.level = 'regency')
        ) as regencies_total
    from staging.regions as p
    left join staging.regions as g
        on g.province_code = p.code
        and g.level = 'regency'
    where p.level = 'province'
    group by p.code
),

province_regencies_with_data as (
    select province_code as area_code, count(distinct regency_code) as regencies_with_data
    from village_counts
    group by province_code
),

coverage as (
    select
        a.*,
        coalesce(w.regencies_with_data, 1) as regencies_with_data,
        greatest(coalesce(c.regencies_total, 1), coalesce(w.regencies_with_data, 1)) as regencies_total
    from area_counts as a
    left join province_regencies_with_data as w
        on a.level = 'province'
        and w.area_code = a.area_code
    left join regency_counts as c
        on a.level = 'province'
        and c.area_code = a.area_code
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
        case
            when a.regencies_with_data >= a.regencies_total then a.active / nullif(d.workforce, 0)
        end as coverage_rate,
        d.target,
        a.active / nullif(d.target, 0) as target_attainment,
        a.regencies_with_data::integer as regencies_with_data,
        a.regencies_total::integer as regencies_total
    from coverage as a
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
