-- Month × regency × funding source: active participants by the funding source of their
-- attributed spell, their share of the regency's active participants (null when it has
-- none) and the monthly contributions of those spells (CONTRACT §4). Every funding
-- source seen in the regency's spells appears in every month, with zeros.
-- Beyond the contract's columns, new, lapsed and ending_soon per funding source, with
-- the definitions and attribution of marts.coverage_by_village (a lapsed participant
-- counts under the funding source of the spell attributed the month before), so that
-- the report's renewals-due table comes from the marts like every other figure.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

sources_seen as (
    select distinct regency_code, coalesce(funding_source, unmapped_code()) as funding_source
    from staging.spells
),

monthly_deltas as (
    -- the regency's changes in the month per funding source (intermediate.coverage_deltas)
    select
        regency_code,
        funding_source,
        month_index,
        sum(active_delta) as active_delta,
        sum(contribution_delta) as contribution_delta,
        sum(ending_soon_delta) as ending_soon_delta,
        sum(new_count) as new_count,
        sum(lapsed_count) as lapsed_count
    from intermediate.coverage_deltas
    group by regency_code, funding_source, month_index
),

counts as (
    select
        s.regency_code,
        s.funding_source,
        c.month_index,
        sum(coalesce(d.active_delta, 0)) over running as active,
        sum(coalesce(d.contribution_delta, 0)) over running as contributions_idr,
        coalesce(d.new_count, 0) as new,
        coalesce(d.lapsed_count, 0) as lapsed,
        sum(coalesce(d.ending_soon_delta, 0)) over running as ending_soon
    from sources_seen as s
    cross join calendar as c
    left join monthly_deltas as d
        on d.regency_code = s.regency_code
        and d.funding_source = s.funding_source
        and d.month_index = c.month_index
    window running as (
        partition by s.regency_code, s.funding_source
        order by c.month_index
        rows between unbounded preceding and current row
    )
),

final as (
    select
        month_of_index(month_index) as month,
        regency_code,
        funding_source,
        active::bigint as active,
        active / nullif(sum(active) over (partition by regency_code, month_index), 0) as share,
        contributions_idr::bigint as contributions_idr,
        new::bigint as new,
        lapsed::bigint as lapsed,
        ending_soon::bigint as ending_soon
    from counts
)

select *
from final
order by month, regency_code, funding_source
