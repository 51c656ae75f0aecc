-- Synthetic national enrolment spells (staging.spells shape), deterministic: every value
-- is a hash of the spell number s or the worker number w, so the same $spell_count gives
-- the same rows. Spells 0 .. $worker_count - 1 are each worker's first spell, in one
-- file per village as village offices send them (workers spread evenly over the
-- villages, in code order); the others, in national "mutasi" files in random order,
-- belong to a worker picked by hash: a renewal after the first spell (with or without a
-- gap), an overlapping spell in the next village (a move), or an unrelated spell.
-- spell_id follows (source_path, source_sheet, source_row), as ingestion numbers spells.
-- Durations: 12 months (a regency paying a year), 1-6 months (self-paid), 3 months, or
-- 2-3 years; half the spells start on the 1st. Starts fall in 2020-2025.
with villages as (
    select
        row_number() over (order by code) - 1 as village_index,
        code as village_code,
        district_code,
        regency_code,
        province_code
    from read_parquet($regions_path)
    where level = 'village'
),

village_count as (
    select count(*) as n from villages
),

occupations (occupation_index, occupation, sector_code) as (
    values
        (0, 'Petani', 'A'), (1, 'Pekebun sawit', 'A'), (2, 'Buruh sawit', 'A'),
        (3, 'Nelayan', 'A'), (4, 'Petani karet', 'A'), (5, 'Pedagang', 'G'),
        (6, 'Pedagang keliling', 'G'), (7, 'Tukang ojek', 'H'), (8, 'Sopir', 'H'),
        (9, 'Tukang bangunan', 'F'), (10, 'Buruh bangunan', 'F'), (11, 'Penjahit', 'C'),
        (12, 'Guru ngaji', 'S'), (13, 'Marbot', 'S'), (14, 'Ketua RT', 'S'),
        (15, 'Perangkat desa', 'O'), (16, 'Kader posyandu', 'Q'), (17, 'Guru honorer', 'P'),
        (18, 'Pembantu rumah tangga', 'T'), (19, 'Serabutan', 'LAINNYA')
),

fundings (funding_index, funding_text, funding_source) as (
    values
        (0, 'APBD Kabupaten', 'APBD_KAB'), (1, 'APBD Kabupaten', 'APBD_KAB'),
        (2, 'APBD Kabupaten', 'APBD_KAB'), (3, 'APBD Provinsi', 'APBD_PROV'),
        (4, 'Dana Desa', 'DANA_DESA'), (5, 'Dana Desa', 'DANA_DESA'),
        (6, 'DBH Sawit', 'DBH_SAWIT'), (7, 'CSR', 'CSR'), (8, 'Baznas', 'BAZNAS'),
        (9, 'Mandiri', 'MANDIRI'), (10, 'Mandiri', 'MANDIRI'),
        (11, 'Pemberi Kerja', 'PEMBERI_KERJA'), (12, 'Swadaya kelompok', 'LAINNYA')
),

numbered as (
    select
        s,
        case when s < $worker_count then s else hash(s, 'worker') % $worker_count end as w
    from range($spell_count) as t(s)
),

