"""Verifying a published report against its archived inputs (``python -m pipeline verify``)."""
