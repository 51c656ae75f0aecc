-- One row per spell that covers at least one day once deaths are applied (CONTRACT §4).
-- A death (non-rejected JKM claim) ends every spell of that person on the event date at
-- the latest. A person is a person_id, the keyed pseudonym of the NIK. Months are
-- counted as month indexes (the macro month_index); a spell covers the month-ends from
-- first_month_index to last_month_index (an empty range when it covers no month-end,
-- e.g. 2025-01-05..2025-01-20). The attributes the coverage marts count by
-- (village, sector, funding source, contribution) come along, so that
-- intermediate.coverage_ranges needs no join back to staging.spells.
-- Most people have one spell: is_only_spell marks them, and only the spells of people
-- with several are ranked for attribution (a sort of a fraction of the rows).
with deaths as (
    select p.person_id, min(c.event_date) as death_date
    from intermediate.claim_participants as p
    inner join staging.claims as c
        on c.claim_id = p.claim_id
    where p.is_death and p.person_id is not null
    group by p.person_id
),

persons_with_several_spells as (
    -- by a 64-bit hash of the person_id, much cheaper to group than the text: two people
    -- whose ids share a hash would both be taken as having several spells, which only sends
    -- them through the general path (correct for anyone)
    select hash(person_id) as person_hash
    from staging.spells
    group by person_hash
    having count(*) > 1
),

truncated as not materialized (
    -- read twice below, each time with a filter on is_only_spell: not materialized, so
    -- no copy of all the spells is kept in memory or spilled
    select
        s.spell_id,
        s.person_id,
        s.programs,
        s.start_date,
        s.end_date,
        least(s.end_date, d.death_date) as covered_end_date,
        s.village_code,
        s.regency_code,
        coalesce(s.sector_code, 'LAINNYA') as sector_code,
        coalesce(s.funding_source, 'LAINNYA') as funding_source,
        coalesce(s.monthly_contribution_idr, 0) as monthly_contribution_idr,
        s.source_path,
        s.source_row,
        several.person_hash is null as is_only_spell
    from staging.spells as s
    left join deaths as d
        on d.person_id = s.person_id
    left join persons_with_several_spells as several
        on several.person_hash = hash(s.person_id)
),

ranked as (
    select * exclude (source_path, source_row), 1::bigint as attribution_rank
    from truncated
    where is_only_spell
    union all
    -- attribution order among spells covering the same day: latest start, then latest
    -- end, then file name and row; spell_id breaks any remaining tie
    select
        * exclude (source_path, source_row),
        row_number() over (
            partition by person_id
            order by start_date, end_date, source_path, source_row, spell_id
        ) as attribution_rank
    from truncated
    where not is_only_spell
),

final as (
    select
        spell_id,
        person_id,
        programs,
        start_date,
        end_date,
        covered_end_date,
        attribution_rank,
        is_only_spell,
        -- the first month-end on or after start_date is the end of start_date's own month
        month_index(start_date) as first_month_index,
        -- the last month-end on or before covered_end_date is in the month of the next day,
        -- minus one
        month_index(covered_end_date + 1) - 1 as last_month_index,
        village_code,
        regency_code,
        sector_code,
        funding_source,
        monthly_contribution_idr
    from ranked
    where covered_end_date >= start_date
)

-- no order by: this table is large and only ever aggregated
select *
from final
