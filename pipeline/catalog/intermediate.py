"""The intermediate tables: the work the marts share, built by ``sql/intermediate``."""

from __future__ import annotations

from pipeline.catalog.model import Column, Table

# --- INTERMEDIATE: the work the marts share (internal, never exported) -----------------


def _month_index(name: str, definition: str) -> Column:
    return Column(
        name,
        "BIGINT",
        "Indeks bulan",
        f"{definition} As a month index: year × 12 + month − 1 (the macro month_index of sql/macros).",
        "month index",
    )


def _attributed_spell_columns() -> tuple[Column, ...]:
    return (
        Column("village_code", "VARCHAR", "Kode desa", "Village of the spell."),
        Column("regency_code", "VARCHAR", "Kode kabupaten/kota", "Regency of the spell."),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI letter, LAINNYA when unmapped or missing."),
        Column("funding_source", "VARCHAR", "Sumber dana", "Funding code, LAINNYA when unmapped or missing."),
        Column(
            "monthly_contribution_idr",
            "BIGINT",
            "Iuran per bulan",
            "Contribution per month; where not given, that of another accepted spell of the "
            "same NIK with the same dates and funding source (a re-sent copy), else 0.",
            "IDR",
        ),
    )


def _run_end_date(definition: str) -> Column:
    return Column("run_end_date", "DATE", "Akhir rangkaian kepesertaan", definition)


DATA_SPAN = Table(
    "intermediate",
    "data_span",
    "Rentang bulan data",
    "one month",
    "The months every mart covers: from that of the earliest accepted date of any kind (a "
    "spell start, a claim event, submission or payment) to the data's as-of month, whatever "
    "month a run reports on (CONTRACT §5); no row without data. The marts' calendars, the "
    "denominators' years and the checks read it.",
    (
        _month_index("month_index", "The month."),
        Column("month", "DATE", "Bulan", "First day of the month."),
    ),
    key=("month_index",),
)

CLAIM_PARTICIPANTS = Table(
    "intermediate",
    "claim_participants",
    "Peserta klaim",
    "one claim",
    "Whose each claim is and which regency it belongs to. A claim with only a KPJ takes the "
    "person of the enrolment rows with that KPJ; the regency is that of the participant's "
    "latest spell, else the one the claim's NIK was issued in.",
    (
        Column("claim_id", "VARCHAR", "No klaim", "Claim identifier (staging.claims)."),
        Column(
            "person_id",
            "VARCHAR",
            "ID peserta (samaran)",
            "Keyed pseudonym of the NIK, from the claim or through its KPJ; null when neither is known.",
        ),
        Column(
            "is_person_from_kpj",
            "BOOLEAN",
            "Peserta dari KPJ",
            "The claim gives no NIK: the person is the owner of its KPJ (the latest spell's).",
        ),
        Column(
            "regency_code",
            "VARCHAR",
            "Kode kabupaten/kota",
            "Regency of the participant's latest spell, else the NIK's first four digits.",
        ),
        Column(
            "is_regency_from_nik",
            "BOOLEAN",
            "Kabupaten dari NIK",
            "No spell of the participant: the regency comes from the NIK.",
        ),
        Column(
            "is_death",
            "BOOLEAN",
            "Kematian",
            "A JKM claim not rejected, with an event date: the worker's death on that date.",
        ),
    ),
    key=("claim_id",),
)

COVERED_SPELLS = Table(
    "intermediate",
    "covered_spells",
    "Masa kepesertaan yang melindungi",
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
        Column(
            "covered_end_date",
            "DATE",
            "Tanggal akhir terlindungi",
            "Last covered day once a death is applied: the earlier of end_date and the death.",
        ),
        Column(
            "attribution_rank",
            "BIGINT",
            "Urutan atribusi",
            "Order of the person's spells for attribution (latest start, then latest end, "
            "then file and row ranked last); 1 for a person's only spell.",
        ),
        Column("is_only_spell", "BOOLEAN", "Satu-satunya masa", "The person has no other spell."),
        _month_index("first_month_index", "First month whose last day the spell covers."),
        _month_index(
            "last_month_index",
            "Last month whose last day the spell covers (below first_month_index when "
            "it covers no month-end).",
        ),
        *_attributed_spell_columns(),
        _run_end_date(
            "Last day of the person's unbroken run of covered days (spells that overlap or "
            "follow each other day by day, cut by a death) that holds the spell: the coverage "
            "end of marts.renewals_due; covered_end_date for a person's only spell; null "
            "without a person."
        ),
    ),
    key=("spell_id",),
)

