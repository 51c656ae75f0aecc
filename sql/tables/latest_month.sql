-- The latest month of a mart.
select max(month) as latest_month
from {table}
