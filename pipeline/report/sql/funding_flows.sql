-- New, lapsed and ending-soon participants per funding source for one month, from
-- staging.spells, for a marts.coverage_by_funding without those columns.
-- CONTRACT §4: active = some spell covers the day; the attributed spell is the
-- latest-starting one (then latest-ending, then file and row); no spell covers a
-- day after a death recorded by a JKM claim that is not DITOLAK.
-- $regencies: regency codes; $prev_eom, $eom, $eom3: last days of M-1, M, M+3.
with deaths as (
    select nik, min(event_date) as died
    from staging.claims
    where program = 'JKM' and status <> 'DITOLAK' and nik is not null
    group by nik
),
covering as (
    select d.day, s.nik, s.regency_code, s.funding_source, s.start_date, s.end_date,
           s.source_path, s.source_sheet, s.source_row
    from (select unnest([$prev_eom::date, $eom::date, $eom3::date]) as day) d
    join staging.spells s on s.start_date <= d.day and s.end_date >= d.day
    left join deaths x on x.nik = s.nik
    where x.died is null or x.died >= d.day
),
attributed as (
    select * from covering
    qualify row_number() over (
        partition by day, nik
        order by start_date desc, end_date desc, source_path desc, source_sheet desc,
                 source_row desc) = 1
),
now as (select * from attributed where day = $eom::date),
prev as (select * from attributed where day = $prev_eom::date),
later as (select nik from attributed where day = $eom3::date),
flows as (
    select n.funding_source, 1 as active,
           case when p.nik is null then 1 else 0 end as new, 0 as lapsed,
           case when l.nik is null then 1 else 0 end as ending_soon
    from now n
    left join prev p on p.nik = n.nik
    left join later l on l.nik = n.nik
    where list_contains($regencies, n.regency_code)
    union all
    select p.funding_source, 0, 0, 1, 0
    from prev p
    left join now n on n.nik = p.nik
    where n.nik is null and list_contains($regencies, p.regency_code)
),
final as (
    select funding_source,
           sum(active)::bigint as active,
           sum(new)::bigint as new,
           sum(lapsed)::bigint as lapsed,
           sum(ending_soon)::bigint as ending_soon
    from flows
    group by funding_source
)
select * from final order by funding_source
