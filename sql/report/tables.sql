-- The tables of the database: a section whose tables are missing is left out.
select schema_name, table_name from duckdb_tables()
