-- Claims by programme and regency, month by month over twelve months: the attachment.
select *
from marts.claims_by_program
where list_contains($regencies, regency_code) and month between $first and $month
order by month, regency_code, program
