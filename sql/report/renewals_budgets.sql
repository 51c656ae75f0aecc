-- The contribution budgets (reference/anggaran) of the report's regencies by funding
-- source, for the reporting month's year and the next: what the renewals are set against.
select
    funding_source,
    sum(budget_idr) filter (where year = year($month::date) + 1)::bigint as next_year_budget_idr,
    sum(budget_idr) filter (where year = year($month::date))::bigint as this_year_budget_idr
from staging.budgets
where list_contains($regencies, area_code[1:5])
group by funding_source
