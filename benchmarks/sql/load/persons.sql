-- identity.persons, which the sex-and-age mart reads (NIK only: no name or birth date).
insert into identity.persons by name
select
    md5('nik:' || nik) as person_id,
    any_value(nik) as nik
from read_parquet($spells_glob, hive_partitioning = true, hive_types = {'province_code': varchar})
where $province is null or province_code = $province
group by all
