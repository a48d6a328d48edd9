"""The data every stage shares: Document and Segment in, Finding and Report out.

One Finding type serves the CLI, the JSON and SARIF reports, the redactor and
the web app. Everything is frozen: stages return new values instead of
mutating what an earlier stage produced.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any, Iterator

CATEGORIES = ("personal", "trade_secret", "classification", "internal", "aggregation", "hidden_content")
ACTIONS = ("redact", "review", "none")
SEVERITIES = ("high", "medium", "low", "info")
MODES = ("public", "targeted", "none")

# Layers a segment can come from. Visible layers are what a reader of the
# published document sees; every other layer is hidden content.
VISIBLE_LAYERS = frozenset({"body", "table", "header", "footer", "footnote", "endnote", "textbox", "page", "cell",
                            "chart"})
HIDDEN_LAYERS = frozenset({
    "comment", "tracked_insertion", "tracked_deletion", "hidden_text", "invisible_text",
    "metadata", "annotation", "attachment", "embedded_object", "previous_revision",
    "hidden_row", "hidden_column", "hidden_sheet", "cell_comment",
})


def _compact(obj) -> dict[str, Any]:
    """Dataclass fields as a dict, leaving out the ones that are unset."""
    out = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if value is None or value == () or value is False:
            continue
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


@dataclass(frozen=True)
class Location:
    """Where a piece of text stands in the source file.

    `part` and `node` address the source precisely enough to redact in place:
    for .docx, `part` is the package part ("word/document.xml") and `node` the
    index of the w:p element among all w:p of that part in document order.
    """

    layer: str = "body"
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    part: str | None = None
    node: int | None = None
    field: str | None = None
    author: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def hidden(self) -> bool:
        """True for every layer a reader of the published document does not see."""
        return self.layer in HIDDEN_LAYERS

    def to_dict(self) -> dict[str, Any]:
        """Explicit JSON form; unset fields are left out."""
        out = _compact(self)
        out["layer"] = self.layer
        if self.hidden:
            out["hidden"] = True
        return out

    def describe(self, lang: str = "zh") -> str:
        """A short human label: 'p. 3, table 1 r2c4' / '第3页 表1第2行第4列'."""
        from review.i18n import describe_location

        return describe_location(self, lang)


@dataclass(frozen=True)
class Segment:
    """A run of text from one place in the source, with its offset in Document.text."""

    text: str
    location: Location
    offset: int = 0
    # For PDF: one (x0, y0, x1, y1) box per character of `text`, in PDF points.
    char_boxes: tuple[tuple[float, float, float, float], ...] | None = None

    @property
    def end(self) -> int:
        """Offset just past this segment in Document.text."""
        return self.offset + len(self.text)


SEGMENT_SEPARATOR = "\n"


@dataclass(frozen=True)
class Document:
    """A loaded file: its segments in reading order, hidden layers as their own segments."""

    path: str
    format: str
    segments: tuple[Segment, ...]
    sha256: str
    pages: int | None = None
    size: int = 0
    metadata: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    # Raw facts a later audit may need (for example pdf drawing operations), by name.
    extras: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def build(cls, path: str, fmt: str, pieces, sha256: str, **kwargs) -> "Document":
        """Assemble a Document from (text, location[, char_boxes]) pieces, assigning offsets."""
        segments, offset = [], 0
        for piece in pieces:
            text, location = piece[0], piece[1]
            boxes = piece[2] if len(piece) > 2 else None
            if not text:
                continue
            segments.append(Segment(text, location, offset, boxes))
            offset += len(text) + len(SEGMENT_SEPARATOR)
        return cls(path=path, format=fmt, segments=tuple(segments), sha256=sha256, **kwargs)

    @cached_property
    def text(self) -> str:
        """All segments joined; Finding.start/end index into this string (computed once)."""
        return SEGMENT_SEPARATOR.join(s.text for s in self.segments)

    @cached_property
    def visible_segments(self) -> tuple[Segment, ...]:
        """Segments a reader of the published document sees."""
        return tuple(s for s in self.segments if not s.location.hidden)

    @property
    def chars(self) -> int:
        """Number of characters of extracted text, separators excluded."""
        return sum(len(s.text) for s in self.segments)

    def extra(self, name: str, default: Any = None) -> Any:
        """One of the raw facts kept by the loader."""
        return dict(self.extras).get(name, default)

    def segment_at(self, offset: int) -> Segment:
        """The segment containing a document offset (binary search)."""
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.segments[mid].offset <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.segments[lo]


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer must look at: what, where, why, and what to do with it."""

    rule_id: str
    category: str
    entity_type: str
    start: int
    end: int
    text: str
    location: Location
    score: float
    severity: str
    action: str
    legal_basis: tuple[str, ...] = ()
    explanation: str = ""
    # Why: pattern name, validator outcome, context words, role, ... (str -> str).
    details: tuple[tuple[str, str], ...] = ()
    role: str | None = None
    mask: str | None = None

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; valid: {', '.join(CATEGORIES)}")
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}; valid: {', '.join(ACTIONS)}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; valid: {', '.join(SEVERITIES)}")

    @property
    def text_hash(self) -> str:
        """SHA-256 of the matched text: how decisions refer to a value without storing it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> tuple[str, str]:
        """(rule id, text hash): a finding's identity across re-scans of a document."""
        return (self.rule_id, self.text_hash)

    def with_(self, **changes) -> "Finding":
        """A copy with some fields changed (stages never mutate findings)."""
        if not changes.keys() <= _FINDING_FIELDS:
            return replace(self, **changes)  # raises the usual TypeError for an unknown field
        # Every stage copies every finding: a dict copy is ~4x cheaper than dataclasses.replace.
        copy = object.__new__(Finding)
        copy.__dict__.update(self.__dict__, **changes)
        copy.__post_init__()
        return copy

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of one finding (stable: the publishing workflow reads it)."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "entity_type": self.entity_type,
            "severity": self.severity,
            "action": self.action,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "text_sha256": self.text_hash,
            "location": self.location.to_dict(),
            "score": round(self.score, 3),
            "legal_basis": list(self.legal_basis),
            "explanation": self.explanation,
            "details": dict(self.details),
            "role": self.role,
            "mask": self.mask,
        }


