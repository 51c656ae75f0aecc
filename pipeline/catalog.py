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
    #: The definition in Indonesian, for the analysts' workbook (its Kamus Data sheet).
    definition_id: str = ""
    #: Indonesian labels of coded values (``(("district", "kecamatan"), ...)``), for the workbook.
    values_id: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Table:
    """One table: ``schema.name`` with its grain and columns."""

    schema: str
    name: str
    label_id: str
    grain: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    #: The columns that identify a row (the grain as column names); empty when no column does.
    key: tuple[str, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        """``create or replace table`` statement with the declared column types."""
        cols = ",\n    ".join(f"\"{c.name}\" {c.type}" for c in self.columns)
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
    key=("code",),
)

WORKFORCE = Table(
    "staging", "workforce", "Angkatan kerja", "area × year × sector",
    "Employed persons as given in reference/angkatan_kerja (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the figure is for."),
        Column("year", "INTEGER", "Tahun", "Year of the figure."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI 2020 section letter; null = all."),
        Column("workforce", "BIGINT", "Jumlah pekerja", "Employed persons.", "persons"),
        Column("source_text", "VARCHAR", "Sumber data",
               "Where the figure comes from, as written (e.g. BPS Sakernas Agustus 2024)."),
    ),
)

TARGETS = Table(
    "staging", "targets", "Target kepesertaan", "area × year",
    "Targets as given in reference/target (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the target is for."),
        Column("year", "INTEGER", "Tahun", "Year the target holds for."),
        Column("target", "BIGINT", "Target", "Insured workers targeted.", "persons"),
        Column("funding_source", "VARCHAR", "Sumber dana",
               "Funding code of a programme quota (counts only workers attributed to it); "
               "null: the target counts workers of every funding source."),
    ),
)

UCJ_TARGETS = Table(
    "staging", "ucj_targets", "Target UCJ", "area × year",
    "Coverage-rate targets as given in reference/target_ucj (an area without its own takes "
    "its nearest ancestor's).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the target is for."),
        Column("year", "INTEGER", "Tahun", "Year the target holds for."),
        Column("target_rate", "DOUBLE", "Target cakupan", "Coverage rate targeted (a fraction).",
               "fraction"),
        Column("source_text", "VARCHAR", "Sumber target", "Where the target comes from, as written."),
    ),
)

BUDGETS = Table(
    "staging", "budgets", "Pagu anggaran iuran", "area × year × funding source",
    "Contribution budgets as given in reference/anggaran.",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the budget is for."),
        Column("year", "INTEGER", "Tahun", "Budget year."),
        Column("funding_source", "VARCHAR", "Sumber dana", "Funding code."),
        Column("budget_idr", "BIGINT", "Pagu", "Contribution budget for the year.", "IDR"),
    ),
)

DIRECTIVES = Table(
    "staging", "directives", "Arahan rapat", "one directive",
    "Directives of a monitoring meeting as given in reference/arahan, to be followed up.",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the meeting was for."),
        Column("meeting_date", "DATE", "Tanggal rapat", "Day of the meeting."),
        Column("directive", "VARCHAR", "Arahan", "The directive, as written."),
        Column("indicator", "VARCHAR", "Indikator", "Key of a measurable indicator, if any."),
        Column("responsible", "VARCHAR", "Penanggung jawab", "Who is to act, as written."),
        Column("deadline_date", "DATE", "Tenggat", "Deadline, if any."),
        *_source_columns(),
    ),
)

