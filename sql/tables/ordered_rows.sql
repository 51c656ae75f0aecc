-- Every row of a table in key order: `order by all` sorts by every column left to right
-- (month first, then the codes), so an export is the same file for the same rows.
select *
from {table}
order by all
