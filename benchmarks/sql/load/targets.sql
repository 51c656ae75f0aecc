-- staging.targets: all of it, or the areas of one province ($province).
insert into staging.targets by name
select * from read_parquet($targets_path)
where $province is null or area_code[1:2] = $province
