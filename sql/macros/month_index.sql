-- The month of a date as one integer, year * 12 + month - 1: month ranges and running
-- sums work on it (month_of_index turns it back into a month, year_of_index gives its year).
create or replace temp macro month_index(d) as year(d::date) * 12 + month(d::date) - 1
