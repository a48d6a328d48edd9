"""Sensitive aggregation: record density, tables, coordinates, ledger (being written)."""
from __future__ import annotations


def find(document, findings, config):
    """Aggregation findings for the document."""
    return []