SPELLS = Table(
    "staging", "spells", "Masa kepesertaan", "one accepted enrolment row",
    "A coverage spell: the person (person_id, a pseudonym of the NIK) is covered from "
    "start_date to end_date inclusive.",
    (
        Column("spell_id", "BIGINT", "ID masa", "Order of (source_path, source_sheet, source_row)."),
        Column("person_id", "VARCHAR", "ID peserta (samaran)",
               "Keyed pseudonym of the NIK (HMAC-SHA256); the NIK itself is in identity.persons."),
        Column("kpj_id", "VARCHAR", "ID KPJ (samaran)",
               "Keyed pseudonym of the KPJ; null when not given."),
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
    key=("spell_id",),
)

CLAIMS = Table(
    "staging", "claims", "Klaim", "one accepted claim row",
    "A benefit claim as submitted to or paid by BPJS Ketenagakerjaan.",
    (
        Column("claim_id", "VARCHAR", "No klaim", "Claim identifier, unique."),
        Column("person_id", "VARCHAR", "ID peserta (samaran)",
               "Keyed pseudonym of the NIK; null when only the KPJ is known."),
        Column("kpj_id", "VARCHAR", "ID KPJ (samaran)", "Keyed pseudonym of the KPJ."),
        Column("nik_regency_code", "VARCHAR", "Kode kabupaten/kota NIK",
               "Regency where the NIK was issued (its first four digits, e.g. 61.07)."),
        Column("program", "VARCHAR", "Program", "JKK, JKM, JHT, JP or JKP."),
        Column("event_date", "DATE", "Tanggal kejadian", "Accident or death date."),
        Column("submitted_date", "DATE", "Tanggal pengajuan", "Claim submitted."),
        Column("paid_date", "DATE", "Tanggal bayar", "Claim paid."),
        Column("status", "VARCHAR", "Status", "DIBAYAR, PROSES or DITOLAK."),
        Column("amount_idr", "BIGINT", "Nominal", "Benefit paid.", "IDR"),
        *_source_columns(),
    ),
    key=("claim_id",),
)

PERSONS = Table(
    "identity", "persons", "Identitas peserta", "one NIK",
    "Names and birth dates: personal data, never published or exported.",
    (
        Column("person_id", "VARCHAR", "ID peserta (samaran)", "Keyed pseudonym of the NIK."),
        Column("nik", "VARCHAR", "NIK", "16-digit national identity number."),
        Column("no_kpj", "VARCHAR", "No KPJ", "Membership number from the latest spell."),
        Column("name", "VARCHAR", "Nama", "Name from the latest spell."),
        Column("birth_date", "DATE", "Tanggal lahir",
               "Birth date from the latest spell that gives one; null when none does."),
        Column("gender", "VARCHAR", "Jenis kelamin",
               "L or P from the latest spell that gives one; null when none does."),
    ),
    key=("person_id",),
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
        Column("sheets", "INTEGER", "Lembar", "Sheets read (1 for CSV and Parquet); null if not read."),
        Column("label", "VARCHAR", "Label",
               "How publications name the file: kind, number, type and sheets "
               "(kepesertaan #3 · xlsx · 2 lembar), never its name."),
    ),
    key=("path",),
)

INGESTION_RUN = Table(
    "audit", "ingestion_run", "Pengolahan", "one row: the ingestion that wrote these tables",
    "When the tables were ingested: the day input dates were judged against.",
    (
        Column("run_date", "DATE", "Tanggal pengolahan",
               "The day the pipeline ran: dates after it are invalid_date (tgl_mulai: more than 92 "
               "days after). Recorded in each report's manifest, so a re-derivation judges alike."),
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
        Column("row_number", "INTEGER", "Baris",
               "Row number as the spreadsheet shows it, when the note is about one row."),
        Column("field", "VARCHAR", "Kolom",
               "Canonical field (or the column name as typed) the note is about, if any."),
    ),
)

TYPED_VALUES = Table(
    "identity", "typed_values", "Nilai seperti diketik", "one rejected or noted cell",
    "The value exactly as typed of each rejected row's field and of each cell a note is "
    "about, unmasked: personal data, only for the village office's fix list (never "
    "published). Joins audit.rejected_rows and audit.notes on path, sheet, row_number, field.",
    (
        Column("path", "VARCHAR", "Berkas", "Path relative to the raw folder."),
        Column("sheet", "VARCHAR", "Lembar", "Sheet name; empty for CSV and Parquet."),
        Column("row_number", "INTEGER", "Baris", "Row number as the spreadsheet shows it."),
        Column("field", "VARCHAR", "Kolom", "Canonical field name."),
        Column("value", "VARCHAR", "Nilai", "The cell's text as read, unmasked."),
    ),
)

STAGING_TABLES = (REGIONS, WORKFORCE, TARGETS, UCJ_TARGETS, BUDGETS, DIRECTIVES, SPELLS, CLAIMS)
AUDIT_TABLES = (INPUT_FILES, REJECTED_ROWS, NOTES, INGESTION_RUN)
IDENTITY_TABLES = (PERSONS, TYPED_VALUES)


# --- INTERMEDIATE: the work the marts share (internal, never exported) -----------------

def _month_index(name: str, definition: str) -> Column:
    return Column(name, "BIGINT", "Indeks bulan", f"{definition} As a month index: year × 12 + "
                  "month − 1 (the macro month_index of sql/macros).", "month index")


