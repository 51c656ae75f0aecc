-- The cross checks of the report's regencies: persons in the reporting month (double
-- public funding, KPJ shared) and, for covered after death, the deaths of the twelve
-- months to the reporting month, with the contributions paid after them.
select
    "check",
    sum(persons) filter (where month = $month)::bigint as persons_now,
    -- deaths are counted once, in their month: summed over months they are persons;
    -- the other checks count a person in every month, so only the month itself is shown
    case when "check" = 'covered_after_death'
        then sum(persons) filter (where month > $month - interval 12 month)::bigint
    end as persons_12m,
    sum(contributions_after_death_idr) filter (where month > $month - interval 12 month)::bigint
        as contributions_after_death_idr
from marts.cross_checks
where month <= $month and list_contains($regencies, regency_code)
group by "check"
order by "check"
