-- The number of rows of any table ({table}: schema.name, checked by pipeline.sql.statement).
select count(*) as row_count
from {table}
