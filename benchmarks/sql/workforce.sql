-- Synthetic workforce denominators (staging.workforce shape): every village has a figure
-- for 2020, 2022 and 2024 (the other years carry forward; districts, regencies and
-- provinces roll up), and every regency has a figure per KBLI section for 2020-2025.
with villages as (
    select code, regency_code
    from read_parquet($regions_path)
    where level = 'village'
),

regencies as (
    select code
    from read_parquet($regions_path)
    where level = 'regency'
),

sectors as (
    select unnest(['A', 'B', 'C', 'F', 'G', 'H', 'I', 'O', 'P', 'Q', 'S', 'T']) as sector_code
),

final as (
    select
        v.code as area_code,
        y.year::integer as year,
        null::varchar as sector_code,
        (400 + hash(v.code, y.year) % 3000)::bigint as workforce
    from villages as v
    cross join (select unnest([2020, 2022, 2024]) as year) as y
    union all
    select
        r.code,
        y.year::integer,
        s.sector_code,
        (2000 + hash(r.code, s.sector_code, y.year) % 60000)::bigint
    from regencies as r
    cross join sectors as s
    cross join range(2020, 2026) as y(year)
)

select *
from final
order by area_code, year, sector_code nulls first
