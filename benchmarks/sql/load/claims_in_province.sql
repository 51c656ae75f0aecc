-- staging.claims of one province ($province), with pseudonyms as for the spells: the
-- claims of its participants (by NIK or KPJ, so run after staging.spells is loaded) and
-- those whose NIK says the province. A file of its own rather than a "$province is null
-- or ..." filter: the subqueries would be joined even when there is no province.
insert into staging.claims by name
with claims as (
    select
        * exclude (nik, no_kpj),
        md5('nik:' || nik) as person_id,
        md5('kpj:' || no_kpj) as kpj_id,
        nik[1:2] || '.' || nik[3:4] as nik_regency_code
    from read_parquet($claims_path)
)
select * from claims
where
    person_id in (select person_id from staging.spells)
    or (person_id is null and kpj_id in (select kpj_id from staging.spells))
    or nik_regency_code[1:2] = $province
