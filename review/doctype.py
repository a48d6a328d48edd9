"""Document type recognition from rules/catalog.yaml: weighted title and text cues, no code per type.

A type's score is the sum of the weights of its cues that match (a title cue on the first
`title_lines` lines, a text cue anywhere); the best type reaching its threshold wins, ties going
to the type listed first. Users add types by editing catalog.yaml in their rules directory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from review.errors import RulePackError
from review.memo import per_document
from review.model import MODES, Document, Segment
from review.rulepack import load_legal_basis, read_yaml

CATALOG_FILE = "catalog.yaml"
# Layers that make up the running text a reader sees from the top (not headers, not hidden layers).
FLOW_LAYERS = frozenset({"body", "page", "table", "cell", "textbox"})
# A title is at most this wide (a CJK character counts 2): about 60 Chinese or 120 Latin characters.
TITLE_MAX_WIDTH = 120
# Body text has sentence punctuation; a title block (title, issuer, number, date) does not.
SENTENCE = re.compile(r"[。，；,;]")
TYPE_FIELDS = ("id", "name", "name_en", "mode", "min_score", "cues", "remove", "remove_en",
               "legal_basis", "reason", "reason_en", "examples")


@dataclass(frozen=True)
class Cue:
    """One recognition cue: a regex tried on the title lines or on the whole text, with a weight."""

    where: str
    regex: re.Pattern
    weight: float


@dataclass(frozen=True)
class DocType:
    """One entry of the catalog."""

    id: str
    name: str
    mode: str
    cues: tuple[Cue, ...]
    legal_basis: tuple[str, ...]
    name_en: str = ""
    min_score: float | None = None
    remove: tuple[str, ...] = ()
    remove_en: tuple[str, ...] = ()
    reason: str = ""
    reason_en: str = ""
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """The document types, the recognition settings and the legal-basis table."""

    types: tuple[DocType, ...]
    title_lines: int
    min_score: float
    default_type: str
    legal_basis: dict

    def get(self, type_id: str) -> DocType:
        """The type with this id (KeyError if none)."""
        for t in self.types:
            if t.id == type_id:
                return t
        raise KeyError(type_id)


@dataclass(frozen=True)
class Match:
    """The recognised type of a document: score, which cues fired, and where the strongest one stands."""

    type: DocType
    score: float
    cues: tuple[str, ...] = ()
    anchor: tuple[int, int] | None = None


def _cue(source: str, type_id: str, i: int, raw) -> Cue:
    """Validate one cue mapping: {title|text: regex, weight}."""
    if not isinstance(raw, dict) or len({"title", "text"} & set(raw)) != 1:
        raise RulePackError(source, type_id, f"cues[{i}]", "must be {title: REGEX, weight: N} or {text: REGEX, weight: N}")
    where = "title" if "title" in raw else "text"
    try:
        compiled = re.compile(raw[where])
    except re.error as exc:
        raise RulePackError(source, type_id, f"cues[{i}].{where}", f"does not compile: {exc}") from None
    weight = raw.get("weight", 1)
    if not isinstance(weight, (int, float)):
        raise RulePackError(source, type_id, f"cues[{i}].weight", "must be a number")
    return Cue(where, compiled, float(weight))


def _examples(source: str, type_id: str, raw) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Validate `examples: {match: [TEXT, ...], no_match: [TEXT, ...]}` (match required, as in the rule pack)."""
    if not isinstance(raw, dict) or set(raw) - {"match", "no_match"} or not raw.get("match"):
        raise RulePackError(source, type_id, "examples", "is required: {match: [draft text, ...], "
                                                         "no_match: [near-miss draft text, ...]}, run by the tests")
    for key in ("match", "no_match"):
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
            raise RulePackError(source, type_id, f"examples.{key}", "must be a list of non-empty texts")
    return tuple(raw["match"]), tuple(raw.get("no_match") or ())


