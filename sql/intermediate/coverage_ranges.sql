-- Per person, the month ranges in which the person is active (covered on the month's last
-- day) or ending soon, each with the attributed spell and its village, sector, funding
-- source and contribution. An 'active' range also says whether the person is new in its
-- first month (is_new: not covered the month before) and lapses in the month after its
-- last (is_lapsed_after: not covered then); 'ending_soon' ranges have both false.
-- Months are month indexes (the macro month_index), ranges inclusive. The marts turn the
-- ranges into monthly counts by adding +1 at from_month_index and -1 after to_month_index,
-- so no table ever holds one row per person per month.
-- A person with one spell has one active range, the whole spell, and is ending soon in
-- its last three months: computed row by row. Only people with several spells go through
-- the general path below (change points, attribution, runs, uncovered stretches).
-- Each range carries its person (person_id: the sex-and-age and cross-check marts need no
-- join back to covered_spells) and its spell's run_end_date (intermediate.covered_spells):
-- the spell covers every month-end of the range, so the run of covered days that holds any
-- of them is the spell's, and marts.renewals_due needs no per-person work of its own.
-- The CTEs over all spells are "not materialized": each use reads the table again with its
-- own filter instead of keeping a copy of 45 million rows (which spills).
with spells_covering_months as not materialized (
    select *
    from intermediate.covered_spells
    where first_month_index <= last_month_index
),

only_spells as not materialized (
    select *
    from spells_covering_months
    where is_only_spell and person_id is not null
),

several_spells as not materialized (
    select *
    from spells_covering_months
    where not is_only_spell
),

change_points as (
    -- the set of spells covering a month-end only changes where a spell starts or ends
    select person_id, first_month_index as month_index from several_spells
    union
    select person_id, last_month_index + 1 as month_index from several_spells
),

pieces as (
    select
        person_id,
        month_index as from_month_index,
        lead(month_index) over (partition by person_id order by month_index) - 1 as to_month_index
    from change_points
),

attributed_pieces as (
    -- among the spells covering a piece, the one ranked last is attributed; pieces that
    -- no spell covers drop out here
    select
        p.person_id,
        p.from_month_index,
        p.to_month_index,
        arg_max(s.spell_id, s.attribution_rank) as spell_id
    from pieces as p
    inner join several_spells as s
        on s.person_id = p.person_id
        and p.from_month_index between s.first_month_index and s.last_month_index
    where p.to_month_index is not null
    group by p.person_id, p.from_month_index, p.to_month_index
),

pieces_with_neighbours as (
    select
        *,
        lag(to_month_index) over by_month as previous_to_month_index,
        lag(spell_id) over by_month as previous_spell_id
    from attributed_pieces
    window by_month as (partition by person_id order by from_month_index)
),

run_numbers as (
    -- consecutive pieces attributed to the same spell, with no gap, form one run
    select
        *,
        sum(
            case
                when previous_to_month_index = from_month_index - 1
                    and previous_spell_id = spell_id then 0
                else 1
            end
        ) over (partition by person_id order by from_month_index) as run_number
    from pieces_with_neighbours
),

runs as (
    select
        person_id,
        spell_id,
        min(from_month_index) as from_month_index,
        max(to_month_index) as to_month_index
    from run_numbers
    group by person_id, spell_id, run_number
),

runs_with_neighbours as (
    select
        *,
        coalesce(lag(to_month_index) over by_month <> from_month_index - 1, true)
            as starts_coverage,
        coalesce(lead(from_month_index) over by_month <> to_month_index + 1, true)
            as ends_coverage,
        -- start of the next covered stretch after this run's stretch ends (if any)
        lead(from_month_index) over by_month as next_from_month_index
    from runs
    window by_month as (partition by person_id order by from_month_index)
),

uncovered_stretches as (
    -- months in which the person is not covered after some coverage; the last stretch
    -- runs for ever
    select
        person_id,
        to_month_index + 1 as from_month_index,
        coalesce(next_from_month_index - 1, 999999) as to_month_index
    from runs_with_neighbours
    where ends_coverage
),

ending_soon as (
    -- active in M and not covered on the last day of M + 3: M + 3 falls in an
    -- uncovered stretch
    select
        r.spell_id,
        greatest(r.from_month_index, u.from_month_index - 3) as from_month_index,
        least(r.to_month_index, u.to_month_index - 3) as to_month_index
    from runs_with_neighbours as r
    inner join uncovered_stretches as u
        on u.person_id = r.person_id
        and u.from_month_index - 3 <= r.to_month_index
        and u.to_month_index - 3 >= r.from_month_index
),

several_ranges as (
    select
        spell_id, 'active' as measure, from_month_index, to_month_index,
        starts_coverage as is_new, ends_coverage as is_lapsed_after
    from runs_with_neighbours
    union all
    select spell_id, 'ending_soon', from_month_index, to_month_index, false, false
    from ending_soon
),

final as (
    select
        s.spell_id, s.person_id, 'active' as measure, s.first_month_index as from_month_index,
        s.last_month_index as to_month_index, true as is_new, true as is_lapsed_after,
        s.village_code, s.regency_code, s.sector_code, s.funding_source,
        s.monthly_contribution_idr, s.run_end_date
    from only_spells as s
    union all
    -- the last three months of the only spell: then month + 3 is uncovered for good
    select
        s.spell_id, s.person_id, 'ending_soon',
        greatest(s.first_month_index, s.last_month_index - 2),
        s.last_month_index, false, false,
        s.village_code, s.regency_code, s.sector_code, s.funding_source,
        s.monthly_contribution_idr, s.run_end_date
    from only_spells as s
    union all
    select
        r.spell_id, s.person_id, r.measure, r.from_month_index, r.to_month_index, r.is_new,
        r.is_lapsed_after,
        s.village_code, s.regency_code, s.sector_code, s.funding_source,
        s.monthly_contribution_idr, s.run_end_date
    from several_ranges as r
    inner join several_spells as s
        on s.spell_id = r.spell_id
)

-- no order by: this table is large and only ever aggregated
select *
from final
