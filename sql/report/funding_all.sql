-- Active participants and contributions by funding source and regency, month by month
-- over the trend: the attachment.
select *
from marts.coverage_by_funding
where list_contains($regencies, regency_code) and month between $first and $month
order by month, regency_code, funding_source