def parse_type(raw, source: str, legal_basis: dict) -> DocType:
    """Validate one catalog entry and build the DocType."""
    type_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not type_id:
        raise RulePackError(source, None, "types", "each type must be a mapping with an id")
    unknown = sorted(set(raw) - set(TYPE_FIELDS))
    if unknown:
        raise RulePackError(source, type_id, unknown[0], f"unknown field; valid fields: {', '.join(TYPE_FIELDS)}")
    if raw.get("mode") not in MODES:
        raise RulePackError(source, type_id, "mode", f"{raw.get('mode')!r} is not valid; expected one of {', '.join(MODES)}")
    basis = tuple(raw.get("legal_basis") or ())
    missing = [k for k in basis if k not in legal_basis]
    if not basis or missing:
        raise RulePackError(source, type_id, "legal_basis", f"unknown or missing keys {missing}; valid: {', '.join(legal_basis)}")
    remove, remove_en = tuple(raw.get("remove") or ()), tuple(raw.get("remove_en") or ())
    if remove_en and len(remove_en) != len(remove):
        raise RulePackError(source, type_id, "remove_en", f"must have one entry per `remove` entry ({len(remove)}); "
                                                          "quote entries that contain commas")
    cues = tuple(_cue(source, type_id, i, c) for i, c in enumerate(raw.get("cues") or ()))
    matches, no_matches = _examples(source, type_id, raw.get("examples"))
    return DocType(
        id=str(type_id), name=str(raw.get("name", type_id)), mode=raw["mode"], cues=cues, legal_basis=basis,
        name_en=str(raw.get("name_en", "")), min_score=raw.get("min_score"),
        remove=remove, remove_en=remove_en,
        reason=str(raw.get("reason", "")), reason_en=str(raw.get("reason_en", "")),
        examples_match=matches, examples_no_match=no_matches)


@lru_cache(maxsize=8)
def load_catalog(rules_dir: Path) -> Catalog:
    """Read and validate rules_dir/catalog.yaml (cached per directory for the process)."""
    rules_dir = Path(rules_dir)
    source = str(rules_dir / CATALOG_FILE)
    data = read_yaml(rules_dir / CATALOG_FILE) or {}
    if not isinstance(data, dict) or not isinstance(data.get("types"), list):
        raise RulePackError(source, None, "types", "the catalog must be a mapping with a `types:` list")
    legal_basis = load_legal_basis(rules_dir)
    types, seen = [], set()
    for raw in data["types"]:
        doc_type = parse_type(raw, CATALOG_FILE, legal_basis)
        if doc_type.id in seen:
            raise RulePackError(CATALOG_FILE, doc_type.id, "id", "duplicate type id")
        seen.add(doc_type.id)
        types.append(doc_type)
    default = str(data.get("default_type", "other"))
    if default not in seen:
        raise RulePackError(CATALOG_FILE, default, "default_type", "must be the id of a type in the catalog")
    return Catalog(tuple(types), int(data.get("title_lines", 6)), float(data.get("min_score", 2.5)),
                   default, legal_basis)


def flow_segments(document: Document) -> list[Segment]:
    """The visible running-text segments in reading order (what 'the first lines' refers to)."""
    return [s for s in document.segments if s.location.layer in FLOW_LAYERS]


def title_segments(document: Document, lines: int) -> tuple[Segment, ...]:
    """The title block: the first short lines, up to the first sentence of body text (。，；)."""
    out = []
    for segment in flow_segments(document)[:lines]:
        if SENTENCE.search(segment.text):
            break
        if width(segment.text) <= TITLE_MAX_WIDTH:
            out.append(segment)
    return tuple(out)


def width(text: str) -> int:
    """Display width: CJK and full-width characters count 2, others 1."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _cue_hit(cue: Cue, title, visible) -> tuple[int, int] | None:
    """Where a cue first matches, as document offsets, or None (cues do not span segments)."""
    for seg in title if cue.where == "title" else visible:
        m = cue.regex.search(seg.text)
        if m:
            return seg.offset + m.start(), seg.offset + m.end()
    return None


def score_type(doc_type: DocType, title: tuple[Segment, ...], visible: tuple[Segment, ...]) -> Match:
    """Score one type against a document: sum of matching cue weights, strongest positive cue as anchor."""
    score, fired, anchor, best = 0.0, [], None, 0.0
    for cue in doc_type.cues:
        span = _cue_hit(cue, title, visible)
        if span is None:
            continue
        score += cue.weight
        fired.append(f"{cue.where}:{cue.regex.pattern[:40]}")
        if cue.weight > best:
            anchor, best = span, cue.weight
    return Match(doc_type, score, tuple(fired), anchor)


def classify(document: Document, catalog: Catalog) -> Match:
    """The most likely document type (the catalog's default type when no type reaches its threshold)."""
    title = title_segments(document, catalog.title_lines)
    visible = document.visible_segments
    best: Match | None = None
    for doc_type in catalog.types:
        match = score_type(doc_type, title, visible)
        threshold = doc_type.min_score if doc_type.min_score is not None else catalog.min_score
        if not doc_type.cues or match.score < threshold:
            continue
        if best is None or match.score > best.score:
            best = match
    return best or Match(catalog.get(catalog.default_type), 0.0)


@per_document  # read by the confidentiality stage and the recommendation: classified once
def document_type(document: Document, config) -> Match:
    """Recognise a document's type with the catalog of config.rules_dir."""
    return classify(document, load_catalog(Path(config.rules_dir)))