def _attributed_spell_columns() -> tuple[Column, ...]:
    return (
        Column("village_code", "VARCHAR", "Kode desa", "Village of the spell."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota", "Regency of the spell."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI letter, LAINNYA when unmapped or missing."),
        Column("funding_source", "VARCHAR", "Sumber dana",
               "Funding code, LAINNYA when unmapped or missing."),
        Column("monthly_contribution_idr", "BIGINT", "Iuran per bulan",
               "Contribution per month; 0 when not given.", "IDR"),
    )


CLAIM_PARTICIPANTS = Table(
    "intermediate", "claim_participants", "Peserta klaim", "one claim",
    "Whose each claim is and which regency it belongs to. A claim with only a KPJ takes the "
    "person of the enrolment rows with that KPJ; the regency is that of the participant's "
    "latest spell, else the one the claim's NIK was issued in.",
    (
        Column("claim_id", "VARCHAR", "No klaim", "Claim identifier (staging.claims)."),
        Column("person_id", "VARCHAR", "ID peserta (samaran)",
               "Keyed pseudonym of the NIK, from the claim or through its KPJ; null when neither "
               "is known."),
        Column("is_person_from_kpj", "BOOLEAN", "Peserta dari KPJ",
               "The claim gives no NIK: the person is the owner of its KPJ (the latest spell's)."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota",
               "Regency of the participant's latest spell, else the NIK's first four digits."),
        Column("is_regency_from_nik", "BOOLEAN", "Kabupaten dari NIK",
               "No spell of the participant: the regency comes from the NIK."),
        Column("is_death", "BOOLEAN", "Kematian",
               "A JKM claim not rejected, with an event date: the worker's death on that date."),
    ),
    key=("claim_id",),
)

COVERED_SPELLS = Table(
    "intermediate", "covered_spells", "Masa kepesertaan yang melindungi",
    "one spell that covers at least one day",
    "Spells as they really cover: a death ends every spell of that person on its date. "
    "Carries the spell's village, sector, funding source and contribution for the coverage "
    "marts.",
    (
        Column("spell_id", "BIGINT", "ID masa", "The spell (staging.spells)."),
        Column("person_id", "VARCHAR", "ID peserta (samaran)", "Keyed pseudonym of the NIK."),
        Column("programs", "VARCHAR[]", "Program", "Programmes covered."),
        Column("start_date", "DATE", "Tanggal mulai", "First covered day."),
        Column("end_date", "DATE", "Tanggal akhir", "Last covered day as enrolled, inclusive."),
        Column("covered_end_date", "DATE", "Tanggal akhir terlindungi",
               "Last covered day once a death is applied: the earlier of end_date and the death."),
        Column("attribution_rank", "BIGINT", "Urutan atribusi",
               "Order of the person's spells for attribution (latest start, then latest end, "
               "then file and row ranked last); 1 for a person's only spell."),
        Column("is_only_spell", "BOOLEAN", "Satu-satunya masa", "The person has no other spell."),
        _month_index("first_month_index", "First month whose last day the spell covers."),
        _month_index("last_month_index",
                     "Last month whose last day the spell covers (below first_month_index when "
                     "it covers no month-end)."),
        *_attributed_spell_columns(),
    ),
    key=("spell_id",),
)

COVERAGE_RANGES = Table(
    "intermediate", "coverage_ranges", "Rentang kepesertaan",
    "person × measure × range of months with one attributed spell",
    "Each person's month ranges of being active or ending soon, with the attributed spell; "
    "new and lapsed as flags. The marts turn the ranges into monthly counts (+1 at the "
    "first month, −1 after the last), so no table holds a row per person per month.",
    (
        Column("spell_id", "BIGINT", "ID masa", "The attributed spell (leads back to the person)."),
        Column("measure", "VARCHAR", "Ukuran", "active or ending_soon."),
        _month_index("from_month_index", "First month of the range."),
        _month_index("to_month_index", "Last month of the range, inclusive."),
        Column("is_new", "BOOLEAN", "Baru",
               "active: the person was not covered the month before the range; false for "
               "ending_soon."),
        Column("is_lapsed_after", "BOOLEAN", "Berhenti sesudahnya",
               "active: the person is not covered the month after the range; false for "
               "ending_soon."),
        *_attributed_spell_columns(),
    ),
    key=("spell_id", "measure", "from_month_index"),
)

