-- Sheets noted as not read (pipeline.audit.health): lacking a required column, or with the header of
-- the other kind (a claims sheet in an enrolment workbook), with the rows they hold.
select path, coalesce(sheet, '') as sheet, topic, row_count, message
from audit.notes
where topic in ('missing_column', 'wrong_kind_sheet')
order by path, sheet
