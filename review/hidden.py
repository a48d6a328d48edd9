"""Hidden-content audit: tracked changes, comments, hidden text, metadata, fake redaction (being written)."""
from __future__ import annotations


def audit(document, findings, config):
    """Findings in category hidden_content for each hidden layer of the document."""
    return []
