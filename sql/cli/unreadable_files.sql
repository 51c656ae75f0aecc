-- Input files that could not be read, with why.
select path, error
from audit.input_files
where error is not null
order by path
