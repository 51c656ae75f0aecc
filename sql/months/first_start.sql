-- The first day of the data: the earliest accepted date of any kind (a spell's tgl_mulai,
-- a claim's event, submission or payment), with its input row. The marts begin in its
-- month (CONTRACT §5). Ties go to the first file, sheet and row.
with dated as (
    select start_date as first_date, 'tgl_mulai' as field, source_path, source_sheet, source_row
    from staging.spells
    where start_date is not null
    union all
    select event_date, 'tgl_kejadian', source_path, source_sheet, source_row
    from staging.claims
    where event_date is not null
    union all
    select submitted_date, 'tgl_pengajuan', source_path, source_sheet, source_row
    from staging.claims
    where submitted_date is not null
    union all
    select paid_date, 'tgl_bayar', source_path, source_sheet, source_row
    from staging.claims
    where paid_date is not null
),

final as (
    select first_date, field, source_path, source_sheet, source_row
    from dated
    order by first_date, source_path, source_sheet, source_row
    limit 1
)

select * from final
