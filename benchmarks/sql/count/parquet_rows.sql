-- Rows of one Parquet file the generator wrote.
select count(*) from read_parquet($path)
