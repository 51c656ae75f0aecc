-- Active participants at the end of M-1 and M whose occupation marks an RT/RW head
-- or a civil servant in the BPU segment (the meeting's directives). Counts only.
-- $regencies; $prev_eom, $eom; $rt_rw, $rt_rw_exclude, $civil: regular expressions
-- matched against the occupation lower-cased with non-alphanumerics as one space.
with deaths as (
    select nik, min(event_date) as died
    from staging.claims
    where program = 'JKM' and status <> 'DITOLAK' and nik is not null
    group by nik
),
attributed as (
    select d.day, s.nik, s.regency_code, s.segment,
           trim(regexp_replace(lower(coalesce(s.occupation, '')), '[^a-z0-9]+', ' ', 'g'))
               as occupation_norm
    from (select unnest([$prev_eom::date, $eom::date]) as day) d
    join staging.spells s on s.start_date <= d.day and s.end_date >= d.day
    left join deaths x on x.nik = s.nik
    where x.died is null or x.died >= d.day
    qualify row_number() over (
        partition by d.day, s.nik
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_sheet desc,
                 s.source_row desc) = 1
),
final as (
    select
        count(*) filter (where day = $eom::date and is_rt_rw)::bigint as rt_rw_now,
        count(*) filter (where day = $prev_eom::date and is_rt_rw)::bigint as rt_rw_prev,
        count(*) filter (where day = $eom::date and is_civil)::bigint as civil_now,
        count(*) filter (where day = $prev_eom::date and is_civil)::bigint as civil_prev
    from (
        select day,
               regexp_matches(occupation_norm, $rt_rw)
                   and not regexp_matches(occupation_norm, $rt_rw_exclude) as is_rt_rw,
               regexp_matches(occupation_norm, $civil) and segment = 'BPU' as is_civil
        from attributed
        where list_contains($regencies, regency_code)
    )
)
select * from final
