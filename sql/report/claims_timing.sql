-- Per programme, for the report's regencies: claims pending at the end of the reporting
-- month by age (days from submission, else from the event, to that day), and over the
-- twelve months to the reporting month the median and longest days from the event to
-- payment of the paid claims that give both dates.
with claims as (
    select c.*
    from staging.claims as c
    inner join intermediate.claim_participants as p on p.claim_id = c.claim_id
    where list_contains($regencies, p.regency_code)
),

pending as (
    select
        program,
        ($month_end::date - coalesce(submitted_date, event_date)) as age_days
    from claims
    where status = 'PROSES' and coalesce(submitted_date, event_date) <= $month_end::date
),

paid as (
    select program, (paid_date - event_date) as days
    from claims
    where status = 'DIBAYAR' and paid_date is not null and event_date is not null
        and paid_date between $first::date and $month_end::date
)

select
    program,
    (select count(*) from pending as x where x.program = g.program and x.age_days <= 30)::bigint
        as pending_0_30,
    (select count(*) from pending as x where x.program = g.program and x.age_days between 31 and 60)::bigint
        as pending_31_60,
    (select count(*) from pending as x where x.program = g.program and x.age_days > 60)::bigint
        as pending_over_60,
    (select median(days) from paid as x where x.program = g.program) as median_days_event_to_paid,
    (select max(days) from paid as x where x.program = g.program) as max_days_event_to_paid,
    (select count(*) from paid as x where x.program = g.program)::bigint as paid_with_dates
from (select distinct program from claims) as g
order by program
