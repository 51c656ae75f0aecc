-- One row per claim: whose claim it is and which regency it belongs to (CONTRACT §4).
-- A claim matched by no_kpj alone takes the NIK of the enrolment rows with that KPJ;
-- the regency is that of the participant's latest spell, else the NIK's first four digits.
with spells_by_recency as (
    select
        nik,
        no_kpj,
        regency_code,
        row_number() over (
            partition by nik
            order by start_date desc, end_date desc, source_path desc, source_row desc, spell_id desc
        ) as nik_recency,
        row_number() over (
            partition by no_kpj
            order by start_date desc, end_date desc, source_path desc, source_row desc, spell_id desc
        ) as kpj_recency
    from staging.spells
),

kpj_owners as (
    -- a KPJ should belong to one NIK; if rows disagree, the latest spell decides
    select no_kpj, nik
    from spells_by_recency
    where no_kpj is not null and kpj_recency = 1
),

latest_spells as (
    select nik, regency_code
    from spells_by_recency
    where nik_recency = 1
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
