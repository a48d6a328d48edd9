"""Column types from header words and value shapes: name, ID, phone, plate, VIN, address, district,
age, sex, occupation, date, coordinate, company ...

The detection stage's findings inside cells count as votes, but inference stands on its own
(header + value shape), so a table is typed even when a recognizer missed some cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from review.aggregation_rules import AggregationRules
from review.coordinates import find_in_text
from review.names import split_surname
from review.tables import Row, Table

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
MASK_CHARS = "*＊×Xx"
VALUE_PATTERNS = {
    "id": re.compile(r"^(?:\d{17}[\dXx]|\d{15}|[\d*＊×]{6,}[\dXx*＊×]{9,12})$"),
    "phone": re.compile(r"^(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?[\d*＊]{4}[- ]?\d{4}|0\d{2,3}-?\d{7,8}(?:-\d{1,5})?)$"),
    "plate": re.compile(rf"^[{PROVINCES}][A-Z][·•\s-]?[A-Z0-9*＊]{{4,6}}[挂学警港澳]?$"),
    "vin": re.compile(r"^(?=.*\d)(?=.*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}$"),
    "birth_date": re.compile(r"^$"),  # decided by header only (a date column is not a birth date)
    "date": re.compile(r"^\d{4}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?|年|\d{4})$"),
    "age": re.compile(r"^\d{1,3}\s*岁$|^\d{1,2}\s*[-~至—]\s*\d{1,3}\s*岁$"),
    "sex": re.compile(r"^(?:男|女|男性|女性|male|female)$", re.IGNORECASE),
    "district": re.compile(r"^[\u4e00-\u9fff]{1,10}(?:区|县|市|镇|乡|街道|村|社区|开发区|园区)$"),
    "address": re.compile(r"[\u4e00-\u9fff].*\d+.*(?:路|街|弄|号|室|巷|栋|幢|单元|楼|组)|"
                          r"(?:省|市|区|县).*(?:路|街|弄|巷|村|镇).*\d"),
    "int": re.compile(r"^\d{1,9}$"),
}
# Header types in the order they are tried: the more specific header words first
# (出生日期 before 日期, 患者数 before 患者, 车主姓名 before 车主).
HEADER_ORDER = ("birth_date", "id", "phone", "plate", "vin", "coordinate", "count", "age", "sex",
                "occupation", "address", "name", "party", "district", "date", "category")
VALUE_ORDER = ("id", "vin", "phone", "plate", "coordinate", "date", "age", "sex", "district", "address")
ENTITY_TO_TYPE = {"PERSON": "name", "CN_ID_CARD": "id", "CN_MOBILE": "phone", "CN_LANDLINE": "phone",
                  "PHONE_NUMBER": "phone", "CN_LICENSE_PLATE": "plate", "VIN": "vin", "ADDRESS": "address",
                  "DATE_OF_BIRTH": "birth_date", "ORGANIZATION": "company"}
CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}$")
PLACE_ENDINGS = tuple("区县市镇乡村省路街")
DIGIT = re.compile(r"\d")
BARE_DEGREES = re.compile(r"^\s*(\d{1,3}\.\d{4,})\s*$")


@dataclass(frozen=True)
class Column:
    """One column's inferred type, its header text, and whether it mixes companies and persons."""

    number: int
    type: str
    header: str | None = None
    party: bool = False  # a column of parties (owners, holders): natural persons in it are flagged

    def label(self) -> str:
        """How findings name the column: its header, or 第N列."""
        return self.header or f"第{self.number}列"


@dataclass(frozen=True)
class Layout:
    """A table's header row (if any), data rows and typed columns."""

    header_row: int | None
    data_rows: tuple[Row, ...]
    columns: dict

    def of_type(self, *types: str) -> list[Column]:
        """Columns of the given types, by column number."""
        return [c for _, c in sorted(self.columns.items()) if c.type in types]


def has_word(text: str, words) -> bool:
    """Whether text contains one of the words (ASCII words at word boundaries, lower-cased)."""
    low = text.lower()
    ascii_words, others = _word_matchers(tuple(words))
    return any(w in low for w in others) or (ascii_words is not None and ascii_words.search(low) is not None)


@lru_cache(maxsize=64)
def _word_matchers(words: tuple) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """The ASCII words as one bounded alternation (compiled once, not one regex per word per cell), the rest."""
    ascii_words = [w for w in words if w.isascii()]
    pattern = "|".join(re.escape(w) for w in ascii_words)
    return (re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])") if ascii_words else None,
            tuple(w for w in words if not w.isascii()))


def header_type(text: str, rules: AggregationRules) -> str | None:
    """The column type a header cell names, or None."""
    compact = re.sub(r"\s+", "", text)
    if not compact or len(compact) > 16 or re.search(r"\d{3,}", compact):
        return None
    for name in HEADER_ORDER:
        if has_word(compact, rules.column_headers.get(name, ())):
            return name
    return None


@lru_cache(maxsize=8)
def _markers(words: tuple) -> re.Pattern:
    """One regex for the markers; single characters (厂, 店, 所 ...) only at the end of the cell, since
    inside a word they are ordinary (社会, 所有人, 场所)."""
    long = "|".join(re.escape(w) for w in sorted((w for w in words if len(w) > 1), key=len, reverse=True))
    short = "".join(re.escape(w) for w in words if len(w) == 1)
    parts = [p for p in (long, f"[{short}]\\s*$" if short else "") if p]
    return re.compile("|".join(parts))


