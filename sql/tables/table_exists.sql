-- Whether table $schema.$name exists.
select count(*) > 0 as is_present
from duckdb_tables()
where schema_name = $schema and table_name = $name
