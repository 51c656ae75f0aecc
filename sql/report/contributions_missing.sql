-- Active participants whose attributed spell carries no iuran_bulanan, by funding source
-- over the report's regencies (the report says so instead of showing Rp0 for an unknown:
-- marts.coverage_by_funding sums the iuran that are recorded, CONTRACT §4). Accepted
-- contributions are at least Rp1.000, so a contribution of 0 (or null) in
-- intermediate.coverage_ranges is one that was not recorded (nor found on a re-sent copy).
-- now: active in the reporting month; ytd: persons active in a month from January to it;
-- year: persons active in a month of the twelve to it; renewals: active in the reporting
-- month and due in it or the eleven after (marts.renewals_due). A row per funding source
-- and one for all of them ('*': a person counted once across the sources).
with bounds as (
    -- month indexes (as the macro month_index, spelt out: a report's connection may lack it)
    select
        year($month::date) * 12 + month($month::date) - 1 as month_index,
        year($month::date) * 12 as january_index,
        year($first12::date) * 12 + month($first12::date) - 1 as first12_index
),

missing as (
    select
        coalesce(r.person_id, r.spell_id::varchar) as who,
        r.funding_source,
        r.from_month_index,
        r.to_month_index,
        year(r.run_end_date) * 12 + month(r.run_end_date) - 1 as due_month_index,
        b.month_index,
        b.january_index
    from intermediate.coverage_ranges as r, bounds as b
    where r.measure = 'active'
        and coalesce(r.monthly_contribution_idr, 0) = 0
        and list_contains($regencies, r.regency_code)
        and r.to_month_index >= b.first12_index
        and r.from_month_index <= b.month_index
)

select
    if(grouping(funding_source) = 1, '*', funding_source) as funding_source,
    count(distinct who) filter (
        where month_index between from_month_index and to_month_index
    )::bigint as now_without,
    count(distinct who) filter (where to_month_index >= january_index)::bigint as ytd_without,
    count(distinct who)::bigint as year_without,
    count(distinct who) filter (
        where month_index between from_month_index and to_month_index
            and due_month_index <= month_index + 11
    )::bigint as renewals_without
from missing
group by grouping sets ((funding_source), ())
order by all
