-- The first $limit rows of any table, for an asset's preview in the UI.
select *
from {table}
limit $limit
