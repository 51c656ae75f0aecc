-- Rejected rows by reason: counts only (the values may be personal data).
select reason, count(*)::bigint as rows, count(distinct path)::bigint as files
from audit.rejected_rows
group by reason
order by rows desc, reason
