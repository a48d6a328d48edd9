"""Spreadsheets: masked cells; hidden sheets removed, hidden rows and columns emptied, comments removed.

Policy (docs/redaction.md): a hidden sheet is deleted (nobody meant to publish
it); cells of hidden rows and columns are emptied but the rows stay hidden so
formulas elsewhere keep their addresses; every cell comment is removed;
author and last-modified-by are cleared.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from review.redact.text import replace_values


def _mask_cell(value, targets):
    """A cell value with the targets masked (numbers are compared as their digits)."""
    if value is None or isinstance(value, bool):
        return value, 0
    if isinstance(value, (int, float, str)):
        masked, count = replace_values(str(value), targets)
        return (masked, count) if count else (value, 0)
    return value, 0


def _drop_hidden_sheets(book, notes: list) -> None:
    """Remove every hidden or very hidden sheet (one visible sheet always stays)."""
    for sheet in list(book.worksheets):
        if sheet.sheet_state != "visible" and len(book.worksheets) > 1:
            book.remove(sheet)
            notes.append("a hidden sheet was removed")


def _clear_hidden_cells(sheet) -> int:
    """Empty the cells of hidden rows and columns; the number of cells emptied."""
    hidden_rows = {i for i, d in sheet.row_dimensions.items() if d.hidden}
    hidden_cols = {k for k, d in sheet.column_dimensions.items() if d.hidden}
    cleared = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and (cell.row in hidden_rows or _col_hidden(cell, hidden_cols, sheet)):
                cell.value = None
                cleared += 1
    return cleared


def _col_hidden(cell, hidden_cols, sheet) -> bool:
    """Whether a cell's column is hidden (column dimensions may group a range min..max)."""
    from openpyxl.utils import get_column_letter

    for key in hidden_cols:
        dim = sheet.column_dimensions[key]
        lo, hi = (dim.min or 0), (dim.max or 0)
        if cell.column_letter == key or (lo and hi and lo <= cell.column <= hi):
            return True
    return get_column_letter(cell.column) in hidden_cols


def write_xlsx(src: Path, out: Path, document, targets, options):
    """Write a workbook with masked cells, without hidden sheets, hidden-cell values or comments."""
    import openpyxl

    from review.redact import RedactionResult

    book = openpyxl.load_workbook(src)
    notes: list[str] = []
    _drop_hidden_sheets(book, notes)
    count = 0
    for sheet in book.worksheets:
        cleared = _clear_hidden_cells(sheet)
        if cleared:
            notes.append(f"sheet {sheet.title!r}: {cleared} cell(s) in hidden rows/columns emptied")
        for row in sheet.iter_rows():
            for cell in row:
                cell.comment = None
                cell.value, n = _mask_cell(cell.value, targets)
                count += n
    book.properties.creator = None
    book.properties.lastModifiedBy = None
    book.save(out)
    return RedactionResult(out, count, (), tuple(dict.fromkeys(notes)))


def write_csv(src: Path, out: Path, document, targets, options):
    """Write the CSV/TSV with masked cells, in UTF-8, keeping the delimiter."""
    from review.loaders.txt import decode_text
    from review.redact import RedactionResult

    text, encoding = decode_text(src, src.read_bytes())
    delimiter = "\t" if src.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    rows, count = [], 0
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        masked = [replace_values(cell, targets) for cell in row]
        rows.append([m for m, _ in masked])
        count += sum(n for _, n in masked)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    notes = () if encoding.lower().startswith("utf-8") else (f"source was {encoding}; output written as UTF-8",)
    return RedactionResult(out, count, (), notes)


def _sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV (comma unless the sniffer is sure of another)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
