-- How many enrolment and claim files the figures rest on: the scope of the coverage.
select kind, count(*) filter (where error is null)::bigint as files
from audit.input_files
where kind in ('enrolment', 'claims')
group by kind
order by kind
