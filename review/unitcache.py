"""Identical units analysed once per document: table cells repeat (company names, row numbers, districts).

A unit analysed on its own (a table cell, a header line, a segment in another language) costs a
full presidio call, whose fixed cost dwarfs the work on ten characters. When the same text comes
again with the same facts, the findings of the first are reused with the new unit's offsets and
location. "The same facts" is exact by construction: the artifacts record which of their fields
(layer, header, prev_text, index) the recognizers actually read, and a later unit reuses the
findings only when every field read has the same value. `index` is only ever compared with a
rule's scope_first_lines, so indexes at or past the largest of those count as one value.
"""
from __future__ import annotations

from review.nlp import SegmentArtifacts

FIELDS = ("layer", "header", "prev_text", "index")


class TracedArtifacts(SegmentArtifacts):
    """Segment artifacts that note which segment facts a recognizer reads."""

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, "read", set())
        super().__init__(*args, **kwargs)

    def __getattribute__(self, name):
        if name in FIELDS:
            object.__getattribute__(self, "read").add(name)
        return object.__getattribute__(self, name)


class UnitCache:
    """Findings of units by (text, language), with the facts they depended on; one per document."""

    def __init__(self, first_lines: int, hidden_index: int):
        self.first_lines, self.hidden_index = first_lines, hidden_index
        self.entries: dict[tuple[str, str], list] = {}

    def _facts(self, values: dict) -> dict:
        index = values["index"]
        return {**values, "index": index if index >= self.hidden_index - 1 else min(index, self.first_lines)}

    def analyse(self, engines, unit, language: str, values: dict, run) -> list:
        """run(artifacts) -> findings of `unit`; reused (re-placed) for a later identical unit."""
        facts = self._facts(values)
        key = (unit.text, language)
        for read, findings, offset in self.entries.get(key, ()):
            if all(facts[name] == value for name, value in read):
                return [f.with_(start=f.start - offset + unit.offset, end=f.end - offset + unit.offset,
                                location=unit.location) for f in findings]
        artifacts = TracedArtifacts(engines.nlp, language, **values)
        findings = run(artifacts)
        read = tuple((name, facts[name]) for name in sorted(artifacts.read))
        self.entries.setdefault(key, []).append((read, findings, unit.offset))
        return findings
