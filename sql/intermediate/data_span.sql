-- The months every mart covers, one row each (CONTRACT §5): from that of the earliest
-- accepted date of any kind (a spell's start, a claim's event, submission or payment) to
-- the data's as-of month $month, whatever month a run reports on; no row without data.
-- The marts' calendars, the denominators' years and the checks read it: the rule is here
-- once. (A macro cannot hold it: a macro binds its tables when it is defined, before the
-- staging tables exist.)
with months as (
    select month_index
    from month_series(
        least(
            (select min(start_date) from staging.spells),
            (select least(min(event_date), min(submitted_date), min(paid_date)) from staging.claims)
        ),
        $month
    )
),

final as (
    select month_index, month_of_index(month_index) as month
    from months
)

select *
from final
order by month_index
