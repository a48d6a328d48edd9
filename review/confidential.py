"""Document-level confidentiality findings: classification, internal and process information (being written)."""
from __future__ import annotations


def document_findings(document, findings, config):
    """Findings that depend on the whole document (where a mark stands, what kind of draft it is)."""
    return []
