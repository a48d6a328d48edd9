"""Quasi-identifiers in tables: k-anonymity over their combinations, and small cells in statistics.

Both are linear in the number of rows: one Counter over quasi-identifier tuples, one pass over
count cells.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from review.aggregation_rules import AggregationRules
from review.columns import Column, Layout, has_word

NUMBER = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True)
class KResult:
    """Rows whose quasi-identifier combination is shared by fewer than k rows."""

    columns: tuple[Column, ...]
    rows: tuple[int, ...]
    smallest_k: int
    assessed: int


@dataclass(frozen=True)
class SmallCells:
    """Count cells from 1 to the threshold next to categories that describe people."""

    count_columns: tuple[Column, ...]
    category_columns: tuple[Column, ...]
    cells: tuple[tuple[int, int], ...]  # (row number, column number)

    @property
    def rows(self) -> tuple[int, ...]:
        """Row numbers holding a small cell, once each."""
        return tuple(sorted({r for r, _ in self.cells}))


def quasi_identifier_columns(layout: Layout, rules: AggregationRules) -> tuple[Column, ...]:
    """The quasi-identifier columns of a table, when they form a combination that describes people."""
    qi = tuple(c for _, c in sorted(layout.columns.items()) if c.type in rules.quasi_identifiers)
    if len(qi) < rules.k_min_columns or not any(c.type in rules.person_attributes for c in qi):
        return ()
    return qi


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def k_anonymity(layout: Layout, rules: AggregationRules) -> KResult | None:
    """Rows with k below the threshold over the table's quasi-identifier columns, or None."""
    if layout.of_type("count") or len(layout.data_rows) < rules.k_min_rows:
        return None  # a statistics table's rows are groups; small cells handle it
    qi = quasi_identifier_columns(layout, rules)
    if not qi:
        return None
    keyed = []
    for row in layout.data_rows:
        values = tuple(_normal(row.cell(c.number).text) if row.cell(c.number) else "" for c in qi)
        if sum(1 for v in values if v) >= rules.k_min_columns:
            keyed.append((row.number, values))
    counts = Counter(values for _, values in keyed)
    low = tuple(n for n, values in keyed if counts[values] < rules.k)
    if not low:
        return None
    return KResult(qi, low, min(counts.values()), len(keyed))


def _count_columns(layout: Layout) -> list[Column]:
    """Count columns: typed count by header, or integer columns with a header (人数, 例数 ...)."""
    return layout.of_type("count")


def _category_columns(layout: Layout, rules: AggregationRules) -> list[Column]:
    """Columns that group the counted units: categories, districts and person attributes."""
    wanted = {"category", "district", "age", "sex", "occupation", "birth_date", "text", "company", "name"}
    return [c for _, c in sorted(layout.columns.items()) if c.type in wanted]


def _counts_people(count: Column, categories, rules: AggregationRules) -> bool:
    """Whether small numbers in this count column point at individuals."""
    if count.header and has_word(count.header, rules.person_count_headers):
        return True
    return any(c.type in rules.person_attributes for c in categories)


def small_cells(layout: Layout, rules: AggregationRules) -> SmallCells | None:
    """Counts of 1..max_count in count columns that count people, or None."""
    categories = _category_columns(layout, rules)
    counts = [c for c in _count_columns(layout) if _counts_people(c, categories, rules)]
    if not counts or not categories:
        return None
    first = min(layout.columns)
    hits = []
    for row in layout.data_rows:
        lead = row.cell(first)
        if lead and has_word(lead.text, rules.total_words):
            continue
        for column in counts:
            cell = row.cell(column.number)
            if cell and NUMBER.match(cell.text.strip()) and 1 <= int(cell.text.strip()) <= rules.small_cell_max:
                hits.append((row.number, column.number))
    if not hits:
        return None
    return SmallCells(tuple(counts), tuple(categories), tuple(hits))
