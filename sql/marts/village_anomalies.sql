-- Month × village × measure (new, lapsed): the month's count against the village's own
-- previous twelve months (issue 23 §2, DHIS2's outlier rule). From the history (the
-- village's counts of the up to twelve months before, as many as the marts hold):
-- the median, the median absolute deviation from it (MAD) and the mean absolute deviation
-- from it; the modified z = 0.6745 · (value − median) / MAD, or, when the MAD is 0,
-- (value − median) / (1.253314 · mean absolute deviation) (both scale the deviation to a
-- standard deviation of a normal distribution); null with fewer than $anomaly_min_history
-- months of history or when every month of the history is the same. The usual range is
-- the history's 10th to 90th percentile (quantile_disc: of twelve months, all but the
-- highest and lowest one), so one earlier outlier does not widen it.
-- Flagged: at least $anomaly_min_history months of history, the value at least
-- $anomaly_min_count away from the median (a village going from 1 to 3 is no alarm), and
-- |modified z| > $anomaly_z, or any departure from a history that never varied.
with counts as (
    select month, village_code, village_name, district_code, district_name, regency_code,
           'new' as measure, new as value
    from marts.coverage_by_village
    union all
    select month, village_code, village_name, district_code, district_name, regency_code,
           'lapsed', lapsed
    from marts.coverage_by_village
),

histories as (
    -- every month of the mart is present for every village, so the twelve rows before are
    -- the twelve months before
    select
        *,
        coalesce(list(value) over (
            partition by village_code, measure
            order by month
            rows between 12 preceding and 1 preceding
        ), []) as history
    from counts
),

medians as (
    select *, len(history) as history_months, list_median(history) as median_value
    from histories
),

deviations as (
    select
        *,
        list_median(list_transform(history, lambda v: abs(v - median_value))) as mad,
        list_avg(list_transform(history, lambda v: abs(v - median_value))) as mean_abs_dev
    from medians
),

scored as (
    select
        *,
        case
            when history_months < $anomaly_min_history then null
            when mad > 0 then 0.6745 * (value - median_value) / mad
            when mean_abs_dev > 0 then (value - median_value) / (1.253314 * mean_abs_dev)
        end as modified_z
    from deviations
),

final as (
    select
        month,
        village_code,
        village_name,
        district_code,
        district_name,
        regency_code,
        measure,
        value::bigint as value,
        history_months::integer as history_months,
        median_value,
        mad,
        mean_abs_dev,
        modified_z,
        list_aggregate(history, 'quantile_disc', 0.1)::bigint as usual_low,
        list_aggregate(history, 'quantile_disc', 0.9)::bigint as usual_high,
        coalesce(
            history_months >= $anomaly_min_history
            and abs(value - median_value) >= $anomaly_min_count
            and (abs(modified_z) > $anomaly_z or (mean_abs_dev = 0 and value <> median_value)),
            false
        ) as flagged
    from scored
)

select *
from final
order by month, village_code, measure
