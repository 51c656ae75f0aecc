-- The executive summary's figures in the reporting month, the month before and the same
-- month a year before: one row per month that the marts hold.
with months as (
    select unnest([$month::date, $prev_month::date, $year_ago::date]) as month
),

area as (
    select month, active, workforce, coverage_rate, ending_soon, regencies_with_data, regencies_total
    from marts.coverage_by_area
    where level = $level and area_code = $code
),

quotas as (
    select month, sum(target)::bigint as quota, sum(open_slots)::bigint as open_slots
    from marts.quota_by_funding
    where level = 'regency' and list_contains($regencies, area_code)
    group by month
),

villages as (
    select month, count(*) filter (where active = 0)::bigint as villages_empty
    from marts.coverage_by_village
    where list_contains($regencies, regency_code)
    group by month
),

claims as (
    select
        month,
        sum(paid_count)::bigint as claims_paid,
        sum(paid_amount_idr)::bigint as claims_paid_idr
    from marts.claims_by_program
    where list_contains($regencies, regency_code)
    group by month
)

select
    m.month,
    a.active,
    a.workforce,
    a.coverage_rate,
    a.ending_soon,
    -- fewer regencies with data than the area has: a partial row (CONTRACT §5)
    a.regencies_with_data,
    a.regencies_total,
    q.quota,
    q.open_slots,
    v.villages_empty,
    coalesce(c.claims_paid, 0) as claims_paid,
    coalesce(c.claims_paid_idr, 0) as claims_paid_idr
from months as m
inner join area as a on a.month = m.month
left join quotas as q on q.month = m.month
left join villages as v on v.month = m.month
left join claims as c on c.month = m.month
order by m.month
