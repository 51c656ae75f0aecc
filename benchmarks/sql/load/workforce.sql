-- staging.workforce: all of it, or the areas of one province ($province).
insert into staging.workforce by name
select * from read_parquet($workforce_path)
where $province is null or area_code[1:2] = $province
