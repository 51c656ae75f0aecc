-- Warning: occupation spellings the mapping table does not know, kept as sector LAINNYA:
-- add them to reference/pekerjaan_sektor.csv.
with final as (
    select regency_code, occupation, count(*) as spell_count
    from staging.spells
    where sector_code = unmapped_code() or sector_code is null
    group by regency_code, occupation
)

select *
from final
order by spell_count desc, regency_code, occupation
