"""Recognize: segments -> presidio engines (one per language) -> findings with document offsets.

Each segment is analysed on its own (presidio's cost grows faster than the
text on one long input), in the language its script says, with the facts a
recognizer may need about it (layer, column header, the line before). Offsets
are mapped back to Document.text; then every later mention of a name found
once is searched throughout the document, and overlaps are merged.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from review.config import Config
from review.language import detect_languages, document_language
from review.model import Document, Finding, Segment
from review.normalize import normalized_view, restore
from review.names_en import names_in_emails
from review.nlp import Engines, SegmentArtifacts, build_engines
from review.rulepack import RulePack
from review.unitcache import UnitCache

TABLE_LAYERS = frozenset({"table", "cell", "hidden_row", "hidden_column", "hidden_sheet"})
# Index given to hidden segments: they are never within a rule's "first lines".
HIDDEN_INDEX = 10 ** 9


def _column_key(segment: Segment):
    loc = segment.location
    return (loc.part, loc.sheet, loc.table, loc.column)


def column_headers(document: Document) -> dict:
    """Header text (row 1) of every table column, keyed by (part, sheet, table, column)."""
    headers = {}
    for segment in document.segments:
        loc = segment.location
        if loc.layer in TABLE_LAYERS and loc.row == 1 and loc.column is not None:
            headers[_column_key(segment)] = segment.text
    return headers


def _details(result, rule) -> tuple[tuple[str, str], ...]:
    """Why a result was found: pattern, validator, context word, cue (str -> str)."""
    out, exp, meta = [], result.analysis_explanation, result.recognition_metadata or {}
    if exp is not None:
        if exp.pattern_name:
            out.append(("pattern", str(exp.pattern_name)))
        if exp.validation_result is not None and rule.validator:
            out.append(("validator", f"{rule.validator}={exp.validation_result}"))
        if exp.supportive_context_word:
            out.append(("context", exp.supportive_context_word))
    for key in ("cue", "how"):
        if meta.get(key):
            out.append((key, str(meta[key])))
    if meta.get("masked"):
        out.append(("masked", "true"))
    return tuple(out)


def to_finding(result, segment: Segment, rule, pack: RulePack) -> Finding:
    """A presidio result in a segment as a Finding with document offsets."""
    meta = result.recognition_metadata or {}
    return Finding(
        rule_id=rule.id, category=rule.category, entity_type=rule.entity,
        start=segment.offset + result.start, end=segment.offset + result.end,
        text=segment.text[result.start:result.end], location=segment.location, score=float(result.score),
        severity=rule.severity, action=rule.action, legal_basis=pack.citations(rule.legal_basis),
        explanation=rule.message, details=_details(result, rule), role=meta.get("role") or rule.role,
    )


PIPE_CELL = re.compile(r"[^|｜\t]+")
# Text tables separate cells with |, a full-width ｜ or tabs.
CELL_SEP = re.compile(r"[|｜\t]")


def pipe_cells(segment: Segment) -> list[Segment]:
    """The cells of a text-table row ("1 | 沪A12345 | 张三"), as segments of their own."""
    return [Segment(m.group(), segment.location, segment.offset + m.start())
            for m in PIPE_CELL.finditer(segment.text) if m.group().strip()]


def units(document: Document, headers: dict):
    """(segment or cell, column header, index) in reading order; text-table rows are split into cells."""
    pipe_header, visible = None, 0
    for segment in document.segments:
        loc = segment.location
        index = HIDDEN_INDEX if loc.hidden else visible
        visible += 0 if loc.hidden else 1
        if loc.layer in TABLE_LAYERS and (loc.row or 0) > 1:
            yield segment, headers.get(_column_key(segment), ""), index
        elif len(CELL_SEP.findall(segment.text)) >= 2:
            cells = pipe_cells(segment)
            if pipe_header is None:
                pipe_header = [c.text.strip() for c in cells]
                yield segment, "", index
                continue
            for i, cell in enumerate(cells):
                yield cell, pipe_header[i] if i < len(pipe_header) else "", index
        else:
            pipe_header = None
            yield segment, "", index


# Plain Chinese segments are analysed in chunks of about this many characters: presidio's fixed
# cost per call is larger than the work on one short paragraph or table cell.
CHUNK_CHARS = 4000


@dataclass
class Chunk:
    """Consecutive plain segments of one layer joined by newlines, analysed in one presidio call."""

    layer: str = "body"
    units: list = field(default_factory=list)
    starts: list = field(default_factory=list)
    size: int = 0

    def add(self, unit: Segment) -> None:
        """Append a segment (its start in the chunk text is recorded for mapping offsets back)."""
        self.starts.append(self.size)
        self.units.append(unit)
        self.size += len(unit.text) + 1

    @property
    def text(self) -> str:
        """The joined text."""
        return "\n".join(u.text for u in self.units)

    def locate(self, start: int, end: int):
        """(unit, local start, local end) of a chunk span; None when it crosses two segments."""
        i = bisect.bisect_right(self.starts, start) - 1
        local = start - self.starts[i]
        if end - self.starts[i] > len(self.units[i].text):
            return None
        return self.units[i], local, end - self.starts[i]


def _analyse(engines, pack, config, text, language, artifacts, place) -> list[Finding]:
    """Findings of one presidio call; `place(start, end)` maps a span to (segment, start, end) or None."""
    out = []
    for result in engines.analyze(text, language, artifacts, config.min_score):
        where = place(result.start, result.end)
        if where is not None:
            unit, start, end = where
            result.start, result.end = start, end
            out.append(to_finding(result, unit, engines.rule_of(result), pack))
    return out


def analyse_segments(document: Document, engines: Engines, pack: RulePack, config: Config) -> list[Finding]:
    """Every recognizer result of every segment, in the language(s) of each segment (plain text in chunks)."""
    headers = column_headers(document)
    default = config.language or document_language(s.text for s in document.segments[:200])
    first_lines = max((r.scope_first_lines or 0 for r in pack.rules), default=0)
    found, prev, chunk = [], "", Chunk()
    cache = UnitCache(first_lines, HIDDEN_INDEX)

    def flush():
        nonlocal chunk
        if chunk.units:
            artifacts = SegmentArtifacts(engines.nlp, "zh", layer=chunk.layer, index=HIDDEN_INDEX - 1)
            found.extend(_analyse(engines, pack, config, chunk.text, "zh", artifacts, chunk.locate))
        chunk = Chunk()

    for unit, header, index in units(document, headers):
        languages = (config.language,) if config.language else detect_languages(unit.text, default)
        plain = languages == ("zh",) and not header and first_lines <= index < HIDDEN_INDEX
        if plain and (unit.location.layer != chunk.layer or chunk.size > CHUNK_CHARS):
            flush()
        if plain:
            chunk.layer = unit.location.layer
            chunk.add(unit)
        else:
            flush()
            for language in languages:
                facts = {"layer": unit.location.layer, "header": header, "prev_text": prev, "index": index}
                # an identical cell analysed before with the same facts: its findings, re-placed (unitcache.py)
                found.extend(cache.analyse(engines, unit, language, facts, lambda artifacts, u=unit, lang=language: _analyse(
                    engines, pack, config, u.text, lang, artifacts, lambda s, e: (u, s, e))))
        prev = unit.text
    flush()
    return found


EN_NAME_RULE = "personal.person_name_en"


def repeat_mentions(document: Document, found: list[Finding], pack: RulePack) -> list[Finding]:
    """Every other mention of a name found once (and of names in e-mail local parts), anywhere in the document."""
    first: dict[str, Finding] = {}
    for f in found:
        if f.entity_type == "PERSON" and len(f.text) >= 2 and ("masked", "true") not in f.details:
            first.setdefault(f.text, f)
    emails = [f for f in found if f.entity_type == "EMAIL_ADDRESS"]
    for email in emails:
        for name in names_in_emails(email.text):
            first.setdefault(name, _email_origin(email, pack))
    first = {k: v for k, v in first.items() if v is not None}
    if not first:
        return []
    regex = re.compile("|".join(re.escape(n) for n in sorted(first, key=len, reverse=True)))
    taken = {(f.start, f.end) for f in found if f.entity_type == "PERSON"}
    extra = []
    for segment in document.segments:
        for m in regex.finditer(segment.text):
            span = (segment.offset + m.start(), segment.offset + m.end())
            if span not in taken:
                extra.append(_mention(first[m.group()], segment, m, span))
    return extra


def _mention(origin: Finding, segment: Segment, m, span) -> Finding:
    """A finding for one more mention of a name, carrying the first mention's rule and role."""
    cue = dict(origin.details).get("cue", "")
    details = (("how", "repeat"), ("cue", cue), ("first_mention", str(origin.start)))
    return origin.with_(start=span[0], end=span[1], text=m.group(), location=segment.location,
                        details=details, score=min(origin.score, 0.85))


