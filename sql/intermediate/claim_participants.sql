-- One row per claim: whose claim it is and which regency it belongs to (CONTRACT §4).
-- People are identified by person_id, the keyed pseudonym of the NIK (kpj_id for the
-- KPJ): no NIK or KPJ leaves identity.persons. A claim matched by its KPJ alone takes
-- the person of the enrolment rows with that KPJ; the regency is that of the
-- participant's latest spell, else the one in the claim NIK's first four digits
-- (staging.claims.nik_regency_code). Only the spells of claimants are ranked (by KPJ,
-- then by person): a few percent of the spells at national scale instead of all of them.
with claimed_kpjs as (
    select distinct kpj_id
    from staging.claims
    where person_id is null and kpj_id is not null
),

kpj_owners as (
    -- a KPJ should belong to one person; if rows disagree, the latest spell decides
    select s.kpj_id, s.person_id
    from staging.spells as s
    inner join claimed_kpjs as k
        on k.kpj_id = s.kpj_id
    qualify row_number() over (
        partition by s.kpj_id
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_row desc, s.spell_id desc
    ) = 1
),

claims_with_person as (
    select
        c.claim_id,
        coalesce(c.person_id, k.person_id) as person_id,
        c.person_id is null and k.person_id is not null as is_person_from_kpj,
        c.nik_regency_code,
        c.program,
        c.status,
        c.event_date
    from staging.claims as c
    left join kpj_owners as k
        on c.person_id is null and k.kpj_id = c.kpj_id
),

claimants as (
    select distinct person_id
    from claims_with_person
    where person_id is not null
),

latest_spells as (
    select s.person_id, s.regency_code
    from staging.spells as s
    inner join claimants as n
        on n.person_id = s.person_id
    qualify row_number() over (
        partition by s.person_id
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_row desc, s.spell_id desc
    ) = 1
),

final as (
    select
        c.claim_id,
        c.person_id,
        c.is_person_from_kpj,
        coalesce(l.regency_code, c.nik_regency_code) as regency_code,
        l.person_id is null as is_regency_from_nik,
        -- a JKM claim that is not rejected records the worker's death on its event date
        c.program = 'JKM' and c.status <> 'DITOLAK' and c.event_date is not null
            as is_death
    from claims_with_person as c
    left join latest_spells as l
        on l.person_id = c.person_id
)

select *
from final
order by claim_id
