-- How fresh each source is in the report's month, over the scope's regencies: one row per
-- funding source (the latest tgl_mulai over its enrolment files, their labels listed) and
-- one per claims file (its latest submission or payment), from marts.source_freshness.
-- `active_share` is the source's share of the scope's active participants
-- (marts.coverage_by_funding); null for a claims file. A source is stale when its
-- latest date lies more than 45 days before the month's end, as in the mart.
with rows_now as (
    select *
    from marts.source_freshness
    where month = $month and list_contains($regencies, regency_code)
),

active as (
    select funding_source, sum(active) as active, sum(sum(active)) over () as total
    from marts.coverage_by_funding
    where month = $month and list_contains($regencies, regency_code)
    group by funding_source
),

by_source as (
    select
        'enrolment' as source_kind,
        source as funding_source,
        string_agg(distinct source_label, '; ' order by source_label) as files,
        max(latest_date) as latest_date
    from rows_now
    where source_kind = 'enrolment'
    group by source
    union all
    select 'claims', null, source_label, max(latest_date)
    from rows_now
    where source_kind = 'claims'
    group by source_label
),

final as (
    select
        b.source_kind,
        b.funding_source,
        b.files,
        b.latest_date,
        (last_day($month::date) - b.latest_date)::integer as days_before_month_end,
        (last_day($month::date) - b.latest_date) > 45 as stale,
        a.active,
        a.active / nullif(a.total, 0) as active_share
    from by_source as b
    left join active as a
        on a.funding_source = b.funding_source
)

select *
from final
order by source_kind desc, funding_source, files
