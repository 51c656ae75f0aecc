-- How many months a mart covers and the first of them.
select count(distinct month) as month_count, min(month) as first_month
from {table}
