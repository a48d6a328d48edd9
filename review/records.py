"""Records: the rows of tables and the groups of text lines that describe one person or one thing,
with the identifying values in each (from detection findings, typed columns and a few exact patterns).

Record density counts them; the ledger hashes their values and the links between them.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from review.aggregation_rules import AggregationRules
from review.columns import PROVINCES, is_masked, person_span
from review.model import Document, Location
from review.names import split_surname

PATTERNS = (
    ("CN_ID_CARD", re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")),
    ("MASKED_ID", re.compile(r"(?<![\dA-Za-z*＊])[\dXx*＊]{15,18}(?![\dA-Za-z*＊])")),
    ("CN_MOBILE", re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")),
    ("MASKED_ID", re.compile(r"(?<![\d*＊])1[3-9]\d[*＊]{4}\d{4}(?![\d*＊])")),
    ("CN_LICENSE_PLATE", re.compile(rf"[{PROVINCES}][A-Z][·•]?[A-HJ-NP-Z0-9]{{5,6}}(?![A-Za-z0-9])")),
    ("PERSON", re.compile(r"(?:姓名|当事人|车主|户主|联系人|申请人|投诉人|举报人)\s*[：:]\s*"
                          r"(?P<v>[\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")),
)
MASKED_TAIL = re.compile(r"某{1,2}[甲乙丙丁戊]?")
COLUMN_KINDS = {"id": "CN_ID_CARD", "phone": "CN_MOBILE", "plate": "CN_LICENSE_PLATE", "vin": "VIN",
                "address": "ADDRESS"}


@dataclass(frozen=True)
class Value:
    """One identifying value in a record."""

    kind: str  # an entity type, or MASKED_ID / MASKED_NAME
    text: str
    start: int
    end: int
    source: str = "finding"  # finding, column, home (a home-address column) or pattern


@dataclass(frozen=True)
class Record:
    """A table row or a group of text lines, with its identifying values."""

    start: int
    end: int
    location: Location
    row: int | None
    table: int | None  # position of the table in the tables tuple
    values: tuple[Value, ...]


def pattern_values(text: str, offset: int, rules: AggregationRules) -> list[Value]:
    """Identifiers found by exact patterns (IDs, mobiles, plates, masked forms, labelled names)."""
    out = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            group = "v" if "v" in pattern.groupindex else 0
            value = m.group(group)
            if kind == "MASKED_ID" and (not re.search("[*＊]", value) or len(re.findall(r"\d", value)) < 4):
                continue  # an unmasked number, or a mask that shows too little to matter
            if kind == "PERSON" and person_span(value, rules) is None:
                continue
            out.append(Value(kind, value, offset + m.start(group), offset + m.end(group), "pattern"))
    return out + masked_names(text, offset)


def masked_names(text: str, offset: int) -> list[Value]:
    """Masked names (张某, 欧阳某某, 刘某甲): a whole surname right before 某."""
    out = []
    for m in MASKED_TAIL.finditer(text):
        for size in (2, 1):
            head = text[max(0, m.start() - size):m.start()]
            if len(head) == size and split_surname(head + "某")[0] == head:
                start = m.start() - size
                out.append(Value("MASKED_NAME", text[start:m.end()], offset + start, offset + m.end(), "pattern"))
                break
    return out


def _dedupe(values) -> tuple[Value, ...]:
    """Drop values overlapping an earlier, better-sourced one (finding > column > pattern)."""
    rank = {"finding": 0, "home": 1, "column": 1, "pattern": 2}
    kept: list[Value] = []
    for v in sorted(values, key=lambda v: (rank[v.source], v.start)):
        if not any(k.start < v.end and v.start < k.end for k in kept):
            kept.append(v)
    return tuple(sorted(kept, key=lambda v: v.start))


def finding_values(findings, rules: AggregationRules) -> list[Value]:
    """Values from detection findings a reviewer has not cleared (action none: officials, masks)."""
    wanted = rules.person_identifiers | rules.owned_identifiers | rules.ledger_kinds | rules.sensitive_types
    return [Value(f.entity_type, f.text, f.start, f.end) for f in findings
            if f.category == "personal" and f.entity_type in wanted and f.action != "none"]


def _column_value(cell, column, rules: AggregationRules) -> Value | None:
    """The value a typed column gives a cell (a person in a name or party column, an ID ...)."""
    if column is None:
        return None
    text = cell.text
    if column.type in ("name", "company"):
        span = person_span(text, rules)
        if span and (column.type == "name" or column.party):
            return Value("PERSON", text[span[0]:span[1]], cell.start + span[0], cell.start + span[1], "column")
        return None
    kind = COLUMN_KINDS.get(column.type)
    if kind is None or not text.strip():
        return None
    if is_masked(text):
        kind = "MASKED_ID" if column.type in ("id", "phone") else None
    if kind == "CN_MOBILE" and not re.match(r"^\s*(?:\+?86)?1[3-9]", text):
        kind = "CN_LANDLINE"
    stripped = text.strip()
    start = cell.start + text.index(stripped)
    home = kind == "ADDRESS" and any(w in (column.header or "") for w in rules.home_address_headers)
    return Value(kind, stripped, start, start + len(stripped), "home" if home else "column") if kind else None


def table_records(tables, layouts, values_by_offset, rules: AggregationRules) -> list[Record]:
    """One record per data row of every table."""
    records = []
    for position, (table, layout) in enumerate(zip(tables, layouts)):
        for row in layout.data_rows:
            values = list(values_by_offset(row.start, row.end))
            for cell in row.cells:
                v = _column_value(cell, layout.columns.get(cell.column), rules)
                if v:
                    values.append(v)
                values += pattern_values(cell.text, cell.start, rules)
            if values:
                location = row.cells[0].location
                records.append(Record(row.start, row.end, location, row.number, position, _dedupe(values)))
    return records


def text_records(document: Document, covered: set, values_by_offset, rules: AggregationRules) -> list[Record]:
    """Records from text outside tables: a line with several kinds of value is one record; lines with
    one value each are grouped (a form) until a kind repeats or the gap grows too long."""
    records, current, last_index = [], [], -10
    for i, seg in enumerate(document.segments):
        if i in covered or seg.location.hidden:
            continue
        values = _dedupe(list(values_by_offset(seg.offset, seg.end)) + pattern_values(seg.text, seg.offset, rules))
        if not values:
            continue
        kinds = {v.kind for v in values}
        seen = {v.kind for _, vs in current for v in vs}
        if current and (len(kinds) > 1 or kinds & seen or i - last_index > rules.text_record_gap):
            records.append(_text_record(current))
            current = []
        current.append((seg, values))
        last_index = i
        if len(kinds) > 1:
            records.append(_text_record(current))
            current = []
    if current:
        records.append(_text_record(current))
    return records


def _text_record(group) -> Record:
    first = group[0][0]
    loc = first.location
    return Record(first.offset, group[-1][0].end, loc, loc.line if loc.line is not None else loc.paragraph,
                  None, tuple(v for _, vs in group for v in vs))


def build_records(document: Document, findings, tables, layouts, covered, rules: AggregationRules) -> list[Record]:
    """Every record of a document: table rows first, then text records."""
    values = sorted(finding_values(findings, rules), key=lambda v: v.start)
    starts = [v.start for v in values]

    def values_by_offset(start: int, end: int):
        i = bisect_left(starts, start)
        while i < len(values) and values[i].start < end:
            yield values[i]
            i += 1

    return table_records(tables, layouts, values_by_offset, rules) + \
        text_records(document, covered, values_by_offset, rules)
