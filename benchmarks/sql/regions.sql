-- staging.regions from the national Kemendagri gazetteer (kode, nama): every province,
-- regency, district and village with its level and ancestors.
with gazetteer as (
    select kode as code, nama as name, len(string_split(kode, '.')) as depth
    from read_csv($gazetteer_path, header = true, all_varchar = true)
),

final as (
    select
        code,
        name,
        ['province', 'regency', 'district', 'village'][depth] as level,
        case depth when 1 then null else code[1:[0, 2, 5, 8][depth]] end as parent_code,
        code[1:2] as province_code,
        case when depth >= 2 then code[1:5] end as regency_code,
        case when depth >= 3 then code[1:8] end as district_code,
        depth = 4 and code[10] = '1' as is_kelurahan
    from gazetteer
)

select *
from final
order by code
