-- Villages of the report's regencies whose active count changed by more than their new and
-- lapsed participants explain in the reporting month: active(M) − active(M−1) − new(M) +
-- lapsed(M) is the net number of participants who moved in (CONTRACT §4: a mover is
-- neither new nor lapsed), listed where at least $min_count either way.
with villages as (
    select
        v.village_code,
        v.village_name,
        v.district_name,
        v.active,
        p.active as active_before,
        v.new,
        v.lapsed,
        v.active - p.active - v.new + v.lapsed as net_movers_in
    from marts.coverage_by_village as v
    inner join marts.coverage_by_village as p
        on p.village_code = v.village_code
        and p.month = $prev_month
    where v.month = $month and list_contains($regencies, v.regency_code)
)

select *
from villages
where abs(net_movers_in) >= $min_count
order by abs(net_movers_in) desc, village_code
