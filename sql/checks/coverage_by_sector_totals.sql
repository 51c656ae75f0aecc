-- Sector rows with a negative count or rate, and (month, regency) pairs whose active
-- participants summed over sectors differ from the sum over the regency's villages:
-- each active person is counted once, in one sector.
with sectors as (
    select month, regency_code, sum(active) as active
    from marts.coverage_by_sector
    group by month, regency_code
),

villages as (
    select month, regency_code, sum(active) as active
    from marts.coverage_by_village
    group by month, regency_code
),

mismatches as (
    select
        coalesce(s.month, v.month) as month,
        coalesce(s.regency_code, v.regency_code) as regency_code,
        null as sector_code,
        coalesce(s.active, 0) as sector_active,
        coalesce(v.active, 0) as village_active
    from sectors as s
    full join villages as v
        on v.month = s.month
        and v.regency_code = s.regency_code
    where coalesce(s.active, 0) <> coalesce(v.active, 0)
),

invalid_rows as (
    select month, regency_code, sector_code, active as sector_active, null as village_active
    from marts.coverage_by_sector
    where active < 0 or coverage_rate < 0
),

final as (
    select * from mismatches
    union all
    select * from invalid_rows
)

select *
from final
order by month, regency_code, sector_code nulls first
