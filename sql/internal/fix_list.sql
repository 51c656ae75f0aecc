-- The village office's fix list (issue 10): one line per rejected row and per note,
-- per input file, with the value exactly as typed (identity.typed_values) where it was
-- kept, else the stored (masked) value. Personal data: written only to
-- processed/internal/, never published. Counts per file and the data's as-of date
-- (the latest spell start or claim date, as the reports show it) ride along.
with typed as (
    -- one value per cell, should a cell have been recorded twice
    select path, coalesce(sheet, '') as sheet, row_number, field, min(value) as value
    from identity.typed_values
    group by all
),

as_of as (
    -- never after the day the pipeline ran ($run_date, audit.ingestion_run's; CONTRACT §6):
    -- a spell entered ahead of its start does not set it
    select max(d) as as_of_date from (
        select max(start_date) as d
        from staging.spells
        where start_date <= coalesce($run_date::date, start_date)
        union all select max(submitted_date) from staging.claims
        union all select max(paid_date) from staging.claims
    )
),

rejected as (
    select
        r.path,
        coalesce(r.sheet, '') as sheet,
        r.row_number,
        r.field,
        'rejected' as line_kind,
        r.reason as code,
        coalesce(t.value, r.value) as value_as_typed,
        null::varchar as message,
        null::bigint as row_count
    from audit.rejected_rows as r
    left join typed as t
        on t.path = r.path
        and t.sheet = coalesce(r.sheet, '')
        and t.row_number is not distinct from r.row_number
        and t.field is not distinct from r.field
    where r.path is not null
),

noted as (
    select
        n.path,
        coalesce(n.sheet, '') as sheet,
        n.row_number,
        n.field,
        'note' as line_kind,
        n.topic as code,
        coalesce(
            t.value,
            -- a note about a whole sheet stores the sheet's name as its value: already shown
            case when n.field is null and n.value is not distinct from n.sheet then null else n.value end
        ) as value_as_typed,
        n.message,
        n.row_count
    from audit.notes as n
    left join typed as t
        on t.path = n.path
        and t.sheet = coalesce(n.sheet, '')
        and t.row_number is not distinct from n.row_number
        and t.field is not distinct from n.field
    where n.path is not null
),

lines as (
    select * from rejected
    union all
    select * from noted
),

final as (
    select
        l.path,
        l.sheet,
        l.row_number,
        l.field,
        l.line_kind,
        l.code,
        l.value_as_typed,
        l.message,
        l.row_count,
        count(*) filter (where l.line_kind = 'rejected') over (partition by l.path) as rejected_count,
        count(*) filter (where l.line_kind = 'note') over (partition by l.path) as note_count,
        as_of.as_of_date
    from lines as l, as_of
)

select * from final
order by path, sheet, row_number nulls first, line_kind desc, field nulls first, code, value_as_typed
