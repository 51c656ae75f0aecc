-- Month × regency × funding source: active participants by the funding source of their
-- attributed spell, their share of the regency's active participants (null when it has
-- none) and the monthly contributions of those spells (CONTRACT §4). Every funding
-- source seen in the regency's spells appears in every month, with zeros.
with calendar as (
    select unnest(generate_series(
        year(min(start_date)) * 12 + month(min(start_date)) - 1,
        year($month::date) * 12 + month($month::date) - 1
    )) as month_index
    from staging.spells
),

sources_seen as (
    select distinct regency_code, coalesce(funding_source, 'LAINNYA') as funding_source
    from staging.spells
),

deltas as (
    -- changes after the reporting month cannot affect its counts: left out early
    select
        regency_code, funding_source, from_month_index as month_index,
        1 as active_delta, monthly_contribution_idr as contribution_delta
    from intermediate.coverage_ranges
    where measure = 'active'
        and from_month_index <= year($month::date) * 12 + month($month::date) - 1
    union all
    select
        regency_code, funding_source, to_month_index + 1 as month_index,
        -1 as active_delta, -monthly_contribution_idr as contribution_delta
    from intermediate.coverage_ranges
    where measure = 'active'
        and to_month_index + 1 <= year($month::date) * 12 + month($month::date) - 1
),

monthly_deltas as (
    select
        regency_code,
        funding_source,
        month_index,
        sum(active_delta) as active_delta,
        sum(contribution_delta) as contribution_delta
    from deltas
    group by regency_code, funding_source, month_index
),

counts as (
    select
        s.regency_code,
        s.funding_source,
        c.month_index,
        sum(coalesce(d.active_delta, 0)) over running as active,
        sum(coalesce(d.contribution_delta, 0)) over running as contributions_idr
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
        make_date(month_index // 12, month_index % 12 + 1, 1) as month,
        regency_code,
        funding_source,
        active::bigint as active,
        active / nullif(sum(active) over (partition by regency_code, month_index), 0) as share,
        contributions_idr::bigint as contributions_idr
    from counts
)

select *
from final
order by month, regency_code, funding_source
