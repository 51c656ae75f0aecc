-- One row per spell that covers at least one day once deaths are applied (CONTRACT §4).
-- A death (non-rejected JKM claim) ends every spell of that person on the event date at
-- the latest. A person is a person_id, the keyed pseudonym of the NIK. Months are
-- counted as month indexes (the macro month_index); a spell covers the month-ends from
-- first_month_index to last_month_index (an empty range when it covers no month-end,
-- e.g. 2025-01-05..2025-01-20). The attributes the coverage marts count by
-- (village, sector, funding source, contribution: a spell without one takes that of a
-- re-sent copy of itself, resent_fees) come along, so that
-- intermediate.coverage_ranges needs no join back to staging.spells.
-- Most people have one spell: is_only_spell marks them, and only the spells of people
-- with several are ranked for attribution (a sort of a fraction of the rows).
-- run_end_date is the last day of the person's unbroken run of covered days (spells that
-- overlap or follow each other day by day, cut by a death) that holds the spell: the
-- coverage end of marts.renewals_due. A person's only spell is its own run.
with deaths as (
    select p.person_id, min(c.event_date) as death_date
    from intermediate.claim_participants as p
    inner join staging.claims as c
        on c.claim_id = p.claim_id
    where p.is_death and p.person_id is not null
    group by p.person_id
),

resent_fees as (
    -- CONTRACT §4: a spell without iuran_bulanan takes that of another accepted spell of the
    -- same NIK with the same dates (tgl_mulai, tgl_akhir) and funding source that has one (a
    -- list re-sent without its Iuran column); the first such copy in file and row order.
    -- Only the copies of spells that lack a contribution are looked at (few or none).
    select
        s.person_id,
        s.start_date,
        s.end_date,
        s.funding_source,
        first(s.monthly_contribution_idr order by s.source_path, s.source_row, s.spell_id)
            as monthly_contribution_idr
    from staging.spells as s
    semi join (
        select person_id, start_date, end_date, funding_source
        from staging.spells
        where monthly_contribution_idr is null and person_id is not null
    ) as m
        on m.person_id = s.person_id
        and m.start_date = s.start_date
        and m.end_date = s.end_date
        and m.funding_source is not distinct from s.funding_source
    where s.monthly_contribution_idr is not null
    group by s.person_id, s.start_date, s.end_date, s.funding_source
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
        coalesce(s.sector_code, unmapped_code()) as sector_code,
        coalesce(s.funding_source, unmapped_code()) as funding_source,
        coalesce(s.monthly_contribution_idr, f.monthly_contribution_idr, 0) as monthly_contribution_idr,
        s.source_path,
        s.source_row,
        several.person_hash is null as is_only_spell
    from staging.spells as s
    left join deaths as d
        on d.person_id = s.person_id
    left join resent_fees as f
        on s.monthly_contribution_idr is null
        and f.person_id = s.person_id
        and f.start_date = s.start_date
        and f.end_date = s.end_date
        and f.funding_source is not distinct from s.funding_source
    left join persons_with_several_spells as several
        on several.person_hash = hash(s.person_id)
),

only_spells as (
    select
        * exclude (source_path, source_row),
        1::bigint as attribution_rank,
        if(person_id is null, null, covered_end_date) as run_end_date
    from truncated
    where is_only_spell and covered_end_date >= start_date
),

several_ranked as (
    -- attribution order among spells covering the same day: latest start, then latest
    -- end, then file name and row; spell_id breaks any remaining tie. In the same order
    -- (by start first: that is all the runs need), reach_date: the latest covered day of
    -- the covered spells before this one; a covered spell that starts more than a day
    -- after it starts a run
    select
        * exclude (source_path, source_row),
        row_number() over by_start as attribution_rank,
        max(covered_end_date) filter (where covered_end_date >= start_date) over (
            by_start rows between unbounded preceding and 1 preceding
        ) as reach_date
    from truncated
    where not is_only_spell
    window by_start as (
        partition by person_id
        order by start_date, end_date, source_path, source_row, spell_id
    )
),

several_spells as (
    -- a run ends where the next one starts: its end is the reach there (the first run
    -- start after this spell), or the person's latest covered day when no run follows
    select
        * exclude (reach_date),
        if(
            person_id is null,
            null,
            coalesce(
                min(reach_date) filter (
                    where covered_end_date >= start_date
                        and (reach_date is null or start_date - 1 > reach_date)
                ) over (by_rank rows between 1 following and unbounded following),
                max(covered_end_date) over (
                    by_rank rows between unbounded preceding and unbounded following
                )
            )
        ) as run_end_date
    from several_ranked
    where covered_end_date >= start_date
    window by_rank as (partition by person_id order by attribution_rank)
),

ranked as (
    select * from only_spells
    union all by name
    select * from several_spells
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
        monthly_contribution_idr,
        run_end_date
    from ranked
)

-- no order by: this table is large and only ever aggregated
select *
from final
