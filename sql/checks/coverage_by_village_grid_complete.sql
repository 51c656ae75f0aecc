-- (month, village) pairs that do not appear exactly once: every village of every regency
-- in the mart or with a spell, in every month from the earliest accepted date (spell start, claim event, submission or payment) to the as-of month.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

regencies as (
    select regency_code from marts.coverage_by_village
    union
    select regency_code from staging.spells
),

expected as (
    select month_of_index(c.month_index) as month, r.code as village_code
    from staging.regions as r
    inner join regencies as g
        on g.regency_code = r.regency_code
    cross join calendar as c
    where r.level = 'village'
),

actual as (
    select month, village_code, count(*) as row_count
    from marts.coverage_by_village
    group by month, village_code
),

final as (
    select
        coalesce(e.month, a.month) as month,
        coalesce(e.village_code, a.village_code) as village_code,
        coalesce(a.row_count, 0) as row_count,
        e.village_code is not null as is_expected
    from expected as e
    full join actual as a
        on a.month = e.month
        and a.village_code = e.village_code
    where e.village_code is null or a.row_count is distinct from 1
)

select *
from final
order by month, village_code