AREA_DENOMINATORS = Table(
    "intermediate", "area_denominators", "Penyebut per wilayah", "area × year × sector",
    "Workforce and target per area and year after the carry-forward and roll-up rules: "
    "workforce rolls up only when every child has a figure; a target rolls up as the sum of "
    "the targets set below.",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the figures are for."),
        Column("level", "VARCHAR", "Tingkat", "village, district, regency or province."),
        Column("year", "BIGINT", "Tahun", "Year, from that of the earliest spell to the as-of month's."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI 2020 section letter; null = all sectors."),
        Column("workforce", "BIGINT", "Jumlah pekerja",
               "Employed persons: the year's own figure, else the latest earlier year's, else the "
               "sum of the direct children's when all have one.", "persons"),
        Column("target", "BIGINT", "Target",
               "Insured workers targeted for the year (all funding sources): the area's own, else "
               "the sum of those set below; null for a sector row or when none is set.", "persons"),
    ),
    key=("area_code", "year", "sector_code"),
)

INTERMEDIATE_TABLES = (CLAIM_PARTICIPANTS, COVERED_SPELLS, COVERAGE_RANGES, AREA_DENOMINATORS)


# --- MARTS: the published tables of CONTRACT §5 (owned by the marts stage) -------------

def _month_column() -> Column:
    return Column("month", "DATE", "Bulan", "First day of the month; counts are as of its last day.",
                  definition_id="Hari pertama bulan; jumlah peserta dihitung pada hari terakhirnya.")


def _flow_measures(where: str, mover: str, where_id: str, mover_id: str) -> tuple[Column, ...]:
    """new, lapsed and ending_soon, counted ``where`` the attributed spell lies."""
    return (
        Column("new", "BIGINT", "Peserta baru",
               f"Active this month and not the month before; counted {where} this month. "
               f"A worker who {mover} is not new.", "persons",
               definition_id=f"Aktif bulan ini dan tidak aktif bulan sebelumnya; dihitung {where_id} "
                             f"bulan ini. Pekerja yang {mover_id} tidak dihitung sebagai peserta baru."),
        Column("lapsed", "BIGINT", "Peserta berhenti",
               f"Active the month before and not this month; counted {where} the month "
               "before.", "persons",
               definition_id=f"Aktif bulan sebelumnya dan tidak aktif bulan ini; dihitung {where_id} "
                             "bulan sebelumnya."),
        Column("ending_soon", "BIGINT", "Segera berakhir",
               "Active this month and covered by no spell on the last day of the month three "
               "months later: the renewals to plan.", "persons",
               definition_id="Aktif bulan ini dan tidak lagi terlindungi pada hari terakhir bulan "
                             "ketiga sesudahnya: perpanjangan yang perlu direncanakan."),
    )


def _coverage_measures() -> tuple[Column, ...]:
    return (
        Column("active", "BIGINT", "Peserta aktif",
               "Participants (distinct NIK) covered by some spell on the month's last day, "
               "counted where their attributed spell lies.", "persons",
               definition_id="Peserta (NIK berbeda) yang terlindungi pada hari terakhir bulan, "
                             "dihitung di wilayah masa kepesertaan yang diatribusikan."),
        *_flow_measures("where attributed", "moves village", "di wilayah atribusinya",
                        "pindah desa"),
        Column("workforce", "BIGINT", "Jumlah pekerja",
               "Employed persons of the area for the month's year (else the latest earlier "
               "year); without a figure, the sum of the direct children's when all have one.",
               "persons",
               definition_id="Penduduk yang bekerja di wilayah itu pada tahun bulan tersebut (atau "
                             "tahun terakhir sebelumnya); tanpa angka sendiri, jumlah angka wilayah "
                             "di bawahnya bila semuanya punya angka."),
        Column("coverage_rate", "DOUBLE", "Tingkat cakupan",
               "active / workforce, a fraction; null without a workforce figure.", "fraction",
               definition_id="Peserta aktif / jumlah pekerja, sebagai pecahan; kosong bila jumlah "
                             "pekerja tidak ada."),
        Column("target", "BIGINT", "Target",
               "Target for the month's year; without one, the sum of the targets set below "
               "the area; null when none is set.", "persons",
               definition_id="Target tahun bulan tersebut; tanpa target sendiri, jumlah target "
                             "wilayah di bawahnya; kosong bila tidak ada target."),
        Column("target_attainment", "DOUBLE", "Capaian target",
               "active / target, a fraction (may exceed 1); null without a target.", "fraction",
               definition_id="Peserta aktif / target, sebagai pecahan (boleh lebih dari 1); kosong "
                             "tanpa target."),
    )


def _regency_code(definition: str, definition_id: str) -> Column:
    return Column("regency_code", "VARCHAR", "Kode kabupaten/kota", definition,
                  definition_id=definition_id)


