"""Spreadsheets: masked cells; hidden sheets removed, hidden rows and columns emptied, comments removed.

Policy (docs/redaction.md): a hidden sheet is deleted (nobody meant to publish
it); cells of hidden rows and columns, and invisible cells (white font, ';;;'),
are emptied but the rows stay hidden so formulas elsewhere keep their addresses;
every cell comment is removed; author, last-modified-by and custom properties
are cleared.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from review.redact.text import replace_values, target_index


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


def _clear_hidden_cells(sheet) -> tuple[int, int]:
    """Empty the cells of hidden rows and columns, and invisible cells (white font, ';;;' format),
    deciding as the loader does; (hidden, invisible) counts."""
    from review.loaders.xlsx import cell_layer, hidden_columns, hidden_rows

    rows, columns = hidden_rows(sheet), hidden_columns(sheet)
    hidden = invisible = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            layer = cell_layer(cell, False, rows, columns)
            if layer in ("hidden_row", "hidden_column", "invisible_text"):
                cell.value = None
                hidden += layer != "invisible_text"
                invisible += layer == "invisible_text"
    return hidden, invisible


def _mask_headers_footers(sheet, targets) -> int:
    """Mask values in the sheet's print headers and footers."""
    count = 0
    for name in ("oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter", "firstFooter"):
        item = getattr(sheet, name, None)
        for side in ("left", "center", "right"):
            part = getattr(item, side, None)
            if part is not None and part.text:
                part.text, n = replace_values(part.text, targets)
                count += n
    return count


def _redact_sheet(sheet, targets, notes: list) -> int:
    """Empty hidden and invisible cells, mask values, drop comments; the number of values masked."""
    hidden, invisible = _clear_hidden_cells(sheet)
    if hidden:
        notes.append(f"sheet {sheet.title!r}: {hidden} cell(s) in hidden rows/columns emptied")
    if invisible:
        notes.append(f"sheet {sheet.title!r}: {invisible} invisible cell(s) emptied")
    count = _mask_headers_footers(sheet, targets)
    for row in sheet.iter_rows():
        for cell in row:
            cell.comment = None
            cell.value, n = _mask_cell(cell.value, targets)
            count += n
    return count


def write_xlsx(src: Path, out: Path, document, targets, options):
    """Write a workbook with masked cells, without hidden sheets, hidden-cell values or comments."""
    import openpyxl

    from review.redact import RedactionResult

    book = openpyxl.load_workbook(io.BytesIO(src.read_bytes()))  # by content: openpyxl checks names
    targets, notes = target_index(targets), []
    _drop_hidden_sheets(book, notes)
    count = sum(_redact_sheet(sheet, targets, notes) for sheet in book.worksheets)
    book.properties.creator = None
    book.properties.lastModifiedBy = None
    if getattr(book, "custom_doc_props", None) is not None:
        book.custom_doc_props.props.clear()
    book.save(out)
    notes += _dropped_by_openpyxl(src)
    return RedactionResult(out, count, (), tuple(dict.fromkeys(notes)))


def _dropped_by_openpyxl(src: Path) -> list[str]:
    """What openpyxl does not carry over when it rewrites a workbook, said out loud."""
    import zipfile

    with zipfile.ZipFile(src) as archive:
        names = archive.namelist()
    # xl/drawings/vmlDrawing*.vml only anchors cell comments (removed anyway): not a loss.
    kinds = [label for prefix, label in (("xl/drawings/drawing", "drawings"), ("xl/charts/", "charts"),
                                         ("xl/media/", "images"), ("xl/vbaProject", "macros"),
                                         ("xl/embeddings/", "embedded objects"))
             if any(n.startswith(prefix) for n in names)]
    return [f"not carried over to the output: {', '.join(kinds)}"] if kinds else []


def write_csv(src: Path, out: Path, document, targets, options):
    """Write the CSV/TSV with masked cells, in UTF-8, keeping the delimiter."""
    from review.loaders.txt import decode_text
    from review.redact import RedactionResult

    text, encoding = decode_text(src, src.read_bytes())
    delimiter = "\t" if src.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    targets = target_index(targets)
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
