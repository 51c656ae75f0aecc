"""The two records of the catalog: a ``Column`` and a ``Table``."""

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
        cols = ",\n    ".join(f'"{c.name}" {c.type}' for c in self.columns)
        return f"create or replace table {self.qualified_name} (\n    {cols}\n)"
