-- Month × regency × sector (KBLI 2020 section letter, LAINNYA when unmapped): active
-- participants by the sector of their attributed spell, with the regency's sector
-- workforce (given or rolled up from districts or villages). Every sector seen in the
-- regency's spells or sector figures appears in every month, with zeros.
with calendar as (
    select month_index
    from month_series(
        -- the earliest accepted date of any kind: a spell's start, a claim's event,
        -- submission or payment (CONTRACT §5)
        least(
            (select min(start_date) from staging.spells),
            (select least(min(event_date), min(submitted_date), min(paid_date)) from staging.claims)
        ),
        $month
    )
),

sector_names (sector_code, sector_name) as (
    values
        ('A', 'Pertanian, Kehutanan dan Perikanan'),
        ('B', 'Pertambangan dan Penggalian'),
        ('C', 'Industri Pengolahan'),
        ('D', 'Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin'),
        ('E', 'Treatment Air, Treatment Air Limbah, Treatment dan Pemulihan Material Sampah, dan Aktivitas Remediasi'),
        ('F', 'Konstruksi'),
        ('G', 'Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor'),
        ('H', 'Pengangkutan dan Pergudangan'),
        ('I', 'Penyediaan Akomodasi dan Penyediaan Makan Minum'),
        ('J', 'Informasi dan Komunikasi'),
        ('K', 'Aktivitas Keuangan dan Asuransi'),
        ('L', 'Real Estat'),
        ('M', 'Aktivitas Profesional, Ilmiah dan Teknis'),
        ('N', 'Aktivitas Penyewaan dan Sewa Guna Usaha Tanpa Hak Opsi, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha Lainnya'),
        ('O', 'Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib'),
        ('P', 'Pendidikan'),
        ('Q', 'Aktivitas Kesehatan Manusia dan Aktivitas Sosial'),
        ('R', 'Kesenian, Hiburan dan Rekreasi'),
        ('S', 'Aktivitas Jasa Lainnya'),
        ('T', 'Aktivitas Rumah Tangga sebagai Pemberi Kerja; Aktivitas yang Menghasilkan Barang dan Jasa oleh Rumah Tangga yang Digunakan untuk Memenuhi Kebutuhan Sendiri'),
        ('U', 'Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya'),
        ('LAINNYA', 'Lainnya / tidak terpetakan')
),

sectors_seen as (
    select regency_code, coalesce(sector_code, 'LAINNYA') as sector_code
    from staging.spells
    union
    select area_code, sector_code
    from intermediate.area_denominators
    where level = 'regency' and sector_code is not null and workforce is not null
),

deltas as (
    -- changes after the as-of month ($month) cannot affect its counts: left out early
    select regency_code, sector_code, from_month_index as month_index, 1 as delta
    from intermediate.coverage_ranges
    where measure = 'active'
        and from_month_index <= month_index($month)
    union all
    select regency_code, sector_code, to_month_index + 1 as month_index, -1 as delta
    from intermediate.coverage_ranges
    where measure = 'active'
        and to_month_index + 1 <= month_index($month)
),

monthly_deltas as (
    select regency_code, sector_code, month_index, sum(delta) as active_delta
    from deltas
    group by regency_code, sector_code, month_index
),

counts as (
    select
        s.regency_code,
        s.sector_code,
        c.month_index,
        sum(coalesce(d.active_delta, 0)) over (
            partition by s.regency_code, s.sector_code
            order by c.month_index
            rows between unbounded preceding and current row
        ) as active
    from sectors_seen as s
    cross join calendar as c
    left join monthly_deltas as d
        on d.regency_code = s.regency_code
        and d.sector_code = s.sector_code
        and d.month_index = c.month_index
),

final as (
    select
        month_of_index(c.month_index) as month,
        c.regency_code,
        c.sector_code,
        coalesce(n.sector_name, c.sector_code) as sector_name,
        c.active::bigint as active,
        w.workforce,
        c.active / nullif(w.workforce, 0) as coverage_rate
    from counts as c
    left join sector_names as n
        on n.sector_code = c.sector_code
    left join intermediate.area_denominators as w
        on w.area_code = c.regency_code
        and w.level = 'regency'
        and w.sector_code = c.sector_code
        and w.year = year_of_index(c.month_index)
)

select *
from final
order by month, regency_code, sector_code
