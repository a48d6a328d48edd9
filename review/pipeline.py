"""The review pipeline, top to bottom. Each step takes data and returns data.

load -> segments with locations -> recognize (patterns, names) -> roles
-> confidentiality (document-level) -> hidden content -> aggregation
-> masks -> recommendation

STAGES is the pipeline itself: the benchmark times each named stage of the
same tuple, so what is measured is what runs.
"""
from __future__ import annotations

from review import aggregation, confidential, detect, gcpause, hidden, masks, recommend, roles
from review.config import Config
from review.model import Document, Finding, Report
from review.rulepack import load_rulepack


def _recognize(document, findings, config):
    """Patterns, validators, context and names over every segment."""
    return list(detect.recognize(document, load_rulepack(config.rules_dir), config))


def _roles(document, findings, config):
    """Who each person or value is, and so what to do with it."""
    return list(roles.assign(document, findings, config))


def _confidential(document, findings, config):
    """Classification marks, internal and process information (document-level)."""
    return list(confidential.refine(document, findings, config))


def _hidden(document, findings, config):
    """Hidden layers and fake redactions."""
    return findings + list(hidden.audit(document, findings, config))


def _aggregation(document, findings, config):
    """Record density, tables, coordinates, what was already published."""
    return findings + list(aggregation.find(document, findings, config))


def _masks(document, findings, config):
    """The proposed mask of every finding to redact."""
    return list(masks.propose(findings, config))


STAGES = (
    ("recognize", _recognize),
    ("roles", _roles),
    ("confidential", _confidential),
    ("hidden", _hidden),
    ("aggregation", _aggregation),
    ("masks", _masks),
)


def analyse(document: Document, config: Config) -> tuple[Finding, ...]:
    """Every finding for a loaded document, in document order."""
    findings: list[Finding] = []
    with gcpause.paused():  # the stages leave no cycles; full collections would rescan the growing heap
        for _name, stage in STAGES:
            findings = stage(document, findings, config)
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)))


def review_document(document: Document, config: Config) -> Report:
    """Analyse a loaded document and recommend a disclosure mode."""
    findings = analyse(document, config)
    recommendation = recommend.recommend(document, findings, config)
    return Report(file=document.path, document=document, findings=findings, recommendation=recommendation)
