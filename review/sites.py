"""Security-relevant sites: site vocabulary (放射源 with nuclide and activity, 取水口, 危险废物 facilities, 核
facilities, monitoring stations) co-occurring with precise coordinates or with guard and storage
arrangements, within one table (and its caption) or a few neighbouring lines of text.

Also the plain coordinate census: many precise points without any site vocabulary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from review.aggregation_rules import AggregationRules, SiteKind
from review.coordinates import Coordinate, find_in_text, summarize
from review.model import Document, Location

DIGIT = re.compile(r"\d")
CLAUSE_MARKS = ("，", "。", "；", ";", ",", "\n", "（", "(")
CLAUSE_LOOKBACK = 30
DISTANCE = re.compile(r"^[^，。；]{0,4}?约?\s*\d+(?:\.\d+)?\s*(?:公里|千米|米|km|m)(?![A-Za-z])")
MODE_RANK = {None: 0, "public": 0, "targeted": 1, "none": 2}
X_HEADER = ("经度", "东经", "lon", "x", "东坐标")
Y_HEADER = ("纬度", "北纬", "lat", "y", "北坐标")


@dataclass(frozen=True)
class Hit:
    """A vocabulary word found in the document (vocabulary, not a personal value)."""

    group: str  # a site kind's name, or "nuclides", "activity", "protection"
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Point:
    """A coordinate value with document offsets and the row or line it stands on."""

    coordinate: Coordinate
    start: int
    row: int | None


@dataclass(frozen=True)
class SiteResult:
    """One security-relevant combination (kind set) or a plain coordinate census (kind None)."""

    kind: SiteKind | None
    mode: str | None
    start: int
    end: int
    location: Location
    points: tuple[Point, ...]
    hits: tuple[Hit, ...]
    table_label: str | None = None

    def precise(self, decimals: int) -> list[Point]:
        """The points at or above a precision."""
        return [p for p in self.points if p.coordinate.decimals >= decimals]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


NUCLIDE_SHAPE = re.compile(r"(?<![A-Za-z])(?P<s1>[A-Z][a-z]?)[-‐–—\s]?(?P<m1>\d{1,3}m?)(?![\dA-Za-z])"
                           r"|(?<![\d.])(?P<m2>\d{1,3}m?)\s?(?P<s2>[A-Z][a-z]?)(?![a-z])"
                           r"|(?P<s3>[\u4e00-\u9fff])[-‐–—]?(?P<m3>\d{1,3}m?)(?!\d)")


class NuclideMatcher:
    """Nuclides in their written forms (Co-60, Co60, 60Co, 钴-60): one regex for the shape, a set for the
    known (element, mass) pairs, which is much faster than one alternative per spelling."""

    pattern, flags = NUCLIDE_SHAPE.pattern, NUCLIDE_SHAPE.flags  # what a match needs (for a combined pre-filter)

    def __init__(self, nuclides, elements: dict):
        self.known = {tuple(n.split("-", 1)) for n in nuclides}
        self.by_name = {zh: symbol for symbol, zh in elements.items()}

    def finditer(self, text: str):
        """Matches of known nuclides."""
        for m in NUCLIDE_SHAPE.finditer(text):
            symbol = m["s1"] or m["s2"] or self.by_name.get(m["s3"] or "")
            mass = m["m1"] or m["m2"] or m["m3"]
            if symbol and (symbol, mass) in self.known:
                yield m


@lru_cache(maxsize=8)
def _patterns(kinds: tuple, nuclides: tuple, elements: tuple, units: tuple, protection: tuple) -> dict:
    """Compiled vocabularies: one matcher per site kind, nuclides, activity and protection."""
    out = {name: re.compile(_alternation(terms)) for name, terms in kinds}
    out["nuclides"] = NuclideMatcher(nuclides, dict(elements))
    # Never start inside a number: on a long digit run that would make the search quadratic.
    number = r"(?<![\d.])\d+(?:\.\d+)?\s*(?:[×xX*]\s*10\s*\^?\s*[-−+]?\d+|[Ee][+-]?\d+|×10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?"
    out["activity"] = re.compile(rf"{number}\s*(?:{_alternation(units)})(?![A-Za-z])")
    out["protection"] = re.compile(_alternation(protection))
    return out


def vocabulary(rules: AggregationRules) -> dict:
    """The compiled vocabularies of the rules."""
    return _patterns(tuple((k.name, k.terms) for k in rules.site_kinds), rules.nuclides,
                     tuple(sorted(rules.element_names.items())), rules.activity_units, rules.protection)


def _negated(text: str, start: int, end: int, rules: AggregationRules) -> bool:
    """Whether a site term is only a reference point: a negation or distance word earlier in its clause
    (不在, 距 ...), or right after it (以外, 约2.6公里)."""
    clause = max(text.rfind(p, max(0, start - CLAUSE_LOOKBACK), start) for p in CLAUSE_MARKS) + 1
    before = text[max(clause, start - CLAUSE_LOOKBACK):start]
    after = text[end:end + rules.negation_window]
    return any(w in before or w in after for w in rules.negation_words) or DISTANCE.match(after) is not None


@lru_cache(maxsize=8)
def any_of(sources: tuple) -> re.Pattern | None:
    """One regex matching where any of the (pattern, flags) would (None when one is not a plain regex)."""
    if any(p is None or f != re.UNICODE for p, f in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p, _ in sources))
    except re.error:  # e.g. a group name used twice
        return None


_last_gate: list = [(None, None)]  # [(vocabulary dict, its gate)]: hits_in runs per cell with the same dict


def _gate_of(patterns: dict) -> re.Pattern | None:
    """The combined pre-filter of a vocabulary dict (remembered for the last dict seen; one atomic slot)."""
    entry = _last_gate[0]
    if entry[0] is not patterns:
        entry = (patterns, any_of(tuple((getattr(p, "pattern", None), getattr(p, "flags", 0))
                                        for p in patterns.values())))
        _last_gate[0] = entry
    return entry[1]


def hits_in(text: str, offset: int, rules: AggregationRules, patterns: dict | None = None) -> list[Hit]:
    """Vocabulary hits in a piece of text (offset: where it starts in Document.text)."""
    patterns = patterns or vocabulary(rules)
    gate = _gate_of(patterns)
    if gate is not None and not gate.search(text):
        return []  # one search instead of one per vocabulary: most cells and lines hold none of the words
    kinds = {k.name for k in rules.site_kinds}
    hits = []
    for group, pattern in patterns.items():
        for m in pattern.finditer(text):
            if group in kinds and _negated(text, m.start(), m.end(), rules):
                continue
            hits.append(Hit(group, m.group(), offset + m.start(), offset + m.end()))
    return hits


def _axis_hint(header: str | None) -> str | None:
    low = (header or "").lower()
    if any(w in low for w in X_HEADER):
        return "x"
    if any(w in low for w in Y_HEADER):
        return "y"
    return None


def points_in(text: str, offset: int, row, rules: AggregationRules, *, hinted=False, header=None) -> list[Point]:
    """Coordinates in a piece of text as Points with document offsets."""
    if not DIGIT.search(text):
        return []  # every coordinate form has digits: skip the regexes
    coords = find_in_text(text, hinted=hinted, context=rules.coordinate_context,
                          window=rules.coordinate_window, axis_hint=_axis_hint(header))
    return [Point(c, offset + c.start, row) for c in coords]


def _segment_row(location: Location) -> int | None:
    return location.line if location.line is not None else location.paragraph


def evaluate(kinds, hits, points, rules: AggregationRules) -> list[tuple[SiteKind, str]]:
    """(kind, mode) for every site kind whose combination with coordinates or protection calls for a mode."""
    groups = {h.group for h in hits}
    protection = len({h.word for h in hits if h.group == "protection"})
    precise = summarize([p.coordinate for p in points], rules.precise_decimals).precise_points
    out = []
    for kind in kinds:
        if kind.name not in groups:
            continue
        if kind.requires and not groups.intersection(kind.requires):
            continue
        mode = None
        if precise and MODE_RANK[kind.with_precise_coordinates] > MODE_RANK[mode]:
            mode = kind.with_precise_coordinates
        if protection >= rules.min_protection_terms and MODE_RANK[kind.with_protection_details] > MODE_RANK[mode]:
            mode = kind.with_protection_details
        if mode:
            out.append((kind, mode))
    return out


def _span(hits, points, default: tuple[int, int]) -> tuple[int, int]:
    starts = [h.start for h in hits] + [p.start for p in points]
    ends = [h.end for h in hits] + [p.start + (p.coordinate.end - p.coordinate.start) for p in points]
    return (min(starts), max(ends)) if starts else default


def table_results(document: Document, tables, layouts, rules: AggregationRules) -> list[SiteResult]:
    """Site and census results per table (with its caption)."""
    index_of = {s.offset: i for i, s in enumerate(document.segments)}
    patterns = vocabulary(rules)
    results = []
    for table, layout in zip(tables, layouts):
        hits, points = [], []
        for row in table.rows:
            for cell in row.cells:
                column = layout.columns.get(cell.column)
                hinted = column is not None and column.type == "coordinate" and row.number != layout.header_row
                hits += hits_in(cell.text, cell.start, rules, patterns)
                points += points_in(cell.text, cell.start, row.number, rules, hinted=hinted,
                                    header=column.header if column else None)
        first = index_of.get(document.segment_at(table.start).offset, 0)
        for i in range(max(0, first - rules.caption_segments), first):
            seg = document.segments[i]
            if not seg.location.hidden:
                hits += hits_in(seg.text, seg.offset, rules, patterns)
        results += _results(hits, points, rules, (table.start, table.end), table.location, table.describe())
    return results


def _results(hits, points, rules, span, location, label) -> list[SiteResult]:
    """Site results for one scope; a census result when there is no site but many precise points."""
    found = evaluate(rules.site_kinds, hits, points, rules)
    out = []
    for kind, mode in found:
        relevant = [h for h in hits if h.group in (kind.name, "nuclides", "activity", "protection")]
        out.append(SiteResult(kind, mode, span[0], span[1], location, tuple(points), tuple(relevant), label))
    summary = summarize([p.coordinate for p in points], rules.precise_decimals)
    if not found and summary.precise_points >= rules.many_points:
        out.append(SiteResult(None, None, span[0], span[1], location, tuple(points), (), label))
    return out


def text_results(document: Document, covered, rules: AggregationRules) -> list[SiteResult]:
    """Site results over windows of neighbouring text segments outside tables, merged per site kind."""
    free = [s for i, s in enumerate(document.segments) if i not in covered and not s.location.hidden]
    patterns = vocabulary(rules)
    hits = [hits_in(s.text, s.offset, rules, patterns) for s in free]
    points = [points_in(s.text, s.offset, _segment_row(s.location), rules) for s in free]
    kinds = {k.name for k in rules.site_kinds}
    merged: dict = {}
    for i in range(len(free)):
        if not points[i] and not any(h.group in kinds for h in hits[i]):
            continue
        lo, hi = max(0, i - rules.site_window), min(len(free), i + rules.site_window + 1)
        scope_hits = [h for j in range(lo, hi) for h in hits[j]]
        scope_points = [p for j in range(lo, hi) for p in points[j]]
        for kind, mode in evaluate(rules.site_kinds, scope_hits, scope_points, rules):
            _merge(merged, kind, mode, scope_hits, scope_points)
    out = [_merged_result(document, *entry) for entry in merged.values()]
    if not merged:
        out += _text_census(document, [p for ps in points for p in ps], rules)
    return out


def _merge(merged: dict, kind: SiteKind, mode: str, hits, points) -> None:
    """Fold one window's evidence into the kind's running result (the strictest mode wins)."""
    entry = merged.setdefault(kind.name, [kind, mode, {}, {}])
    if MODE_RANK[mode] > MODE_RANK[entry[1]]:
        entry[1] = mode
    entry[2].update({(h.start, h.group): h for h in hits})
    entry[3].update({p.start: p for p in points})


def _merged_result(document: Document, kind: SiteKind, mode: str, hit_map: dict, point_map: dict) -> SiteResult:
    """One result per site kind over all the text windows where it was found."""
    hits, points = tuple(hit_map.values()), tuple(point_map.values())
    start, end = _span(hits, points, (0, 0))
    return SiteResult(kind, mode, start, end, document.segment_at(start).location, points, hits)


def _text_census(document: Document, points, rules: AggregationRules) -> list[SiteResult]:
    """Many precise points in running text, with no site vocabulary near them."""
    if summarize([p.coordinate for p in points], rules.precise_decimals).precise_points < rules.many_points:
        return []
    start, end = _span((), points, (0, 0))
    return [SiteResult(None, None, start, end, document.segment_at(start).location, tuple(points), ())]


def find_sites(document: Document, tables, layouts, covered, rules: AggregationRules) -> list[SiteResult]:
    """Every site and coordinate-census result of a document: tables first, then running text."""
    return table_results(document, tables, layouts, rules) + text_results(document, covered, rules)
