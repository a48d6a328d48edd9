"""Rebuild tables from a Document's segments: docx tables, spreadsheet sheets, and text laid out as tables.

- docx: segments of layer "table", grouped by (part, table), cells by (row, column);
  the paragraphs of one cell are joined with newlines.
- xlsx/csv: segments with a sheet, row and column (layer cell, or a hidden row/column/sheet:
  hidden cells are still in the published file), grouped by sheet.
- text (txt, md, pdf lines, body paragraphs): runs of consecutive lines that split into the same
  number (2 or more) of cells on tabs, runs of 2+ spaces, or | (Markdown tables).

Row numbers are the ones a reader finds in the source: the table or sheet row, and for text
tables the line number (or the position in the table when the source has no line numbers).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from review.model import Document, Location, Segment

SHEET_LAYERS = frozenset({"cell", "hidden_row", "hidden_column", "hidden_sheet"})
TEXT_LAYERS = frozenset({"body", "page", "textbox"})
PIPE_SPLIT = re.compile(r"[|｜]")
SPACE_SPLIT = re.compile(r"\t+|[ \u3000\u00a0]{2,}")
MD_RULE = re.compile(r"^[\s|｜:：\-—=+]+$")


@dataclass(frozen=True)
class Cell:
    """One cell: its text and where it stands in Document.text."""

    row: int
    column: int
    text: str
    start: int
    end: int
    location: Location


@dataclass(frozen=True)
class Row:
    """One table row: its number as a reader finds it, and its non-empty cells by column."""

    number: int
    cells: tuple[Cell, ...]

    def cell(self, column: int) -> Cell | None:
        """The cell in a column, if that cell is not empty."""
        for c in self.cells:
            if c.column == column:
                return c
        return None

    @property
    def start(self) -> int:
        """Offset of the row's first cell."""
        return min(c.start for c in self.cells)

    @property
    def end(self) -> int:
        """Offset just past the row's last cell."""
        return max(c.end for c in self.cells)


@dataclass(frozen=True)
class Table:
    """A table rebuilt from segments, with what is needed to report on it."""

    index: int
    kind: str  # "docx", "sheet" or "text"
    rows: tuple[Row, ...]
    location: Location
    row_unit: str = "row"  # "row" or "line" (text tables from line-numbered sources)

    @property
    def columns(self) -> tuple[int, ...]:
        """The column numbers in use, ascending."""
        return tuple(sorted({c.column for r in self.rows for c in r.cells}))

    @property
    def start(self) -> int:
        """Offset of the table's first cell."""
        return min(r.start for r in self.rows)

    @property
    def end(self) -> int:
        """Offset just past the table's last cell."""
        return max(r.end for r in self.rows)

    def describe(self) -> str:
        """A short label for findings: 表1 / 工作表「名单」 / 第3行起的表格."""
        if self.kind == "sheet":
            return f"工作表「{self.location.sheet}」"
        if self.kind == "text" and self.location.line is not None:
            return f"第{self.location.line}行起的表格"
        return f"表{self.index}"


def _grid_table(index: int, kind: str, segments: list[Segment], location: Location) -> Table:
    """A table from segments that carry row and column numbers (docx cells, sheet cells)."""
    grid: dict[tuple[int, int], list[Segment]] = {}
    for s in segments:
        grid.setdefault((s.location.row, s.location.column), []).append(s)
    rows: dict[int, list[Cell]] = {}
    for (r, c), parts in sorted(grid.items()):
        text = "\n".join(p.text for p in parts)
        if text.strip():
            rows.setdefault(r, []).append(Cell(r, c, text, parts[0].offset, parts[-1].end, parts[0].location))
    return Table(index, kind, tuple(Row(n, tuple(cells)) for n, cells in sorted(rows.items())), location)


