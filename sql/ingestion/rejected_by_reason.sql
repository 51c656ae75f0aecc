-- Rejected rows per kind of input and reason, the most frequent first (ingestion's metadata).
select kind, reason, count(*) as rows
from audit.rejected_rows
group by all
order by kind, rows desc, reason
