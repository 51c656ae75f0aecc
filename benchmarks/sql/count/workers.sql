-- Distinct workers (NIKs) among the spells the generator wrote.
select count(distinct nik) from read_parquet($spells_glob, hive_partitioning = true)
