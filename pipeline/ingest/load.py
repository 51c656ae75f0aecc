"""Ingest every input of the data root into DuckDB's staging, identity and audit tables.

Reference files first (the gazetteer is needed to resolve villages: ``references``), then
enrolment, then claims. A file that cannot be read at all is recorded with its error in
``audit.input_files`` and the other files still load. Which files are read is
``discover``'s; one kind's files are read, validated and accounted for by ``ingest_kind``;
the tables are written by ``write``, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.ingest import identifiers, rules
from pipeline.ingest.audit_log import IngestLog
from pipeline.ingest.discover import discover, reference_file
from pipeline.ingest.ingest_kind import KindFiles, ingest_kind, start_reading
from pipeline.ingest.read import Reading
from pipeline.ingest.references import InputMissing, References, read_references
from pipeline.ingest.row_checks import Validation
from pipeline.ingest.write import pseudonym_lookups, write_other_tables, write_spells_and_persons
from pipeline.publication import privacy
from pipeline.settings import Settings, run_date

__all__ = ["IngestLog", "InputMissing", "ingest"]


@dataclass(frozen=True)
class IngestRun:
    """One ingestion: where it writes, the day it judges dates against, its pseudonym key, its files."""

    con: duckdb.DuckDBPyConnection
    settings: Settings
    #: The day the pipeline runs, against which dates are judged plausible.
    today: dt.date
    #: The pseudonym key (``pipeline.publication.privacy``).
    key: bytes
    log: IngestLog
    #: The enrolment and claim files, already parsing in the background.
    enrolment: KindFiles
    claims: KindFiles

    @property
    def root(self) -> Path:
        """raw/: the paths in the audit tables are relative to it."""
        return self.settings.raw_dir


def ingest(
    con: duckdb.DuckDBPyConnection, settings: Settings, today: dt.date | None = None, key: bytes | None = None
) -> IngestLog:
    """Read every input under the data root and (re)write the staging and audit tables.

    ``today`` is the day the pipeline runs, against which dates are judged plausible
    (default: ``PIPELINE_RUN_DATE``, else the machine's date); it is recorded in
    ``audit.ingestion_run``. ``key`` is the pseudonym key (default: the data root's, see
    ``pipeline.publication.privacy``; a missing key while the published database holds pseudonyms
    raises ``privacy.KeyProblem`` before anything is read).
    """
    today = today or run_date()
    log = IngestLog()
    root = settings.raw_dir
    gazetteer_path = reference_file(settings, "wilayah")
    if gazetteer_path is None:
        raise InputMissing(
            f"no gazetteer: expected {settings.reference_dir / 'wilayah.csv'} "
            "(Kemendagri codes, columns kode,nama)"
        )
    if key is None:
        key = privacy.load_or_create_key(
            privacy.key_path(settings.data_dir),
            in_use=privacy.pseudonyms_in_use(settings.db_path),
            replace=privacy.new_key_requested(),
        )
    # Enrolment and claim files parse in the background while the reference files are read
    # and validated (those have their own, small pools).
    with Reading() as reading:
        enrolment_skipped: list[dict] = []
        enrolment_paths = discover(settings.enrolment_dir, settings.data_dir, enrolment_skipped, root)
        claims_skipped: list[dict] = []
        claim_paths = discover(settings.claims_dir, settings.data_dir, claims_skipped, root)
        enrolment = KindFiles(
            enrolment_paths, enrolment_skipped, start_reading(reading, enrolment_paths, root)
        )
        claims = KindFiles(claim_paths, claims_skipped, start_reading(reading, claim_paths, root))
        run = IngestRun(con, settings, today, key, log, enrolment, claims)
        references = read_references(log, settings, gazetteer_path, today)
        _ingest_enrolment_and_claims(run, references)
    return log


def _ingest_enrolment_and_claims(run: IngestRun, references: References) -> None:
    """Read and validate the enrolment and claim files, and write every table, in one transaction.

    A run killed half-way leaves the previous tables as they were. staging.spells and
    identity.persons are written in the background (DuckDB releases the GIL) while the
    enrolment files are accounted for and the claims are read; the connection is used by
    one thread at a time (the main thread waits before writing). The pseudonyms of every
    NIK and KPJ read are computed (by DuckDB, on its own connection) while the enrolment
    rows are validated.
    """
    con, log, root, today = run.con, run.log, run.root, run.today
    params = privacy.pseudonym_params(run.key)
    background: list[Future] = []
    pseudonyms: list[Future] = []
    con.begin()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="write") as writer:
        try:

            def validate_enrolment(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
                pseudonyms.append(writer.submit(pseudonym_lookups, rows["nik"], rows["no_kpj"], run.key))
                return rules.validate_enrolment(
                    rows, references.gazetteer, references.occupations, references.funding, today
                )

            def write_spells(accepted: pd.DataFrame) -> None:
                background.append(writer.submit(write_spells_and_persons, con, accepted, pseudonyms[0]))

            spells = ingest_kind(
                log,
                "enrolment",
                run.enrolment,
                root,
                references.enrolment_fields,
                validate_enrolment,
                on_accepted=write_spells,
            )

            def validate_claims(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
                # Owners of the KPJs the claims give, as validate_claims normalises them.
                given = identifiers.normalise_identifiers(rows["no_kpj"]).dropna()
                owners = rules.kpj_owners(spells, set(given.tolist()))
                return rules.validate_claims(rows, owners, today)

            claims = ingest_kind(log, "claims", run.claims, root, references.claim_fields, validate_claims)
            claims["nik_regency_code"] = claims["nik"].map(
                lambda n: f"{n[:2]}.{n[2:4]}" if isinstance(n, str) else None
            )
            for done in background:
                done.result()
            write_other_tables(con, log, references, claims, params, today)
        except BaseException:
            wait([*pseudonyms, *background])
            con.rollback()
            raise
    con.commit()
