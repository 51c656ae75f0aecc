-- Spells the generator wrote, over every province's partition.
select count(*) from read_parquet($spells_glob, hive_partitioning = true)
