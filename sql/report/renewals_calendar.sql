-- Renewals coming due in the twelve months from the reporting month, by funding source
-- (summed over the report's regencies), in persons and Rupiah, with the contribution
-- budgets (reference/anggaran) of the years concerned where any is given.
with due as (
    select
        funding_source,
        due_month,
        sum(persons)::bigint as persons,
        sum(renewal_cost_idr)::bigint as cost_idr
    from marts.renewals_due
    where month = $month and list_contains($regencies, regency_code)
    group by all
),

budgets as (
    select funding_source, year, sum(budget_idr)::bigint as budget_idr
    from staging.budgets
    where list_contains($regencies, area_code[1:5])
    group by all
)

select
    d.funding_source,
    sum(d.persons) filter (where d.due_month = $month)::bigint as due_now,
    sum(d.persons) filter (where d.due_month > $month
                           and d.due_month <= $month + interval 2 month)::bigint as due_1_2,
    sum(d.persons) filter (where d.due_month > $month + interval 2 month
                           and d.due_month <= $month + interval 5 month)::bigint as due_3_5,
    sum(d.persons) filter (where d.due_month > $month + interval 5 month)::bigint as due_6_11,
    sum(d.persons)::bigint as persons,
    sum(d.cost_idr)::bigint as cost_idr,
    arg_max(d.due_month, d.persons) as peak_month,
    max(d.persons) as peak_persons,
    (select b.budget_idr from budgets as b
     where b.funding_source = d.funding_source and b.year = year($month) + 1) as next_year_budget_idr,
    (select b.budget_idr from budgets as b
     where b.funding_source = d.funding_source and b.year = year($month)) as this_year_budget_idr
from due as d
group by d.funding_source
order by persons desc, d.funding_source
