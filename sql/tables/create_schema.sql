-- The schema a table is created in ({schema}: checked by pipeline.core.sql.statement).
create schema if not exists {schema}
