"""The data dictionary ``docs/data_dictionary.md``, generated from ``pipeline/catalog/``.

``python -m pipeline dictionary`` writes it; ``--check`` says whether it is current. A
test fails when the committed file differs from what the catalog generates, so the
dictionary and the tables cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline import catalog
from pipeline.core.markdown import markdown_table
from pipeline.outputs.workbook import DICTIONARY_SHEET, WORKBOOK_NAME, sheet_name
from pipeline.settings import REPO_ROOT

DICTIONARY_PATH = REPO_ROOT / "docs" / "data_dictionary.md"

_SECTIONS: tuple[tuple[str, str, tuple[catalog.Table, ...]], ...] = (
    (
        "Marts — published",
        "The tables of CONTRACT §5 that analysts and the reports read. Each is also exported "
        f"to `data/processed/exports/` as `<table>.parquet` and `<table>.csv` (English column "
        f"names) and as a sheet of `{WORKBOOK_NAME}` (Indonesian column labels; the sheet "
        f"`{DICTIONARY_SHEET}` repeats this dictionary's column entries).",
        catalog.MARTS_TABLES,
    ),
    (
        "Staging",
        "The accepted input rows, cleaned and typed; the marts are built from them. Internal: "
        "people appear only as keyed pseudonyms (`person_id`, `kpj_id`); their NIKs are in "
        "`identity.persons`.",
        catalog.STAGING_TABLES,
    ),
    (
        "Intermediate",
        "The work the marts share, built by `sql/intermediate/*.sql` from staging. Internal: "
        "never exported; people appear only as keyed pseudonyms (`person_id`). Months are month "
        "indexes (year × 12 + month − 1).",
        catalog.INTERMEDIATE_TABLES,
    ),
    (
        "Audit",
        "What was read and what was rejected, for the data-quality section of the reports. "
        "Personal values in rejected rows are masked.",
        catalog.AUDIT_TABLES,
    ),
    (
        "Identity — never published",
        "Personal data kept only so the pipeline can link records. These tables are never "
        "exported, previewed in the UI or shown in a report.",
        catalog.IDENTITY_TABLES,
    ),
)


def _cell(text: str) -> str:
    """Text on one line, for a Markdown table cell (``markdown_table`` escapes the pipes)."""
    return " ".join(text.split()) if text else ""


def _table_section(table: catalog.Table, published: bool) -> list[str]:
    lines = [
        f"### `{table.qualified_name}` — {table.label_id}",
        "",
        f"- Grain: {table.grain}.",
        *([f"- Key: {', '.join(f'`{k}`' for k in table.key)}."] if table.key else []),
        f"- {table.description}",
    ]
    if published:
        lines.append(
            f"- Exported as `{table.name}.parquet`, `{table.name}.csv` and sheet "
            f'"{sheet_name(table)}" of `{WORKBOOK_NAME}`.'
        )
    rows = [
        (f"`{c.name}`", _cell(c.label_id), _cell(c.type), _cell(c.unit), _cell(c.definition))
        for c in table.columns
    ]
    lines += ["", markdown_table(["column", "label (id)", "type", "unit", "definition"], rows)]
    return [*lines, ""]


def render(sections: Sequence[tuple[str, str, Sequence[catalog.Table]]] = _SECTIONS) -> str:
    """The whole dictionary as Markdown; a pure function of the catalog."""
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from pipeline/catalog/ by `python -m pipeline dictionary`: do not edit by hand. -->",
        "",
        "Every table the pipeline writes to `data/processed/coverage.duckdb`: English names "
        "in the database, Indonesian labels (`label (id)`) in reports and the Excel workbook. "
        "Rates and shares are fractions (0.853), amounts are Rupiah (IDR), `month` is the first "
        'day of the month. Definitions follow CONTRACT §4: "CONTRACT §n" is section n of '
        "[contract.md](contract.md), the repository's data contract.",
        "",
        "## Contents",
        "",
    ]
    for title, _, tables in sections:
        lines.append(f"- {title}: " + ", ".join(f"`{t.qualified_name}`" for t in tables))
    lines.append("")
    for title, intro, tables in sections:
        lines += [f"## {title}", "", intro, ""]
        for table in tables:
            lines += _table_section(table, published=table.schema == "marts")
    lines += _indicators_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def _indicators_section() -> list[str]:
    lines = [
        "## Measurable indicators",
        "",
        "The keys a meeting's directive may name in `reference/arahan` (column `indikator`): "
        "a report follows the directive up with the indicator's value at the meeting and now.",
        "",
        markdown_table(
            ["key", "label (id)", "unit", "definition"],
            [(f"`{i.key}`", _cell(i.label_id), i.unit, _cell(i.definition)) for i in catalog.INDICATORS],
        ),
    ]
    return [*lines, ""]


def documents() -> list[tuple[Path, Callable[[], str]]]:
    """Every generated document of the repository: the dictionary and the accepted headers."""
    from pipeline.outputs import header_variants

    return [(DICTIONARY_PATH, render), (header_variants.HEADERS_PATH, header_variants.render)]


def is_current(path: Path, renderer: Callable[[], str] = render) -> bool:
    """Whether the file on disk is exactly what the catalog (or ``renderer``) generates."""
    return path.exists() and path.read_text(encoding="utf-8") == renderer()


def write(path: Path, renderer: Callable[[], str] = render) -> bool:
    """Write the dictionary (or what ``renderer`` generates); whether the file changed."""
    text = renderer()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)
    return True
