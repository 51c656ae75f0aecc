-- Funding rows with a negative count or contribution, a share outside [0, 1] or a share
-- that is null while the regency has active participants (or set while it has none),
-- and (month, regency) pairs whose active participants summed over funding sources
-- differ from the sum over the regency's villages.
with sources as (
    select month, regency_code, sum(active) as active
    from marts.coverage_by_funding
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
        null as funding_source,
        coalesce(s.active, 0) as funding_active,
        coalesce(v.active, 0) as village_active,
        null::double as share
    from sources as s
    full join villages as v
        on v.month = s.month
        and v.regency_code = s.regency_code
    where coalesce(s.active, 0) <> coalesce(v.active, 0)
),

invalid_rows as (
    select f.month, f.regency_code, f.funding_source, f.active, s.active, f.share
    from marts.coverage_by_funding as f
    inner join sources as s
        on s.month = f.month
        and s.regency_code = f.regency_code
    where f.active < 0
        or f.contributions_idr < 0
        or f.share < 0
        or f.share > 1
        or (f.share is null) <> (s.active = 0)
),

final as (
    select * from mismatches
    union all
    select * from invalid_rows
)

select *
from final
order by month, regency_code, funding_source nulls first