#: Indonesian labels of the area levels, for the workbook's Tingkat column.
LEVELS_ID = (("province", "provinsi"), ("regency", "kabupaten/kota"), ("district", "kecamatan"),
             ("village", "desa/kelurahan"))
#: Indonesian names of the units and column types, for the workbook's Kamus Data sheet.
UNITS_ID = {"persons": "orang", "IDR": "rupiah", "fraction": "pecahan (0,853 = 85,3%)",
            "claims": "klaim", "days": "hari", "rows": "baris"}
TYPES_ID = {"DATE": "tanggal", "BIGINT": "bilangan bulat", "INTEGER": "bilangan bulat",
            "DOUBLE": "bilangan desimal", "VARCHAR": "teks", "BOOLEAN": "ya/tidak"}

COVERAGE_BY_VILLAGE = Table(
    "marts", "coverage_by_village", "Cakupan per desa/kelurahan", "month × village",
    "Every village of a regency with data, every month from the earliest spell start to "
    "the data's as-of month, zeros where nobody is active.",
    (
        _month_column(),
        Column("village_code", "VARCHAR", "Kode desa", "Kemendagri village code with dots.",
               definition_id="Kode desa/kelurahan Kemendagri dengan titik (61.07.14.2003)."),
        Column("village_name", "VARCHAR", "Nama desa/kelurahan", "Name in the gazetteer.",
               definition_id="Nama menurut daftar wilayah Kemendagri."),
        Column("district_code", "VARCHAR", "Kode kecamatan", "District of the village.",
               definition_id="Kecamatan tempat desa/kelurahan itu."),
        Column("district_name", "VARCHAR", "Nama kecamatan", "Name in the gazetteer.",
               definition_id="Nama menurut daftar wilayah Kemendagri."),
        _regency_code("Regency of the village.", "Kabupaten/kota tempat desa/kelurahan itu."),
        *_coverage_measures(),
    ),
    key=("month", "village_code"),
)

COVERAGE_BY_AREA = Table(
    "marts", "coverage_by_area", "Cakupan per wilayah", "month × area (district, regency, province)",
    "The village counts summed up the Kemendagri tree, with each area's own denominators.",
    (
        _month_column(),
        Column("level", "VARCHAR", "Tingkat", "district, regency or province.",
               definition_id="kecamatan, kabupaten/kota atau provinsi (di berkas Parquet dan CSV: "
                             "district, regency, province).",
               values_id=LEVELS_ID),
        Column("area_code", "VARCHAR", "Kode wilayah", "Kemendagri code with dots.",
               definition_id="Kode wilayah Kemendagri dengan titik (61, 61.07, 61.07.14)."),
        Column("area_name", "VARCHAR", "Nama wilayah", "Name in the gazetteer.",
               definition_id="Nama menurut daftar wilayah Kemendagri."),
        *_coverage_measures(),
    ),
    key=("month", "level", "area_code"),
)

COVERAGE_BY_SECTOR = Table(
    "marts", "coverage_by_sector", "Cakupan per sektor", "month × regency × sector",
    "Active participants by the KBLI 2020 section of their attributed spell's occupation.",
    (
        _month_column(),
        _regency_code("Regency of the attributed spell.",
                      "Kabupaten/kota masa kepesertaan yang diatribusikan."),
        Column("sector_code", "VARCHAR", "Kode sektor",
               "KBLI 2020 section letter; LAINNYA for an occupation no mapping knows.",
               definition_id="Huruf kategori KBLI 2020; LAINNYA untuk pekerjaan yang tidak ada di "
                             "tabel pemetaan."),
        Column("sector_name", "VARCHAR", "Nama sektor", "KBLI 2020 section name in Indonesian.",
               definition_id="Nama kategori KBLI 2020."),
        Column("active", "BIGINT", "Peserta aktif",
               "Participants active on the month's last day whose attributed spell is in "
               "this sector.", "persons",
               definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
                             "atribusinya di sektor ini."),
        Column("workforce", "BIGINT", "Jumlah pekerja",
               "Employed persons of the regency in this sector (given, or summed from all "
               "districts/villages); null without a figure.", "persons",
               definition_id="Penduduk yang bekerja di sektor ini di kabupaten/kota itu (angka "
                             "sendiri, atau jumlah semua kecamatan/desa); kosong tanpa angka."),
        Column("coverage_rate", "DOUBLE", "Tingkat cakupan",
               "active / workforce, a fraction; null without a workforce figure.", "fraction",
               definition_id="Peserta aktif / jumlah pekerja, sebagai pecahan; kosong bila jumlah "
                             "pekerja tidak ada."),
    ),
    key=("month", "regency_code", "sector_code"),
)

