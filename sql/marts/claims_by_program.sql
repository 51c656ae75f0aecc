-- Month × regency × programme: claims paid, pending and rejected, the median days from
-- submission to payment, and JKK/JKM claims outside coverage (CONTRACT §4). A claim
-- counts in the month of its payment when paid, else of its submission, else of its
-- event; it belongs to the regency of intermediate.claim_participants. Every programme
-- seen in a regency's claims appears in every month, with zeros.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

claims as (
    select
        c.claim_id,
        p.person_id,
        p.regency_code,
        c.program,
        c.status,
        c.amount_idr,
        c.event_date,
        c.submitted_date,
        c.paid_date,
        case
            when c.status = 'DIBAYAR'
                then coalesce(c.paid_date, c.submitted_date, c.event_date)
            else coalesce(c.submitted_date, c.event_date)
        end as counted_date
    from staging.claims as c
    inner join intermediate.claim_participants as p
        on p.claim_id = c.claim_id
),

claims_assessed as (
    select
        *,
        month_index(counted_date) as month_index,
        -- deaths are applied first (intermediate.covered_spells), which keeps the day of
        -- a death covered; JHT, JP and JKP claims are never outside coverage
        program in ('JKK', 'JKM') and not exists (
            select 1
            from intermediate.covered_spells as s
            where s.person_id = claims.person_id
                and list_contains(s.programs, claims.program)
                and claims.event_date between s.start_date and s.covered_end_date
        ) as is_outside_coverage
    from claims
),

programs_seen as (
    select distinct regency_code, program
    from claims
    where regency_code is not null
),

monthly as (
    select
        regency_code,
        program,
        month_index,
        count(*) filter (where status = 'DIBAYAR') as paid_count,
        sum(amount_idr) filter (where status = 'DIBAYAR') as paid_amount_idr,
        count(*) filter (where status = 'PROSES') as pending_count,
        count(*) filter (where status = 'DITOLAK') as rejected_count,
        median(paid_date - submitted_date) filter (
            where status = 'DIBAYAR' and paid_date is not null and submitted_date is not null
        ) as median_days_to_pay,
        count(*) filter (where is_outside_coverage) as outside_coverage_count
    from claims_assessed
    group by regency_code, program, month_index
),

final as (
    select
        month_of_index(c.month_index) as month,
        p.regency_code,
        p.program,
        coalesce(m.paid_count, 0) as paid_count,
        coalesce(m.paid_amount_idr, 0)::bigint as paid_amount_idr,
        coalesce(m.pending_count, 0) as pending_count,
        coalesce(m.rejected_count, 0) as rejected_count,
        m.median_days_to_pay::double as median_days_to_pay,
        coalesce(m.outside_coverage_count, 0) as outside_coverage_count
    from programs_seen as p
    cross join calendar as c
    left join monthly as m
        on m.regency_code = p.regency_code
        and m.program = p.program
        and m.month_index = c.month_index
)

select *
from final
order by month, regency_code, program
