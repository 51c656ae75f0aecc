-- The day the ingestion ran (input dates are judged against it), for the manifest.
select max(run_date) as run_date from audit.ingestion_run