def _email_origin(email: Finding, pack: RulePack) -> Finding | None:
    """A stand-in first mention for a name read from an e-mail address (None if no English name rule)."""
    try:
        rule = pack.by_id(EN_NAME_RULE)
    except KeyError:
        return None
    return email.with_(rule_id=rule.id, entity_type=rule.entity, explanation=rule.message, role="private_person",
                       severity=rule.severity, action=rule.action, details=(("cue", "email"),))


def merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the best finding where two of the same category overlap (higher score, then longer).

    Linear: findings are sorted by start, and the kept findings of one category never
    overlap, so only the last kept finding of a category can clash with the next one.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start), -f.score))
    kept: list[Finding] = []
    last: dict[str, int] = {}
    for f in ordered:
        i = last.get(f.category)
        clash = kept[i] if i is not None and kept[i].end > f.start else None
        if clash is None:
            last[f.category] = len(kept)
            kept.append(f)
        elif (f.score, f.end - f.start) > (clash.score, clash.end - clash.start):
            kept[i] = f
    return sorted(kept, key=lambda f: (f.start, f.end))


def recognize(document: Document, pack: RulePack, config: Config) -> list[Finding]:
    """Run every recognizer over every segment, add repeated name mentions, merge overlapping matches."""
    engines = build_engines(Path(config.rules_dir))
    view, back = normalized_view(document)  # full-width digits folded, invisible characters dropped
    found = analyse_segments(view, engines, pack, config)
    found += repeat_mentions(view, found, pack)
    return restore(merge_overlaps(found), document, back)
