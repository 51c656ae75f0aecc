-- Month × area (district, regency, province) with a UCJ coverage-rate target and a coverage
-- rate (a workforce figure, not a partial row): the price of the target (issue 23 §3).
-- * target_rate: the area's own target for the month's year (reference/target_ucj), else
--   its nearest ancestor's (CONTRACT §3.3a);
-- * persons_needed = ceil(target_rate × workforce) − active, 0 once reached;
-- * median_contribution_idr: the median iuran_bulanan of the active participants whose
--   attributed spell has a public funding source (funding_codes() where is_public,
--   as in CONTRACT §4's cross checks) and an iuran, in the area that month (the mean of
--   the two middle values for an even count); yearly_cost_idr = persons_needed × 12 × it;
-- * net_growth_6m = (active − active six months before) / 6, null without that month;
-- * months_to_target: at that pace, the months until persons_needed is reached (0 when
--   reached, null when the pace is not positive or would take over 100 years);
--   target_month = month + months_to_target
--   (with the month's workforce and target: a later year's may differ).
-- An iuran is recorded when the range's monthly_contribution_idr is above 0
-- (intermediate.covered_spells writes 0 where no spell gives one).
with months as (
    select distinct month_index(month) as month_index
    from marts.coverage_by_area
),

regions as (
    select code as village_code, district_code, regency_code
    from staging.regions
    where level = 'village'
),

deltas as (
    -- +1 in an active range's first month, -1 in the month after its last (the marts'
    -- running-sum technique), per district and contribution, public sources only
    select g.district_code, r.monthly_contribution_idr as contribution_idr,
           r.from_month_index as month_index, 1 as delta
    from intermediate.coverage_ranges as r
    inner join regions as g using (village_code)
    where r.measure = 'active'
        and r.funding_source in (select funding_source from funding_codes() where is_public)
        and r.monthly_contribution_idr > 0
        and r.from_month_index <= month_index($month)
    union all
    select g.district_code, r.monthly_contribution_idr, r.to_month_index + 1, -1
    from intermediate.coverage_ranges as r
    inner join regions as g using (village_code)
    where r.measure = 'active'
        and r.funding_source in (select funding_source from funding_codes() where is_public)
        and r.monthly_contribution_idr > 0
        and r.to_month_index + 1 <= month_index($month)
),

summed_deltas as (
    select district_code, contribution_idr, month_index, sum(delta) as delta
    from deltas
    group by all
),

district_counts as (
    -- persons per district, contribution and month: a running sum over the months
    select
        k.district_code,
        k.contribution_idr,
        m.month_index,
        sum(coalesce(d.delta, 0)) over (
            partition by k.district_code, k.contribution_idr
            order by m.month_index
            rows between unbounded preceding and current row
        ) as persons
    from (select distinct district_code, contribution_idr from summed_deltas) as k
    cross join months as m
    left join summed_deltas as d
        on d.district_code = k.district_code
        and d.contribution_idr = k.contribution_idr
        and d.month_index = m.month_index
),

area_counts as (
    select 'district' as level, district_code as area_code, contribution_idr, month_index,
           persons
    from district_counts
    union all
    select 'regency', d.regency_code, c.contribution_idr, c.month_index, sum(c.persons)
    from district_counts as c
    inner join (select distinct district_code, regency_code from regions) as d using (district_code)
    group by all
    union all
    select 'province', left(d.regency_code, 2), c.contribution_idr, c.month_index, sum(c.persons)
    from district_counts as c
    inner join (select distinct district_code, regency_code from regions) as d using (district_code)
    group by all
),

cumulative as (
    select
        *,
        sum(persons) over (
            partition by level, area_code, month_index
            order by contribution_idr
            rows between unbounded preceding and current row
        ) as persons_up_to,
        sum(persons) over (partition by level, area_code, month_index) as persons_total
    from area_counts
    where persons > 0
),

medians as (
    -- the values at positions floor((n + 1) / 2) and floor(n / 2) + 1: one value for an odd
    -- count, the two middle ones for an even count
    select
        level,
        area_code,
        month_index,
        max(persons_total) as public_participants,
        (
            min(contribution_idr) filter (where persons_up_to >= (persons_total + 1) // 2)
            + min(contribution_idr) filter (where persons_up_to >= persons_total // 2 + 1)
        ) / 2 as median_contribution_idr
    from cumulative
    group by all
),

areas as (
    select
        a.*,
        lag(a.active, 6) over (partition by a.level, a.area_code order by a.month) as active_6_before
    from marts.coverage_by_area as a
),

targets as (
    -- the area's own target for the year, else its nearest ancestor's
    select
        a.month,
        a.level,
        a.area_code,
        arg_max(t.target_rate, length(t.area_code)) as target_rate
    from areas as a
    inner join staging.ucj_targets as t
        on t.year = year(a.month)
        and (t.area_code = a.area_code or starts_with(a.area_code, t.area_code || '.'))
    group by all
),

priced as (
    select
        a.month,
        a.level,
        a.area_code,
        a.area_name,
        t.target_rate,
        a.workforce,
        a.active,
        greatest(ceil(round(t.target_rate * a.workforce, 6)) - a.active, 0)::bigint as persons_needed,
        coalesce(m.public_participants, 0)::bigint as public_participants,
        m.median_contribution_idr,
        (a.active - a.active_6_before) / 6 as net_growth_6m
    from areas as a
    inner join targets as t
        on t.month = a.month
        and t.level = a.level
        and t.area_code = a.area_code
    left join medians as m
        on m.level = a.level
        and m.area_code = a.area_code
        and m.month_index = month_index(a.month)
    where a.coverage_rate is not null
),

final as (
    select
        *,
        case
            when persons_needed = 0 then 0
            else (persons_needed * 12 * median_contribution_idr)::bigint
        end as yearly_cost_idr,
        case
            when persons_needed = 0 then 0
            -- beyond a century the month is no date a meeting plans for (nor one DuckDB holds)
            when net_growth_6m > 0 and persons_needed / net_growth_6m <= 1200
                then ceil(round(persons_needed / net_growth_6m, 9))::integer
        end as months_to_target
    from priced
)

select
    month, level, area_code, area_name, target_rate, workforce, active, persons_needed,
    public_participants, median_contribution_idr, yearly_cost_idr, net_growth_6m,
    months_to_target,
    (month + to_months(months_to_target))::date as target_month
from final
order by month, case level when 'province' then 1 when 'regency' then 2 else 3 end, area_code
