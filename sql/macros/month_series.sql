-- The month indexes from the month of first_day to that of last_day, one row each: the
-- calendar of every mart and check (first_day: the earliest accepted date; no rows when it is
-- null). Defined after month_index (the files run in name order).
create or replace temp macro month_series(first_day, last_day) as table
    select unnest(generate_series(month_index(first_day), month_index(last_day))) as month_index
