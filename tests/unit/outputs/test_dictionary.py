"""The data dictionary is what the catalog generates, and the catalog is what the SQL builds."""

import pytest

from pipeline import catalog
from pipeline.__main__ import main
from pipeline.outputs import dictionary
from tests.support.marts import NIK_A, NIK_E, X, Y, build, claim, spell

ALL_TABLES = (*catalog.MARTS_TABLES, *catalog.INTERMEDIATE_TABLES, *catalog.STAGING_TABLES,
              *catalog.AUDIT_TABLES, *catalog.IDENTITY_TABLES)  # fmt: skip


def test_committed_dictionary_is_what_the_catalog_generates():
    assert dictionary.DICTIONARY_PATH.read_text(encoding="utf-8") == dictionary.render(), (
        "docs/data_dictionary.md is stale: run `python -m pipeline dictionary` and commit it"
    )


def test_dictionary_lists_every_table_and_column():
    text = dictionary.render()
    for table in ALL_TABLES:
        assert f"### `{table.qualified_name}` — {table.label_id}" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.label_id} | {column.type} |" in text
    identity = text[text.index("## Identity") :]
    assert "never" in identity.split("###")[0]
    assert "`identity.persons`" in identity


def test_marts_say_where_they_are_exported():
    text = dictionary.render()
    assert "Exported as `claims_by_program.parquet`, `claims_by_program.csv` and sheet" in text
    assert "Exported as `spells.parquet`" not in text


def test_pipes_in_definitions_do_not_break_the_table():
    table = catalog.Table("marts", "t", "T", "one row", "d", (catalog.Column("c", "VARCHAR", "C", "a | b"),))
    text = dictionary.render((("Test", "intro", (table,)),))
    assert "| `c` | C | VARCHAR |  | a \\| b |" in text


def test_every_published_column_has_a_label_and_a_definition():
    missing = [
        f"{t.qualified_name}.{c.name}"
        for t in catalog.MARTS_TABLES
        for c in t.columns
        if not c.label_id.strip() or not c.definition.strip()
    ]
    assert missing == []


@pytest.mark.parametrize(
    "schema, tables", [("marts", catalog.MARTS_TABLES), ("intermediate", catalog.INTERMEDIATE_TABLES)]
)
def test_tables_as_built_by_the_sql_are_the_catalog_tables(schema, tables):
    con = build(
        "2025-04",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31"), spell(NIK_E, Y, "2024-11-01", "2025-10-31")],
        claims=[claim("E1", "JKM", nik=NIK_E, event="2025-02-10", submitted="2025-02-15",
                      paid="2025-03-20", amount=42_000_000)],
        workforce=[(X, 2025, 500)],
        targets=[(X, 2025, 100)],
    )  # fmt: skip
    built = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = $schema order by table_name, ordinal_position",
        {"schema": schema},
    ).fetchall()
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table_name, column, data_type in built:
        by_table.setdefault(table_name, []).append((column, data_type))
    assert set(by_table) == {t.name for t in tables}, f"a table of {schema} the catalog does not declare"
    for table in tables:
        declared = [(c.name, c.type) for c in table.columns]
        assert by_table[table.name] == declared, f"{table.qualified_name}: SQL and catalog differ"


def test_cli_check_passes_on_the_committed_file(capsys):
    assert main(["dictionary", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cli_writes_and_checks_a_stale_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "docs" / "data_dictionary.md"
    monkeypatch.setattr(dictionary, "DICTIONARY_PATH", path)
    assert main(["dictionary", "--check"]) == 1  # missing
    assert "out of date" in capsys.readouterr().err
    assert main(["dictionary"]) == 0
    assert path.read_text(encoding="utf-8") == dictionary.render()
    assert main(["dictionary", "--check"]) == 0
    path.write_text(dictionary.render().replace("Peserta aktif", "Peserta"), encoding="utf-8")
    assert main(["dictionary", "--check"]) == 1
    assert "python -m pipeline dictionary" in capsys.readouterr().err


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.qualified_name)
def test_every_catalog_table_is_described(table):
    assert table.label_id and table.grain and table.description
    assert set(table.key) <= set(table.column_names), "a key column the table does not have"


@pytest.mark.parametrize(
    "table", (*catalog.MARTS_TABLES, *catalog.INTERMEDIATE_TABLES), ids=lambda t: t.qualified_name
)
def test_every_built_table_has_a_key(table):
    assert table.key
