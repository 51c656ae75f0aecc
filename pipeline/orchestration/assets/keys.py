"""Asset keys: one spelling for every asset, ``<schema>/<table>`` (the key prefix is the layer)."""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

from pipeline import catalog
from pipeline.core.sql import sql_files, tables_read, tables_read_by


def asset_key(table: catalog.Table | str) -> dg.AssetKey:
    """The key of a catalog table or of ``"schema.name"`` (``"reports.monthly_report"``)."""
    name = table.qualified_name if isinstance(table, catalog.Table) else table
    return dg.AssetKey(name.split("."))


def asset_keys(tables: Iterable[catalog.Table | str]) -> list[dg.AssetKey]:
    """The keys of several tables, sorted."""
    return sorted({asset_key(t) for t in tables})


def keys_read_by(layer: str, *names: str) -> list[dg.AssetKey]:
    """The keys of the tables that ``sql/<layer>/<name>.sql`` read: an asset's dependencies.

    Without names, every file of the layer.
    """
    if not names:
        return asset_keys(
            t for path in sql_files(layer) for t in tables_read(path.read_text(encoding="utf-8"))
        )
    return asset_keys(t for name in names for t in tables_read_by(layer, name))
