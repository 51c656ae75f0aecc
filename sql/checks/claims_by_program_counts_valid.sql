-- Claims rows with a negative count or amount, or more claims outside coverage than
-- claims counted; and months whose counted claims differ from the claims placed there
-- (each claim counted once, in its month, regency and programme).
with placed as (
    select
        month_index(d) as month_index,
        count(*) as claim_count
    from (
        select
            case
                when c.status = 'DIBAYAR' then coalesce(c.paid_date, c.submitted_date, c.event_date)
                else coalesce(c.submitted_date, c.event_date)
            end as d
        from staging.claims as c
        inner join intermediate.claim_participants as p
            on p.claim_id = c.claim_id
        where p.regency_code is not null
    )
    where d is not null
    group by month_index
),

counted as (
    select
        month_index(month) as month_index,
        sum(paid_count + pending_count + rejected_count) as claim_count
    from marts.claims_by_program
    group by month
),

mismatches as (
    select
        month_of_index(c.month_index) as month,
        null as regency_code,
        null as program,
        c.claim_count as counted_claims,
        coalesce(p.claim_count, 0) as placed_claims
    from counted as c
    left join placed as p
        on p.month_index = c.month_index
    where c.claim_count <> coalesce(p.claim_count, 0)
),

invalid_rows as (
    select
        month,
        regency_code,
        program,
        paid_count + pending_count + rejected_count as counted_claims,
        outside_coverage_count as placed_claims
    from marts.claims_by_program
    where paid_count < 0 or pending_count < 0 or rejected_count < 0 or paid_amount_idr < 0
        or outside_coverage_count < 0
        or outside_coverage_count > paid_count + pending_count + rejected_count
),

final as (
    select * from mismatches
    union all
    select * from invalid_rows
)

select *
from final
order by month, regency_code nulls first, program nulls first