_FINDING_FIELDS = frozenset(f.name for f in fields(Finding))


@dataclass(frozen=True)
class Reason:
    """One reason behind a recommendation, tied to findings and a legal basis."""

    code: str
    text: str
    legal_basis: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()
    mode: str | None = None
    text_en: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"code": self.code, "text": self.text, "legal_basis": list(self.legal_basis),
                "rule_ids": list(self.rule_ids), "mode": self.mode, "text_en": self.text_en}


@dataclass(frozen=True)
class Recommendation:
    """The disclosure mode the engine recommends, and why."""

    mode: str
    reasons: tuple[Reason, ...] = ()
    required_actions: tuple[str, ...] = ()
    confidence: float = 0.5
    document_type: str | None = None
    # The same required actions in English, index for index (for --lang en).
    required_actions_en: tuple[str, ...] = ()

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; valid: {', '.join(MODES)}")

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "mode": self.mode,
            "reasons": [r.to_dict() for r in self.reasons],
            "required_actions": list(self.required_actions),
            "confidence": round(self.confidence, 2),
            "document_type": self.document_type,
            "required_actions_en": list(self.required_actions_en),
        }


@dataclass(frozen=True)
class Report:
    """The result of reviewing one document."""

    file: str
    document: Document | None
    findings: tuple[Finding, ...] = ()
    recommendation: Recommendation = field(default_factory=lambda: Recommendation("public"))
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document loaded and was analysed."""
        return self.document is not None and not self.errors

    def by_category(self) -> dict[str, list[Finding]]:
        """Findings grouped by category, in the order of CATEGORIES."""
        groups = {c: [] for c in CATEGORIES}
        for f in self.findings:
            groups[f.category].append(f)
        return {c: fs for c, fs in groups.items() if fs}

    def iter_blocking(self, mode: str) -> Iterator[Finding]:
        """Findings that stop publication in `mode` until a reviewer resolves them."""
        for f in self.findings:
            if f.action == "none":
                continue
            if mode == "none" or dict(f.details).get("decision"):  # a reviewer's decision resolves it
                continue
            yield f

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `review check --format json` (stable)."""
        doc = self.document
        return {
            "file": self.file,
            "document": None if doc is None else {
                "format": doc.format,
                "pages": doc.pages,
                "chars": doc.chars,
                "sha256": doc.sha256,
                "segments": len(doc.segments),
                "warnings": list(doc.warnings),
            },
            "recommendation": self.recommendation.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "errors": list(self.errors),
        }