COVERAGE_BY_FUNDING = Table(
    "marts", "coverage_by_funding", "Cakupan per sumber dana", "month × regency × funding source",
    "Active participants and their contributions by who pays (the attributed spell's source); "
    "new, lapsed and ending soon per source go beyond the contract's columns.",
    (
        _month_column(),
        _regency_code("Regency of the attributed spell.",
                      "Kabupaten/kota masa kepesertaan yang diatribusikan."),
        Column("funding_source", "VARCHAR", "Sumber dana",
               "APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI, "
               "PEMBERI_KERJA or LAINNYA.",
               definition_id="APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI "
                             "(bayar sendiri), PEMBERI_KERJA atau LAINNYA."),
        Column("active", "BIGINT", "Peserta aktif",
               "Participants active on the month's last day whose attributed spell has this "
               "funding source.", "persons",
               definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
                             "atribusinya dibiayai sumber dana ini."),
        Column("share", "DOUBLE", "Porsi",
               "active / the regency's active, a fraction; null when the regency has none.",
               "fraction",
               definition_id="Peserta aktif / seluruh peserta aktif kabupaten/kota, sebagai "
                             "pecahan; kosong bila tidak ada peserta aktif."),
        Column("contributions_idr", "BIGINT", "Iuran",
               "Sum of the monthly contribution of each active participant's attributed spell.",
               "IDR",
               definition_id="Jumlah iuran bulanan masa kepesertaan atribusi setiap peserta aktif."),
        *_flow_measures("under the funding source attributed", "changes funding source",
                        "pada sumber dana atribusinya", "berganti sumber dana"),
    ),
    key=("month", "regency_code", "funding_source"),
)

CLAIMS_BY_PROGRAM = Table(
    "marts", "claims_by_program", "Klaim per program", "month × regency × programme",
    "Claims by the month they were paid (else submitted, else of the event) and programme.",
    (
        _month_column(),
        _regency_code("Regency of the participant's latest spell, else the NIK's first four digits.",
                      "Kabupaten/kota masa kepesertaan terakhir peserta, atau empat digit pertama "
                      "NIK-nya."),
        Column("program", "VARCHAR", "Program", "JKK, JKM, JHT, JP or JKP.",
               definition_id="JKK, JKM, JHT, JP atau JKP."),
        Column("paid_count", "BIGINT", "Klaim dibayar", "Claims with status DIBAYAR.", "claims",
               definition_id="Klaim berstatus DIBAYAR."),
        Column("paid_amount_idr", "BIGINT", "Nominal dibayar", "Benefits paid.", "IDR",
               definition_id="Manfaat yang dibayarkan."),
        Column("pending_count", "BIGINT", "Klaim diproses", "Claims with status PROSES.", "claims",
               definition_id="Klaim berstatus PROSES."),
        Column("rejected_count", "BIGINT", "Klaim ditolak", "Claims with status DITOLAK.", "claims",
               definition_id="Klaim berstatus DITOLAK."),
        Column("median_days_to_pay", "DOUBLE", "Median hari pembayaran",
               "Median of paid date − submitted date over the month's paid claims with both "
               "dates (mean of the two middle values for an even count).", "days",
               definition_id="Median selisih tanggal bayar dan tanggal pengajuan klaim yang dibayar "
                             "bulan itu dan punya kedua tanggal (rata-rata dua nilai tengah bila "
                             "jumlahnya genap)."),
        Column("outside_coverage_count", "BIGINT", "Klaim di luar kepesertaan",
               "JKK or JKM claims whose event date no spell of the NIK with that programme "
               "covers (deaths applied first).", "claims",
               definition_id="Klaim JKK atau JKM yang tanggal kejadiannya tidak tercakup masa "
                             "kepesertaan NIK itu dengan program tersebut (setelah memperhitungkan "
                             "kematian)."),
    ),
    key=("month", "regency_code", "program"),
)

_FUNDING_CODES_EN = ("APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI, "
                     "PEMBERI_KERJA or LAINNYA.")
_FUNDING_CODES_ID = ("APBD_KAB, APBD_PROV, DANA_DESA, DBH_SAWIT, CSR, BAZNAS, MANDIRI (bayar "
                     "sendiri), PEMBERI_KERJA atau LAINNYA.")

