-- The first five notes a person should read (the counts-only topics left out): what stops
-- rows being read (a missing or ambiguous column, a file in the wrong place) before remarks.
select path, sheet, row_number, message
from audit.notes
where topic not in ('total_rows', 'repeated_header', 'rows_without_fields', 'column_numbers')
order by
    case
        when topic in ('missing_column', 'wrong_kind_sheet', 'ambiguous_column', 'second_column') then 0
        when topic in ('report_settings', 'unmapped_funding', 'unmapped_occupation', 'ignored_reference_row',
                       'ignored_mapping_row', 'ignored_header_row') then 1
        when topic = 'unknown_column' then 3
        else 2
    end,
    kind, path, sheet, row_number nulls first
limit 5
