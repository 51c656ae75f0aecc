"""Synthetic Bengkayang sample inputs (``python -m pipeline sample-data``)."""

from pipeline.sample.generate import write_sample_data

__all__ = ["write_sample_data"]
