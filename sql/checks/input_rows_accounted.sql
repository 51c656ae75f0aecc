-- Files whose rows do not add up: read = accepted + rejected, and accepted = rows in staging.
with staged as (
    select source_path as path, count(*) as n from staging.spells group by all
    union all
    select source_path, count(*) from staging.claims group by all
),

rejected as (
    select path, count(*) as n from audit.rejected_rows group by all
),

final as (
    select
        f.path,
        f.rows_read,
        f.rows_accepted,
        f.rows_rejected,
        coalesce(s.n, 0) as rows_in_staging,
        coalesce(r.n, 0) as rows_in_rejected
    from audit.input_files as f
    left join (select path, sum(n) as n from staged group by all) as s on s.path = f.path
    left join rejected as r on r.path = f.path
    where f.rows_read != f.rows_accepted + f.rows_rejected
        or f.rows_rejected != coalesce(r.n, 0)
        or (f.kind in ('enrolment', 'claims') and f.rows_accepted != coalesce(s.n, 0))
)

select * from final
order by path
