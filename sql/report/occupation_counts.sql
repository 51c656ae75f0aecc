-- Active participants at the end of M-1 and M whose occupation marks an RT/RW head
-- or a civil servant in the BPU segment (the meeting's directives). Counts only.
-- Who is active and under which spell comes from intermediate.coverage_ranges, as for
-- every mart (deaths and attribution applied there); the occupation is the attributed
-- spell's. $regencies; $prev_eom, $eom; $rt_rw, $rt_rw_exclude, $civil: regular
-- expressions matched against the occupation lower-cased with non-alphanumerics as one
-- space.
with days as (
    select unnest([$prev_eom::date, $eom::date]) as day
),

attributed as (
    select
        d.day,
        s.segment,
        trim(regexp_replace(lower(coalesce(s.occupation, '')), '[^a-z0-9]+', ' ', 'g'))
            as occupation_norm
    from intermediate.coverage_ranges as r
    inner join days as d
        on year(d.day) * 12 + month(d.day) - 1 between r.from_month_index and r.to_month_index
    inner join staging.spells as s
        on s.spell_id = r.spell_id
    where r.measure = 'active'
        and list_contains($regencies, r.regency_code)
),

flagged as (
    select
        day,
        regexp_matches(occupation_norm, $rt_rw)
            and not regexp_matches(occupation_norm, $rt_rw_exclude) as is_rt_rw,
        regexp_matches(occupation_norm, $civil) and segment = 'BPU' as is_civil
    from attributed
),

final as (
    select
        count(*) filter (where day = $eom::date and is_rt_rw)::bigint as rt_rw_now,
        count(*) filter (where day = $prev_eom::date and is_rt_rw)::bigint as rt_rw_prev,
        count(*) filter (where day = $eom::date and is_civil)::bigint as civil_now,
        count(*) filter (where day = $prev_eom::date and is_civil)::bigint as civil_prev
    from flagged
)

select * from final
