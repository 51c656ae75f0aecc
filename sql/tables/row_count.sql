-- The number of rows of any table ({table}: schema.name, checked by pipeline.core.sql.statement).
select count(*) as row_count
from {table}
