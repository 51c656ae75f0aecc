-- Renewals due by funding source and due month (the reporting month and the eleven after
-- it), summed over the report's regencies: persons and the year's cost in Rupiah.
select
    funding_source,
    due_month,
    sum(persons)::bigint as persons,
    sum(renewal_cost_idr)::bigint as cost_idr
from marts.renewals_due
where month = $month and list_contains($regencies, regency_code)
group by all
order by funding_source, due_month
