-- Funding rows with a negative count or contribution, a share outside [0, 1] or a share
-- that is null while the regency has active participants (or set while it has none),
-- and (month, regency, measure) whose active, new, lapsed or ending-soon participants
-- summed over funding sources differ from the sum over the regency's villages.
with sources as (
    select
        month, regency_code,
        sum(active) as active, sum(new) as new, sum(lapsed) as lapsed,
        sum(ending_soon) as ending_soon
    from marts.coverage_by_funding
    group by month, regency_code
),

villages as (
    select
        month, regency_code,
        sum(active) as active, sum(new) as new, sum(lapsed) as lapsed,
        sum(ending_soon) as ending_soon
    from marts.coverage_by_village
    group by month, regency_code
),

sums as (
    select
        coalesce(s.month, v.month) as month,
        coalesce(s.regency_code, v.regency_code) as regency_code,
        -- one row per measure: (measure, summed over funding sources, over villages)
        unnest([
            {'measure': 'active', 'funding': s.active, 'villages': v.active},
            {'measure': 'new', 'funding': s.new, 'villages': v.new},
            {'measure': 'lapsed', 'funding': s.lapsed, 'villages': v.lapsed},
            {'measure': 'ending_soon', 'funding': s.ending_soon, 'villages': v.ending_soon}
        ]) as pair
    from sources as s
    full join villages as v
        on v.month = s.month
        and v.regency_code = s.regency_code
),

mismatches as (
    select
        month,
        regency_code,
        null as funding_source,
        pair.measure as measure,
        coalesce(pair.funding, 0) as funding_value,
        coalesce(pair.villages, 0) as village_value,
        null::double as share
    from sums
    where coalesce(pair.funding, 0) <> coalesce(pair.villages, 0)
),

invalid_rows as (
    select f.month, f.regency_code, f.funding_source, null, f.active, s.active, f.share
    from marts.coverage_by_funding as f
    inner join sources as s
        on s.month = f.month
        and s.regency_code = f.regency_code
    where f.active < 0
        or f.new < 0
        or f.lapsed < 0
        or f.ending_soon < 0
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
order by month, regency_code, funding_source nulls first, measure
