"""The claims of the drawn population: JKM deaths, JKK accidents, JHT withdrawals.

Runs after every scheme (it picks its claimants among their spells) and removes the
self-paid spells a dead worker would have paid after dying.
"""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import AS_OF, JKM_BENEFIT
from pipeline.sample.people import Claim, Person
from pipeline.sample.population.base import Draw


def build(draw: Draw) -> None:
    """Every claim, in the order their numbers are given."""
    _jkm(draw)
    _jkk_insured(draw)
    _jkk_others(draw)
    _jht_wage_earners(draw)
    _jht_self_paid(draw)


def _claim_id(draw: Draw, program: str, year: int) -> str:
    draw.claim_seq[(program, year)] += 1
    return f"{program}/{year}/KCP-BKY/{draw.claim_seq[(program, year)] + 100:04d}"


def _add_jkm(
    draw: Draw, p: Person, died: dt.date, diajukan: dt.date, dibayar: dt.date | None, ket: str
) -> None:
    draw.claims.append(
        Claim(
            _claim_id(draw, "JKM", diajukan.year),
            p,
            "JKM",
            died,
            diajukan,
            dibayar,
            "DIBAYAR" if dibayar else "PROSES",
            JKM_BENEFIT if dibayar else None,
            keterangan=ket,
        )
    )


def _add_jkk(
    draw: Draw,
    p: Person,
    event: dt.date,
    days_submit: int,
    days_pay: int | None,
    status: str,
    amount: int | None,
    ket: str,
    kpj_only: bool = False,
) -> Claim:
    sub = event + dt.timedelta(days=days_submit)
    paid = sub + dt.timedelta(days=days_pay) if days_pay is not None else None
    c = Claim(
        _claim_id(draw, "JKK", sub.year),
        p,
        "JKK",
        event,
        sub,
        paid,
        status,
        amount,
        kpj_only=kpj_only,
        keterangan=ket,
    )
    draw.claims.append(c)
    return c


def _jkm(draw: Draw) -> None:
    """Deaths: two in 2024, seven in 2025 (a wage earner's, a self-paid worker's, Karya Bhakti's)."""
    rng, roles, spells = draw.rng, draw.roles, draw.spells
    death_2024 = roles["death_2024"]
    _add_jkm(
        draw,
        death_2024[0],
        dt.date(2024, 6, 14),
        dt.date(2024, 7, 2),
        dt.date(2024, 7, 23),
        "Meninggal dunia - sakit",
    )
    _add_jkm(
        draw,
        death_2024[1],
        dt.date(2024, 10, 3),
        dt.date(2024, 10, 21),
        dt.date(2024, 11, 12),
        "Meninggal dunia - kecelakaan lalu lintas",
    )
    _add_jkm(
        draw,
        roles["death_2025_02"],
        dt.date(2025, 2, 11),
        dt.date(2025, 3, 5),
        dt.date(2025, 4, 8),
        "Meninggal dunia - sakit",
    )
    pu_dead = rng.choice(
        [s for s in spells["pu"] if s.mulai <= dt.date(2025, 1, 1) and s.akhir >= dt.date(2025, 12, 31)]
    )
    roles["death_pu"] = pu_dead.person
    _add_jkm(
        draw,
        pu_dead.person,
        dt.date(2025, 3, 20),
        dt.date(2025, 4, 10),
        dt.date(2025, 5, 6),
        "Meninggal dunia - sakit",
    )
    # a self-paid worker dies while covered; later payments never happened
    mand_cov = [
        s
        for s in spells["mandiri"]
        if s.mulai <= dt.date(2025, 4, 15) <= s.akhir
        and s.kode_dana == "MANDIRI"
        and s.person not in roles["continuers"]
        and s.person not in roles["mandiri_movers"]
    ]
    md = rng.choice(mand_cov).person
    roles["death_mandiri"] = md
    spells["mandiri"] = [
        s for s in spells["mandiri"] if not (s.person is md and s.mulai > dt.date(2025, 4, 15))
    ]
    _add_jkm(
        draw, md, dt.date(2025, 4, 15), dt.date(2025, 5, 2), dt.date(2025, 5, 27), "Meninggal dunia - sakit"
    )
    _add_jkm(
        draw,
        roles["karya_bhakti"],
        dt.date(2025, 5, 17),
        dt.date(2025, 7, 14),
        dt.date(2025, 9, 18),
        "Meninggal dunia - Desa Karya Bhakti, peserta 1 Desa 100 Pekerja Rentan",
    )
    _add_jkm(
        draw,
        roles["death_2025_07"],
        dt.date(2025, 7, 9),
        dt.date(2025, 8, 4),
        dt.date(2025, 9, 2),
        "Meninggal dunia - kecelakaan kerja",
    )
    _add_jkm(
        draw,
        roles["death_2025_08"],
        dt.date(2025, 8, 22),
        dt.date(2025, 9, 15),
        None,
        "Berkas ahli waris sedang diverifikasi",
    )


