-- The cross checks an auditor reads first, as warnings: every (month, regency, check)
-- that finds persons.
select month, regency_code, "check", persons, contributions_after_death_idr
from marts.cross_checks
where persons > 0
order by month, regency_code, "check"
