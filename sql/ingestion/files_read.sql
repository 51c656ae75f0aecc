-- Every input file with its rows read, accepted and rejected (ingestion's metadata).
select path, rows_read, rows_accepted, rows_rejected, coalesce(error, '') as error
from audit.input_files
order by kind, path
