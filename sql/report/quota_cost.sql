-- The programme quotas' open slots and their yearly cost against the remaining budget
-- (marts.quota_cost) in the reporting month, per funding source summed over the report's
-- regencies; the median contribution only where one regency gives it.
select
    funding_source,
    sum(open_slots)::bigint as open_slots,
    case when count(*) = 1 then any_value(median_contribution_idr) end as median_contribution_idr,
    -- a sum with an unknown part is unknown, never a smaller figure
    case when bool_and(open_cost_idr is not null) then sum(open_cost_idr)::bigint end as open_cost_idr,
    case when bool_and(budget_idr is not null) then sum(budget_idr)::bigint end as budget_idr,
    case when bool_and(remaining_idr is not null) then sum(remaining_idr)::bigint end as remaining_idr,
    count(*) filter (where budget_idr is null) as regencies_without_budget
from marts.quota_cost
where month = $month and list_contains($regencies, regency_code)
group by funding_source
order by sum(open_slots) desc, funding_source
