-- The day the ingestion ran (CONTRACT §6: the as-of date is never after it).
select max(run_date) as run_date
from audit.ingestion_run
