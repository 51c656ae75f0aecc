"""The files as offices send them: one module per funding scheme's enrolment list, and claims.

Each ``doc_*`` turns part of the population into a ``Doc`` (sheets of cells), with the
office's own headers, title rows, date and number formats and planted bad rows.
``build_documents`` makes them in a fixed order: planting a bad row draws a further
person from the population's random stream, so the order is part of the output.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.sample.documents import (
    apbd_kab,
    apbd_prov,
    baznas,
    claims,
    csr,
    dana_desa,
    dbh_sawit,
    mandiri,
    pemberi_kerja,
)
from pipeline.sample.documents.model import Doc
from pipeline.sample.population import Population

__all__ = ["Plan", "build_documents"]

#: The order the files are made in (see above).
DOCUMENTS = (
    apbd_kab.doc_apbd_2024,
    apbd_kab.doc_apbd_2025,
    dbh_sawit.doc_dbh,
    dana_desa.doc_dana_desa,
    csr.doc_csr,
    baznas.doc_baznas,
    mandiri.doc_mandiri,
    apbd_prov.doc_prov,
    pemberi_kerja.doc_pu,
    claims.doc_claims_2024,
    claims.doc_claims_2025,
    claims.doc_claims_jkm,
)


@dataclass
class Plan:
    """The population and the files made from it."""

    pop: Population
    docs: list[Doc]


def build_documents(pop: Population) -> list[Doc]:
    """Every file of the sample, in the order of ``DOCUMENTS``."""
    return [make(pop) for make in DOCUMENTS]
