"""Excel .xlsx: one segment per non-empty cell with sheet, row and column; hidden parts flagged.

openpyxl reads the workbook (not read-only, so row, column and sheet visibility
is available; data_only, so formulas give their cached values). A cell on a
hidden sheet, row or column gets the layer hidden_sheet / hidden_row /
hidden_column; white text on an unfilled cell and the ';;;' number format
(which displays nothing) give invisible_text. Comments are cell_comment segments.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path

from review.config import Config
from review.loaders import check_zip_limits, sha256_of
from review.loaders.charts import chart_pieces
from review.loaders.ooxml import embedded_parts, property_pieces
from review.model import Document, Location

HIDDEN_STATES = ("hidden", "veryHidden")


def cell_text(value) -> str:
    """A cell value as the text a reader would see (dates ISO, whole floats without '.0')."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def hidden_columns(ws) -> set[int]:
    """1-based indexes of hidden columns (a column dimension can cover a range min..max)."""
    out: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            out.update(range(dim.min, min(dim.max, 16384) + 1))
    return out


def hidden_rows(ws) -> set[int]:
    """1-based indexes of hidden rows."""
    return {index for index, dim in ws.row_dimensions.items() if dim.hidden}


def cell_layer(cell, sheet_hidden: bool, rows: set[int], columns: set[int]) -> str:
    """The layer of one cell: hidden sheet, row or column first, then invisible formatting, else cell."""
    if sheet_hidden:
        return "hidden_sheet"
    if cell.row in rows:
        return "hidden_row"
    if cell.column in columns:
        return "hidden_column"
    if _invisible(cell):
        return "invisible_text"
    return "cell"


def _invisible(cell) -> bool:
    """White font on a cell without a fill, or a number format that displays nothing."""
    if cell.number_format and cell.number_format.replace('"', "").strip() == ";;;":
        return True
    color = getattr(cell.font, "color", None)
    rgb = getattr(color, "rgb", None)
    if not isinstance(rgb, str) or not rgb.upper().endswith("FFFFFF"):
        return False
    return getattr(cell.fill, "fill_type", None) in (None, "none")


def sheet_pieces(ws) -> list:
    """Pieces of one worksheet: cells in row order, then comments."""
    name = ws.title
    sheet_hidden = ws.sheet_state in HIDDEN_STATES
    rows, columns = hidden_rows(ws), hidden_columns(ws)
    pieces, comments = [], []
    # ws._cells holds only the cells that exist: iterating it stays linear on sparse sheets,
    # where iter_rows() would walk every empty cell of the used range.
    for (row, column), cell in sorted(ws._cells.items()):
        text = cell_text(cell.value)
        if text:
            layer = cell_layer(cell, sheet_hidden, rows, columns)
            pieces.append((text, Location(layer=layer, sheet=name, row=row, column=column)))
        if cell.comment is not None and cell.comment.text and cell.comment.text.strip():
            comments.append((cell.comment.text.strip(), Location(layer="cell_comment", sheet=name, row=row,
                                                                 column=column, author=cell.comment.author or None)))
    return pieces + comments + header_footer_pieces(ws)


def header_footer_pieces(ws) -> list:
    """Print headers and footers of a sheet (odd, even and first page; left, centre, right)."""
    out, seen = [], set()
    for kind in ("Header", "Footer"):
        for page in ("odd", "even", "first"):
            item = getattr(ws, f"{page}{kind}", None)
            for side in ("left", "center", "right"):
                text = getattr(getattr(item, side, None), "text", None)
                if text and text.strip() and (kind, text) not in seen:
                    seen.add((kind, text))
                    out.append((text.strip(), Location(layer=kind.lower(), sheet=ws.title)))
    return out


def load(path: Path, data: bytes, config: Config) -> Document:
    """Load a .xlsx workbook: every non-empty cell, comments, hidden parts and document properties."""
    from openpyxl import load_workbook

    archive = check_zip_limits(path, data, config)
    properties, facts = property_pieces(archive, path)
    names = archive.namelist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, data validation...
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
    pieces, hidden_sheets = [], []
    for ws in workbook.worksheets:
        pieces += sheet_pieces(ws)
        if ws.sheet_state in HIDDEN_STATES:
            hidden_sheets.append(ws.title)
    chartsheets = [cs.title for cs in workbook.chartsheets]
    extras = (("hidden_sheets", tuple(hidden_sheets)), ("embedded_objects", embedded_parts(names)),
              ("chartsheets", tuple(chartsheets)))
    pieces += chart_pieces(archive, names, path)
    return Document.build(str(path), "xlsx", pieces + properties, sha256_of(data), size=len(data),
                          pages=len(workbook.worksheets), metadata=tuple(facts), extras=extras)
