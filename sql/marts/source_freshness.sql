-- Month × regency × input file × funding source: how fresh each source is (issue 23 §4).
-- For month M only dates on or before M's last day count (a later date is not "fresh
-- for M"). An enrolment file's row per funding source holds the latest start of its
-- accepted spells (tgl_mulai) in the regency; a claims file's row
-- holds the latest submission or payment date (tgl_pengajuan, tgl_bayar) of its accepted
-- claims in the regency of intermediate.claim_participants. `source` is the funding code
-- of an enrolment file's row and KLAIM for a claims file's (which has no funding source). Files are named by their
-- label (audit.input_files.label), never their path. A row appears from the first month
-- its source has a date on or before the month's end, through the as-of month.
-- `stale`: the latest date lies more than 45 days before the month's end. `active_share`:
-- the funding source's share of the regency's active participants that month
-- (marts.coverage_by_funding; null when the regency has no active participant, and for
-- claims files).
with calendar as (
    -- the marts' months, from that of the earliest accepted date to the as-of month
    select month_index, last_day(month) as month_end
    from intermediate.data_span
),

dated as (
    select
        s.source_path, s.regency_code, coalesce(s.funding_source, unmapped_code()) as funding_source,
        s.start_date as source_date
    from staging.spells as s
    union all
    select c.source_path, p.regency_code, 'KLAIM' as funding_source, d.source_date
    from staging.claims as c
    inner join intermediate.claim_participants as p
        on p.claim_id = c.claim_id
    cross join lateral (select unnest([c.submitted_date, c.paid_date]) as source_date) as d
    where p.regency_code is not null
),

per_month as (
    select
        c.month_index, c.month_end, d.source_path, d.regency_code, d.funding_source,
        max(d.source_date) as latest_date
    from calendar as c
    inner join dated as d
        on d.source_date <= c.month_end
    group by all
),

final as (
    select
        month_of_index(m.month_index) as month,
        m.regency_code,
        f.label as source_label,
        f.kind as source_kind,
        m.funding_source as source,
        m.latest_date,
        (m.month_end - m.latest_date)::integer as days_before_month_end,
        (m.month_end - m.latest_date) > 45 as stale,
        b.share as active_share
    from per_month as m
    inner join audit.input_files as f
        on f.path = m.source_path
    left join marts.coverage_by_funding as b
        on b.month = month_of_index(m.month_index)
        and b.regency_code = m.regency_code
        and b.funding_source = m.funding_source
)

select *
from final
order by month, regency_code, source_kind, source_label, source
