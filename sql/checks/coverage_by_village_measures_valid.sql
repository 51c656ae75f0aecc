-- Village rows whose measures break an invariant: a negative count, more new or
-- ending-soon participants than active ones, or a negative rate.
with final as (
    select month, village_code, active, new, lapsed, ending_soon, coverage_rate, target_attainment
    from marts.coverage_by_village
    where active < 0 or new < 0 or lapsed < 0 or ending_soon < 0
        or new > active or ending_soon > active
        or coverage_rate < 0 or target_attainment < 0
)

select *
from final
order by month, village_code
