-- Every village of the report's regencies in the reporting month (the attachment), with
-- its programme quotas summed over funding sources (marts.quota_by_funding) and what a
-- meeting acts on: no participant at all, below a quota (any source short of its own
-- quota), below its target, or among the $lowest villages of lowest coverage rate. The
-- goal printed is the quotas when the village has any (filled by the workers of each
-- quota's source), else its target (filled by every worker).
with quotas as (
    select
        area_code as village_code,
        sum(target)::bigint as quota,
        sum(least(active, target))::bigint as quota_filled,
        sum(open_slots)::bigint as quota_open_slots
    from marts.quota_by_funding
    where level = 'village' and month = $month and list_contains($regencies, area_code[1:5])
    group by area_code
),

villages as (
    select
        v.*,
        q.quota,
        q.quota_filled,
        q.quota_open_slots,
        v.active = 0 as is_empty,
        coalesce(q.quota_open_slots > 0, false) as is_below_quota,
        coalesce(v.target_attainment < 1, false) as is_below_target,
        row_number() over (order by v.coverage_rate nulls last, v.village_code) as coverage_order
    from marts.coverage_by_village as v
    left join quotas as q on q.village_code = v.village_code
    where list_contains($regencies, v.regency_code) and v.month = $month
)

select
    * exclude (coverage_order),
    coverage_rate is not null and coverage_order <= $lowest as is_lowest,
    -- the village's goal as printed: its programme quotas when it has any, else its target
    coalesce(quota, target) as goal,
    case when quota is not null then quota_filled / quota else target_attainment end as goal_attainment,
    case when quota is not null then quota_open_slots else greatest(target - active, 0) end as shortfall,
    case
        when is_empty then 'empty'
        when is_below_quota or is_below_target then 'below'
        when quota is not null or target is not null then 'met'
        else 'none'
    end as status
from villages
order by district_code, village_code
