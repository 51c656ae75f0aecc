-- Active participants by sector and regency in the reporting month: the attachment.
select *
from marts.coverage_by_sector
where list_contains($regencies, regency_code) and month = $month
order by regency_code, sector_code
