"""Recognize: segments -> pattern matches -> validators -> context -> findings.

(Foundation version: plain `re` over each segment. The personal-data work
replaces the inside with presidio recognizers; the signature stays.)
"""
from __future__ import annotations

from review.config import Config
from review.model import Document, Finding, Segment
from review.rulepack import Rule, RulePack
from review.validators import VALIDATORS


def _context_hit(text: str, start: int, end: int, words, window: int) -> str | None:
    """The first context word found within `window` characters of the span, if any."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    around = text[lo:start] + " " + text[end:hi]
    lowered = around.lower()
    for word in words:
        if word.lower() in lowered:
            return word
    return None


def _in_scope(rule: Rule, segment: Segment) -> bool:
    """Whether a rule applies to a segment (layer and first-lines restrictions)."""
    if rule.scope_layers and segment.location.layer not in rule.scope_layers:
        return False
    return True


def _score(rule: Rule, pattern_score: float, text: str, seg_text: str, start: int, end: int):
    """Score one match, returning (score, details) or None when it is dropped."""
    details = []
    score = pattern_score
    if rule.validator:
        verdict = VALIDATORS[rule.validator](text)
        details.append(("validator", f"{rule.validator}={verdict}"))
        if verdict is True:
            score = 1.0
        elif verdict is False:
            if rule.invalid_score is None:
                return None
            score = rule.invalid_score
    if rule.negative_words and _context_hit(seg_text, start, end, rule.negative_words, rule.negative_window):
        return None
    word = _context_hit(seg_text, start, end, rule.context_words, rule.context_window) if rule.context_words else None
    if word:
        score = min(1.0, score + rule.context_boost)
        details.append(("context", word))
    elif rule.context_required:
        return None
    return score, details


def recognize_segment(segment: Segment, rules, pack: RulePack, config: Config) -> list[Finding]:
    """All rule matches in one segment, as findings with document offsets."""
    found = []
    for rule in rules:
        if not _in_scope(rule, segment):
            continue
        for pattern in rule.patterns:
            for m in pattern.compiled.finditer(segment.text):
                if m.end() == m.start():
                    continue
                scored = _score(rule, pattern.score, m.group(), segment.text, m.start(), m.end())
                if scored is None or scored[0] < config.min_score:
                    continue
                score, details = scored
                found.append(Finding(
                    rule_id=rule.id, category=rule.category, entity_type=rule.entity,
                    start=segment.offset + m.start(), end=segment.offset + m.end(), text=m.group(),
                    location=segment.location, score=score, severity=rule.severity, action=rule.action,
                    legal_basis=pack.citations(rule.legal_basis), explanation=rule.message,
                    details=(("pattern", pattern.name), *details),
                ))
    return found


def merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the best finding where two of the same category overlap (higher score, then longer)."""
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start), -f.score))
    kept: list[Finding] = []
    for f in ordered:
        clash = next((k for k in kept if k.category == f.category and k.start < f.end and f.start < k.end), None)
        if clash is None:
            kept.append(f)
        elif (f.score, f.end - f.start) > (clash.score, clash.end - clash.start):
            kept[kept.index(clash)] = f
    return sorted(kept, key=lambda f: (f.start, f.end))


def recognize(document: Document, pack: RulePack, config: Config) -> list[Finding]:
    """Run every rule over every segment and merge overlapping matches."""
    found = []
    for segment in document.segments:
        found.extend(recognize_segment(segment, pack.rules, pack, config))
    return merge_overlaps(found)
