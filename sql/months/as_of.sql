-- The data's as-of date (CONTRACT §6): the latest date on which an accepted spell starts or
-- an accepted claim is submitted or paid, with the input row it comes from. Staging holds
-- accepted rows only. Ties go to the first file, sheet and row.
with dated as (
    select
        start_date as as_of_date, 'tgl_mulai' as field, source_path, source_sheet, source_row
    from staging.spells
    where start_date is not null
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
    select as_of_date, field, source_path, source_sheet, source_row
    from dated
    order by as_of_date desc, source_path, source_sheet, source_row
    limit 1
)

select * from final
