-- Month × regency × check (CONTRACT §4 "Cross checks"), persons per check, zero-filled
-- for every regency with spells and every month from the first to the as-of month:
-- * covered_after_death: persons with a recorded death (a JKM claim not DITOLAK) one of
--   whose spells, as entered, starts or ends after the death month; counted in the month
--   of the death, in the regency of the person's latest spell. Beyond the contract's
--   columns, contributions_after_death_idr: the monthly contributions of those spells
--   for the month-ends they cover after the death month, summed (what kept being paid).
-- * double_public_funding: persons covered on the last day of M by spells of two or more
--   public sources (government budgets: funding_codes() where is_public), in the
--   regency attributed in M.
-- * kpj_shared: persons active in M whose KPJ is on enrolment rows of another NIK too,
--   in the regency attributed in M.
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index
    from intermediate.data_span
),

regencies as (
    select distinct regency_code from staging.spells
),

checks as (
    select unnest(['covered_after_death', 'double_public_funding', 'kpj_shared']) as "check"
),

deaths as (
    select p.person_id, min(c.event_date) as death_date
    from intermediate.claim_participants as p
    inner join staging.claims as c
        on c.claim_id = p.claim_id
    where p.is_death and p.person_id is not null
    group by p.person_id
),

death_spells as materialized (
    -- the spells, as entered, of the persons with a recorded death: few, read once
    select s.person_id, s.start_date, s.end_date, s.source_path, s.source_row, s.spell_id,
           s.regency_code, s.monthly_contribution_idr, d.death_date
    from staging.spells as s
    inner join deaths as d using (person_id)
),

latest_spell as (
    select person_id, regency_code
    from death_spells
    qualify row_number() over (
        partition by person_id
        order by start_date desc, end_date desc, source_path desc, source_row desc,
            spell_id desc
    ) = 1
),

after_death as (
    -- spells as entered (not cut by the death) that start or end after the death month
    select
        person_id,
        month_index(death_date) as month_index,
        greatest(
            0,
            (month_index(end_date + 1) - 1)
            - greatest(month_index(death_date), month_index(start_date) - 1)
        ) * coalesce(monthly_contribution_idr, 0) as contributions_after_death_idr
    from death_spells
    where month_index(start_date) > month_index(death_date)
        or month_index(end_date) > month_index(death_date)
),

covered_after_death as (
    select
        a.month_index, l.regency_code, 'covered_after_death' as "check",
        count(distinct a.person_id) as persons,
        sum(a.contributions_after_death_idr) as contributions_after_death_idr
    from after_death as a
    inner join latest_spell as l using (person_id)
    group by all
),

public_spells as (
    -- two public sources need two spells: a person's only spell is left out
    select person_id, funding_source, first_month_index, last_month_index
    from intermediate.covered_spells
    where funding_source in (select funding_source from funding_codes() where is_public)
        and person_id is not null
        and not is_only_spell
        and first_month_index <= last_month_index
),

public_persons as (
    select person_id
    from public_spells
    group by person_id
    having min(funding_source) <> max(funding_source)
),

public_pairs as (
    -- spells of two different public sources of the same person that cover a month-end
    -- in common: the months they share are the months of double funding
    select
        a.person_id,
        greatest(a.first_month_index, b.first_month_index) as first_month_index,
        least(a.last_month_index, b.last_month_index) as last_month_index
    from public_spells as a
    inner join public_spells as b
        on b.person_id = a.person_id
        and b.funding_source > a.funding_source
        and b.first_month_index <= a.last_month_index
        and b.last_month_index >= a.first_month_index
    where a.person_id in (select person_id from public_persons)
),

double_public as materialized (
    select person_id, month_index
    from (
        select person_id, unnest(generate_series(first_month_index, last_month_index)) as month_index
        from public_pairs
    )
    group by person_id, month_index
),

kpj_candidates as (
    -- a KPJ shared by two persons is on two or more spells: those KPJs, found by a 64-bit
    -- hash (much cheaper to group than the text; KPJs that share a hash only come along),
    -- are a few; which of them are on rows of two persons is told in shared_kpjs
    select hash(kpj_id) as kpj_hash
    from staging.spells
    where kpj_id is not null and person_id is not null
    group by kpj_hash
    having count(*) > 1
),

candidate_spells as materialized (
    select kpj_id, person_id
    from staging.spells
    where kpj_id is not null
        and hash(kpj_id) in (select kpj_hash from kpj_candidates)
),

shared_kpjs as (
    select kpj_id
    from candidate_spells
    where person_id is not null
    group by kpj_id
    having min(person_id) <> max(person_id)
),

kpj_persons as materialized (
    select distinct c.person_id
    from candidate_spells as c
    inner join shared_kpjs using (kpj_id)
),

attributed as materialized (
    -- the active ranges of the persons the two checks below count: few
    select person_id, from_month_index, to_month_index, regency_code
    from intermediate.coverage_ranges
    where measure = 'active'
        and person_id in (
            select person_id from double_public
            union
            select person_id from kpj_persons
        )
),

double_public_funding as (
    select d.month_index, a.regency_code, 'double_public_funding' as "check",
           count(distinct d.person_id) as persons, null::bigint as contributions_after_death_idr
    from double_public as d
    inner join attributed as a
        on a.person_id = d.person_id
        and d.month_index between a.from_month_index and a.to_month_index
    group by all
),

kpj_months as (
    select a.person_id, a.regency_code,
           unnest(generate_series(a.from_month_index, a.to_month_index)) as month_index
    from attributed as a
    inner join kpj_persons using (person_id)
),

kpj_shared as (
    select month_index, regency_code, 'kpj_shared' as "check", count(distinct person_id) as persons,
           null::bigint as contributions_after_death_idr
    from kpj_months
    group by all
),

counts as (
    select * from covered_after_death
    union all
    select * from double_public_funding
    union all
    select * from kpj_shared
),

final as (
    select
        month_of_index(c.month_index) as month,
        r.regency_code,
        k."check",
        coalesce(n.persons, 0)::bigint as persons,
        case when k."check" = 'covered_after_death'
            then coalesce(n.contributions_after_death_idr, 0)::bigint
        end as contributions_after_death_idr
    from calendar as c
    cross join regencies as r
    cross join checks as k
    left join counts as n
        on n.month_index = c.month_index
        and n.regency_code = r.regency_code
        and n."check" = k."check"
)

select *
from final
order by month, regency_code, "check"
