-- Rejected rows per reason, the most frequent first.
select reason, count(*) as rows
from audit.rejected_rows
group by all
order by 2 desc, 1
