-- Warning: claims that no row of marts.claims_by_program counts: no regency (no NIK and
-- a KPJ that no enrolment row has), no date to place them by, or a month outside the
-- marts' months.
with bounds as (
    -- the marts' months: from that of the earliest accepted date (intermediate.data_span)
    select
        (select min(month) from intermediate.data_span) as first_month,
        $month::date as last_month
),

claims as (
    select
        c.claim_id,
        c.program,
        p.regency_code,
        date_trunc('month', case
            when c.status = 'DIBAYAR' then coalesce(c.paid_date, c.submitted_date, c.event_date)
            else coalesce(c.submitted_date, c.event_date)
        end)::date as month
    from staging.claims as c
    inner join intermediate.claim_participants as p
        on p.claim_id = c.claim_id
),

final as (
    select
        c.claim_id,
        c.program,
        c.month,
        case
            when c.regency_code is null then 'no_regency'
            when c.month is null then 'no_date'
            when c.month < b.first_month then 'before_first_month'
            else 'after_reporting_month'
        end as reason
    from claims as c
    cross join bounds as b
    where c.regency_code is null
        or c.month is null
        or c.month < b.first_month
        or c.month > b.last_month
        or b.first_month is null
)

select *
from final
order by reason, claim_id
