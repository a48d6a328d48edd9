"""Document-level confidentiality judgement where a regex alone cannot decide.

- Position: a mark that only means something at the top (MARK_POSITION: rule id -> lines) counts
  in the first N lines of the running text, or anywhere in a header, footer or the document
  properties (where a mark repeats on every page). The engine's `scope: {first_lines}` counts
  headers after the body, so these rules leave position to this stage.
- Quotation: a mark quoted as an example (如“秘密★1年”) is not a mark on this document.
- A 征求意见稿 is process information only when it circulates inside the administration (请各处室
  反馈意见); one released for public comment, or with no sign of internal circulation, is not.
- A final penalty decision or a notice to the party recounts the proposed penalty (拟作出的处罚):
  that is not a pending decision.
- A document type whose catalog mode is `none` (minutes of an internal meeting, a 请示, ...) gets
  one document-level finding, so that the recommendation can cite it and a reviewer can clear it.
"""
from __future__ import annotations

import re
from pathlib import Path

from review.doctype import FLOW_LAYERS, Match, document_type, flow_segments
from review.model import Document, Finding
from review.rulepack import load_rulepack

# Layers where a mark stands on every page or in the file itself, whatever the line number.
MARK_LAYERS = frozenset({"header", "footer", "metadata"})
PUBLIC_COMMENT = re.compile(r"(?:向社会|面向社会|社会各界|社会公众|公开)征求意见|征求意见的(?:通知|公告)"
                            r"|(?:单位和个人|公众)[^。\n]{0,20}(?:意见|建议)")
INTERNAL_COMMENT = re.compile(r"内部征求意见|征求(?:局内|机关)?各(?:处室|科室|部门)(?:的)?意见"
                              r"|请(?:局内|机关)?各(?:处室|科室|部门)[^。\n]{0,30}(?:反馈|提出|报送)")
FINAL_DECISION = re.compile(r"决定如下|作出如下(?:行政)?处罚决定|本(?:机关|局)(?:依法)?决定|现决定")
QUOTE_BEFORE = re.compile(r"(?:如|例如|比如|示例|标注为?|标明|标识为?|格式为|写作)[:：]?\s*[“\"'‘「『《]?$|[“\"‘「『]$")
MARK_POSITION = {"classification.level_line": 5, "internal.mark_line": 6, "internal.draft_marker": 8}
PARTY_TYPES = frozenset({"penalty_decision_person", "penalty_decision_company", "notice_to_company"})


def in_first_lines(flow, finding: Finding, lines: int) -> bool:
    """True when a finding stands in the first `lines` of the running text `flow`, or in a mark layer."""
    layer = finding.location.layer
    if layer in MARK_LAYERS:
        return True
    if layer not in FLOW_LAYERS:
        return False
    return any(s.offset <= finding.start < s.end for s in flow[:lines])


def is_quoted(text: str, finding: Finding) -> bool:
    """True when a classification mark is quoted as an example rather than marking this document."""
    before = text[max(0, finding.start - 8):finding.start]
    return bool(QUOTE_BEFORE.search(before))


def _positioned(document: Document, findings, config) -> list[Finding]:
    """Drop position-dependent marks that stand lower in the document, and quoted marks."""
    pack = load_rulepack(Path(config.rules_dir))
    scopes = {r.id: r.scope_first_lines for r in pack.rules if r.scope_first_lines} | MARK_POSITION
    text, flow = document.text, flow_segments(document)
    kept = []
    for f in findings:
        lines = scopes.get(f.rule_id)
        if lines and not in_first_lines(flow, f, int(lines)):
            continue
        if f.category == "classification" and is_quoted(text, f):
            continue
        kept.append(f)
    return kept


def _visible_text(document: Document) -> str:
    return "\n".join(s.text for s in document.visible_segments)


def _exceptions(document: Document, findings, match: Match) -> list[Finding]:
    """Drop process-information findings the document type or its wording explains away."""
    text = _visible_text(document)
    public_comment = bool(PUBLIC_COMMENT.search(text)) or not INTERNAL_COMMENT.search(text)
    decided = match.type.id in PARTY_TYPES or bool(FINAL_DECISION.search(text))
    kept = []
    for f in findings:
        if f.rule_id == "internal.draft_marker" and "征求意见" in f.text and public_comment:
            continue
        if f.rule_id == "internal.pending_decision" and decided:
            continue
        kept.append(f)
    return kept


def doctype_finding(document: Document, match: Match, config) -> Finding | None:
    """A finding for a document type that is not disclosed by default, anchored on its strongest cue."""
    if match.type.mode != "none" or match.anchor is None:
        return None
    from review.doctype import load_catalog

    catalog = load_catalog(Path(config.rules_dir))
    start, end = match.anchor
    doc_type = match.type
    citations = tuple(catalog.legal_basis[k]["zh"] for k in doc_type.legal_basis)
    return Finding(
        rule_id=f"internal.doctype.{doc_type.id}", category="internal", entity_type="PROCESS_INFO",
        start=start, end=end, text=document.text[start:end], location=document.segment_at(start).location,
        score=min(1.0, 0.5 + match.score / 10), severity="medium", action="review", legal_basis=citations,
        explanation=f"文书类型：{doc_type.name}。{doc_type.reason}",
        details=(("doctype", doc_type.id), ("doctype_score", f"{match.score:g}"), ("message_en", doc_type.reason_en)),
    )


def refine(document: Document, findings, config) -> list[Finding]:
    """Findings after the document-level judgement: positions, exceptions, and the document type."""
    match = document_type(document, config)
    kept = _exceptions(document, _positioned(document, findings, config), match)
    extra = doctype_finding(document, match, config)
    return kept + ([extra] if extra else [])


def document_findings(document, findings, config):
    """Only the findings this stage adds (kept for callers of the foundation's stub)."""
    extra = doctype_finding(document, document_type(document, config), config)
    return [extra] if extra else []
