-- The first five notes a person should read (the counts-only topics left out): what stops
-- rows being read (a missing or ambiguous column, a file in the wrong place) before
-- remarks; one line per topic and value (a spelling, a column), the one of most rows
-- first, with how many other places say the same.
with noted as (
    select
        path, sheet, row_number, message, topic,
        count(*) over same as places,
        sum(coalesce(row_count, 1)) over same as rows_noted,
        row_number() over (same order by path, sheet, row_number nulls first) as nth
    from audit.notes
    where topic not in ('total_rows', 'repeated_header', 'rows_without_fields', 'column_numbers')
    window same as (partition by topic, coalesce(value, message))
),

final as (
    select
        path,
        sheet,
        row_number,
        message || case when places > 1 then ' (and ' || (places - 1) || ' more place(s))' else '' end
            as message,
        case
            when topic in ('missing_column', 'wrong_kind_sheet', 'ambiguous_column', 'second_column') then 0
            when topic in ('report_settings', 'unmapped_funding', 'unmapped_occupation',
                           'ignored_reference_row', 'ignored_mapping_row', 'ignored_header_row') then 1
            when topic = 'unknown_column' then 3
            else 2
        end as priority,
        rows_noted
    from noted
    where nth = 1
)

select path, sheet, row_number, message
from final
order by priority, rows_noted desc, path, sheet, row_number nulls first
limit 5
