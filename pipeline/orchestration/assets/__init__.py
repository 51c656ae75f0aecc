"""Dagster assets, one module per layer; the asset key prefix is the DuckDB schema."""
