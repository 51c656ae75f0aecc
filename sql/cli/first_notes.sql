-- The first five notes a person should read (the counts-only topics left out).
select path, sheet, row_number, message
from audit.notes
where topic not in ('total_rows', 'repeated_header', 'rows_without_fields', 'column_numbers')
order by kind, path, sheet, row_number nulls first
limit 5
