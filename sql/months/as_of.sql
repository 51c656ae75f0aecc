-- The data's as-of date (CONTRACT §6): the latest date, not after the day the pipeline runs
-- ($run_date, recorded in audit.ingestion_run; null: no bound), on which an accepted spell
-- starts or an accepted claim is submitted or paid, with the input row it comes from. A
-- spell entered ahead of its start (accepted up to 92 days after the run day) is kept but
-- does not choose the month. Staging holds accepted rows only. Ties go to the first file,
-- sheet and row.
with dated as (
    select
        start_date as as_of_date, 'tgl_mulai' as field, source_path, source_sheet, source_row
    from staging.spells
    where start_date is not null
        and start_date <= coalesce($run_date::date, start_date)
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
    where as_of_date <= coalesce($run_date::date, as_of_date)
    order by as_of_date desc, source_path, source_sheet, source_row
    limit 1
)

select * from final
