-- Active RT/RW heads at the end of M per district (or per regency for a province
-- summary), every area of the scope listed, zero where none. Counts only.
-- $regencies; $prev_eom (unused but bound), $eom; $level: 'district' or 'regency';
-- $rt_rw, $rt_rw_exclude: as in occupation_counts.sql.
with deaths as (
    select nik, min(event_date) as died
    from staging.claims
    where program = 'JKM' and status <> 'DITOLAK' and nik is not null
    group by nik
),
attributed as (
    select s.nik, s.regency_code, s.district_code,
           trim(regexp_replace(lower(coalesce(s.occupation, '')), '[^a-z0-9]+', ' ', 'g'))
               as occupation_norm
    from staging.spells s
    left join deaths x on x.nik = s.nik
    where s.start_date <= $eom::date and s.end_date >= $eom::date
      and (x.died is null or x.died >= $eom::date)
      and $prev_eom::date is not null
    qualify row_number() over (
        partition by s.nik
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_sheet desc,
                 s.source_row desc) = 1
),
heads as (
    select case when $level = 'district' then district_code else regency_code end as area_code,
           count(*)::bigint as rt_rw_heads
    from attributed
    where list_contains($regencies, regency_code)
      and regexp_matches(occupation_norm, $rt_rw)
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
    from areas a left join heads h on h.area_code = a.area_code
)
select * from final order by area_code
