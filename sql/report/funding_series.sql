-- Active participants, flows and contributions by funding source over the report's
-- regencies, month by month over the trend.
select
    month,
    funding_source,
    sum(active)::bigint as active,
    sum(new)::bigint as new,
    sum(lapsed)::bigint as lapsed,
    sum(ending_soon)::bigint as ending_soon,
    sum(contributions_idr)::bigint as contributions_idr
from marts.coverage_by_funding
where list_contains($regencies, regency_code) and month between $first and $month
group by all
order by month, funding_source
