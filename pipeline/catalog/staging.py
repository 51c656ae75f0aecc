"""The tables ingestion writes: staging (what was read), audit (how) and identity (who).

Staging holds pseudonyms only; the names, NIKs and KPJs are in identity, never published.
"""

from __future__ import annotations

from pipeline.catalog.model import Column, Table


def _source_columns() -> tuple[Column, ...]:
    return (
        Column("source_path", "VARCHAR", "Berkas sumber", "Input file, relative to the raw folder."),
        Column("source_sheet", "VARCHAR", "Lembar sumber", "Sheet name; empty for CSV and Parquet."),
        Column("source_row", "INTEGER", "Baris sumber", "Row number as the spreadsheet shows it."),
    )


REGIONS = Table(
    "staging",
    "regions",
    "Wilayah (Kemendagri)",
    "one row per region at every level",
    "The gazetteer of reference/wilayah.csv with each region's level and ancestors.",
    (
        Column("code", "VARCHAR", "Kode wilayah", "Kemendagri code with dots (PP.KK.CC.DDDD for a village)."),
        Column("name", "VARCHAR", "Nama wilayah", "Region name as in the gazetteer."),
        Column("level", "VARCHAR", "Tingkat", "province, regency, district or village."),
        Column("parent_code", "VARCHAR", "Kode induk", "Code of the region one level up."),
        Column("province_code", "VARCHAR", "Kode provinsi", "Province this region lies in."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota", "Regency; null for a province."),
        Column("district_code", "VARCHAR", "Kode kecamatan", "District; null above districts."),
        Column("is_kelurahan", "BOOLEAN", "Kelurahan", "Village code suffix starts with 1."),
        Column(
            "national_regency_count",
            "INTEGER",
            "Jumlah kabupaten/kota nasional",
            "For a province: its regencies in the shipped national gazetteer "
            "(pipeline/data/wilayah_indonesia.csv.gz); null for other levels and a province "
            "the national list lacks.",
        ),
    ),
    key=("code",),
)

WORKFORCE = Table(
    "staging",
    "workforce",
    "Angkatan kerja",
    "area × year × sector",
    "Employed persons as given in reference/angkatan_kerja (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the figure is for."),
        Column("year", "INTEGER", "Tahun", "Year of the figure."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI 2020 section letter; null = all."),
        Column("workforce", "BIGINT", "Jumlah pekerja", "Employed persons.", "persons"),
        Column(
            "source_text",
            "VARCHAR",
            "Sumber data",
            "Where the figure comes from, as written (e.g. BPS Sakernas Agustus 2024).",
        ),
    ),
)

TARGETS = Table(
    "staging",
    "targets",
    "Target kepesertaan",
    "area × year",
    "Targets as given in reference/target (no roll-up yet).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the target is for."),
        Column("year", "INTEGER", "Tahun", "Year the target holds for."),
        Column("target", "BIGINT", "Target", "Insured workers targeted.", "persons"),
        Column(
            "funding_source",
            "VARCHAR",
            "Sumber dana",
            "Funding code of a programme quota (counts only workers attributed to it); "
            "null: the target counts workers of every funding source.",
        ),
    ),
)

UCJ_TARGETS = Table(
    "staging",
    "ucj_targets",
    "Target UCJ",
    "area × year",
    "Coverage-rate targets as given in reference/target_ucj (an area without its own takes "
    "its nearest ancestor's).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the target is for."),
        Column("year", "INTEGER", "Tahun", "Year the target holds for."),
        Column("target_rate", "DOUBLE", "Target cakupan", "Coverage rate targeted (a fraction).", "fraction"),
        Column("source_text", "VARCHAR", "Sumber target", "Where the target comes from, as written."),
    ),
)

BUDGETS = Table(
    "staging",
    "budgets",
    "Pagu anggaran iuran",
    "area × year × funding source",
    "Contribution budgets as given in reference/anggaran.",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the budget is for."),
        Column("year", "INTEGER", "Tahun", "Budget year."),
        Column("funding_source", "VARCHAR", "Sumber dana", "Funding code."),
        Column("budget_idr", "BIGINT", "Pagu", "Contribution budget for the year.", "IDR"),
    ),
)

DIRECTIVES = Table(
    "staging",
    "directives",
    "Arahan rapat",
    "one directive",
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

AREA_SHAPES = Table(
    "staging",
    "area_shapes",
    "Batas wilayah",
    "one area with a shape",
    "Boundaries of the gazetteer's regencies, districts and villages for the report's maps: "
    "the shipped default (pipeline/data/batas_wilayah_*.geojson.gz) to which "
    "reference/batas_wilayah.geojson adds (pipeline.ingest.boundaries).",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Kemendagri code with dots."),
        Column("level", "VARCHAR", "Tingkat", "regency, district or village."),
        Column(
            "geometry_geojson",
            "VARCHAR",
            "Bentuk (GeoJSON)",
            "The area's Polygon or MultiPolygon as GeoJSON text, longitude/latitude (WGS 84).",
        ),
        Column("source", "VARCHAR", "Sumber", "default (shipped) or the data root's file."),
    ),
    key=("area_code",),
)

