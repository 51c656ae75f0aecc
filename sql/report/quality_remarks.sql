-- Values read with a remark: counts only (the values may be personal data).
select
    topic,
    count(*)::bigint as notes,
    sum(coalesce(row_count, 1))::bigint as rows,
    count(distinct path)::bigint as files
from audit.notes
where topic in ('missing_column', 'wrong_kind_sheet', 'report_settings', 'ambiguous_column', 'second_column', 'ignored_header_row',
                'unknown_column', 'dropped_optional_value', 'month_first_dates',
                'ignored_mapping_row', 'ignored_reference_row', 'missing_region_row',
                'stray_quote', 'encoding', 'file_name', 'merged_cells', 'side_by_side_tables',
                'boundary_unmatched_code', 'boundary_bad_shape', 'boundary_missing_shape')
group by all
order by topic
