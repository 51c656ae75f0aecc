-- Contributions of the year to date (January to the reporting month) by funding source,
-- against the year's contribution budget (reference/anggaran) where one is given: the
-- budget of the report's regencies and of the areas inside them.
with paid as (
    select funding_source, sum(contributions_idr)::bigint as ytd_idr
    from marts.coverage_by_funding
    where list_contains($regencies, regency_code)
        and month between date_trunc('year', $month::date) and $month
    group by funding_source
),

budgets as (
    select funding_source, sum(budget_idr)::bigint as budget_idr
    from staging.budgets
    where list_contains($regencies, area_code[1:5]) and year = year($month::date)
    group by funding_source
)

select
    coalesce(p.funding_source, b.funding_source) as funding_source,
    coalesce(p.ytd_idr, 0) as ytd_idr,
    b.budget_idr,
    p.ytd_idr / nullif(b.budget_idr, 0) as budget_used
from paid as p
full join budgets as b on b.funding_source = p.funding_source
order by b.budget_idr is null, coalesce(p.ytd_idr, 0) desc, funding_source