SPELLS = Table(
    "staging",
    "spells",
    "Masa kepesertaan",
    "one accepted enrolment row",
    "A coverage spell: the person (person_id, a pseudonym of the NIK) is covered from "
    "start_date to end_date inclusive.",
    (
        Column("spell_id", "BIGINT", "ID masa", "Order of (source_path, source_sheet, source_row)."),
        Column(
            "person_id",
            "VARCHAR",
            "ID peserta (samaran)",
            "Keyed pseudonym of the NIK (HMAC-SHA256); the NIK itself is in identity.persons.",
        ),
        Column("kpj_id", "VARCHAR", "ID KPJ (samaran)", "Keyed pseudonym of the KPJ; null when not given."),
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
    "staging",
    "claims",
    "Klaim",
    "one accepted claim row",
    "A benefit claim as submitted to or paid by BPJS Ketenagakerjaan.",
    (
        Column("claim_id", "VARCHAR", "No klaim", "Claim identifier, unique."),
        Column(
            "person_id",
            "VARCHAR",
            "ID peserta (samaran)",
            "Keyed pseudonym of the NIK; null when only the KPJ is known.",
        ),
        Column("kpj_id", "VARCHAR", "ID KPJ (samaran)", "Keyed pseudonym of the KPJ."),
        Column(
            "nik_regency_code",
            "VARCHAR",
            "Kode kabupaten/kota NIK",
            "Regency where the NIK was issued (its first four digits, as PP.KK).",
        ),
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
    "identity",
    "persons",
    "Identitas peserta",
    "one NIK",
    "Names and birth dates: personal data, never published or exported.",
    (
        Column("person_id", "VARCHAR", "ID peserta (samaran)", "Keyed pseudonym of the NIK."),
        Column("nik", "VARCHAR", "NIK", "16-digit national identity number."),
        Column("no_kpj", "VARCHAR", "No KPJ", "Membership number from the latest spell."),
        Column("name", "VARCHAR", "Nama", "Name from the latest spell."),
        Column(
            "birth_date",
            "DATE",
            "Tanggal lahir",
            "Birth date from the latest spell that gives one; null when none does.",
        ),
        Column(
            "gender",
            "VARCHAR",
            "Jenis kelamin",
            "L or P from the latest spell that gives one; null when none does.",
        ),
    ),
    key=("person_id",),
)

INPUT_FILES = Table(
    "audit",
    "input_files",
    "Berkas masukan",
    "one input file",
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
        Column(
            "label",
            "VARCHAR",
            "Label",
            "How publications name the file: kind, number, type and sheets "
            "(kepesertaan #3 · xlsx · 2 lembar), never its name.",
        ),
    ),
    key=("path",),
)

INGESTION_RUN = Table(
    "audit",
    "ingestion_run",
    "Pengolahan",
    "one row: the ingestion that wrote these tables",
    "When the tables were ingested: the day input dates were judged against.",
    (
        Column(
            "run_date",
            "DATE",
            "Tanggal pengolahan",
            "The day the pipeline ran: dates after it are invalid_date (tgl_mulai: more than 92 "
            "days after). Recorded in each report's manifest, so a re-derivation judges alike.",
        ),
    ),
)

REJECTED_ROWS = Table(
    "audit",
    "rejected_rows",
    "Baris ditolak",
    "one rejected row",
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
    "audit",
    "notes",
    "Catatan pembacaan",
    "one note",
    "Sheets skipped, unmapped spellings and other remarks from reading the inputs.",
    (
        Column("path", "VARCHAR", "Berkas", "Path relative to the raw folder."),
        Column("sheet", "VARCHAR", "Lembar", "Sheet name, when the note is about one."),
        Column("topic", "VARCHAR", "Topik", "skipped_sheet, unmapped_occupation, unmapped_funding, ..."),
        Column("value", "VARCHAR", "Nilai", "The spelling or sheet concerned."),
        Column("row_count", "BIGINT", "Jumlah baris", "Rows concerned.", "rows"),
        Column("message", "VARCHAR", "Pesan", "Plain-language explanation."),
        Column("kind", "VARCHAR", "Jenis", "reference, enrolment or claims."),
        Column(
            "row_number",
            "INTEGER",
            "Baris",
            "Row number as the spreadsheet shows it, when the note is about one row.",
        ),
        Column(
            "field",
            "VARCHAR",
            "Kolom",
            "Canonical field (or the column name as typed) the note is about, if any.",
        ),
    ),
)

TYPED_VALUES = Table(
    "identity",
    "typed_values",
    "Nilai seperti diketik",
    "one rejected or noted cell",
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

STAGING_TABLES = (REGIONS, WORKFORCE, TARGETS, UCJ_TARGETS, BUDGETS, DIRECTIVES, SPELLS, CLAIMS, AREA_SHAPES)
AUDIT_TABLES = (INPUT_FILES, REJECTED_ROWS, NOTES, INGESTION_RUN)
IDENTITY_TABLES = (PERSONS, TYPED_VALUES)
