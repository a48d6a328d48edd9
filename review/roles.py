"""Roles decide the action: who is this person or value? (being written)"""
from __future__ import annotations


def assign(document, findings, config):
    """Return findings with role and action set from the document's cues."""
    return list(findings)
