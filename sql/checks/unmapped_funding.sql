-- Warning: funding-source spellings mapped to LAINNYA: add them to
-- reference/sumber_dana.csv unless they really are "other".
with final as (
    select regency_code, funding_text, count(*) as spell_count
    from staging.spells
    where funding_source = unmapped_code() or funding_source is null
    group by regency_code, funding_text
)

select *
from final
order by spell_count desc, regency_code, funding_text
