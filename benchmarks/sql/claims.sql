-- Synthetic claims (staging.claims shape), deterministic: about $claim_count claims, each
-- drawn from one spell chosen by hash, so claims carry real NIKs, KPJs and dates. The
-- event falls within the spell or up to 60 days after it (outside coverage). 3 % of the
-- claims give only the KPJ, 1 % a NIK that has no spell. Programmes: JHT 45 %, JKK 25 %,
-- JKM 10 %, JP 10 %, JKP 10 %; status: 80 % paid, 12 % in process, 8 % rejected. Dates
-- end by 2025-12-31 so that every claim falls in the marts' months.
with chosen as (
    select
        spell_id,
        nik,
        no_kpj,
        start_date,
        end_date,
        (hash(spell_id, 'program') % 100)::integer as program_draw,
        (hash(spell_id, 'status') % 100)::integer as status_draw,
        (hash(spell_id, 'who') % 100)::integer as who_draw,
        hash(spell_id, 'event') as event_draw,
        (hash(spell_id, 'submitted') % 30)::integer as submit_days,
        (hash(spell_id, 'paid') % 40)::integer as pay_days
    from read_parquet($spells_glob, hive_partitioning = true, hive_types = {'province_code': varchar})
    where hash(spell_id, 'claim') % $spell_count < $claim_count
),

dated as (
    select
        *,
        least(
            date '2025-11-01',
            start_date + (event_draw % (end_date - start_date + 61))::integer
        ) as event_date
    from chosen
),

final as (
    select
        'KLM' || lpad(spell_id::varchar, 10, '0') as claim_id,
        case
            when who_draw < 3 and no_kpj is not null then null
            when who_draw = 3 then nik[1:4] || '99' || nik[7:]
            else nik
        end as nik,
        no_kpj,
        case
            when program_draw < 45 then 'JHT'
            when program_draw < 70 then 'JKK'
            when program_draw < 80 then 'JKM'
            when program_draw < 90 then 'JP'
            else 'JKP'
        end as program,
        event_date,
        least(date '2025-12-31', event_date + submit_days) as submitted_date,
        case when status_draw < 80
            then least(date '2025-12-31', event_date + submit_days + 3 + pay_days)
        end as paid_date,
        case
            when status_draw < 80 then 'DIBAYAR'
            when status_draw < 92 then 'PROSES'
            else 'DITOLAK'
        end as status,
        case when status_draw < 80 then 1000000 + (hash(spell_id, 'amount') % 200) * 250000 end::bigint
            as amount_idr,
        'claims/klaim_' || substr(claim_id, 4, 4) || '.parquet' as source_path,
        '' as source_sheet,
        (spell_id % 1000000 + 2)::integer as source_row
    from dated
)

select *
from final
