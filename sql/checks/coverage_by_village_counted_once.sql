-- Months in which the villages' active participants do not add up to the number of
-- distinct persons covered on the month's last day. The persons are counted here
-- independently of the attribution: each person's spells are merged into covered
-- stretches (gaps and islands on month indexes) and the stretches counted per month.
-- spell_id makes the window order total: with ties, the two windows could order two
-- identical spells differently and split one stretch in two.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

spells as (
    select person_id, spell_id, first_month_index, last_month_index
    from intermediate.covered_spells
    where first_month_index <= last_month_index
),

ordered as (
    select
        *,
        max(last_month_index) over (
            partition by person_id
            order by first_month_index, last_month_index, spell_id
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from spells
),

numbered as (
    select
        *,
        sum(case when covered_until >= first_month_index - 1 then 0 else 1 end) over (
            partition by person_id
            order by first_month_index, last_month_index, spell_id
            rows between unbounded preceding and current row
        ) as stretch_number
    from ordered
),

stretches as (
    select person_id, min(first_month_index) as from_month_index, max(last_month_index) as to_month_index
    from numbered
    group by person_id, stretch_number
),

deltas as (
    select from_month_index as month_index, count(*) as delta
    from stretches
    group by from_month_index
    union all
    select to_month_index + 1, -count(*)
    from stretches
    group by to_month_index
),

persons as (
    select
        c.month_index,
        sum(coalesce(d.delta, 0)) over (
            order by c.month_index rows between unbounded preceding and current row
        ) as persons_active
    from calendar as c
    left join (select month_index, sum(delta) as delta from deltas group by month_index) as d
        on d.month_index = c.month_index
),

villages as (
    select month, sum(active) as village_active
    from marts.coverage_by_village
    group by month
),

final as (
    select
        month_of_index(p.month_index) as month,
        p.persons_active::bigint as persons_active,
        coalesce(v.village_active, 0)::bigint as village_active
    from persons as p
    left join villages as v
        on v.month = month_of_index(p.month_index)
    where p.persons_active <> coalesce(v.village_active, 0)
)

select *
from final
order by month
