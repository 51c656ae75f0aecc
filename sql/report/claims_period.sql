-- Claims by programme over the report's regencies, from $first to the reporting month.
-- The mart's median days to pay is kept only for one regency and one month ($one_median):
-- a median of medians is no median.
select
    program,
    sum(paid_count)::bigint as paid_count,
    sum(paid_amount_idr)::bigint as paid_amount_idr,
    sum(pending_count)::bigint as pending_count,
    sum(rejected_count)::bigint as rejected_count,
    case when $one_median then any_value(median_days_to_pay) end as median_days_to_pay,
    sum(outside_coverage_count)::bigint as outside_coverage_count
from marts.claims_by_program
where list_contains($regencies, regency_code) and month between $first and $month
group by program
order by program
