-- Rejected rows per input file (by its label) and reason.
select
    f.label,
    r.reason,
    count(*)::bigint as rows
from audit.rejected_rows as r
left join audit.input_files as f on r.path = f.path
group by f.kind, f.path, f.label, r.reason
order by f.kind, f.path, r.reason