def is_company(text: str, rules: AggregationRules) -> bool:
    """Whether a cell names an organisation (公司, 有限, 厂, 中心, 合作社, 店 ...)."""
    return _markers(rules.company_markers).search(text) is not None


def person_span(text: str, rules: AggregationRules) -> tuple[int, int] | None:
    """(start, end) within the cell of an unmasked natural person's name, or None."""
    if len(text) > 24 or is_company(text, rules) or "某" in text:
        return None  # cheap rejections first: most party cells are organisations
    start, end = 0, len(text)
    changed = True
    while changed:
        changed = False
        a, b = _strip_spaces(text, start, end)
        for affix in rules.person_affixes:
            if text.startswith(affix, a) and a + len(affix) < b:
                start, end, changed = a + len(affix), b, True
            elif text.endswith(affix, a, b) and b - len(affix) > a:
                start, end, changed = a, b - len(affix), True
        start, end = _strip_spaces(text, start, end)
    name = text[start:end]
    if not _looks_like_name(name, rules):
        return None
    return start, end


def _strip_spaces(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \u3000\t\n：:":
        a += 1
    while b > a and text[b - 1] in " \u3000\t\n":
        b -= 1
    return a, b


def _looks_like_name(name: str, rules: AggregationRules) -> bool:
    """A 2-4 character Chinese name with a known surname, not masked, not a place or an organisation."""
    if not CJK_NAME.match(name) or name in rules.not_names or "某" in name:
        return False
    if is_company(name, rules) or name.endswith(PLACE_ENDINGS):
        return False
    if "·" in name or "•" in name:
        return True  # minority names (阿依古丽·买买提) carry no Han surname
    surname, given = split_surname(name)
    return bool(surname) and 1 <= len(given) <= 3


def is_masked(text: str) -> bool:
    """Whether a value has already been masked (刘某某, 138****1234)."""
    return "某" in text or any(ch in text for ch in "*＊×")


def looks_like_coordinate(value: str) -> bool:
    """A cell that is a coordinate by its shape alone: a hemisphere, a degree sign or a context word, or a
    bare number with 4+ decimals in the range of Chinese longitudes and latitudes (3 to 136)."""
    if find_in_text(value):
        return True
    m = BARE_DEGREES.match(value)
    return bool(m) and 3 <= float(m.group(1)) <= 136


def cell_types(text: str, rules: AggregationRules, entities=()) -> set[str]:
    """Every type a cell's value fits (plus the types of detection findings inside it)."""
    value = text.strip()
    compact = re.sub(r"[\s]", "", value)
    found = {t for t, p in VALUE_PATTERNS.items() if p.search(compact if t != "address" else value)}
    if DIGIT.search(value) and looks_like_coordinate(value):
        found.add("coordinate")
    if len(value) <= 40 and is_company(value, rules):  # a sentence that mentions 公司 is not a party
        found.add("company")
    elif person_span(value, rules):
        found.add("name")
    found.update(ENTITY_TO_TYPE[e] for e in entities if e in ENTITY_TO_TYPE)
    return found


def _header_row(table: Table, rules: AggregationRules) -> Row | None:
    """The row among the first few that names the most column types (at least one)."""
    best, best_score = None, 0
    for row in table.rows[: rules.header_search_rows]:
        score = sum(1 for c in row.cells if header_type(c.text, rules))
        if score > best_score:
            best, best_score = row, score
    return best


def _column_type(header: str | None, shares: dict, rules: AggregationRules) -> Column:
    """Decide one column's type from its header type and its value shares."""
    htype = header_type(header, rules) if header else None
    companies, names = shares.get("company", 0.0), shares.get("name", 0.0)
    if htype == "party" or (htype in (None, "category") and companies >= rules.company_share):
        kind = "company" if companies >= rules.company_share else "name"
        return Column(0, kind, header, party=companies > 0 or htype == "party")
    if htype:
        return Column(0, htype, header)
    for name in VALUE_ORDER:
        if shares.get(name, 0.0) >= rules.value_share:
            return Column(0, name, header)
    if names >= rules.value_share:
        return Column(0, "name", header)
    if shares.get("int", 0.0) >= rules.value_share:
        return Column(0, "int", header)
    return Column(0, "text", header)


def infer_layout(table: Table, rules: AggregationRules, cell_entities: dict | None = None) -> Layout:
    """The header row, data rows and column types of a table.

    cell_entities maps (row number, column) to the entity types of detection findings in that cell.
    """
    cell_entities = cell_entities or {}
    header = _header_row(table, rules)
    data = tuple(r for r in table.rows if header is None or r.number > header.number)
    counts: dict[int, dict[str, int]] = {}
    totals: dict[int, int] = {}
    for row in data:
        for cell in row.cells:
            totals[cell.column] = totals.get(cell.column, 0) + 1
            per = counts.setdefault(cell.column, {})
            for t in cell_types(cell.text, rules, cell_entities.get((row.number, cell.column), ())):
                per[t] = per.get(t, 0) + 1
    columns = {}
    for number in table.columns:
        head = header.cell(number).text.strip() if header and header.cell(number) else None
        total = totals.get(number, 0)
        shares = {t: n / total for t, n in counts.get(number, {}).items()} if total else {}
        col = _column_type(head, shares, rules)
        columns[number] = Column(number, col.type, head, col.party)
    return Layout(header.number if header else None, data, columns)
