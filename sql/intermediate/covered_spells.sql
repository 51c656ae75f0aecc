-- One row per spell that covers at least one day once deaths are applied (CONTRACT §4).
-- A death (non-rejected JKM claim) ends every spell of that NIK on the event date at the
-- latest. Months are counted as month_index = year * 12 + month - 1; a spell covers the
-- month-ends from first_month_index to last_month_index (an empty range when it covers
-- no month-end, e.g. 2025-01-05..2025-01-20).
with deaths as (
    select p.nik, min(c.event_date) as death_date
    from intermediate.claim_participants as p
    inner join staging.claims as c
        on c.claim_id = p.claim_id
    where p.is_death and p.nik is not null
    group by p.nik
),

truncated as (
    select
        s.spell_id,
        s.nik,
        s.programs,
        s.start_date,
        s.end_date,
        least(s.end_date, d.death_date) as covered_end_date,
        -- attribution order among spells covering the same day: latest start, then latest
        -- end, then file name and row; spell_id breaks any remaining tie
        row_number() over (
            partition by s.nik
            order by s.start_date, s.end_date, s.source_path, s.source_row, s.spell_id
        ) as attribution_rank
    from staging.spells as s
    left join deaths as d
        on d.nik = s.nik
),

final as (
    select
        spell_id,
        nik,
        programs,
        start_date,
        end_date,
        covered_end_date,
        attribution_rank,
        -- the first month-end on or after start_date is the end of start_date's own month
        year(start_date) * 12 + month(start_date) - 1 as first_month_index,
        -- the last month-end on or before covered_end_date is in the month of the next day,
        -- minus one
        year(covered_end_date + 1) * 12 + month(covered_end_date + 1) - 2 as last_month_index
    from truncated
    where covered_end_date >= start_date
)

-- no order by: this table is large and only ever aggregated
select *
from final
