-- Age in whole years on the last day of month index m (year * 12 + month - 1), from a
-- birth date when given, else from a NIK's birth day, month and two-digit year: the
-- year yy is 20yy when that is not after m's year, else 19yy (CONTRACT §4). No date is
-- built from the NIK's digits (a NIK may say 31 February): years, then month and day
-- compared as numbers. One expression, no subquery: a macro with a subquery is planned
-- as a correlated subquery (a join) at every call.
create or replace temp macro age_at_month_end(m, birth_date, nik_day, nik_month, nik_yy) as (
    m // 12
    - coalesce(year(birth_date::date),
               if(2000 + nik_yy <= m // 12, 2000 + nik_yy, 1900 + nik_yy))
    - if(
        m % 12 + 1 < coalesce(month(birth_date::date), nik_month)
            or (m % 12 + 1 = coalesce(month(birth_date::date), nik_month)
                and day(last_day(make_date(m // 12, m % 12 + 1, 1)))
                    < coalesce(day(birth_date::date), nik_day)),
        1, 0)
)
