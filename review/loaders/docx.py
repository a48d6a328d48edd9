"""Word .docx: every part that can hold text, read from the package XML with locations.

python-docx hides tracked changes, comments and hidden text, so the parts are
parsed directly (safely: see ooxml.xml_parser). One segment per w:p per part;
hidden layers are separate segments with the same part and node. The location
conventions are in docs/loaders.md and the team brief.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from review.config import Config
from review.loaders import check_zip_limits, sha256_of
from review.loaders.charts import chart_pieces
from review.loaders.docx_text import MC, VML, W, Styles, choose, dark_fill, drawings, paragraph_text, wordart_text
from review.loaders.ooxml import embedded_parts, natural_key, parse_part, property_pieces
from review.model import Document, Location

MAIN = "word/document.xml"
NOTE_PARTS = (("word/footnotes.xml", "footnote", W + "footnote"), ("word/endnotes.xml", "endnote", W + "endnote"),
              ("word/comments.xml", "comment", W + "comment"))
HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")
SEPARATOR_TYPES = ("separator", "continuationSeparator", "continuationNotice")
# Block-level elements that never hold document text.
SKIP_BLOCKS = frozenset({W + "sectPr", W + "sdtPr", W + "sdtEndPr", W + "pPr", W + "tblPr", W + "tblGrid",
                         W + "trPr", W + "tcPr", W + "bookmarkStart", W + "bookmarkEnd"})


@dataclass(frozen=True)
class Context:
    """Where a block stands: its layer, table cell, comment author, and whether it is shaded."""

    layer: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    author: str | None = None
    shaded: bool = False


class PartReader:
    """Turns one parsed part into (text, Location) pieces, numbering paragraphs and tables."""

    def __init__(self, name: str, root, styles: Styles):
        self.name, self.styles = name, styles
        # node = index among ALL w:p of the part in document order (the redactor's address).
        self.node = {p: i for i, p in enumerate(root.iter(W + "p"))}
        self.tables = 0
        self.paragraphs = 0
        self.pieces: list = []

    def blocks(self, container, ctx: Context) -> None:
        """Read the block-level children of a container (body, cell, text box, note, comment)."""
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP_BLOCKS:
                continue
            if tag == W + "p":
                self.paragraph(child, ctx)
            elif tag == W + "tbl":
                self.table(child, ctx)
            elif tag == MC + "AlternateContent":
                self.blocks(choose(child), ctx)
            else:  # w:sdt, w:sdtContent, w:customXml, block-level w:ins/w:del ...
                self.blocks(child, ctx)

    def table(self, tbl, ctx: Context) -> None:
        """Read a table cell by cell: table index within the part, 1-based row and grid column."""
        self.tables += 1
        number = self.tables
        layer = "table" if ctx.layer == "body" else ctx.layer
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        if style is not None and style.get(W + "val") in self.styles.dark_tables:
            ctx = replace(ctx, shaded=True)  # white text on the style's dark rows is meant to be read
        for row_number, tr in enumerate(_children(tbl, W + "tr"), start=1):
            column = 1 + _int_prop(tr.find(f"{W}trPr/{W}gridBefore"))
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                shaded = dark_fill(tcpr.find(W + "shd")) if tcpr is not None else False
                cell = replace(ctx, layer=layer, table=number, row=row_number, column=column,
                               shaded=ctx.shaded or shaded)
                self.blocks(tc, cell)
                column += max(1, _int_prop(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1))

    def paragraph(self, p, ctx: Context) -> None:
        """One visible segment, the hidden chunks, then the paragraph's text boxes and WordArt."""
        content = paragraph_text(p, self.styles, ctx.shaded)
        node = self.node.get(p)
        number = None
        if content.visible.strip():
            self.paragraphs += 1
            number = self.paragraphs
            self.pieces.append((content.visible, self._location(ctx, ctx.layer, node, number, ctx.author)))
        for layer, text, author in content.hidden:
            self.pieces.append((text, self._location(ctx, layer, node, number, author or ctx.author)))
        for drawing in drawings(p):
            if drawing.tag == VML + "textpath":
                text = wordart_text(drawing)
                if text:
                    self.pieces.append((text, self._location(ctx, "textbox", node, number, ctx.author)))
            else:
                self.blocks(drawing, replace(ctx, layer=_box_layer(ctx.layer)))

    def _location(self, ctx: Context, layer: str, node, number, author) -> Location:
        """A Location for a piece of this part."""
        return Location(layer=layer, paragraph=number, table=ctx.table, row=ctx.row, column=ctx.column,
                        part=self.name, node=node, author=author)