QUOTA_BY_FUNDING = Table(
    "marts", "quota_by_funding", "Kuota program per sumber dana",
    "month × area × funding source with a quota",
    "Programme quotas (targets with a funding source, CONTRACT §3.3) against the participants "
    "attributed to that source: filled and open slots per village, district and regency.",
    (
        _month_column(),
        Column("level", "VARCHAR", "Tingkat", "village, district or regency.",
               definition_id="desa/kelurahan, kecamatan atau kabupaten/kota.",
               values_id=(("village", "desa/kelurahan"), *LEVELS_ID)),
        Column("area_code", "VARCHAR", "Kode wilayah", "Kemendagri code of the area.",
               definition_id="Kode Kemendagri wilayah."),
        Column("funding_source", "VARCHAR", "Sumber dana", "The quota's funding source: "
               + _FUNDING_CODES_EN, definition_id="Sumber dana kuota: " + _FUNDING_CODES_ID),
        Column("target", "BIGINT", "Kuota",
               "The area's quota of the source for the month's year: its own, else the sum of "
               "the quotas set below it.", "persons",
               definition_id="Kuota wilayah untuk sumber dana itu pada tahun bulan tersebut: "
                             "kuotanya sendiri, atau jumlah kuota wilayah di bawahnya."),
        Column("active", "BIGINT", "Peserta aktif",
               "Participants active on the month's last day whose attributed spell lies in the "
               "area and has this funding source.", "persons",
               definition_id="Peserta aktif pada hari terakhir bulan yang masa kepesertaan "
                             "atribusinya ada di wilayah itu dan dibiayai sumber dana ini."),
        Column("attainment", "DOUBLE", "Capaian kuota", "active / target, a fraction; null for a "
               "quota of 0.", "fraction",
               definition_id="Peserta aktif / kuota, sebagai pecahan; kosong bila kuota 0."),
        Column("open_slots", "BIGINT", "Kuota belum terisi",
               "target − active, 0 when the quota is met.", "persons",
               definition_id="Kuota dikurangi peserta aktif; 0 bila kuota terpenuhi."),
    ),
    key=("month", "level", "area_code", "funding_source"),
)

RENEWALS_DUE = Table(
    "marts", "renewals_due", "Perpanjangan jatuh tempo",
    "reporting month × regency × funding source × due month",
    "For each person active in the month, the end of the unbroken run of covered days that "
    "holds the month's last day, by the funding source attributed in the month and the month "
    "of that end, for the next twelve due months.",
    (
        _month_column(),
        _regency_code("Regency of the spell attributed in the month.",
                      "Kabupaten/kota masa kepesertaan atribusi pada bulan itu."),
        Column("funding_source", "VARCHAR", "Sumber dana",
               "Funding source attributed in the month: " + _FUNDING_CODES_EN,
               definition_id="Sumber dana atribusi pada bulan itu: " + _FUNDING_CODES_ID),
        Column("due_month", "DATE", "Bulan jatuh tempo",
               "Month of the coverage end (first day of that month), from the month itself to "
               "eleven months later.",
               definition_id="Bulan berakhirnya kepesertaan (hari pertama bulan itu), dari bulan "
                             "laporan sampai sebelas bulan sesudahnya."),
        Column("persons", "BIGINT", "Peserta", "Persons whose coverage ends that month.",
               "persons", definition_id="Peserta yang kepesertaannya berakhir pada bulan itu."),
        Column("renewal_cost_idr", "BIGINT", "Biaya perpanjangan",
               "12 × the attributed spell's monthly contribution, summed: a year's renewal.",
               "IDR", definition_id="12 × iuran bulanan masa kepesertaan atribusi, dijumlahkan: "
                                    "biaya perpanjangan setahun."),
    ),
    key=("month", "regency_code", "funding_source", "due_month"),
)

