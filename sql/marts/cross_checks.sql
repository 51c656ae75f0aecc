-- Month × regency × check (CONTRACT §4 "Cross checks"), persons per check, zero-filled
-- for every regency with spells and every month from the first to the as-of month:
-- * covered_after_death: persons with a recorded death (a JKM claim not DITOLAK) one of
--   whose spells, as entered, starts or ends after the death month; counted in the month
--   of the death, in the regency of the person's latest spell. Beyond the contract's
--   columns, contributions_after_death_idr: the monthly contributions of those spells
--   for the month-ends they cover after the death month, summed (what kept being paid).
-- * double_public_funding: persons covered on the last day of M by spells of two or more
--   public sources (APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT), in the regency
--   attributed in M.
-- * kpj_shared: persons active in M whose KPJ is on enrolment rows of another NIK too,
--   in the regency attributed in M.
with calendar as (
    select month_index
    from month_series((select min(start_date) from staging.spells), $month)
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

latest_spell as (
    select s.person_id, s.regency_code
    from staging.spells as s
    inner join deaths using (person_id)
    qualify row_number() over (
        partition by s.person_id
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_row desc,
            s.spell_id desc
    ) = 1
),

after_death as (
    -- spells as entered (not cut by the death) that start or end after the death month
    select
        d.person_id,
        month_index(d.death_date) as month_index,
        greatest(
            0,
            (month_index(s.end_date + 1) - 1)
            - greatest(month_index(d.death_date), month_index(s.start_date) - 1)
        ) * coalesce(s.monthly_contribution_idr, 0) as contributions_after_death_idr
    from deaths as d
    inner join staging.spells as s
        on s.person_id = d.person_id
    where month_index(s.start_date) > month_index(d.death_date)
        or month_index(s.end_date) > month_index(d.death_date)
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

attributed as (
    select s.person_id, r.from_month_index, r.to_month_index, r.regency_code
    from intermediate.coverage_ranges as r
    inner join intermediate.covered_spells as s
        on s.spell_id = r.spell_id
    where r.measure = 'active'
),

public_spells as (
    select person_id, funding_source, first_month_index, last_month_index
    from intermediate.covered_spells
    where funding_source in ('APBD_KAB', 'APBD_PROV', 'DANA_DESA', 'DBH_SAWIT')
        and person_id is not null
        and first_month_index <= last_month_index
),

public_persons as (
    select person_id
    from public_spells
    group by person_id
    having count(distinct funding_source) > 1
),

public_months as (
    -- only persons with two public sources at some time: their months are few
    select s.person_id, s.funding_source,
           unnest(generate_series(s.first_month_index, s.last_month_index)) as month_index
    from public_spells as s
    inner join public_persons using (person_id)
),

double_public as (
    select person_id, month_index
    from public_months
    group by person_id, month_index
    having count(distinct funding_source) > 1
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

shared_kpjs as (
    select kpj_id
    from staging.spells
    where kpj_id is not null and person_id is not null
    group by kpj_id
    having count(distinct person_id) > 1
),

kpj_persons as (
    select distinct s.person_id
    from staging.spells as s
    inner join shared_kpjs using (kpj_id)
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
