"""The one metadata source for every table the pipeline writes.

Per table and column: English name, Indonesian label, SQL type, unit and definition.
It feeds the DDL of the staging and audit tables, the Dagster asset descriptions and
column schemas, the export labels and ``docs/data_dictionary.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a published or staged table."""

    name: str
    type: str
    label_id: str
    definition: str
    unit: str = ""


@dataclass(frozen=True)
class Table:
    """One table: ``schema.name`` with its grain and columns."""

    schema: str
    name: str
    label_id: str
    grain: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        """``create or replace table`` statement with the declared column types."""
        cols = ",\n    ".join(f"{c.name} {c.type}" for c in self.columns)
        return f"create or replace table {self.qualified_name} (\n    {cols}\n)"


def _source_columns() -> tuple[Column, ...]:
    return (
        Column("source_path", "VARCHAR", "Berkas sumber", "Input file, relative to the raw folder."),
        Column("source_sheet", "VARCHAR", "Lembar sumber", "Sheet name; empty for CSV and Parquet."),
        Column("source_row", "INTEGER", "Baris sumber", "Row number as the spreadsheet shows it."),
    )


REGIONS = Table(
    "staging", "regions", "Wilayah (Kemendagri)", "one row per region at every level",
    "The gazetteer of reference/wilayah.csv with each region's level and ancestors.",
    (
        Column("code", "VARCHAR", "Kode wilayah", "Kemendagri code with dots, e.g. 61.07.14.2003."),
        Column("name", "VARCHAR", "Nama wilayah", "Region name as in the gazetteer."),
        Column("level", "VARCHAR", "Tingkat", "province, regency, district or village."),
        Column("parent_code", "VARCHAR", "Kode induk", "Code of the region one level up."),
        Column("province_code", "VARCHAR", "Kode provinsi", "Province this region lies in."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota", "Regency; null for a province."),
        Column("district_code", "VARCHAR", "Kode kecamatan", "District; null above districts."),
        Column("is_kelurahan", "BOOLEAN", "Kelurahan", "Village code suffix starts with 1."),
    ),
)

WORKFORCE = Table(
    "staging", "workforce", "Angkatan kerja", "area × year × sector",
    "Employed persons as given in reference/angkatan_kerja (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the figure is for."),
        Column("year", "INTEGER", "Tahun", "Year of the figure."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI 2020 section letter; null = all."),
        Column("workforce", "BIGINT", "Jumlah pekerja", "Employed persons.", "persons"),
    ),
)

TARGETS = Table(
    "staging", "targets", "Target kepesertaan", "area × year",
    "Targets as given in reference/target (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the target is for."),
        Column("year", "INTEGER", "Tahun", "Year the target holds for."),
        Column("target", "BIGINT", "Target", "Insured workers targeted.", "persons"),
    ),
)

