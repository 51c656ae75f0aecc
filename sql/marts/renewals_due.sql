-- Reporting month × regency × funding source × due month (CONTRACT §4 "Renewals due"):
-- for each person active in month M, the coverage end is the last day of the unbroken
-- run of covered days (spells that overlap or follow each other day by day, cut by a
-- death) that contains the last day of M. Persons are counted by the funding source and
-- regency attributed in M and the month of that end, for due months M to M + 11;
-- renewal_cost_idr is 12 × the attributed spell's monthly contribution, summed.
-- Months are month indexes (the macro month_index). A person is active in M in exactly
-- one active range of intermediate.coverage_ranges, whose spell covers every month-end of
-- the range: the run holding M's last day is that spell's, run_end_date (a null one: a
-- spell without a person, counted nowhere). So a range counts in the months M of the range
-- that are at most 11 months before the month of its run's end D: +1 person (and its
-- contribution) from the first such month, -1 after the last, summed per (regency,
-- source, D) over the months D - 11 to D. No row per person and month.
with ranges as (
    select
        regency_code,
        funding_source,
        monthly_contribution_idr,
        month_index(run_end_date) as due_month_index,
        greatest(from_month_index, month_index(run_end_date) - 11) as first_month_index,
        least(to_month_index, month_index($month)) as last_month_index
    from intermediate.coverage_ranges
    where measure = 'active' and run_end_date is not null
),

due_ranges as (
    select *
    from ranges
    where first_month_index <= last_month_index
),

deltas as (
    select regency_code, funding_source, due_month_index, first_month_index as month_index,
           1 as persons, monthly_contribution_idr as contributions
    from due_ranges
    union all
    select regency_code, funding_source, due_month_index, last_month_index + 1,
           -1, -monthly_contribution_idr
    from due_ranges
),

monthly_deltas as (
    select regency_code, funding_source, due_month_index, month_index,
           sum(persons) as persons, sum(contributions) as contributions
    from deltas
    group by all
),

grid as (
    -- the twelve months D - 11 .. D of every (regency, source, due month) with a range
    select regency_code, funding_source, due_month_index,
           unnest(generate_series(due_month_index - 11, due_month_index)) as month_index
    from monthly_deltas
    group by regency_code, funding_source, due_month_index
),

running as (
    select
        g.regency_code,
        g.funding_source,
        g.due_month_index,
        g.month_index,
        sum(coalesce(d.persons, 0)) over by_month as persons,
        sum(coalesce(d.contributions, 0)) over by_month as contributions
    from grid as g
    left join monthly_deltas as d
        on d.regency_code is not distinct from g.regency_code
        and d.funding_source = g.funding_source
        and d.due_month_index = g.due_month_index
        and d.month_index = g.month_index
    window by_month as (
        partition by g.regency_code, g.funding_source, g.due_month_index
        order by g.month_index
        rows between unbounded preceding and current row
    )
),

final as (
    select
        month_of_index(month_index) as month,
        regency_code,
        funding_source,
        month_of_index(due_month_index) as due_month,
        persons::bigint as persons,
        (12 * contributions)::bigint as renewal_cost_idr
    from running
    where persons > 0
)

select *
from final
order by month, regency_code, funding_source, due_month
