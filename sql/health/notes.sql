-- Sheets noted as lacking a required column (pipeline.health).
select path, coalesce(sheet, '') as sheet, topic
from audit.notes
where topic = 'missing_column'
order by path, sheet
