-- The first day of the data: the earliest start of an accepted spell, with its input row.
-- The marts begin in its month (CONTRACT §5). Ties go to the first file, sheet and row.
with final as (
    select start_date as first_date, 'tgl_mulai' as field, source_path, source_sheet, source_row
    from staging.spells
    where start_date is not null
    order by start_date, source_path, source_sheet, source_row
    limit 1
)

select * from final