def _structured_tables(document: Document) -> list[Table]:
    """docx tables and spreadsheet sheets, in the order they first appear."""
    groups: dict[tuple, list[Segment]] = {}
    for s in document.segments:
        loc = s.location
        if loc.row is None or loc.column is None:
            continue
        if loc.layer == "table" and loc.table is not None:
            groups.setdefault(("docx", loc.part, loc.table), []).append(s)
        elif loc.layer in SHEET_LAYERS and loc.sheet is not None:
            groups.setdefault(("sheet", loc.sheet), []).append(s)
    tables = []
    for key, segments in groups.items():
        if key[0] == "docx":
            location = Location(layer="table", part=key[1], table=key[2], page=segments[0].location.page)
            table = _grid_table(key[2], "docx", segments, location)
        else:
            table = _grid_table(len(tables) + 1, "sheet", segments, Location(layer="cell", sheet=key[1]))
        if table.rows:
            tables.append(table)
    return tables


def split_line(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a line laid out as a table; one span when it is not."""
    if PIPE_SPLIT.search(text):
        bounds, pos = [], 0
        for m in PIPE_SPLIT.finditer(text):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, len(text)))
        spans = [_strip(text, a, b) for a, b in bounds]
        if spans and spans[0][0] == spans[0][1]:
            spans = spans[1:]  # leading pipe
        if spans and spans[-1][0] == spans[-1][1]:
            spans = spans[:-1]  # trailing pipe
        return spans
    body = _strip(text, 0, len(text))
    spans, pos = [], body[0]
    for m in SPACE_SPLIT.finditer(text, body[0], body[1]):
        spans.append(_strip(text, pos, m.start()))
        pos = m.end()
    spans.append(_strip(text, pos, body[1]))
    return [s for s in spans if s[1] > s[0]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Narrow (a, b) to exclude surrounding whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _consecutive(prev: Segment, seg: Segment) -> bool:
    """Whether two text segments are adjacent lines (no blank line, same page)."""
    a, b = prev.location, seg.location
    if a.line is not None and b.line is not None:
        return b.line == a.line + 1
    return a.page == b.page and a.layer == b.layer


def _text_runs(document: Document):
    """Runs of consecutive table-like lines: lists of (segment, cell spans)."""
    run: list = []
    prev = None
    for seg in document.segments:
        loc = seg.location
        if loc.layer not in TEXT_LAYERS or loc.table is not None or loc.row is not None:
            continue
        if run and MD_RULE.match(seg.text):
            prev = seg  # the |---|---| line under a Markdown header
            continue
        spans = split_line(seg.text)
        if run and (len(spans) != len(run[0][1]) or not _consecutive(prev, seg)):
            yield run
            run = []
        if len(spans) >= 2:
            run.append((seg, spans))
        prev = seg
    if run:
        yield run


def _text_table(index: int, run) -> Table:
    """A table from a run of text lines."""
    rows = []
    numbered = all(seg.location.line is not None for seg, _ in run)
    for position, (seg, spans) in enumerate(run, start=1):
        number = seg.location.line if numbered else position
        cells = tuple(Cell(number, c, seg.text[a:b], seg.offset + a, seg.offset + b, seg.location)
                      for c, (a, b) in enumerate(spans, start=1))
        rows.append(Row(number, cells))
    first = run[0][0].location
    location = Location(layer=first.layer, page=first.page, line=first.line, paragraph=first.paragraph,
                        part=first.part, table=index)
    return Table(index, "text", tuple(rows), location, "line" if numbered else "row")


def build_tables(document: Document, min_text_rows: int = 3) -> tuple[Table, ...]:
    """Every table of the document: structured ones first, then text tables of min_text_rows lines."""
    tables = _structured_tables(document)
    count = sum(1 for t in tables if t.kind == "docx")
    for run in _text_runs(document):
        if len(run) >= min_text_rows:
            count += 1
            tables.append(_text_table(count, run))
    return tuple(tables)


def covered_segments(document: Document, tables) -> set[int]:
    """Indexes of the segments that belong to a table (text outside them is running text)."""
    spans = sorted((c.start, c.end) for t in tables for r in t.rows for c in r.cells)
    covered, j = set(), 0
    for i, seg in enumerate(document.segments):
        while j < len(spans) and spans[j][1] <= seg.offset:
            j += 1
        if j < len(spans) and spans[j][0] < seg.end:
            covered.add(i)
    return covered
