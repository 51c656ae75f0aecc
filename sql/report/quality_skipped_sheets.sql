-- Sheets skipped for want of a recognisable header: counts only (a sheet name is free text).
select
    count(*)::bigint as sheets,
    count(distinct path)::bigint as files
from audit.notes
where topic = 'skipped_sheet'
having count(*) > 0
