-- The first day of month index i (the inverse of month_index), and its year.
create or replace temp macro month_of_index(i) as make_date(i // 12, i % 12 + 1, 1)
