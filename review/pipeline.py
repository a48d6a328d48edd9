"""The review pipeline, top to bottom. Each step takes data and returns data.

load -> segments with locations -> recognize (patterns, names) -> roles
-> confidentiality (document-level) -> hidden content -> aggregation
-> masks -> recommendation
"""
from __future__ import annotations

from review import aggregation, confidential, detect, hidden, masks, recommend, roles
from review.config import Config
from review.model import Document, Finding, Report
from review.rulepack import load_rulepack


def analyse(document: Document, config: Config) -> tuple[Finding, ...]:
    """Every finding for a loaded document, in document order."""
    pack = load_rulepack(config.rules_dir)
    findings = detect.recognize(document, pack, config)
    findings = roles.assign(document, findings, config)
    findings = findings + confidential.document_findings(document, findings, config)
    findings = findings + hidden.audit(document, findings, config)
    findings = findings + aggregation.find(document, findings, config)
    findings = masks.propose(findings, config)
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)))


def review_document(document: Document, config: Config) -> Report:
    """Analyse a loaded document and recommend a disclosure mode."""
    findings = analyse(document, config)
    recommendation = recommend.recommend(document, findings, config)
    return Report(file=document.path, document=document, findings=findings, recommendation=recommendation)