def _jkk_insured(draw: Draw) -> None:
    """Accidents of APBD_KAB, DBH_SAWIT and PU workers."""
    a = draw.roles["jkk_apbd"]
    _add_jkk(draw, a[0], dt.date(2024, 5, 7), 6, 21, "DIBAYAR", 2_350_000, "Tertimpa dahan karet")
    _add_jkk(draw, a[1], dt.date(2024, 8, 19), 4, 18, "DIBAYAR", 7_825_000, "Jatuh dari motor ke ladang")
    _add_jkk(draw, a[2], dt.date(2024, 11, 2), 9, 30, "DIBAYAR", 1_140_000, "Luka parang saat berladang")
    _add_jkk(draw, a[3], dt.date(2025, 3, 26), 5, 24, "DIBAYAR", 16_400_000, "Patah tulang, jatuh")
    _add_jkk(draw, a[4], dt.date(2025, 8, 28), 8, None, "PROSES", None, "Luka bakar")
    d = draw.roles["jkk_dbh"]
    _add_jkk(draw, d[0], dt.date(2025, 7, 21), 3, 19, "DIBAYAR", 3_475_000, "Tertusuk duri sawit")
    _add_jkk(
        draw,
        d[1],
        dt.date(2025, 8, 5),
        6,
        25,
        "DIBAYAR",
        12_960_000,
        "Tertimpa tandan buah segar",
        kpj_only=True,
    )
    _add_jkk(draw, d[2], dt.date(2025, 9, 3), 4, None, "PROSES", None, "Kecelakaan angkut TBS")
    pu_jkk = draw.rng.sample(
        [
            s
            for s in draw.spells["pu"]
            if s.mulai <= dt.date(2024, 9, 1)
            and s.akhir >= dt.date(2025, 12, 31)
            and s.person is not draw.roles["death_pu"]
        ],
        3,
    )
    _add_jkk(
        draw,
        pu_jkk[0].person,
        dt.date(2024, 9, 12),
        3,
        14,
        "DIBAYAR",
        38_500_000,
        "Kecelakaan di pabrik kelapa sawit",
    )
    _add_jkk(draw, pu_jkk[1].person, dt.date(2025, 1, 22), 2, 12, "DIBAYAR", 4_210_000, "Kecelakaan kerja")
    _add_jkk(draw, pu_jkk[2].person, dt.date(2025, 6, 30), 5, 16, "DIBAYAR", 925_000, "Luka ringan")


