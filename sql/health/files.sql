-- Input files as input health (pipeline.audit.health) judges them.
select path, kind, rows_read, rows_rejected, error
from audit.input_files
order by path
