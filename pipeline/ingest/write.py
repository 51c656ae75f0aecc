"""Writing the staging, identity and audit tables of one ingestion (the catalog declares their columns).

A frame reaches a table through ``write_table``, which inserts only the columns the
catalog declares for it: a personal field reaches only the identity tables. The
pseudonyms of NIK and KPJ are computed as the rows go in (``pipeline.publication.privacy``).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future

import duckdb
import pandas as pd
import pyarrow as pa

from pipeline import catalog
from pipeline.core.sql import sql_text, statement
from pipeline.ingest import boundaries, identifiers
from pipeline.ingest.audit_log import IngestLog
from pipeline.ingest.discover import REFERENCE_STEMS
from pipeline.ingest.gazetteer import with_national_counts
from pipeline.ingest.references import References
from pipeline.publication import privacy, screen


def write_table(
    con: duckdb.DuckDBPyConnection,
    table: catalog.Table,
    frame: pd.DataFrame | pa.Table | str,
    expressions: dict[str, str] | None = None,
    params: dict | None = None,
) -> None:
    """Insert the frame's columns that the catalog declares for the table, and no others.

    The column list comes from the catalog, so a personal field a frame carries (the NIK,
    KPJ or name of an enrolment row) reaches only the tables that declare it: identity.
    ``expressions`` computes a column from the frame instead of copying it (with ``params``
    bound). ``frame`` may also name a table or view the connection has (``spells_in``).
    """
    expressions = expressions or {}
    select = ", ".join(f"{expressions.get(name, name)} as {name}" for name in table.column_names)
    con.execute(statement("tables", "create_schema", {"schema": table.schema}))
    con.execute(table.ddl())
    if isinstance(frame, str):
        con.execute(f"insert into {table.qualified_name} by name select {select} from {frame}", params)
        return
    con.register("incoming", _as_arrow(frame) if isinstance(frame, pd.DataFrame) else frame)
    try:
        con.execute(f"insert into {table.qualified_name} by name select {select} from incoming", params)
    finally:
        con.unregister("incoming")


def _as_arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame as Arrow, which DuckDB scans several times faster than pandas' object columns.

    A column Arrow cannot type (values of mixed Python types) leaves the frame as it is.
    """
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def pseudonym_lookups(
    nik: pd.Series, kpj: pd.Series, key: bytes
) -> tuple[privacy.PseudonymLookup, privacy.PseudonymLookup]:
    """The pseudonyms of the NIKs and KPJs of enrolment rows, as normalised (``identifiers``)."""
    return tuple(
        privacy.PseudonymLookup(pa.array(identifiers.normalise_identifiers(raw).array), key, domain)
        for raw, domain in ((nik, "nik"), (kpj, "kpj"))
    )


def write_spells_and_persons(con: duckdb.DuckDBPyConnection, spells: pd.DataFrame, lookups: Future) -> None:
    """staging.spells, and identity.persons (one row per NIK, from its latest spell).

    ``lookups`` gives the pseudonyms of NIK and KPJ (``pseudonym_lookups``; a value it
    lacks is computed then): both tables are written from the same rows, the pseudonyms
    computed once (persons: ``sql/identity/persons.sql``).
    """
    nik_lookup, kpj_lookup = lookups.result()
    person_id = nik_lookup.of(pa.array(spells["nik"], pa.string(), from_pandas=True))
    kpj_id = kpj_lookup.of(pa.array(spells["no_kpj"], pa.string(), from_pandas=True))
    table = _as_arrow(spells)
    if isinstance(table, pa.Table):
        table = table.append_column("person_id", person_id).append_column("kpj_id", kpj_id)
    else:
        table = table.assign(person_id=person_id.to_pandas(), kpj_id=kpj_id.to_pandas())
    con.register("spells_in", table)
    try:
        write_table(con, catalog.SPELLS, "spells_in", {"programs": "string_split(programs, ',')"})
        con.execute(statement("tables", "create_schema", {"schema": catalog.PERSONS.schema}))
        con.execute(catalog.PERSONS.ddl())
        names = ", ".join(catalog.PERSONS.column_names)
        con.execute(
            f"insert into {catalog.PERSONS.qualified_name} ({names}) select {names} from ("
            f"{sql_text('identity', 'persons')})"
        )
    finally:
        con.unregister("spells_in")


def write_other_tables(
    con: duckdb.DuckDBPyConnection,
    log: IngestLog,
    references: References,
    claims: pd.DataFrame,
    params: dict,
    today: dt.date,
) -> None:
    """Every table but staging.spells and identity.persons (``write_spells_and_persons``).

    ``params``: the pseudonym key's bind parameters (``privacy.pseudonym_params``); ``today``:
    the run's date, for ``audit.ingestion_run``.
    """
    write_table(con, catalog.REGIONS, with_national_counts(references.regions))
    write_table(con, catalog.WORKFORCE, references.workforce)
    write_table(con, catalog.TARGETS, references.targets)
    # Pseudonyms are computed by DuckDB as the rows go in (privacy.pseudonym_sql).
    keyed = {
        "person_id": privacy.pseudonym_sql("nik", "nik"),
        "kpj_id": privacy.pseudonym_sql("no_kpj", "kpj"),
    }
    write_table(con, catalog.CLAIMS, claims, keyed, params)
    typed = [t for t in log.typed if len(t)]
    write_table(
        con,
        catalog.TYPED_VALUES,
        pd.concat(typed, ignore_index=True)
        if typed
        else pd.DataFrame(columns=catalog.TYPED_VALUES.column_names),
    )
    screen.label_files(log.files, (*REFERENCE_STEMS, "laporan", boundaries.STEM))
    write_table(con, catalog.INPUT_FILES, pd.DataFrame(log.files, columns=catalog.INPUT_FILES.column_names))
    write_table(
        con,
        catalog.REJECTED_ROWS,
        pd.concat(log.rejected, ignore_index=True).sort_values(["kind", "path", "sheet", "row_number"]),
    )
    write_table(con, catalog.NOTES, pd.DataFrame(log.notes, columns=catalog.NOTES.column_names))
    write_table(con, catalog.UCJ_TARGETS, references.ucj_targets)
    write_table(con, catalog.BUDGETS, references.budgets)
    write_table(con, catalog.DIRECTIVES, references.directives)
    write_table(con, catalog.AREA_SHAPES, references.shapes)
    write_table(con, catalog.INGESTION_RUN, pd.DataFrame({"run_date": [today]}))
