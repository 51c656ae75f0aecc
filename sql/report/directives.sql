-- The directives of meetings (reference/arahan) for the report's area: those set for one
-- of its regencies, or for the province they lie in, held on or before the reporting
-- month's last day, in date and file order.
select
    meeting_date, directive, indicator, responsible, deadline_date, area_code
from staging.directives
where (list_contains($regencies, area_code) or list_contains($provinces, area_code))
    and meeting_date <= last_day($month::date)
order by meeting_date, source_path, source_sheet, source_row
