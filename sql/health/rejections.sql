-- Rejected rows counted by file, sheet, kind and reason (pipeline.audit.health).
select path, coalesce(sheet, '') as sheet, kind, reason, count(*) as rows
from audit.rejected_rows
group by all
order by path, sheet, reason
