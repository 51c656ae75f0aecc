-- One row per claim: whose claim it is and which regency it belongs to (CONTRACT §4).
-- A claim matched by no_kpj alone takes the NIK of the enrolment rows with that KPJ;
-- the regency is that of the participant's latest spell, else the NIK's first four digits.
-- Only the spells of claimants are ranked (by KPJ, then by NIK): a few percent of the
-- spells at national scale instead of all of them.
with claimed_kpjs as (
    select distinct no_kpj
    from staging.claims
    where nik is null and no_kpj is not null
),

kpj_owners as (
    -- a KPJ should belong to one NIK; if rows disagree, the latest spell decides
    select s.no_kpj, s.nik
    from staging.spells as s
    inner join claimed_kpjs as k
        on k.no_kpj = s.no_kpj
    qualify row_number() over (
        partition by s.no_kpj
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_row desc, s.spell_id desc
    ) = 1
),

claims_with_nik as (
    select
        c.claim_id,
        coalesce(c.nik, k.nik) as nik,
        c.nik is null and k.nik is not null as is_nik_from_kpj,
        c.program,
        c.status,
        c.event_date
    from staging.claims as c
    left join kpj_owners as k
        on c.nik is null and k.no_kpj = c.no_kpj
),

claimant_niks as (
    select distinct nik
    from claims_with_nik
    where nik is not null
),

latest_spells as (
    select s.nik, s.regency_code
    from staging.spells as s
    inner join claimant_niks as n
        on n.nik = s.nik
    qualify row_number() over (
        partition by s.nik
        order by s.start_date desc, s.end_date desc, s.source_path desc, s.source_row desc, s.spell_id desc
    ) = 1
),

final as (
    select
        c.claim_id,
        c.nik,
        c.is_nik_from_kpj,
        coalesce(
            l.regency_code,
            case
                when regexp_full_match(c.nik, '[0-9]{4}.*')
                    then substr(c.nik, 1, 2) || '.' || substr(c.nik, 3, 2)
            end
        ) as regency_code,
        l.nik is null as is_regency_from_nik,
        -- a JKM claim that is not rejected records the worker's death on its event date
        c.program = 'JKM' and c.status <> 'DITOLAK' and c.event_date is not null
            as is_death
    from claims_with_nik as c
    left join latest_spells as l
        on l.nik = c.nik
)

select *
from final
order by claim_id
