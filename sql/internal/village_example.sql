-- A village code of the data root's own gazetteer for the fix list's examples: the first
-- village of the regency with the most accepted spells, else the gazetteer's first village.
with spells as (
    select regency_code, count(*) as n from staging.spells group by all
),

final as (
    select r.code
    from staging.regions as r
    left join spells as s on s.regency_code = r.regency_code
    where r.level = 'village'
    order by s.n desc nulls last, r.code
    limit 1
)

select * from final
