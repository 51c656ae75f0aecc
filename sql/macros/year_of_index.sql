-- The year of month index i.
create or replace temp macro year_of_index(i) as i // 12
