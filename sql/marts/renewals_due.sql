-- Reporting month × regency × funding source × due month (CONTRACT §4 "Renewals due"):
-- for each person active in month M, the coverage end is the last day of the unbroken
-- run of covered days (spells that overlap or follow each other day by day, cut by a
-- death) that contains the last day of M. Persons are counted by the funding source and
-- regency attributed in M and the month of that end, for due months M to M + 11;
-- renewal_cost_idr is 12 × the attributed spell's monthly contribution, summed.
-- Months are month indexes (the macro month_index). A run of covered days covers the
-- month-ends from that of its first day's month to the last one on or before its end;
-- a month-end M has its due month D at most 11 months later, so each run gives at most
-- twelve (M, D) rows.
with spells as (
    select person_id, start_date, covered_end_date
    from intermediate.covered_spells
    where person_id is not null
),

ordered as (
    select
        *,
        -- the latest end among the earlier spells of the person (by start, then end)
        max(covered_end_date) over (
            partition by person_id
            order by start_date, covered_end_date
            rows between unbounded preceding and 1 preceding
        ) as previous_end_date
    from spells
),

run_numbers as (
    select
        *,
        sum(case when previous_end_date >= start_date - 1 then 0 else 1 end) over (
            partition by person_id
            order by start_date, covered_end_date
            rows between unbounded preceding and current row
        ) as run_number
    from ordered
),

covered_runs as (
    select person_id, min(start_date) as run_start, max(covered_end_date) as run_end
    from run_numbers
    group by person_id, run_number
),

run_months as (
    select
        person_id,
        month_index(run_start) as first_month_index,
        month_index(run_end + 1) - 1 as last_month_index,
        month_index(run_end) as due_month_index
    from covered_runs
),

due as (
    select
        person_id,
        due_month_index,
        unnest(generate_series(
            greatest(first_month_index, due_month_index - 11),
            least(last_month_index, month_index($month))
        )) as month_index
    from run_months
    where least(last_month_index, month_index($month))
        >= greatest(first_month_index, due_month_index - 11)
),

attributed as (
    -- the active range of the person that holds month M: its spell's regency, funding
    -- source and contribution
    select s.person_id, r.from_month_index, r.to_month_index, r.regency_code,
           r.funding_source, r.monthly_contribution_idr
    from intermediate.coverage_ranges as r
    inner join intermediate.covered_spells as s
        on s.spell_id = r.spell_id
    where r.measure = 'active'
),

final as (
    select
        month_of_index(d.month_index) as month,
        a.regency_code,
        a.funding_source,
        month_of_index(d.due_month_index) as due_month,
        count(*)::bigint as persons,
        (12 * sum(a.monthly_contribution_idr))::bigint as renewal_cost_idr
    from due as d
    inner join attributed as a
        on a.person_id = d.person_id
        and d.month_index between a.from_month_index and a.to_month_index
    group by all
)

select *
from final
order by month, regency_code, funding_source, due_month
