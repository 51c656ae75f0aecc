-- Renewals coming due in the twelve months from the reporting month, by funding source
-- (summed over the report's regencies), in persons and Rupiah (the budgets they are set
-- against: renewals_budgets.sql).
with due as (
    select
        funding_source,
        due_month,
        sum(persons)::bigint as persons,
        sum(renewal_cost_idr)::bigint as cost_idr
    from marts.renewals_due
    where month = $month and list_contains($regencies, regency_code)
    group by all
)

select
    d.funding_source,
    sum(d.persons)::bigint as persons,
    sum(d.cost_idr)::bigint as cost_idr,
    -- the month most fall due; on a tie the earliest (arg_max alone would pick any)
    arg_min(d.due_month, (-d.persons, d.due_month)) as peak_month,
    max(d.persons) as peak_persons
from due as d
group by d.funding_source
order by persons desc, d.funding_source
