-- staging.spells from the generated spells: all of them, or one province's ($province;
-- its Hive partition only, the others are never read). The inputs carry NIK and KPJ as
-- offices send them; staging holds pseudonyms instead: md5 of the identifier here (32 hex
-- characters, the width of ingestion's keyed HMAC), which costs the marts the same.
insert into staging.spells by name
select
    * exclude (nik, no_kpj),
    md5('nik:' || nik) as person_id,
    md5('kpj:' || no_kpj) as kpj_id
from read_parquet($spells_glob, hive_partitioning = true, hive_types = {'province_code': varchar})
where $province is null or province_code = $province
