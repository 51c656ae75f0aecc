-- (month, regency) whose active participants summed over sex and age band differ from
-- the regency's active in marts.coverage_by_area, and rows with a negative count.
with sums as (
    select month, regency_code, sum(active) as active, min(active) as smallest
    from marts.coverage_by_sex_age
    group by month, regency_code
)

select s.month, s.regency_code, s.active as sex_age_active, a.active as regency_active,
       s.smallest
from sums as s
full join (
    select month, area_code as regency_code, active
    from marts.coverage_by_area
    where level = 'regency'
) as a
    on a.month = s.month
    and a.regency_code = s.regency_code
where coalesce(s.active, 0) <> coalesce(a.active, 0) or s.smallest < 0
order by 1, 2
