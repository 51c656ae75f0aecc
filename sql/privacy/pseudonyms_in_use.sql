-- Whether a database already holds pseudonyms: rows in the staging tables that carry person_id.
select coalesce(max(estimated_size), 0) > 0 as in_use
from duckdb_tables()
where schema_name = 'staging' and table_name in ('spells', 'claims')
