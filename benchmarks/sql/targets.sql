-- Synthetic targets (staging.targets shape): 100 insured workers per desa (not kelurahan)
-- for 2024 and 2025, the "1 desa 100 pekerja rentan" programme: a quota of APBD_KAB.
with final as (
    select code as area_code, y.year::integer as year, 100::bigint as target,
        'APBD_KAB' as funding_source
    from read_parquet($regions_path)
    cross join (select unnest([2024, 2025]) as year) as y
    where level = 'village' and not is_kelurahan
)

select *
from final
order by area_code, year
