-- Per person, the month ranges in which each measure holds, with the attributed spell
-- (spell_id leads back to the person): measure 'active' (covered on the month's last
-- day), 'new', 'lapsed' and 'ending_soon'.
-- Months are month indexes (year * 12 + month - 1), ranges inclusive. The marts turn the
-- ranges into monthly counts by adding +1 at from_month_index and -1 after to_month_index,
-- so no table ever holds one row per person per month.
with spells_covering_months as (
    select *
    from intermediate.covered_spells
    where first_month_index <= last_month_index
),

change_points as (
    -- the set of spells covering a month-end only changes where a spell starts or ends
    select nik, first_month_index as month_index from spells_covering_months
    union
    select nik, last_month_index + 1 as month_index from spells_covering_months
),

pieces as (
    select
        nik,
        month_index as from_month_index,
        lead(month_index) over (partition by nik order by month_index) - 1 as to_month_index
    from change_points
),

attributed_pieces as (
    -- among the spells covering a piece, the one ranked last is attributed; pieces that
    -- no spell covers drop out here
    select
        p.nik,
        p.from_month_index,
        p.to_month_index,
        arg_max(s.spell_id, s.attribution_rank) as spell_id
    from pieces as p
    inner join spells_covering_months as s
        on s.nik = p.nik
        and p.from_month_index between s.first_month_index and s.last_month_index
    where p.to_month_index is not null
    group by p.nik, p.from_month_index, p.to_month_index
),

pieces_with_neighbours as (
    select
        *,
        lag(to_month_index) over by_month as previous_to_month_index,
        lag(spell_id) over by_month as previous_spell_id
    from attributed_pieces
    window by_month as (partition by nik order by from_month_index)
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
        ) over (partition by nik order by from_month_index) as run_number
    from pieces_with_neighbours
),

runs as (
    select
        nik,
        spell_id,
        min(from_month_index) as from_month_index,
        max(to_month_index) as to_month_index
    from run_numbers
    group by nik, spell_id, run_number
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
    window by_month as (partition by nik order by from_month_index)
),

uncovered_stretches as (
    -- months in which the person is not covered after some coverage; the last stretch
    -- runs for ever
    select
        nik,
        to_month_index + 1 as from_month_index,
        coalesce(next_from_month_index - 1, 999999) as to_month_index
    from runs_with_neighbours
    where ends_coverage
),

ending_soon as (
    -- active in M and not covered on the last day of M + 3: M + 3 falls in an
    -- uncovered stretch
    select
        r.nik,
        r.spell_id,
        greatest(r.from_month_index, u.from_month_index - 3) as from_month_index,
        least(r.to_month_index, u.to_month_index - 3) as to_month_index
    from runs_with_neighbours as r
    inner join uncovered_stretches as u
        on u.nik = r.nik
        and u.from_month_index - 3 <= r.to_month_index
        and u.to_month_index - 3 >= r.from_month_index
),

ranges as (
    select nik, spell_id, 'active' as measure, from_month_index, to_month_index
    from runs_with_neighbours
    union all
    -- new in M: counted where the person is attributed in M
    select nik, spell_id, 'new', from_month_index, from_month_index
    from runs_with_neighbours
    where starts_coverage
    union all
    -- lapsed in M: counted where the person was attributed in M - 1
    select nik, spell_id, 'lapsed', to_month_index + 1, to_month_index + 1
    from runs_with_neighbours
    where ends_coverage
    union all
    select nik, spell_id, 'ending_soon', from_month_index, to_month_index
    from ending_soon
),

final as (
    -- no NIK here: spell_id leads back to the person, and the table stays lean
    select
        r.spell_id,
        r.measure,
        r.from_month_index,
        r.to_month_index,
        s.village_code,
        s.regency_code,
        coalesce(s.sector_code, 'LAINNYA') as sector_code,
        coalesce(s.funding_source, 'LAINNYA') as funding_source,
        coalesce(s.monthly_contribution_idr, 0) as monthly_contribution_idr
    from ranges as r
    inner join staging.spells as s
        on s.spell_id = r.spell_id
)

-- no order by: this table is large and only ever aggregated
select *
from final
