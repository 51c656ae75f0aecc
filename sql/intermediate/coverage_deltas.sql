-- The monthly changes of the coverage counts per village, sector and funding source (those
-- of the attributed spell): what the coverage marts sum up and carry forward month by
-- month. From the person ranges of intermediate.coverage_ranges: active, contributions and
-- ending soon change by +1 (+ the contribution) in a range's first month and by -1 (- the
-- contribution) in the month after its last; new is counted in an active range's first
-- month and lapsed in the month after its last. A mart's count in month M is the sum of
-- the changes up to M (a running sum), so no table holds a row per person per month.
-- Changes after the as-of month ($month) cannot affect any month's counts: left out.
-- One aggregation of the person ranges for every mart that counts by these attributes;
-- counts are sums, so the table can also be built per bucket of persons and added up
-- (docs/scaling.md §5).
with changes as (
    select
        village_code, regency_code, sector_code, funding_source,
        from_month_index as month_index,
        (measure = 'active')::integer as active_delta,
        case when measure = 'active' then monthly_contribution_idr else 0 end
            as contribution_delta,
        (measure = 'ending_soon')::integer as ending_soon_delta,
        is_new::integer as new_count,
        0 as lapsed_count
    from intermediate.coverage_ranges
    where from_month_index <= month_index($month)
    union all
    select
        village_code, regency_code, sector_code, funding_source,
        to_month_index + 1 as month_index,
        -(measure = 'active')::integer,
        case when measure = 'active' then -monthly_contribution_idr else 0 end,
        -(measure = 'ending_soon')::integer,
        0,
        is_lapsed_after::integer
    from intermediate.coverage_ranges
    where to_month_index + 1 <= month_index($month)
),

final as (
    select
        village_code,
        regency_code,
        sector_code,
        funding_source,
        month_index,
        sum(active_delta)::bigint as active_delta,
        sum(contribution_delta)::bigint as contribution_delta,
        sum(ending_soon_delta)::bigint as ending_soon_delta,
        sum(new_count)::bigint as new_count,
        sum(lapsed_count)::bigint as lapsed_count
    from changes
    group by village_code, regency_code, sector_code, funding_source, month_index
)

-- no order by: only ever aggregated
select *
from final