COVERAGE_RANGES = Table(
    "intermediate",
    "coverage_ranges",
    "Rentang kepesertaan",
    "person × measure × range of months with one attributed spell",
    "Each person's month ranges of being active or ending soon, with the attributed spell; "
    "new and lapsed as flags. The marts turn the ranges into monthly counts (+1 at the "
    "first month, −1 after the last), so no table holds a row per person per month.",
    (
        Column("spell_id", "BIGINT", "ID masa", "The attributed spell."),
        Column(
            "person_id",
            "VARCHAR",
            "ID peserta (samaran)",
            "Keyed pseudonym of the NIK: the person (the marts by person attributes join on it).",
        ),
        Column("measure", "VARCHAR", "Ukuran", "active or ending_soon."),
        _month_index("from_month_index", "First month of the range."),
        _month_index("to_month_index", "Last month of the range, inclusive."),
        Column(
            "is_new",
            "BOOLEAN",
            "Baru",
            "active: the person was not covered the month before the range; false for ending_soon.",
        ),
        Column(
            "is_lapsed_after",
            "BOOLEAN",
            "Berhenti sesudahnya",
            "active: the person is not covered the month after the range; false for ending_soon.",
        ),
        *_attributed_spell_columns(),
        _run_end_date(
            "run_end_date of the attributed spell (intermediate.covered_spells): the coverage "
            "end of every month of the range, as the spell covers them all."
        ),
    ),
    key=("spell_id", "measure", "from_month_index"),
)


def _delta(name: str, label_id: str, definition: str, unit: str = "persons") -> Column:
    return Column(name, "BIGINT", label_id, definition, unit)


COVERAGE_DELTAS = Table(
    "intermediate",
    "coverage_deltas",
    "Perubahan kepesertaan per bulan",
    "village × sector × funding source × month with a change",
    "The monthly changes of the coverage counts by the attributed spell's village, sector "
    "and funding source, from the person ranges of coverage_ranges: a coverage mart's count "
    "in a month is the running sum of the changes up to it (new and lapsed: the month's "
    "own). Changes after the as-of month are left out. Counts are sums: the table can be "
    "built per bucket of persons and added up (docs/scaling.md §5).",
    (
        *_attributed_spell_columns()[:4],
        _month_index("month_index", "The month of the changes."),
        _delta(
            "active_delta",
            "Perubahan peserta aktif",
            "Active ranges starting in the month minus those that ended the month before.",
        ),
        _delta(
            "contribution_delta",
            "Perubahan iuran",
            "The same for the monthly contributions of the active ranges' spells.",
            "IDR",
        ),
        _delta(
            "ending_soon_delta",
            "Perubahan segera berakhir",
            "Ending-soon ranges starting in the month minus those that ended the month before.",
        ),
        _delta("new_count", "Peserta baru", "Active ranges starting in the month whose person is new."),
        _delta(
            "lapsed_count",
            "Peserta berhenti",
            "Active ranges that ended the month before whose person lapses (is not covered in the month).",
        ),
    ),
    key=("village_code", "regency_code", "sector_code", "funding_source", "month_index"),
)

AREA_DENOMINATORS = Table(
    "intermediate",
    "area_denominators",
    "Penyebut per wilayah",
    "area × year × sector",
    "Workforce and target per area and year after the carry-forward and roll-up rules: "
    "workforce rolls up only when every child has a figure; a target rolls up as the sum of "
    "the targets set below.",
    (
        Column("area_code", "VARCHAR", "Kode wilayah", "Region the figures are for."),
        Column("level", "VARCHAR", "Tingkat", "village, district, regency or province."),
        Column(
            "year", "BIGINT", "Tahun", "Year, from that of the earliest accepted date to the as-of month's."
        ),
        Column("sector_code", "VARCHAR", "Kode sektor", "KBLI 2020 section letter; null = all sectors."),
        Column(
            "workforce",
            "BIGINT",
            "Jumlah pekerja",
            "Employed persons: the year's own figure, else the latest earlier year's, else the "
            "sum of the direct children's when all have one.",
            "persons",
        ),
        Column(
            "target",
            "BIGINT",
            "Target",
            "Insured workers targeted for the year (all funding sources): the area's own, else "
            "the sum of those set below; null for a sector row or when none is set.",
            "persons",
        ),
    ),
    key=("area_code", "year", "sector_code"),
)

#: In an order in which each reads only those before it (the build order).
INTERMEDIATE_TABLES = (
    DATA_SPAN,
    CLAIM_PARTICIPANTS,
    COVERED_SPELLS,
    COVERAGE_RANGES,
    COVERAGE_DELTAS,
    AREA_DENOMINATORS,
)