CROSS_CHECKS = Table(
    "marts", "cross_checks", "Pemeriksaan silang", "month × regency × check",
    "Persons found by the cross-record checks an auditor looks for first (CONTRACT §4).",
    (
        _month_column(),
        _regency_code("Regency of the latest spell (covered_after_death) or of the spell "
                      "attributed in the month.",
                      "Kabupaten/kota masa kepesertaan terakhir (covered_after_death) atau "
                      "masa kepesertaan atribusi pada bulan itu."),
        Column("check", "VARCHAR", "Pemeriksaan",
               "covered_after_death (a spell starts or ends after the month of a recorded "
               "death; counted in the death's month), double_public_funding (covered by two "
               "or more public sources at the month's end) or kpj_shared (the KPJ is on "
               "enrolment rows of another NIK too).",
               definition_id="covered_after_death (masa kepesertaan mulai atau berakhir sesudah "
                             "bulan kematian yang tercatat; dihitung pada bulan kematian), "
                             "double_public_funding (dibiayai dua sumber dana pemerintah atau "
                             "lebih pada akhir bulan) atau kpj_shared (KPJ-nya juga tercatat "
                             "pada NIK lain).",
               values_id=(("covered_after_death", "tetap terdaftar sesudah meninggal"),
                          ("double_public_funding", "dibiayai ganda dana pemerintah"),
                          ("kpj_shared", "KPJ dipakai NIK lain"))),
        Column("persons", "BIGINT", "Peserta", "Persons the check finds.", "persons",
               definition_id="Peserta yang ditemukan pemeriksaan itu."),
        Column("contributions_after_death_idr", "BIGINT", "Iuran sesudah kematian",
               "covered_after_death only: the monthly contributions of those spells for the "
               "month-ends they cover after the death month, summed; null for other checks.",
               "IDR",
               definition_id="Hanya covered_after_death: iuran bulanan masa kepesertaan itu untuk "
                             "akhir bulan sesudah bulan kematian, dijumlahkan."),
    ),
    key=("month", "regency_code", "check"),
)

COVERAGE_BY_SEX_AGE = Table(
    "marts", "coverage_by_sex_age", "Cakupan per jenis kelamin dan umur",
    "month × regency × sex × age band",
    "Active participants by sex and age band on the month's last day.",
    (
        _month_column(),
        _regency_code("Regency of the attributed spell.",
                      "Kabupaten/kota masa kepesertaan yang diatribusikan."),
        Column("sex", "VARCHAR", "Jenis kelamin",
               "L or P: jenis_kelamin as given, else from the NIK (birth day 41–71: P).",
               definition_id="L atau P: jenis kelamin yang tertulis, atau dari NIK (tanggal lahir "
                             "41–71: P).",
               values_id=(("L", "laki-laki"), ("P", "perempuan"))),
        Column("age_band", "VARCHAR", "Kelompok umur",
               "<25, 25-39, 40-54 or 55+: age on the month's last day, from tanggal_lahir, "
               "else from the NIK's birth date.",
               definition_id="<25, 25-39, 40-54 atau 55+: umur pada hari terakhir bulan, dari "
                             "tanggal lahir, atau dari tanggal lahir dalam NIK."),
        Column("active", "BIGINT", "Peserta aktif", "Participants active on the month's last day.",
               "persons", definition_id="Peserta aktif pada hari terakhir bulan."),
    ),
    key=("month", "regency_code", "sex", "age_band"),
)

MARTS_TABLES = (
    COVERAGE_BY_VILLAGE,
    COVERAGE_BY_AREA,
    COVERAGE_BY_SECTOR,
    COVERAGE_BY_FUNDING,
    CLAIMS_BY_PROGRAM,
    QUOTA_BY_FUNDING,
    RENEWALS_DUE,
    CROSS_CHECKS,
    COVERAGE_BY_SEX_AGE,
)


# --- INDICATORS: what a meeting's directive (reference/arahan) can be followed up by -------


@dataclass(frozen=True)
class Indicator:
    """A measurable indicator of a regency and month, named by ``key`` in ``arahan.indikator``."""

    key: str
    label_id: str
    definition: str
    unit: str


INDICATORS = (
    Indicator("peserta_aktif", "Peserta aktif", "Active participants of the regency "
              "(marts.coverage_by_area, level regency).", "persons"),
    Indicator("cakupan_ucj", "Cakupan UCJ", "Coverage rate of the regency: active / workforce "
              "(marts.coverage_by_area).", "fraction"),
    Indicator("peserta_aktif_csr", "Peserta aktif dibiayai CSR", "Active participants whose "
              "attributed spell is funded by company CSR (marts.coverage_by_funding).", "persons"),
    Indicator("peserta_aktif_rt_rw", "Peserta aktif ketua RT/RW", "Active participants whose "
              "occupation reads as an RT/RW head (the report's occupation pattern).", "persons"),
    Indicator("peserta_aktif_korpri", "Peserta aktif ASN/Korpri", "Active participants whose "
              "occupation reads as a civil servant (the report's occupation pattern).",
              "persons"),
    Indicator("kuota_belum_terisi", "Kuota belum terisi", "Open slots of the regency's "
              "programme quotas, summed over funding sources (marts.quota_by_funding).",
              "persons"),
    Indicator("segera_berakhir", "Segera berakhir", "Active participants covered by no spell "
              "three months later (marts.coverage_by_area).", "persons"),
)

