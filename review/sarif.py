"""SARIF 2.1.0 for CI systems: one run, every rule with its legal basis, results without plaintext.

Offsets (charOffset/charLength) index the extracted text of the document (what Finding.start/end
index), not the bytes of the file; logicalLocations say where that is for humans (page, table cell,
header, ...). partialFingerprints carry the SHA-256 of the matched text so that CI can track a
result across runs without the value.
"""
from __future__ import annotations

from pathlib import Path

from review import __version__
from review.masks import display_mask
from review.model import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "textSha256/v1"


def level(finding: Finding) -> str:
    """error for redact and classification, warning for review, note for none."""
    if finding.action == "redact" or (finding.category == "classification" and finding.action != "none"):
        return "error"
    return "warning" if finding.action == "review" else "note"


def _rule_facts(rule_id: str, pack, sample: Finding | None) -> tuple[str, str, dict]:
    """(message, English message, properties) from the rule pack, or from a document-level finding."""
    try:
        rule = pack.by_id(rule_id)
    except KeyError:  # document-level findings (document type, hidden content, aggregation)
        if sample is None:
            return rule_id, "", {}
        props = {"category": sample.category, "legal_basis": list(sample.legal_basis), "severity": sample.severity}
        return sample.explanation or rule_id, dict(sample.details).get("message_en", ""), props
    props = {"category": rule.category, "legal_basis": list(pack.citations(rule.legal_basis)),
             "legal_basis_keys": list(rule.legal_basis), "severity": rule.severity, "entity": rule.entity}
    return rule.message, rule.message_en, props


def rule_descriptor(rule_id: str, pack, sample: Finding | None) -> dict:
    """tool.driver.rules entry: id, descriptions, help, and {category, legal_basis, severity}."""
    text, text_en, props = _rule_facts(rule_id, pack, sample)
    return {"id": rule_id, "name": rule_id.replace(".", "_"),
            "shortDescription": {"text": text_en or text}, "fullDescription": {"text": text},
            "help": {"text": "\n".join(t for t in (text, text_en) if t)}, "properties": props}


def _message(f: Finding) -> str:
    """The result message: the explanation and a masked value, never the plaintext."""
    shown = f.mask or display_mask(f.text)
    return f"{f.explanation} [{f.entity_type}: {shown}]".strip()


def _logical(f: Finding) -> list[dict]:
    """Human locations: page, table cell, sheet cell, header, comment..."""
    loc = f.location
    kind = "page" if loc.page is not None else ("tableCell" if loc.table is not None or loc.sheet else loc.layer)
    return [{"name": loc.describe("en") or loc.layer, "kind": kind}]


def result(f: Finding, uri: str, index: int) -> dict:
    """One SARIF result for a finding."""
    region = {"charOffset": f.start, "charLength": f.end - f.start}
    if f.location.line is not None:
        region["startLine"] = f.location.line
    return {
        "ruleId": f.rule_id, "ruleIndex": index, "level": level(f), "message": {"text": _message(f)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
                       "logicalLocations": _logical(f)}],
        "partialFingerprints": {FINGERPRINT: f.text_hash},
        "properties": {"category": f.category, "action": f.action, "entity_type": f.entity_type,
                       "legal_basis": list(f.legal_basis), "score": round(f.score, 3),
                       "decision": dict(f.details).get("decision")},
    }


def to_sarif(reports, pack) -> dict:
    """The SARIF log for some reports: one run, rules referenced by index."""
    samples: dict[str, Finding] = {}
    for report in reports:
        for f in report.findings:
            samples.setdefault(f.rule_id, f)
    rule_ids = [r.id for r in pack.rules] + sorted(set(samples) - {r.id for r in pack.rules})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results, artifacts, recommendations = [], [], {}
    for report in reports:
        uri = Path(report.file).as_posix()
        artifacts.append({"location": {"uri": uri}})
        recommendations[uri] = report.recommendation.to_dict()
        results.extend(result(f, uri, index[f.rule_id]) for f in report.findings)
    driver = {"name": "prepub-review", "version": __version__, "semanticVersion": __version__,
              "rules": [rule_descriptor(rid, pack, samples.get(rid)) for rid in rule_ids]}
    run = {"tool": {"driver": driver}, "artifacts": artifacts, "results": results,
           "columnKind": "unicodeCodePoints", "properties": {"recommendations": recommendations}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
