"""Findings + document type -> disclosure mode, reasons, required actions (being written)."""
from __future__ import annotations

from review.model import Reason, Recommendation


def recommend(document, findings, config) -> Recommendation:
    """A provisional recommendation: public, with any redactions listed."""
    redactions = [f for f in findings if f.action == "redact"]
    reasons = ()
    if redactions:
        reasons = (Reason("redact_before_publication", f"{len(redactions)} item(s) must be redacted before publication",
                          ("《中华人民共和国政府信息公开条例》第三十七条",)),)
    return Recommendation("public", reasons, confidence=0.5)
