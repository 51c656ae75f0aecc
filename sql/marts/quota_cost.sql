-- Month × regency × funding source with a programme quota for the regency (its own or
-- summed from below, marts.quota_by_funding): what filling the open slots for a year costs
-- against what is left of the year's contribution budget (issue 23 §3).
-- * median_contribution_idr: the median iuran_bulanan of the source's active participants
--   in the regency that month that have one (the mean of the two middle values for an
--   even count); open_cost_idr = open_slots × 12 × it;
-- * budget_idr: the year's budgets of the source (reference/anggaran) for the regency and
--   the areas inside it; null without one;
-- * spent_idr: the source's contributions in the regency from January to the month;
--   committed_idr: the month's contributions × the months left in the year (the active
--   participants kept covered to December);
-- * remaining_idr = budget_idr − spent_idr − committed_idr: what the budget still has for
--   new participants; covered: remaining_idr ≥ open_cost_idr.
-- An iuran is recorded when the range's monthly_contribution_idr is above 0
-- (intermediate.covered_spells writes 0 where no spell gives one).
with quotas as (
    select month, area_code as regency_code, funding_source, target, active, open_slots
    from marts.quota_by_funding
    where level = 'regency'
),

sources as (
    select distinct funding_source from quotas
),

deltas as (
    select r.regency_code, r.funding_source, r.monthly_contribution_idr as contribution_idr,
           r.from_month_index as month_index, 1 as delta
    from intermediate.coverage_ranges as r
    inner join sources using (funding_source)
    where r.measure = 'active'
        and r.monthly_contribution_idr > 0
        and r.from_month_index <= month_index($month)
    union all
    select r.regency_code, r.funding_source, r.monthly_contribution_idr, r.to_month_index + 1, -1
    from intermediate.coverage_ranges as r
    inner join sources using (funding_source)
    where r.measure = 'active'
        and r.monthly_contribution_idr > 0
        and r.to_month_index + 1 <= month_index($month)
),

summed_deltas as (
    select regency_code, funding_source, contribution_idr, month_index, sum(delta) as delta
    from deltas
    group by all
),

months as (
    select distinct month_index(month) as month_index from quotas
    union
    select distinct month_index from summed_deltas
),

counts as (
    select
        k.regency_code,
        k.funding_source,
        k.contribution_idr,
        m.month_index,
        sum(coalesce(d.delta, 0)) over (
            partition by k.regency_code, k.funding_source, k.contribution_idr
            order by m.month_index
            rows between unbounded preceding and current row
        ) as persons
    from (select distinct regency_code, funding_source, contribution_idr from summed_deltas) as k
    cross join months as m
    left join summed_deltas as d
        on d.regency_code = k.regency_code
        and d.funding_source = k.funding_source
        and d.contribution_idr = k.contribution_idr
        and d.month_index = m.month_index
),

cumulative as (
    select
        *,
        sum(persons) over (
            partition by regency_code, funding_source, month_index
            order by contribution_idr
            rows between unbounded preceding and current row
        ) as persons_up_to,
        sum(persons) over (partition by regency_code, funding_source, month_index) as persons_total
    from counts
    where persons > 0
),

medians as (
    select
        regency_code,
        funding_source,
        month_index,
        (
            min(contribution_idr) filter (where persons_up_to >= (persons_total + 1) // 2)
            + min(contribution_idr) filter (where persons_up_to >= persons_total // 2 + 1)
        ) / 2 as median_contribution_idr
    from cumulative
    group by all
),

budgets as (
    select area_code[1:5] as regency_code, year, funding_source, sum(budget_idr) as budget_idr
    from staging.budgets
    group by all
),

paid as (
    select
        month,
        regency_code,
        funding_source,
        contributions_idr,
        sum(contributions_idr) over (
            partition by regency_code, funding_source, year(month)
            order by month
            rows between unbounded preceding and current row
        ) as spent_idr
    from marts.coverage_by_funding
),

final as (
    select
        q.month,
        q.regency_code,
        q.funding_source,
        q.target,
        q.active,
        q.open_slots,
        m.median_contribution_idr,
        case
            when q.open_slots = 0 then 0
            else (q.open_slots * 12 * m.median_contribution_idr)::bigint
        end as open_cost_idr,
        b.budget_idr::bigint as budget_idr,
        coalesce(p.spent_idr, 0)::bigint as spent_idr,
        (coalesce(p.contributions_idr, 0) * (12 - month(q.month)))::bigint as committed_idr
    from quotas as q
    left join medians as m
        on m.regency_code = q.regency_code
        and m.funding_source = q.funding_source
        and m.month_index = month_index(q.month)
    left join budgets as b
        on b.regency_code = q.regency_code
        and b.funding_source = q.funding_source
        and b.year = year(q.month)
    left join paid as p
        on p.regency_code = q.regency_code
        and p.funding_source = q.funding_source
        and p.month = q.month
)

select
    *,
    budget_idr - spent_idr - committed_idr as remaining_idr,
    budget_idr - spent_idr - committed_idr >= open_cost_idr as covered
from final
order by month, regency_code, funding_source
