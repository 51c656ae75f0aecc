"""The coded values every layer shares, each defined here once.

Funding sources, KBLI 2020 sectors, the code of what no mapping knows (LAINNYA), the age
bands and the programmes. Ingestion validates against them, the catalog's definitions
list them, the exports constrain columns by them, and the SQL reads them through the
macros ``sql_macros`` makes from them: ``unmapped_code()``, ``age_band(age)``,
``age_bands()``, ``sector_names()`` and ``funding_codes()``, defined on every connection
with those of ``sql/macros`` (``pipeline.core.sql.define_macros``). A test fails when one of
these values is written out again elsewhere in ``pipeline/`` or ``sql/``.
"""

from __future__ import annotations

#: The code of a sector or funding source that no mapping knows or that is missing.
UNMAPPED = "LAINNYA"

#: Funding sources (CONTRACT §3.1 sumber_dana), in the order publications list them.
FUNDING_CODES = (
    "APBD_KAB",
    "APBD_PROV",
    "DANA_DESA",
    "DBH_SAWIT",
    "CSR",
    "BAZNAS",
    "MANDIRI",
    "PEMBERI_KERJA",
    UNMAPPED,
)
#: Government budgets: one person funded by two of them at a month's end is double public funding.
PUBLIC_FUNDING_CODES = FUNDING_CODES[:4]
#: How an office writes each known source (what the fix list asks for instead of an unknown spelling).
FUNDING_SPELLINGS = {
    "APBD_KAB": "APBD Kab",
    "APBD_PROV": "APBD Prov",
    "DANA_DESA": "Dana Desa",
    "DBH_SAWIT": "DBH Sawit",
    "CSR": "CSR",
    "BAZNAS": "BAZNAS",
    "MANDIRI": "Mandiri",
    "PEMBERI_KERJA": "Pemberi Kerja",
}
#: Indonesian notes on codes whose name does not say it, for the definitions of the analysts' workbook.
_FUNDING_NOTES_ID = {"MANDIRI": "MANDIRI (bayar sendiri)"}

#: KBLI 2020 sections: letter and Indonesian name; an unmapped occupation is UNMAPPED.
SECTORS = (
    ("A", "Pertanian, Kehutanan dan Perikanan"),
    ("B", "Pertambangan dan Penggalian"),
    ("C", "Industri Pengolahan"),
    ("D", "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin"),
    (
        "E",
        "Treatment Air, Treatment Air Limbah, Treatment dan Pemulihan Material Sampah, dan "
        "Aktivitas Remediasi",
    ),
    ("F", "Konstruksi"),
    ("G", "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor"),
    ("H", "Pengangkutan dan Pergudangan"),
    ("I", "Penyediaan Akomodasi dan Penyediaan Makan Minum"),
    ("J", "Informasi dan Komunikasi"),
    ("K", "Aktivitas Keuangan dan Asuransi"),
    ("L", "Real Estat"),
    ("M", "Aktivitas Profesional, Ilmiah dan Teknis"),
    (
        "N",
        "Aktivitas Penyewaan dan Sewa Guna Usaha Tanpa Hak Opsi, Ketenagakerjaan, Agen "
        "Perjalanan dan Penunjang Usaha Lainnya",
    ),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib"),
    ("P", "Pendidikan"),
    ("Q", "Aktivitas Kesehatan Manusia dan Aktivitas Sosial"),
    ("R", "Kesenian, Hiburan dan Rekreasi"),
    ("S", "Aktivitas Jasa Lainnya"),
    (
        "T",
        "Aktivitas Rumah Tangga sebagai Pemberi Kerja; Aktivitas yang Menghasilkan Barang dan "
        "Jasa oleh Rumah Tangga yang Digunakan untuk Memenuhi Kebutuhan Sendiri",
    ),
    ("U", "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya"),
)
SECTOR_CODES = tuple(code for code, _ in SECTORS)
#: The sector name of UNMAPPED in marts.coverage_by_sector.
UNMAPPED_SECTOR_NAME = "Lainnya / tidak terpetakan"

#: Age bands of marts.coverage_by_sex_age (CONTRACT §5): label and first age, youngest first.
AGE_BANDS = (("<25", 0), ("25-39", 25), ("40-54", 40), ("55+", 55))
AGE_BAND_LABELS = tuple(label for label, _ in AGE_BANDS)
_AGE_STARTS = tuple(start for _, start in AGE_BANDS)

#: Programmes (CONTRACT §3.1 program).
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")


def listed(codes: tuple[str, ...], last: str = "or", notes: dict[str, str] | None = None) -> str:
    """``A, B or C``: codes for a definition (``last="atau"`` in Indonesian)."""
    names = [(notes or {}).get(c, c) for c in codes]
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


FUNDING_CODES_EN = listed(FUNDING_CODES) + "."
FUNDING_CODES_ID = listed(FUNDING_CODES, "atau", _FUNDING_NOTES_ID) + "."
AGE_BANDS_EN = listed(AGE_BAND_LABELS)
AGE_BANDS_ID = listed(AGE_BAND_LABELS, "atau")


def _literal(value: str) -> str:
    """A SQL string literal of one of the constants above (never of data)."""
    return "'" + value.replace("'", "''") + "'"


def _values(rows: list[tuple]) -> str:
    def one(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(int(v)) if isinstance(v, int) else _literal(str(v))

    return ", ".join("(" + ", ".join(one(v) for v in row) + ")" for row in rows)


def sql_macros() -> list[str]:
    """The macros that bring these codes into SQL (temporary: run on each connection).

    The values are constants of this module, written in as literals: a macro is a
    definition, it cannot take bind parameters.
    """
    cases = " ".join(
        f"when age < {_AGE_STARTS[i + 1]} then {_literal(label)}"
        for i, label in enumerate(AGE_BAND_LABELS[:-1])
    )
    sectors = [*SECTORS, (UNMAPPED, UNMAPPED_SECTOR_NAME)]
    return [
        f"create or replace temp macro unmapped_code() as {_literal(UNMAPPED)}",
        f"create or replace temp macro age_band(age) as case {cases} "
        f"else {_literal(AGE_BAND_LABELS[-1])} end",
        "create or replace temp macro age_bands() as table select * from (values "
        + _values([(label, i + 1) for i, label in enumerate(AGE_BAND_LABELS)])
        + ") as b (age_band, band_order)",
        "create or replace temp macro sector_names() as table select * from (values "
        + _values(sectors)
        + ") as s (sector_code, sector_name)",
        "create or replace temp macro funding_codes() as table select * from (values "
        + _values([(code, code in PUBLIC_FUNDING_CODES) for code in FUNDING_CODES])
        + ") as f (funding_source, is_public)",
    ]
