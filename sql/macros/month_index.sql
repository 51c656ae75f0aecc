-- The month of a date as one integer, year * 12 + month - 1: month ranges and running
-- sums work on it (make_date(i // 12, i % 12 + 1, 1) turns it back into a month).
create or replace temp macro month_index(d) as year(d::date) * 12 + month(d::date) - 1
