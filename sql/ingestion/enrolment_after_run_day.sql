-- Accepted enrolment spells (for the message when no date of the data lies on or before the
-- run day: then every one of them starts after it, up to 92 days ahead) and the earliest start.
select count(*) as spells, min(start_date) as earliest_start
from staging.spells
