"""Synthetic Bengkayang sample inputs (``python -m pipeline sample-data``).

The package is independent of the pipeline it feeds: it imports nothing of ``pipeline``
outside ``pipeline.sample`` (not ``pipeline.ingest``, nor settings, catalog or SQL), so that
reading its files back is a fair test of ingestion: the generator knows the files'
shapes and what every row should give, not how the pipeline reads them. It reads only
data files of ``pipeline/data`` (the gazetteer, and the mapping tables for the expected
unmapped spellings). ``tests/unit/sample/test_sample_independence.py`` fails if that changes.

Modules, by concern:

* ``common`` constants and date, money and code helpers; ``gazetteer`` the places;
  ``people`` persons, spells, claims and occupations; ``names`` personal names.
* ``population/`` one module per funding scheme (``apbd_kab``, ``dbh_sawit``,
  ``dana_desa``, ``csr``, ``baznas``, ``apbd_prov``, ``mandiri``, ``pemberi_kerja``) and
  ``claims``, drawn in that order from one random stream (``population/base.py``).
* ``documents/`` the files as offices send them, one module per scheme and ``claims``,
  with their messy variants and planted bad rows (``planting``, ``cells``).
* ``reference`` the reference files; ``writers`` the bytes of xlsx, xls, csv, Parquet;
  ``expected`` the figures the sample must give (``EXPECTED``); ``generate`` the plan and
  writing it with a manifest.

Bengkayang sample inputs: synthetic people in files shaped like what offices send.

``write_sample_data(raw_dir)`` writes the CONTRACT §1/§3 layout under ``raw_dir``::

    reference/wilayah.csv          Kemendagri gazetteer of province 61 (real, MIT package)
    reference/angkatan_kerja.csv   workforce per village (2024, 2025) + regency sector rows
    reference/target.csv           quotas: 100 APBD_KAB per desa (2024, 2025), 4,600 DBH_SAWIT
    reference/target_ucj.csv       the coverage-rate target (52,15 %, Kemendagri)
    reference/anggaran.csv         contribution budgets per funding source and year
    reference/arahan.csv           the directives of the 18 September 2025 meeting
    reference/README               attribution; the people are synthetic
    enrolment/*.xlsx|.xls|.csv|.parquet   one file per funding scheme
    claims/*.xlsx|.csv             JKK, JKM and JHT claims 2024-2025

Every person, NIK, KPJ, name, company and figure except the gazetteer is invented.
The data are "as of" September 2025: no spell starts and no claim is submitted or paid
after 2025-09-30.

Groups (sizes computed into ``EXPECTED``):

* APBD_KAB "1 desa 100 pekerja rentan": 100 workers in each of the 122 desa,
  2024-03-01..2025-02-28; most renewed 2025-03-01..2026-02-28, 5-8 per desa not renewed
  and replaced by new workers (a few desa end at 97-99); five workers move village,
  ten continue self-paid, deaths (JKM) remove a few, including the worker from Desa
  Karya Bhakti (61.07.14.2003) who died in May 2025, paid Rp42.000.000 in September.
* DBH_SAWIT: 2,116 palm-oil workers from 2025-07-01, ``Masa Iuran (bulan)`` = 12.
* DANA_DESA (a few hundred, ten desa), CSR (two fictitious companies), BAZNAS (.xls),
  APBD_PROV (small), MANDIRI (irregular monthly/quarterly self-paid spells, some lapse),
  PEMBERI_KERJA (PU wage earners, Parquet with canonical field names).
* Unmapped spellings for the data-quality section: occupations "Penyadap" and
  "Petani Sawah Tadah Hujan", funding source "Donatur".

Planted bad rows, one defect each (exact places in ``EXPECTED["planted_rows"]``):

* ``missing_required`` 4: blank Nama (2024 APBD, DBH), blank Jenis Pekerjaan (2025 APBD),
  JKK claim without Tgl Kejadian (claims 2025);
* ``invalid_nik`` 3: 15 digits (2024 APBD), letter O for zero (DBH), 17 digits (Dana Desa);
* ``nik_precision_lost`` 2: ``6.10714E+15``-style NIKs in the MANDIRI CSV;
* ``unknown_participant`` 2: JHT claims given by a KPJ that no enrolment row carries;
* ``unknown_village`` 3: "Desa Tunas Harapan Jaya" (2024 APBD), code 6107032099 (2025 APBD),
  "Ds. Bukit Harapan Baru" (Dana Desa): names found nowhere in the national list;
* ``invalid_date`` 5: "31/02/2025" (2025 APBD), "besok" (CSR), "2025-13-01" (BAZNAS .xls),
  a start in 2099 and a month-first "02/13/2025" (MANDIRI CSV, which gets a note that its
  dates may be month first);
* ``end_before_start`` 3: 2025 APBD, Dana Desa, a JHT claim paid before it was submitted;
* ``invalid_amount`` 4: "enam belas ribu" (2024 APBD), "Rp abc" and a NIK pasted into Iuran
  (MANDIRI CSV), "empat puluh dua juta" (claims 2025);
* ``invalid_program`` 3: "JKN" in the CSR file, "JKN" twice in claims 2025;
* ``duplicate_claim_id`` 3: a re-keyed JKK claim (same sheet), a 2024 JHT claim
  listed again in the 2025 file, and a JHT id typed again in lower case with a space;
* ``duplicate_row`` 4: three copy-pasted rows in the 2025 APBD file, one in DBH.

Planted notes on accepted rows (CONTRACT §2: an optional field that cannot be read is left
empty, the row counted): a birth date "31/02/1980" and a sex "X" in the APBD Provinsi CSV.

Row numbers are as Excel shows them (CSV: line numbers, the header being line 1).
"""

from typing import Any

from pipeline.sample.common import MANIFEST_NAME, ForeignFileError
from pipeline.sample.generate import build_plan, write_sample_data

__all__ = ["EXPECTED", "MANIFEST_NAME", "ForeignFileError", "build_plan", "write_sample_data"]


def __getattr__(name: str) -> Any:
    """``EXPECTED`` is computed from the generated data on first use (see ``generate``)."""
    if name == "EXPECTED":
        from pipeline.sample import generate

        return generate.EXPECTED
    raise AttributeError(name)
