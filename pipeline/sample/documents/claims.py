"""The claim files: 2024 and 2025 workbooks (JKK, JHT) and the JKM recap CSV."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import rupiah
from pipeline.sample.documents.cells import Fmt
from pipeline.sample.documents.model import Doc, Item, Row, Sheet, assemble, claim_values, render_items
from pipeline.sample.documents.planting import plant
from pipeline.sample.people import Claim
from pipeline.sample.population import Population


def doc_claims_2024(pop: Population) -> Doc:
    """``Klaim_BPJSTK_Bengkayang_2024.xlsx``: the claims submitted in 2024, one sheet."""
    rel = "claims/Klaim_BPJSTK_Bengkayang_2024.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.0, amount="num")
    columns = [
        ("No", "no"),
        ("No Klaim", "no_klaim"),
        ("NIK", "nik"),
        ("No KPJ", "kpj"),
        ("Nama Peserta", "nama"),
        ("Program", "program"),
        ("Tgl Kejadian", "kejadian"),
        ("Tgl Pengajuan", "pengajuan"),
        ("Tgl Bayar", "bayar"),
        ("Status", "status"),
        ("Nominal", "nominal"),
        ("Keterangan", "keterangan"),
    ]
    cl = sorted([c for c in pop.claims if c.pengajuan.year == 2024], key=lambda c: (c.pengajuan, c.no_klaim))

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        return v

    rows = render_items([[Item(claim_values(c), claim=c) for c in cl]], columns, fmt, cell)
    sheet = assemble(
        "Klaim 2024",
        ["REKAP KLAIM PESERTA KABUPATEN BENGKAYANG TAHUN 2024", "BPJS KETENAGAKERJAAN KCP BENGKAYANG"],
        columns,
        rows,
    )
    return Doc(rel, "xlsx", [sheet], col_widths={1: 24, 2: 20, 3: 14, 4: 26, 10: 14, 11: 40})


def doc_claims_2025(pop: Population) -> Doc:
    """``Klaim_BPJSTK_Bengkayang_2025.xlsx``: a JKK and a JHT sheet, then notes."""
    rel = "claims/Klaim_BPJSTK_Bengkayang_2025.xlsx"
    fmt = Fmt(rel, date="dmy", amount="num")
    columns = [
        ("No.", "no"),
        ("Nomor Klaim", "no_klaim"),
        ("Nomor Induk Kependudukan", "nik"),
        ("KPJ", "kpj"),
        ("Nama", "nama"),
        ("Jenis Klaim", "program"),
        ("Tanggal Kejadian", "kejadian"),
        ("Tanggal Klaim", "pengajuan"),
        ("Tanggal Pembayaran", "bayar"),
        ("Status", "status"),
        ("Jumlah Manfaat", "nominal"),
        ("Keterangan", "keterangan"),
    ]

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        if key == "nominal" and v is not None and fmt.rng.random() < 0.4:
            return rupiah(v, decimals=True, space=True)
        return v

    sheets = []
    for prog in ("JKK", "JHT"):
        cl = sorted(
            [c for c in pop.claims if c.pengajuan.year == 2025 and c.program == prog],
            key=lambda c: (c.pengajuan, c.no_klaim),
        )
        items = [Item(claim_values(c), claim=c) for c in cl]
        blocks = [items]
        if prog == "JKK":
            _plant_jkk_defects(blocks, cl)
        else:
            _plant_jht_defects(blocks, cl, pop.claims)
        rows = render_items(blocks, columns, fmt, cell)
        sheets.append(
            assemble(
                f"Klaim {prog}",
                [
                    f"DAFTAR KLAIM {prog} PESERTA WILAYAH KABUPATEN BENGKAYANG",
                    "PERIODE JANUARI - SEPTEMBER 2025",
                ],
                columns,
                rows,
            )
        )
    sheets.append(
        Sheet(
            "Keterangan",
            [
                Row(["Keterangan:"], "note"),
                Row(
                    [
                        "DIBAYAR = manfaat telah ditransfer; PROSES = berkas diverifikasi; "
                        "DITOLAK = tidak memenuhi syarat."
                    ],
                    "note",
                ),
                Row(["Klaim JKM dilaporkan terpisah (Rekap_Klaim_JKM_2025.csv)."], "note"),
            ],
        )
    )
    return Doc(rel, "xlsx", sheets, col_widths={1: 24, 2: 20, 3: 14, 4: 26, 10: 20, 11: 40})


def _plant_jkk_defects(blocks: list[list[Item]], cl: list[Claim]) -> None:
    """A re-keyed claim, a JKN claim twice, one without its accident date, one amount in words."""
    like = next(c for c in cl if c.status == "DIBAYAR" and not c.kpj_only)
    v = claim_values(like)
    # re-keyed with another amount: the later copy of the id is rejected
    plant(
        blocks,
        0.99,
        Item(dict(v, nominal=v["nominal"] + 100_000), {}, "duplicate_claim_id", "no_klaim"),
    )
    pers = [c.person for c in cl if not c.kpj_only]
    base = dict(claim_values(cl[0]))
    plant(
        blocks,
        0.3,
        Item(
            dict(
                base,
                no_klaim="JKK/2025/KCP-BKY/0190",
                nik=pers[1].nik,
                kpj=pers[1].kpj,
                nama=pers[1].nama,
                program="JKN",
                status="PROSES",
                bayar=None,
                nominal=None,
                keterangan="Salah jenis klaim",
            ),
            {},
            "invalid_program",
            "program",
        ),
    )
    plant(
        blocks,
        0.6,
        Item(
            dict(
                base,
                no_klaim="JKK/2025/KCP-BKY/0191",
                nik=pers[2].nik,
                kpj=pers[2].kpj,
                nama=pers[2].nama,
                kejadian=None,
                status="PROSES",
                bayar=None,
                nominal=None,
                keterangan="Kronologi menyusul",
            ),
            {},
            "missing_required",
            "tgl_kejadian",
        ),
    )
    plant(
        blocks,
        0.8,
        Item(
            dict(
                base,
                no_klaim="JKK/2025/KCP-BKY/0192",
                nik=pers[3].nik,
                kpj=pers[3].kpj,
                nama=pers[3].nama,
                keterangan="Nominal diketik huruf",
            ),
            {"nominal": "empat puluh dua juta"},
            "invalid_amount",
            "nominal",
        ),
    )
    plant(
        blocks,
        0.9,
        Item(
            dict(
                base,
                no_klaim="JKN/2025/0007",
                nik=pers[4].nik,
                kpj=pers[4].kpj,
                nama=pers[4].nama,
                program="JKN",
                status="DITOLAK",
                bayar=None,
                nominal=None,
                keterangan="Klaim JKN dialihkan ke BPJS Kesehatan",
            ),
            {},
            "invalid_program",
            "program",
        ),
    )


def _plant_jht_defects(blocks: list[list[Item]], cl: list[Claim], claims: list[Claim]) -> None:
    """A 2024 claim listed again, an id retyped, a payment before the claim, two unknown KPJs."""
    c24 = (
        next(c for c in claims if c.program == "JHT" and c.pengajuan.year == 2024)
        if any(c.program == "JHT" and c.pengajuan.year == 2024 for c in claims)
        else None
    )
    if c24 is None:
        c24 = next(c for c in claims if c.pengajuan.year == 2024)
    v = claim_values(c24)
    plant(
        blocks,
        0.5,
        Item(
            dict(v, pengajuan=v["pengajuan"] + dt.timedelta(days=30), keterangan="Dicatat ulang"),
            {},
            "duplicate_claim_id",
            "no_klaim",
        ),
    )
    base = claim_values(cl[0])
    # The same id typed again in lower case with a space: the same claim (§3.7).
    plant(
        blocks,
        0.95,
        Item(
            dict(
                base,
                no_klaim=base["no_klaim"].lower().replace("/", "/ ", 1),
                keterangan="Diketik ulang",
            ),
            {},
            "duplicate_claim_id",
            "no_klaim",
        ),
    )
    if base["bayar"] is not None and base["pengajuan"] is not None:
        plant(
            blocks,
            0.4,
            Item(
                dict(
                    base,
                    no_klaim="JHT/2025/KCP-BKY/0990",
                    bayar=base["pengajuan"] - dt.timedelta(days=15),
                    keterangan="Tanggal bayar salah ketik",
                ),
                {},
                "end_before_start",
                "tgl_bayar",
            ),
        )
    # Given by a KPJ no enrolment row carries: whose claim is it?
    for pos, no_klaim, kpj in (
        (0.7, "JHT/2025/KCP-BKY/0991", "25999999991"),
        (0.75, "JHT/2025/KCP-BKY/0992", "25999999992"),
    ):
        plant(
            blocks,
            pos,
            Item(
                dict(
                    base,
                    no_klaim=no_klaim,
                    nik="",
                    kpj=kpj,
                    nama="(tidak tercantum)",
                    keterangan="Data peserta menyusul",
                ),
                {},
                "unknown_participant",
                "no_kpj",
            ),
        )


def doc_claims_jkm(pop: Population) -> Doc:
    """``Rekap_Klaim_JKM_2025.csv``: the JKM claims of 2025."""
    rel = "claims/Rekap_Klaim_JKM_2025.csv"
    fmt = Fmt(rel, date="indo", amount="rp_full")
    columns = [
        ("No Penetapan", "no_klaim"),
        ("NIK", "nik"),
        ("Nama Peserta", "nama"),
        ("Program", "program"),
        ("Tgl Meninggal", "kejadian"),
        ("Tgl Pengajuan", "pengajuan"),
        ("Tgl Bayar", "bayar"),
        ("Status", "status"),
        ("Manfaat Dibayar", "nominal"),
        ("Keterangan", "keterangan"),
    ]
    cl = sorted(
        [c for c in pop.claims if c.pengajuan.year == 2025 and c.program == "JKM"],
        key=lambda c: (c.pengajuan, c.no_klaim),
    )

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        if key == "nominal":
            return fmt.amount(v)
        return v

    rows = render_items([[Item(claim_values(c), claim=c) for c in cl]], columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="utf-8-sig", delimiter=";")
