-- Notes per topic, the most frequent first.
select topic, count(*) as notes
from audit.notes
group by all
order by 2 desc, 1
