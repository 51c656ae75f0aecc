-- (month, regency) whose renewals due, summed over funding sources and due months,
-- count more persons than are active there that month, or with a due month outside
-- the month itself to eleven months later, or a negative count or cost.
with due as (
    select month, regency_code, sum(persons) as persons
    from marts.renewals_due
    group by month, regency_code
),

too_many as (
    select d.month, d.regency_code, 'more_than_active' as problem, d.persons, a.active
    from due as d
    left join marts.coverage_by_area as a
        on a.month = d.month
        and a.level = 'regency'
        and a.area_code = d.regency_code
    where d.persons > coalesce(a.active, 0)
),

invalid as (
    select month, regency_code, 'invalid_row', persons, renewal_cost_idr
    from marts.renewals_due
    where persons <= 0
        or renewal_cost_idr < 0
        or due_month < month
        or due_month > month + interval 11 month
)

select * from too_many
union all
select * from invalid
order by 1, 2, 3
