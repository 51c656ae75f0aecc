-- Age in whole years on the last day of month index m (year * 12 + month - 1), from a
-- birth date when given, else from a NIK's birth day, month and two-digit year: the
-- year yy is 20yy when that is not after m's year, else 19yy (CONTRACT §4). No date is
-- built from the NIK's digits (a NIK may say 31 February): years, then month and day
-- compared as numbers.
create or replace temp macro age_at_month_end(m, birth_date, nik_day, nik_month, nik_yy) as (
    with parts as (
        select
            m // 12 as year_,
            m % 12 + 1 as month_,
            day(last_day(make_date(m // 12, m % 12 + 1, 1))) as day_,
            coalesce(year(birth_date::date),
                     if(2000 + nik_yy <= m // 12, 2000 + nik_yy, 1900 + nik_yy)) as birth_year,
            coalesce(month(birth_date::date), nik_month) as birth_month,
            coalesce(day(birth_date::date), nik_day) as birth_day
    )
    select year_ - birth_year
        - if(month_ < birth_month or (month_ = birth_month and day_ < birth_day), 1, 0)
    from parts
)