def _jkk_others(draw: Draw) -> None:
    """Accidents of self-paid workers, of a fisher, and one after the spell ended (rejected)."""
    rng, roles, spells = draw.rng, draw.roles, draw.spells
    mand_jkk = [
        s
        for s in spells["mandiri"]
        if s.pekerjaan in ("Ojek", "Motoris", "Sopir")
        and s.mulai <= dt.date(2025, 6, 1)
        and s.mulai >= dt.date(2024, 6, 1)
        and s.person is not roles["death_mandiri"]
    ]
    mj = rng.sample(mand_jkk, 2)
    _add_jkk(
        draw,
        mj[0].person,
        mj[0].mulai + dt.timedelta(days=9),
        7,
        28,
        "DIBAYAR",
        5_600_000,
        "Kecelakaan lalu lintas saat bekerja",
    )
    _add_jkk(
        draw,
        mj[1].person,
        mj[1].mulai + dt.timedelta(days=12),
        10,
        None,
        "DITOLAK",
        None,
        "Bukan kecelakaan kerja",
    )
    nel = rng.choice(
        [
            s
            for s in spells["apbd_2025"]
            if s.pekerjaan.startswith("Nelayan")
            and s.person.kpj.startswith("24")
            and s.person not in roles["jkk_apbd"]
            and s.person.nik not in draw.taken
        ]
    )
    roles["jkk_nelayan"] = nel.person
    _add_jkk(draw, nel.person, dt.date(2025, 6, 11), 6, 27, "DIBAYAR", 9_315_000, "Terluka saat melaut")
    _add_jkk(
        draw,
        roles["outside_cov"],
        dt.date(2025, 4, 12),
        8,
        None,
        "DITOLAK",
        None,
        "Kepesertaan tidak diperpanjang (berakhir 28/02/2025)",
    )
    roles["outside_cov_claim"] = draw.claims[-1].no_klaim


def _jht_wage_earners(draw: Draw) -> None:
    """JHT: up to five PU workers who left their job claim their savings."""
    rng = draw.rng
    n_jht = 0
    for p, mulai, akhir, wage in sorted(draw.pu_ended, key=lambda x: (x[2], x[0].kpj)):
        sub = akhir + dt.timedelta(days=rng.randint(35, 70))
        if sub > dt.date(2025, 9, 26) or rng.random() < 0.4:
            continue  # has not claimed (yet)
        months_paid = (akhir.year - mulai.year) * 12 + akhir.month - mulai.month + 1
        saldo = round(months_paid * wage * 0.057 * 1.02)
        paid = sub + dt.timedelta(days=rng.randint(5, 14))
        if paid > AS_OF:
            paid = None
        draw.claims.append(
            Claim(
                _claim_id(draw, "JHT", sub.year),
                p,
                "JHT",
                None,
                sub,
                paid,
                "DIBAYAR" if paid else "PROSES",
                saldo if paid else None,
                kpj_only=(n_jht == 1),
                keterangan="Berhenti bekerja",
            )
        )
        n_jht += 1
        if n_jht == 5:
            break
    draw.roles["jht_kpj_only"] = next(c for c in draw.claims if c.program == "JHT" and c.kpj_only).person


def _jht_self_paid(draw: Draw) -> None:
    """JHT: two self-paid JHT savers who stopped paying take their balance."""
    mandiri = draw.spells["mandiri"]
    jht_m = [s for s in mandiri if s.program.endswith("JHT") and s.akhir <= dt.date(2025, 5, 31)]
    seen_m = []
    for s in jht_m:
        if s.person not in seen_m and not any(x.person is s.person and x.mulai > s.akhir for x in mandiri):
            seen_m.append(s.person)
            sub = s.akhir + dt.timedelta(days=40)
            months_jht = sum(
                (x.akhir.year - x.mulai.year) * 12 + x.akhir.month - x.mulai.month + 1
                for x in mandiri
                if x.person is s.person and x.program.endswith("JHT")
            )
            saldo = round(months_jht * 20_000 * 1.03)  # JHT 2 % of Rp1.000.000 + yield
            draw.claims.append(
                Claim(
                    _claim_id(draw, "JHT", sub.year),
                    s.person,
                    "JHT",
                    None,
                    sub,
                    sub + dt.timedelta(days=9),
                    "DIBAYAR",
                    saldo,
                    keterangan="Pengambilan saldo JHT",
                )
            )
        if len(seen_m) == 2:
            break