drawn as (
    -- one hash per decision, reduced to a small integer
    select
        s,
        w,
        s >= $worker_count as is_extra,
        (hash(w, 'start') % 2191)::integer as first_start_day,
        hash(w, 'first_of_month') % 2 = 0 as first_on_first,
        (hash(w, 'duration') % 100)::integer as first_duration_draw,
        (hash(w, 'duration_extra') % 13)::integer as first_duration_extra,
        (hash(s, 'kind') % 100)::integer as kind_draw,
        (hash(s, 'gap') % 180)::integer as gap_draw,
        (hash(s, 'start') % 2191)::integer as own_start_day,
        hash(s, 'first_of_month') % 2 = 0 as own_on_first,
        (hash(s, 'duration') % 100)::integer as own_duration_draw,
        (hash(s, 'duration_extra') % 13)::integer as own_duration_extra,
        (w * (select n from village_count) // $worker_count)::integer as home_village_index,
        (hash(w, 'occupation') % 20)::integer as occupation_index,
        (hash(s, 'funding') % 13)::integer as funding_index,
        (hash(s, 'segment') % 100)::integer as segment_draw,
        (hash(s, 'programs') % 10)::integer as programs_draw,
        (hash(s, 'kpj') % 50)::integer as kpj_draw,
        (hash(w, 'gender') % 2)::integer as gender_draw
    from numbered
),

first_spells as (
    select
        *,
        case when first_on_first
            then date_trunc('month', date '2020-01-01' + first_start_day)::date
            else date '2020-01-01' + first_start_day
        end as first_start_date,
        case
            when first_duration_draw < 45 then 12
            when first_duration_draw < 70 then 1 + first_duration_extra % 6
            when first_duration_draw < 85 then 3
            else 24 + first_duration_extra
        end as first_months
    from drawn
),

starts as (
    select
        *,
        (first_start_date + to_months(first_months) - interval 1 day)::date as first_end_date,
        case
            when not is_extra then 'first'
            when kind_draw < 60 then 'renewal'
            when kind_draw < 85 then 'move'
            else 'other'
        end as kind
    from first_spells
),

spells as (
    select
        *,
        least(date '2025-12-31', case kind
            when 'first' then first_start_date
            -- half the renewals follow on the next day, the others after a gap
            when 'renewal' then first_end_date + 1 + case when gap_draw < 90 then 0 else gap_draw - 90 end
            when 'move' then first_start_date + gap_draw
            else case when own_on_first
                then date_trunc('month', date '2020-01-01' + own_start_day)::date
                else date '2020-01-01' + own_start_day
            end
        end) as start_date,
        case
            when kind = 'first' then first_months
            when own_duration_draw < 45 then 12
            when own_duration_draw < 70 then 1 + own_duration_extra % 6
            when own_duration_draw < 85 then 3
            else 24 + own_duration_extra
        end as months,
        case when kind = 'move'
            then (home_village_index + 1) % (select n from village_count)
            else home_village_index
        end as village_index
    from starts
),

final as (
    select
        s.s + 1 as spell_id,
        replace(h.district_code, '.', '') || lpad(s.w::varchar, 10, '0') as nik,
        case when s.kpj_draw > 0 then (10000000000 + s.w)::varchar end as no_kpj,
        ['L', 'P'][s.gender_draw + 1] as gender,
        v.village_code,
        v.district_code,
        v.regency_code,
        v.province_code,
        case
            when s.segment_draw < 85 then 'BPU'
            when s.segment_draw < 95 then 'PU'
            when s.segment_draw < 98 then 'JAKON'
            else 'PMI'
        end as segment,
        o.occupation,
        o.sector_code,
        f.funding_text,
        f.funding_source,
        case when s.programs_draw = 0 then ['JKK', 'JKM', 'JHT'] else ['JKK', 'JKM'] end as programs,
        s.start_date,
        (s.start_date + to_months(s.months) - interval 1 day)::date as end_date,
        case when s.programs_draw = 0 then 36800 else 16800 end::bigint as monthly_contribution_idr,
        case when s.is_extra
            then 'enrolment/mutasi/mutasi_' || lpad(((s.s - $worker_count) // 1000000)::varchar, 3, '0')
                || '.parquet'
            else 'enrolment/' || h.regency_code || '/' || h.village_code || '.xlsx'
        end as source_path,
        case when s.is_extra then '' else 'Peserta' end as source_sheet,
        case when s.is_extra
            then (s.s - $worker_count) % 1000000 + 2
            -- the row within the village's file: workers before w in the same village
            else s.w - (s.home_village_index::bigint * $worker_count + (select n from village_count) - 1)
                // (select n from village_count) + 2
        end::integer as source_row
    from spells as s
    inner join villages as v
        on v.village_index = s.village_index
    inner join villages as h
        on h.village_index = s.home_village_index
    inner join occupations as o
        on o.occupation_index = s.occupation_index
    inner join fundings as f
        on f.funding_index = s.funding_index
)

select *
from final