SPELLS = Table(
    "staging", "spells", "Masa kepesertaan", "one accepted enrolment row",
    "A coverage spell: the NIK is covered from start_date to end_date inclusive.",
    (
        Column("spell_id", "BIGINT", "ID masa", "Order of (source_path, source_sheet, source_row)."),
        Column("nik", "VARCHAR", "NIK", "16-digit national identity number (personal data)."),
        Column("no_kpj", "VARCHAR", "No KPJ", "Membership number; null when not given."),
        Column("gender", "VARCHAR", "Jenis kelamin", "L or P; null when not given."),
        Column("village_code", "VARCHAR", "Kode desa", "Village of the spell."),
        Column("district_code", "VARCHAR", "Kode kecamatan", "District of the village."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota", "Regency of the village."),
        Column("province_code", "VARCHAR", "Kode provinsi", "Province of the village."),
        Column("segment", "VARCHAR", "Segmen", "PU, BPU, JAKON or PMI (default BPU)."),
        Column("occupation", "VARCHAR", "Pekerjaan", "Occupation as written."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI letter, LAINNYA when unmapped."),
        Column("funding_text", "VARCHAR", "Sumber dana (tertulis)", "Funding source as written."),
        Column("funding_source", "VARCHAR", "Sumber dana", "Funding code, LAINNYA when unmapped."),
        Column("programs", "VARCHAR[]", "Program", "Programmes covered (default JKK, JKM)."),
        Column("start_date", "DATE", "Tanggal mulai", "First covered day."),
        Column("end_date", "DATE", "Tanggal akhir", "Last covered day, inclusive."),
        Column("monthly_contribution_idr", "BIGINT", "Iuran per bulan", "Contribution.", "IDR"),
        *_source_columns(),
    ),
)

CLAIMS = Table(
    "staging", "claims", "Klaim", "one accepted claim row",
    "A benefit claim as submitted to or paid by BPJS Ketenagakerjaan.",
    (
        Column("claim_id", "VARCHAR", "No klaim", "Claim identifier, unique."),
        Column("nik", "VARCHAR", "NIK", "As given; null when only the KPJ is known."),
        Column("no_kpj", "VARCHAR", "No KPJ", "As given."),
        Column("program", "VARCHAR", "Program", "JKK, JKM, JHT, JP or JKP."),
        Column("event_date", "DATE", "Tanggal kejadian", "Accident or death date."),
        Column("submitted_date", "DATE", "Tanggal pengajuan", "Claim submitted."),
        Column("paid_date", "DATE", "Tanggal bayar", "Claim paid."),
        Column("status", "VARCHAR", "Status", "DIBAYAR, PROSES or DITOLAK."),
        Column("amount_idr", "BIGINT", "Nominal", "Benefit paid.", "IDR"),
        *_source_columns(),
    ),
)

PERSONS = Table(
    "identity", "persons", "Identitas peserta", "one NIK",
    "Names and birth dates: personal data, never published or exported.",
    (
        Column("nik", "VARCHAR", "NIK", "16-digit national identity number."),
        Column("name", "VARCHAR", "Nama", "Name from the latest spell."),
        Column("birth_date", "DATE", "Tanggal lahir", "Birth date when given."),
    ),
)

INPUT_FILES = Table(
    "audit", "input_files", "Berkas masukan", "one input file",
    "Every file read, with its hash and the fate of its rows.",
    (
        Column("path", "VARCHAR", "Berkas", "Path relative to the raw folder."),
        Column("kind", "VARCHAR", "Jenis", "reference, enrolment or claims."),
        Column("sha256", "VARCHAR", "SHA-256", "Hash of the file's bytes."),
        Column("rows_read", "BIGINT", "Baris dibaca", "Data rows read.", "rows"),
        Column("rows_accepted", "BIGINT", "Baris diterima", "Rows accepted.", "rows"),
        Column("rows_rejected", "BIGINT", "Baris ditolak", "Rows rejected (duplicates incl.).", "rows"),
        Column("error", "VARCHAR", "Galat", "Why the file could not be read at all; else null."),
    ),
)

REJECTED_ROWS = Table(
    "audit", "rejected_rows", "Baris ditolak", "one rejected row",
    "Each rejected row with one reason code (CONTRACT §3.7); personal data masked.",
    (
        Column("path", "VARCHAR", "Berkas", "Path relative to the raw folder."),
        Column("sheet", "VARCHAR", "Lembar", "Sheet name; empty for CSV and Parquet."),
        Column("row_number", "INTEGER", "Baris", "Row number as the spreadsheet shows it."),
        Column("field", "VARCHAR", "Kolom", "Canonical field name at fault."),
        Column("reason", "VARCHAR", "Alasan", "Reason code of CONTRACT §3.7."),
        Column("value", "VARCHAR", "Nilai", "The offending value, masked if personal."),
        Column("kind", "VARCHAR", "Jenis", "reference, enrolment or claims."),
    ),
)

NOTES = Table(
    "audit", "notes", "Catatan pembacaan", "one note",
    "Sheets skipped, unmapped spellings and other remarks from reading the inputs.",
    (
        Column("path", "VARCHAR", "Berkas", "Path relative to the raw folder."),
        Column("sheet", "VARCHAR", "Lembar", "Sheet name, when the note is about one."),
        Column("topic", "VARCHAR", "Topik", "skipped_sheet, unmapped_occupation, unmapped_funding, ..."),
        Column("value", "VARCHAR", "Nilai", "The spelling or sheet concerned."),
        Column("row_count", "BIGINT", "Jumlah baris", "Rows concerned.", "rows"),
        Column("message", "VARCHAR", "Pesan", "Plain-language explanation."),
        Column("kind", "VARCHAR", "Jenis", "reference, enrolment or claims."),
    ),
)

STAGING_TABLES = (REGIONS, WORKFORCE, TARGETS, SPELLS, CLAIMS)
AUDIT_TABLES = (INPUT_FILES, REJECTED_ROWS, NOTES)
IDENTITY_TABLES = (PERSONS,)
