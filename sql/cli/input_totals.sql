-- Input files and their rows read, accepted and rejected: the first line of `run`'s summary.
select count(*) as file_count, sum(rows_read) as rows_read, sum(rows_accepted) as rows_accepted,
    sum(rows_rejected) as rows_rejected
from audit.input_files
