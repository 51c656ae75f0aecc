-- Rows that are not data (totals, repeated headers, empty template rows), by topic.
select topic, sum(row_count)::bigint as rows, count(distinct path)::bigint as files
from audit.notes
where topic in ('total_rows', 'repeated_header', 'rows_without_fields', 'column_numbers')
group by all
order by topic
