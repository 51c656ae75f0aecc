-- Warning: JKK and JKM claims whose event date no spell of the person with that programme
-- covers, per month, regency and programme.
with final as (
    select month, regency_code, program, outside_coverage_count
    from marts.claims_by_program
    where outside_coverage_count > 0
)

select *
from final
order by month, regency_code, program
