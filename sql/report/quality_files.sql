-- The input files as a report publishes them: by label (kepesertaan #3 · xlsx · 2 lembar) and
-- SHA-256, never by name; `error` is turned into a published status by pipeline.publication.screen.file_status.
select
    label,
    kind,
    sha256,
    sheets,
    rows_read,
    rows_accepted,
    rows_rejected,
    error
from audit.input_files
order by kind, path
