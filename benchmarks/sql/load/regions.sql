-- staging.regions: the whole national gazetteer (the marts need every ancestor).
insert into staging.regions by name
select * from read_parquet($regions_path)
