-- Active RT/RW heads at the end of M per district (or per regency for a province
-- summary), every area of the scope listed, zero where none. Counts only. Who is active
-- and under which spell comes from intermediate.coverage_ranges, as for every mart.
-- $regencies; $eom; $level: 'district' or 'regency'; $rt_rw, $rt_rw_exclude: as in
-- occupation_counts.sql.
with attributed as (
    select
        s.regency_code,
        s.district_code,
        trim(regexp_replace(lower(coalesce(s.occupation, '')), '[^a-z0-9]+', ' ', 'g'))
            as occupation_norm
    from intermediate.coverage_ranges as r
    inner join staging.spells as s
        on s.spell_id = r.spell_id
    where r.measure = 'active'
        and year($eom::date) * 12 + month($eom::date) - 1
            between r.from_month_index and r.to_month_index
        and list_contains($regencies, r.regency_code)
),

heads as (
    select
        case when $level = 'district' then district_code else regency_code end as area_code,
        count(*)::bigint as rt_rw_heads
    from attributed
    where regexp_matches(occupation_norm, $rt_rw)
        and not regexp_matches(occupation_norm, $rt_rw_exclude)
    group by all
),

areas as (
    select distinct area_code, area_name
    from marts.coverage_by_area
    where level = $level
        and list_contains($regencies, case when $level = 'district'
            then array_to_string(string_split(area_code, '.')[1:2], '.')
            else area_code end)
),

final as (
    select a.area_code, a.area_name, coalesce(h.rt_rw_heads, 0)::bigint as rt_rw_heads
    from areas as a
    left join heads as h
        on h.area_code = a.area_code
)

select * from final order by area_code
