-- Every input file of the ingestion, as the archive indexes it (path order, as ingestion lists them).
select path, kind, sha256, error
from audit.input_files
order by kind, path
