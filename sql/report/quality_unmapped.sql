-- Spellings no mapping knows, with their row counts; the report shows a spelling only when
-- enough rows carry it (pipeline.publication.screen.fold_rare).
select topic, value, sum(row_count)::bigint as rows, count(*)::bigint as files
from audit.notes
where topic in ('unmapped_occupation', 'unmapped_funding', 'unknown_segment', 'unknown_status')
group by all
order by topic, rows desc, value
