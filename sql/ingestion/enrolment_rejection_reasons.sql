-- The three most frequent reasons enrolment rows were rejected.
select reason, count(*) as rows
from audit.rejected_rows
where kind = 'enrolment'
group by all
order by 2 desc, 1
limit 3
