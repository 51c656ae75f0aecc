-- Enrolment files that were read, with their rows read and rejected (for the message when
-- no enrolment row was accepted).
select count(*) as file_count, coalesce(sum(rows_read), 0) as rows_read,
    coalesce(sum(rows_rejected), 0) as rows_rejected
from audit.input_files
where kind = 'enrolment' and coalesce(error, '') not like 'not read:%'
