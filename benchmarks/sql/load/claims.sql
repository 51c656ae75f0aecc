-- staging.claims from the generated claims, all of them, with pseudonyms as for the spells
-- (one province's: claims_in_province.sql).
insert into staging.claims by name
select
    * exclude (nik, no_kpj),
    md5('nik:' || nik) as person_id,
    md5('kpj:' || no_kpj) as kpj_id,
    nik[1:2] || '.' || nik[3:4] as nik_regency_code
from read_parquet($claims_path)
