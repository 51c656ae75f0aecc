-- Months in which, over all the data, active(M) ≠ active(M−1) + new(M) − lapsed(M)
-- (CONTRACT §4: a person covered in both months is counted in both, one covered only in M
-- is new, one covered only in M−1 lapsed; a worker who moves village or regency is
-- neither, and moves cancel in the total). The month before the first has no one active.
-- Per regency and village the difference is the net movers in (sql/report/movers.sql shows
-- it where large).
with totals as (
    select month, sum(active) as active, sum(new) as new, sum(lapsed) as lapsed
    from marts.coverage_by_village
    group by month
),

final as (
    select
        month,
        coalesce(lag(active) over (order by month), 0) as active_before,
        new,
        lapsed,
        active,
        active - coalesce(lag(active) over (order by month), 0) - new + lapsed as difference
    from totals
)

select *
from final
where difference <> 0
order by month