def _box_layer(layer: str) -> str:
    """Text boxes are their own layer, except inside hidden layers (a comment stays a comment)."""
    return layer if layer == "comment" else "textbox"


def _children(element, tag: str):
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children(child, tag)


def _int_prop(element, default: int = 0) -> int:
    """The integer w:val of a property element."""
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def read_part(archive, name: str, path: Path, styles: Styles, layer: str) -> list:
    """Pieces of a header, footer or the main document (its w:body)."""
    root = parse_part(archive, name, path)
    reader = PartReader(name, root, styles)
    container = root.find(W + "body") if name == MAIN else root
    if container is not None:
        reader.blocks(container, Context(layer))
    return reader.pieces


def read_notes(archive, name: str, path: Path, styles: Styles, layer: str, tag: str) -> list:
    """Pieces of footnotes, endnotes or comments (comments carry their author)."""
    root = parse_part(archive, name, path)
    reader = PartReader(name, root, styles)
    for note in root.iterchildren(tag):
        if note.get(W + "type") in SEPARATOR_TYPES:
            continue  # the separator line above the notes, not a note
        reader.blocks(note, Context(layer, author=note.get(W + "author") if layer == "comment" else None))
    return reader.pieces


def read_styles(archive, path: Path) -> Styles:
    """The style sheet, for hidden and white text set through styles."""
    if "word/styles.xml" not in archive.namelist():
        return Styles()
    return Styles(parse_part(archive, "word/styles.xml", path))


def load(path: Path, data: bytes, config: Config) -> Document:
    """Load a .docx: body, tables, headers, footers, notes, comments, text boxes, changes, properties."""
    archive = check_zip_limits(path, data, config)
    names = set(archive.namelist())
    styles = read_styles(archive, path)
    pieces = read_part(archive, MAIN, path, styles, "body")
    for name in sorted((n for n in names if HEADER_FOOTER.match(n)), key=natural_key):
        pieces += read_part(archive, name, path, styles, HEADER_FOOTER.match(name).group(1))
    for name, layer, tag in NOTE_PARTS:
        if name in names:
            pieces += read_notes(archive, name, path, styles, layer, tag)
    pieces += chart_pieces(archive, names, path)
    properties, facts = property_pieces(archive, path)
    extras = (("embedded_objects", embedded_parts(names)),
              ("media", tuple(sorted((n for n in names if n.startswith("word/media/")), key=natural_key))))
    warnings = _warnings(names, any(loc.part == MAIN and not loc.hidden for _, loc in pieces))
    return Document.build(str(path), "docx", pieces + properties, sha256_of(data), size=len(data),
                          metadata=tuple(facts), extras=extras, warnings=tuple(warnings))


def _warnings(names, body_has_text: bool) -> list[str]:
    """Content the loader knows it cannot read, said out loud instead of skipped silently."""
    out = []
    if not body_has_text and any(n.startswith("word/media/") for n in names):
        out.append("the document body has no text, only images: they cannot be checked without OCR")
    elif not body_has_text:
        out.append("no visible text found in the document body: if the document is not blank, check it by hand "
                   "(it may use a structure this loader does not read)")
    if any(n.startswith("word/embeddings/") for n in names):
        out.append("embedded objects (word/embeddings/) are not checked: open and review them separately")
    return out
