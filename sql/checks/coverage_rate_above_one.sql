-- Warning: rows where more participants are active than the workforce figure says are
-- employed (village, area or sector): usually an outdated or wrongly placed figure.
with final as (
    select month, 'village' as level, village_code as area_code, null as sector_code,
        active, workforce, coverage_rate
    from marts.coverage_by_village
    where coverage_rate > 1
    union all
    select month, level, area_code, null, active, workforce, coverage_rate
    from marts.coverage_by_area
    where coverage_rate > 1
    union all
    select month, 'regency', regency_code, sector_code, active, workforce, coverage_rate
    from marts.coverage_by_sector
    where coverage_rate > 1
)

select *
from final
order by month, level, area_code, sector_code nulls first
