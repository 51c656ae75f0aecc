-- The first $limit rows of a mart in month $month, for the asset's preview in the UI.
select *
from {table}
where month = $month
limit $limit
